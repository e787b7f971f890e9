"""The web questionnaire gives the web's own instruction, never the paper form's ("Returnera
enkäten i det bifogade kuvertet."), in Swedish, English and every approved translation; printed
copies keep the paper sentence verbatim."""

import pytest

from matpunkt.core.models import LanguagePreference
from matpunkt.instrument.models import InstrumentVersion, Questionnaire
from matpunkt.instrument.paper_only import paper_only_sentences
from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.instrument.translations import (
    TranslationFileError,
    export_xlsx,
    translation_approve,
    translation_upload,
)
from matpunkt.responses.printing.render import render_questionnaire_pdf
from matpunkt.responses.survey.texts import survey_texts
from tests.codes.helpers import issue
from tests.printing.helpers import normalise, pdf_text
from tests.translations.arabic import AVSLUT as ARABIC_AVSLUT
from tests.translations.arabic import INTERFACE as ARABIC_INTERFACE
from tests.translations.arabic import approve_arabic, arabic_texts
from tests.translations.helpers import fill_xlsx, translate_group

AVSLUT = "deltagare_avslut"
GROUPS_2021 = ["deltagare_pagaende", "deltagare_avslut", "personal", "styrelse", "chefsgrupp"]
PAPER = "Returnera enkäten i det bifogade kuvertet."
WEB = "Skicka enkäten med knappen längst ned på sidan."
PAPER_EN = "Return the questionnaire in the enclosed envelope."
WEB_EN = "Send the questionnaire with the button at the bottom of the page."
WEB_AR = ARABIC_INTERFACE["send_instruction"]


def english_texts(version, *, paper_only: bool = True, send_instruction: str = WEB_EN):
    """An English translation of the avslut questionnaire whose cover text ends its paragraph
    with the paper sentence, as a translator would write it."""
    texts = translate_group(version, AVSLUT, prefix="EN ")
    cover = Questionnaire.objects.get(version=version, group=AVSLUT).cover_text
    texts[f"{AVSLUT}.cover_text"] = cover.replace(
        "Det här frågeformuläret består av tio frågor.", "This questionnaire has ten questions."
    ).replace(PAPER, PAPER_EN)
    if paper_only:
        texts[f"{AVSLUT}.paper_only.1"] = PAPER_EN
    else:
        texts.pop(f"{AVSLUT}.paper_only.1")
    if send_instruction:
        texts["interface.send_instruction"] = send_instruction
    return texts


def approve_english(version, **kw):
    data = fill_xlsx(
        export_xlsx(version),
        english_texts(version, **kw),
        language="en",
        name="English",
        name_sv="Engelska",
    )
    translation = translation_upload(actor=None, version=version, data=data, file_name="en.xlsx")
    return translation_approve(actor=None, translation=translation)


@pytest.fixture
def version(db):
    return InstrumentVersion.objects.get(code="2021")


@pytest.fixture
def code(registrar, insats, period):
    return issue(registrar, insats, period, group=AVSLUT, variant="med_kon", count=1)[0].code


def intro_of(html: str) -> str:
    return html[html.index('<section class="intro"') : html.index("</section>")]


# The data --------------------------------------------------------------------------------------


@pytest.mark.parametrize("group", GROUPS_2021)
def test_the_marked_sentence_stands_verbatim_in_each_2021_cover_text(version, group):
    questionnaire = Questionnaire.objects.get(version=version, group=group)

    sentences = paper_only_sentences("2021", group)

    assert [(s.text, s.web) for s in sentences] == [(PAPER, "send_instruction")]
    assert questionnaire.cover_text.count(PAPER) == 1


def test_2017_has_no_sentence_for_paper_only(db):
    assert [paper_only_sentences("2017", group) for group in GROUPS_2021] == [()] * 5


# Swedish ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("group", GROUPS_2021)
def test_every_2021_questionnaire_on_the_web_has_the_web_instruction(
    period, forbund, insats, group
):
    spec = questionnaire_spec(period.version, group)

    texts = survey_texts(
        period=period, group=group, forbund=forbund, insats=insats, spec=spec, language="sv"
    )

    paragraphs = [block.text for block in texts.cover + texts.instructions]
    assert not [text for text in paragraphs if "kuvert" in text]
    assert len([text for text in paragraphs if WEB in text]) == 1


def test_the_web_instruction_stands_where_the_paper_sentence_stood(client, code):
    html = client.get(f"/e/{code}").content.decode()

    assert '<html lang="sv" dir="ltr">' in html
    assert PAPER not in html
    assert "kuvert" not in html
    assert (
        "<p>Det här frågeformuläret består av tio frågor. Försök att svara på alla frågorna så "
        "öppet och ärligt som möjligt. Att svara på frågorna är helt frivilligt och du behöver "
        "inte ange någon motivering om du vill avstå och kan om du vill lämna in din enkät "
        f"blank. {WEB}</p>" in html
    )


