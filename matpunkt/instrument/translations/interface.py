"""The interface texts a respondent sees around the questionnaire, as translatable keys.

The web questionnaire (/e/<code>, /o/<token>) and a printed copy show texts that are not the
instrument's: buttons, headings, notices, error messages, the language picker, the code box and
the page labels. A respondent who chose a translation must get these in that language too, and
the site's gettext catalogues exist only for Swedish and English. So each of them is also a key of
every version's translation source, ``interface.<name>``:

- the Swedish source is the text's gettext message id (marked with gettext_noop below, so the
  English catalogue keeps translating it), with a description for the translator;
- the blank XLSX and PO files carry these keys after the instrument's texts;
- an upload is checked like any other text, and a ``%(name)s`` placeholder must be kept exactly
  (`placeholder_names`): Mätpunkt fills it in (a förbund's name, a code, a page number);
- an approved translation stores them in ``texts["interface"]``.

`matpunkt.instrument.translations.texts.interface_texts` is the one function the respondent pages
and the printed copies read them through. A key that the translation leaves blank falls back to
the site's own catalogue for that language when there is one (English for ``en``, ``en-GB``), and
to Swedish otherwise; Swedish itself is the catalogue, exactly as before.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop

PREFIX = "interface."
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class InterfaceText:
    """One interface text: its name (the key without ``interface.``), the Swedish source, which
    is also its gettext message id, and a description for the translator (a message id too)."""

    name: str
    source: str
    description: str

    @property
    def key(self) -> str:
        return PREFIX + self.name


def placeholder_names(text: str) -> list[str]:
    """The names of the %(name)s placeholders in a text, in order, e.g. ['page', 'pages']."""
    return PLACEHOLDER.findall(text)


# In the order of the pages: every page, the code entry page, the questionnaire, the pages after
# it, the privacy notice, then the printed copy.
INTERFACE = (
    InterfaceText(
        "skip_link",
        gettext_noop("Hoppa till innehållet"),
        gettext_noop("Alla sidor: länk för tangentbordet som hoppar förbi sidhuvudet"),
    ),
    InterfaceText(
        "logo_alt",
        gettext_noop("Logotyp för %(name)s"),
        gettext_noop("Alla sidor: beskrivning av förbundets logotyp; %(name)s är förbundets namn"),
    ),
    InterfaceText(
        "privacy_title",
        gettext_noop("Så hanteras dina svar"),
        gettext_noop("Alla sidor: länk längst ned till sidan om integritet, och den sidans rubrik"),
    ),
    InterfaceText(
        "error_prefix",
        gettext_noop("Fel"),
        gettext_noop("Ord före sidans titel och före ett felmeddelande när något behöver rättas"),
    ),
    InterfaceText(
        "start_title",
        gettext_noop("Svara på enkäten"),
        gettext_noop("Sidan för att skriva in koden från en pappersenkät: rubrik"),
    ),
    InterfaceText(
        "start_intro",
        gettext_noop("Skriv koden som står på din enkät. Då öppnas enkäten."),
        gettext_noop("Sidan för att skriva in koden: förklaring"),
    ),
    InterfaceText(
        "start_error_heading",
        gettext_noop("Koden kunde inte öppnas"),
        gettext_noop("Sidan för att skriva in koden: rubrik över felmeddelandet"),
    ),
    InterfaceText(
        "code_label",
        gettext_noop("Kod"),
        gettext_noop("Sidan för att skriva in koden: fältets namn"),
    ),
    InterfaceText(
        "code_hint",
        gettext_noop("8 tecken, till exempel 7KQ2MX4P"),
        gettext_noop("Sidan för att skriva in koden: hjälptext under fältet (koden ska stå kvar)"),
    ),
    InterfaceText(
        "code_open",
        gettext_noop("Öppna enkäten"),
        gettext_noop("Sidan för att skriva in koden: knappen som öppnar enkäten"),
    ),
    InterfaceText(
        "code_malformed",
        gettext_noop(
            "Koden ska vara 8 tecken: siffrorna 2–9 och bokstäverna A–Z utom I och O. "
            "Kontrollera koden och försök igen."
        ),
        gettext_noop("Sidan för att skriva in koden: fel när koden har fel form"),
    ),
    InterfaceText(
        "language_label",
        gettext_noop("Språk"),
        gettext_noop("Webbenkäten: språkvalets namn (följs alltid av ”/ Language”)"),
    ),
    InterfaceText(
        "language_change",
        gettext_noop("Byt språk"),
        gettext_noop("Webbenkäten: knappen som byter språk"),
    ),
    InterfaceText(
        "not_sent_heading",
        gettext_noop("Enkäten är inte skickad än"),
        gettext_noop("Webbenkäten: rubrik över felmeddelandena när något behöver rättas"),
    ),
    InterfaceText(
        "about_questionnaire",
        gettext_noop("Om enkäten"),
        gettext_noop("Webbenkäten: namn på inledningen, läses upp av skärmläsare"),
    ),
    InterfaceText(
        "send_instruction",
        gettext_noop("Skicka enkäten med knappen längst ned på sidan."),
        gettext_noop(
            "Webbenkäten: står i inledningen i stället för meningen om att returnera "
            "pappersenkäten i kuvertet"
        ),
    ),
    InterfaceText(
        "skip_heading",
        gettext_noop("Du får hoppa över frågor."),
        gettext_noop("Webbenkäten: rutan före frågorna, fetstil"),
    ),
    InterfaceText(
        "skip_text",
        gettext_noop(
            "Svara bara på det du vill. Du kan också skicka in enkäten utan svar, precis som på "
            "papper."
        ),
        gettext_noop("Webbenkäten: rutan före frågorna, fortsättning"),
    ),
    InterfaceText(
        "privacy_read",
        gettext_noop("Läs hur dina svar hanteras"),
        gettext_noop("Webbenkäten: länk till sidan om integritet"),
    ),
    InterfaceText(
        "instructions_heading",
        gettext_noop("Så fyller du i enkäten"),
        gettext_noop("Webbenkäten: rubrik över enkätens instruktion"),
    ),
    InterfaceText(
        "questions_heading",
        gettext_noop("Frågor"),
        gettext_noop("Webbenkäten: rubrik över frågorna, läses upp av skärmläsare"),
    ),
    InterfaceText(
        "comment_label",
        gettext_noop("Övriga synpunkter"),
        gettext_noop("Webbenkäten: namn på fritextfältet sist i deltagarenkäterna"),
    ),
    InterfaceText(
        "comment_optional",
        gettext_noop("frivilligt"),
        gettext_noop("Webbenkäten: står inom parentes efter fältets namn"),
    ),
    InterfaceText(
        "comment_hint",
        gettext_noop(
            "Skriv inte namn, personnummer, telefonnummer eller e-postadress. Det du skriver här "
            "sparas för sig, utan koppling till dina svar, och läses bara av samordningsförbundet."
        ),
        gettext_noop("Webbenkäten: hjälptext under fritextfältet"),
    ),
    InterfaceText(
        "submit",
        gettext_noop("Skicka in svaren"),
        gettext_noop("Webbenkäten: knappen som skickar in svaren"),
    ),
    InterfaceText(
        "submit_hint",
        gettext_noop("När du har skickat in kan svaren inte ändras."),
        gettext_noop("Webbenkäten: text under knappen som skickar in svaren"),
    ),
    InterfaceText(
        "error_gender",
        gettext_noop("Välj ett av svarsalternativen under ”Om dig”."),
        gettext_noop("Webbenkäten: fel i frågan om kön (”Om dig”)"),
    ),
    InterfaceText(
        "error_option",
        gettext_noop("Välj ett av svarsalternativen på fråga %(number)s."),
        gettext_noop("Webbenkäten: fel i en fråga; %(number)s är frågans nummer"),
    ),
    InterfaceText(
        "error_comment",
        gettext_noop("Övriga synpunkter: %(reason)s"),
        gettext_noop("Webbenkäten: fel i fritextfältet; %(reason)s är ett av felen nedan"),
    ),
    InterfaceText(
        "comment_too_long",
        gettext_noop("Texten får vara högst %(max)s tecken. Nu är den %(length)s tecken."),
        gettext_noop("Webbenkäten: fritexten är för lång; %(max)s och %(length)s är antal tecken"),
    ),
    InterfaceText(
        "comment_personnummer",
        gettext_noop(
            "Texten ser ut att innehålla ett personnummer. Ta bort det och skicka igen: "
            "svaren ska vara anonyma."
        ),
        gettext_noop("Webbenkäten: fritexten innehåller ett personnummer"),
    ),
    InterfaceText(
        "comment_email",
        gettext_noop(
            "Texten ser ut att innehålla en e-postadress. Ta bort den och skicka igen: "
            "svaren ska vara anonyma."
        ),
        gettext_noop("Webbenkäten: fritexten innehåller en e-postadress"),
    ),
    InterfaceText(
        "comment_phone",
        gettext_noop(
            "Texten ser ut att innehålla ett telefonnummer. Ta bort det och skicka igen: "
            "svaren ska vara anonyma."
        ),
        gettext_noop("Webbenkäten: fritexten innehåller ett telefonnummer"),
    ),
    InterfaceText(
        "too_many_sent",
        gettext_noop(
            "För många enkäter har skickats härifrån på kort tid. Dina svar finns kvar: "
            "vänta en minut och skicka igen."
        ),
        gettext_noop("Webbenkäten via öppen länk: för många enkäter på kort tid"),
    ),
    InterfaceText(
        "thanks_title",
        gettext_noop("Tack för ditt svar"),
        gettext_noop("Tack-sidan: sidans titel i webbläsaren"),
    ),
    InterfaceText(
        "thanks_heading", gettext_noop("Tack för ditt svar!"), gettext_noop("Tack-sidan: rubrik")
    ),
    InterfaceText(
        "thanks_stored",
        gettext_noop("Dina svar är skickade och sparade. Du behöver inte göra något mer."),
        gettext_noop("Tack-sidan: första stycket"),
    ),
    InterfaceText(
        "thanks_anonymous",
        gettext_noop(
            "Svaren sparas utan ditt namn och utan koppling till koden. Resultaten redovisas så "
            "att ingen enskild person kan identifieras."
        ),
        gettext_noop("Tack-sidan: andra stycket"),
    ),
    InterfaceText(
        "new_questionnaire",
        gettext_noop("Fyll i en ny enkät"),
        gettext_noop("Tack-sidan via öppen länk: knappen som ger nästa person en tom enkät"),
    ),
    InterfaceText(
        "hand_over",
        gettext_noop("Är du klar? Lämna över till nästa person, eller stäng sidan."),
        gettext_noop("Tack-sidan via öppen länk: text under knappen"),
    ),
    InterfaceText(
        "close_page",
        gettext_noop("Du kan stänga sidan nu."),
        gettext_noop("Tack-sidan via kod: sista stycket"),
    ),
    InterfaceText(
        "used_title",
        gettext_noop("Redan skickad"),
        gettext_noop("Sidan för en enkät som redan är skickad: sidans titel i webbläsaren"),
    ),
    InterfaceText(
        "used_form_heading",
        gettext_noop("Den här enkäten är redan skickad. Tack för ditt svar!"),
        gettext_noop("Sidan för en enkät via öppen länk som redan är skickad: rubrik"),
    ),
    InterfaceText(
        "used_form_text",
        gettext_noop("Svaren räknas en gång, även om du skickade flera gånger."),
        gettext_noop("Sidan för en enkät via öppen länk som redan är skickad: stycke"),
    ),
    InterfaceText(
        "used_code_heading",
        gettext_noop("Den här koden har redan använts. Tack för ditt svar!"),
        gettext_noop("Sidan för en kod som redan är använd: rubrik"),
    ),
    InterfaceText(
        "used_code_text",
        gettext_noop(
            "Svaren med den här koden är redan skickade och räknas en gång. Du behöver inte göra "
            "något mer."
        ),
        gettext_noop("Sidan för en kod som redan är använd: första stycket"),
    ),
    InterfaceText(
        "used_code_not_you",
        gettext_noop("Har du inte själv svarat med koden? Kontakta den som gav dig enkäten."),
        gettext_noop("Sidan för en kod som redan är använd: andra stycket"),
    ),
    InterfaceText(
        "voided_title",
        gettext_noop("Koden gäller inte"),
        gettext_noop("Sidan för en kod som har tagits bort: sidans titel i webbläsaren"),
    ),
    InterfaceText(
        "voided_heading",
        gettext_noop("Den här koden gäller inte längre"),
        gettext_noop("Sidan för en kod som har tagits bort: rubrik"),
    ),
    InterfaceText(
        "voided_text",
        gettext_noop(
            "Koden har tagits bort av samordningsförbundet och kan inte användas för att svara."
        ),
        gettext_noop("Sidan för en kod som har tagits bort: första stycket"),
    ),
    InterfaceText(
        "voided_new_code",
        gettext_noop("Vill du svara på enkäten? Kontakta den som gav dig koden, så får du en ny."),
        gettext_noop("Sidan för en kod som har tagits bort: andra stycket"),
    ),
    InterfaceText(
        "unknown_title",
        gettext_noop("Koden finns inte"),
        gettext_noop("Sidan för en kod som inte finns: sidans titel i webbläsaren"),
    ),
    InterfaceText(
        "unknown_heading",
        gettext_noop("Vi hittar ingen enkät med den koden"),
        gettext_noop("Sidan för en kod som inte finns: rubrik"),
    ),
    InterfaceText(
        "unknown_text",
        gettext_noop(
            "Koden %(code)s finns inte. Kontrollera att du har skrivit av koden rätt: den är 8 "
            "tecken lång, med siffrorna 2–9 och bokstäverna A–Z utom I och O."
        ),
        gettext_noop("Sidan för en kod som inte finns: stycke; %(code)s är koden som skrevs in"),
    ),
    InterfaceText(
        "unknown_retry",
        gettext_noop("Skriv koden igen"),
        gettext_noop("Sidan för en kod som inte finns: knappen tillbaka till sidan för koden"),
    ),
    InterfaceText(
        "throttled_title",
        gettext_noop("För många försök"),
        gettext_noop("Sidan efter för många försök från samma enhet: rubrik"),
    ),
    InterfaceText(
        "throttled_text",
        gettext_noop(
            "Det har gjorts för många försök härifrån på kort tid. Vänta en stund och försök "
            "sedan igen."
        ),
        gettext_noop("Sidan efter för många försök från samma enhet: stycke"),
    ),
    InterfaceText(
        "closed_title",
        gettext_noop("Länken är stängd"),
        gettext_noop("Sidan för en öppen länk som är stängd: sidans titel i webbläsaren"),
    ),
    InterfaceText(
        "closed_heading",
        gettext_noop("Enkäten är inte öppen"),
        gettext_noop("Sidan för en öppen länk som är stängd: rubrik"),
    ),
    InterfaceText(
        "closed_text",
        gettext_noop("Länken finns inte eller är stängd. Fråga den som gav dig länken."),
        gettext_noop("Sidan för en öppen länk som är stängd: stycke"),
    ),
    InterfaceText(
        "locked_title",
        gettext_noop("Enkäten är stängd"),
        gettext_noop("Sidan när förbundet har lämnat in svaren: sidans titel i webbläsaren"),
    ),
    InterfaceText(
        "locked_heading",
        gettext_noop("Enkäten tar inte emot fler svar"),
        gettext_noop("Sidan när förbundet har lämnat in svaren: rubrik"),
    ),
    InterfaceText(
        "locked_text",
        gettext_noop(
            "Samordningsförbundet har redan lämnat in svaren för den här mätperioden, så inga "
            "fler svar kan tas emot."
        ),
        gettext_noop("Sidan när förbundet har lämnat in svaren: första stycket"),
    ),
    InterfaceText(
        "ask_giver",
        gettext_noop("Har du frågor? Kontakta den som gav dig enkäten."),
        gettext_noop("Sidan när förbundet har lämnat in svaren: andra stycket"),
    ),
    InterfaceText(
        "privacy_stored_heading",
        gettext_noop("Det här sparas"),
        gettext_noop("Sidan om integritet: rubrik"),
    ),
    InterfaceText(
        "privacy_stored_answers",
        gettext_noop(
            "Bara dina svar på frågorna. Vi frågar inte efter ditt namn, ditt personnummer eller "
            "hur vi kan nå dig."
        ),
        gettext_noop("Sidan om integritet: punkt under ”Det här sparas”"),
    ),
    InterfaceText(
        "privacy_stored_day",
        gettext_noop("Vilken dag svaren kom in, men inte klockslaget."),
        gettext_noop("Sidan om integritet: punkt under ”Det här sparas”"),
    ),
    InterfaceText(
        "privacy_stored_code",
        gettext_noop(
            "Att koden är använd, så att samma enkät inte räknas två gånger. Svaren sparas utan "
            "koppling till koden, så ingen kan se vilka svar som hör till vilken kod."
        ),
        gettext_noop("Sidan om integritet: punkt under ”Det här sparas” (enkät med kod)"),
    ),
    InterfaceText(
        "privacy_stored_comment",
        gettext_noop(
            "Det du skriver under ”Övriga synpunkter”. Det sparas för sig, utan koppling till "
            "dina svar, och läses bara av samordningsförbundet. Det skickas inte vidare."
        ),
        gettext_noop("Sidan om integritet: punkt under ”Det här sparas” (deltagarenkäter)"),
    ),
    InterfaceText(
        "privacy_not_stored_heading",
        gettext_noop("Det här sparas inte"),
        gettext_noop("Sidan om integritet: rubrik"),
    ),
    InterfaceText(
        "privacy_not_stored_identity",
        gettext_noop("Vem du är, din e-postadress eller ditt telefonnummer."),
        gettext_noop("Sidan om integritet: punkt under ”Det här sparas inte”"),
    ),
    InterfaceText(
        "privacy_not_stored_device",
        gettext_noop("Något om din dator eller telefon tillsammans med svaren."),
        gettext_noop("Sidan om integritet: punkt under ”Det här sparas inte”"),
    ),
    InterfaceText(
        "privacy_while_heading",
        gettext_noop("Medan du svarar"),
        gettext_noop("Sidan om integritet: rubrik"),
    ),
    InterfaceText(
        "privacy_while_text",
        gettext_noop(
            "Din webbläsare sparar svaren på den här enheten medan du fyller i, så att de finns "
            "kvar om uppkopplingen bryts eller sidan laddas om. De tas bort när du har skickat in "
            "enkäten. Inget skickas till oss förrän du trycker på ”Skicka in svaren”."
        ),
        gettext_noop("Sidan om integritet: stycke under ”Medan du svarar”"),
    ),
    InterfaceText(
        "privacy_use_heading",
        gettext_noop("Så används svaren"),
        gettext_noop("Sidan om integritet: rubrik"),
    ),
    InterfaceText(
        "privacy_use_text",
        gettext_noop(
            "%(name)s och Nationella nätverket för samordningsförbund (NNS) använder svaren för "
            "att följa upp och förbättra verksamheten."
        ),
        gettext_noop("Sidan om integritet: stycke; %(name)s är förbundets namn"),
    ),
    InterfaceText(
        "privacy_min_cell",
        gettext_noop(
            "Resultaten redovisas så att ingen enskild person kan identifieras. Andelar och "
            "fördelningar visas bara när minst %(k)s personer har svarat på frågan."
        ),
        gettext_noop("Sidan om integritet: stycke; %(k)s är ett antal personer"),
    ),
    InterfaceText(
        "privacy_voluntary",
        gettext_noop(
            "Det är frivilligt att svara. Du får hoppa över frågor och kan skicka in enkäten "
            "utan svar."
        ),
        gettext_noop("Sidan om integritet: stycke"),
    ),
    InterfaceText(
        "privacy_questions_heading",
        gettext_noop("Frågor"),
        gettext_noop(
            "Sidan om integritet: rubrik över förbundets kontaktuppgifter (”Har du frågor?”)"
        ),
    ),
    InterfaceText(
        "privacy_contact",
        gettext_noop("Kontakta"),
        gettext_noop("Sidan om integritet: ord före kontaktpersonens namn och förbundets namn"),
    ),
    InterfaceText(
        "privacy_phone",
        gettext_noop("Telefon"),
        gettext_noop("Sidan om integritet: ord före kontaktpersonens telefonnummer"),
    ),
    InterfaceText(
        "privacy_email",
        gettext_noop("E-post"),
        gettext_noop("Sidan om integritet: ord före kontaktpersonens e-postadress"),
    ),
    InterfaceText(
        "back_to_questionnaire",
        gettext_noop("Tillbaka till enkäten"),
        gettext_noop("Sidan om integritet: knappen tillbaka till enkäten"),
    ),
    InterfaceText(
        "print_code_heading",
        gettext_noop("Din kod"),
        gettext_noop("Pappersenkäten: rubrik i rutan med enkätens kod"),
    ),
    InterfaceText(
        "print_web_answer",
        gettext_noop(
            "Du kan svara på papper eller på webben: skanna QR-koden eller skriv in "
            "adressen %(address)s följd av koden ovan."
        ),
        gettext_noop("Pappersenkäten: text i rutan med koden; %(address)s är webbadressen"),
    ),
    InterfaceText(
        "print_page",
        gettext_noop("Sida %(page)s av %(pages)s"),
        gettext_noop("Pappersenkäten: sidnummer längst ned; %(page)s och %(pages)s är sidnummer"),
    ),
    InterfaceText(
        "print_continued",
        gettext_noop("%(title)s, forts."),
        gettext_noop("Pappersenkäten: överst på följande sidor; %(title)s är enkätens rubrik"),
    ),
)

BY_NAME = {text.name: text for text in INTERFACE}