def test_the_respondent_page_stays_swedish_for_an_english_browser(client, code, version):
    approve_english(version)

    html = client.get(f"/e/{code}", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="sv" dir="ltr">' in html
    assert WEB in html
    assert PAPER not in html
    assert '<option value="en" lang="en" dir="ltr">English (Engelska)</option>' in html


def test_the_printed_questionnaire_keeps_the_paper_sentence(period, insats):
    insats.groups = GROUPS_2021
    insats.save()

    text = pdf_text(
        render_questionnaire_pdf(
            period=period, insats=insats, group=AVSLUT, variant="med_kon", copies=[None]
        )
    )

    assert normalise(f"kan om du vill lämna in din enkät blank. {PAPER}") in text
    assert normalise(WEB) not in text


# English and other approved translations -------------------------------------------------------


def test_the_english_questionnaire_has_the_english_web_instruction(client, code, version):
    approve_english(version)

    html = client.get(f"/e/{code}?sprak=en", HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    assert '<html lang="en" dir="ltr">' in html
    assert PAPER_EN not in html
    assert PAPER not in html
    assert WEB not in html
    assert "<p>This questionnaire has ten questions. Försök att svara" in intro_of(html)
    assert f"lämna in din enkät blank. {WEB_EN}</p>" in intro_of(html)


def test_the_printed_english_questionnaire_keeps_the_english_paper_sentence(
    period, insats, version
):
    approve_english(version)
    insats.groups = GROUPS_2021
    insats.save()

    text = pdf_text(
        render_questionnaire_pdf(
            period=period,
            insats=insats,
            group=AVSLUT,
            variant="med_kon",
            copies=[None],
            language="en",
        )
    )

    assert normalise(PAPER_EN) in text
    assert normalise(WEB_EN) not in text


def test_an_english_translation_without_the_separate_sentence_still_gets_the_web_instruction(
    client, code, version
):
    approve_english(version, paper_only=False)

    intro = intro_of(client.get(f"/e/{code}?sprak=en").content.decode())

    # Without the sentence on its own the page cannot find it in the translated text: the web
    # instruction ends the introduction, so it is never missing.
    assert intro.rstrip().endswith(f"<p>{WEB_EN}</p>")


def test_the_arabic_questionnaire_has_the_arabic_web_instruction(client, code):
    approve_arabic()

    html = client.get(f"/e/{code}?sprak=ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert PAPER not in html
    assert WEB not in html
    # The test translation leaves the paper sentence out of its cover text altogether.
    assert intro_of(html).rstrip().endswith(f"<p>{WEB_AR}</p>")


def test_a_translation_that_leaves_the_web_instruction_blank_shows_it_in_swedish(client, code):
    blank = {name: text for name, text in ARABIC_INTERFACE.items() if name != "send_instruction"}
    approve_arabic(interface=blank)

    html = client.get(f"/e/{code}?sprak=ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert intro_of(html).rstrip().endswith(f"<p>{WEB}</p>")
    assert PAPER not in html


def test_a_translation_whose_paper_sentence_is_not_in_its_cover_text_is_refused(version):
    texts = arabic_texts() | {f"{AVSLUT}.paper_only.1": "أعد الاستبيان في الظرف المرفق."}

    with pytest.raises(TranslationFileError) as refused:
        translation_upload(
            actor=None,
            version=version,
            data=fill_xlsx(export_xlsx(version), texts),
            file_name="ar.xlsx",
        )

    assert refused.value.problems == [
        "Rad 82, deltagare_avslut.paper_only.1: Meningen finns inte i översättningen av "
        "försättsbladet eller instruktionen. Skriv den exakt som den står där."
    ]


def test_the_sentence_is_accepted_when_it_stands_in_the_translated_cover_text(version):
    sentence = "أعد الاستبيان في الظرف المرفق."
    texts = arabic_texts() | {
        f"{AVSLUT}.cover_text": ARABIC_AVSLUT[f"{AVSLUT}.cover_text"] + "\n\n" + sentence,
        f"{AVSLUT}.paper_only.1": sentence,
    }

    translation = translation_upload(
        actor=None,
        version=version,
        data=fill_xlsx(export_xlsx(version), texts),
        file_name="ar.xlsx",
    )

    assert translation.texts["groups"][AVSLUT]["paper_only"] == {"1": sentence}


def test_the_code_entry_page_follows_sprak_and_not_the_browser(client, version):
    approve_english(version)

    browser = client.get("/e/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    asked = client.get("/e/?sprak=en", HTTP_ACCEPT_LANGUAGE="sv")

    assert '<html lang="sv" dir="ltr">' in browser.content.decode()
    assert "<h1>Svara på enkäten</h1>" in browser.content.decode()
    assert browser["Content-Language"] == "sv"
    assert '<html lang="en" dir="ltr">' in asked.content.decode()
    assert asked["Content-Language"] == "en"
    assert "<h1>Answer the questionnaire</h1>" in asked.content.decode()


def test_a_staff_members_choice_of_english_does_not_change_the_questionnaire(
    client, registrar, code
):
    LanguagePreference.objects.create(user=registrar, language="en")
    client.force_login(registrar)

    page = client.get(f"/e/{code}")

    assert '<html lang="sv" dir="ltr">' in page.content.decode()
    assert WEB in page.content.decode()
    assert page["Content-Language"] == "sv"
