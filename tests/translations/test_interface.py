"""The texts around the questionnaire (interface.<name>): exported, checked on upload, read back
through `interface_texts` with their fallbacks."""

import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from matpunkt.instrument.models import TranslationStatus
from matpunkt.instrument.translations import (
    TranslationFileError,
    export_po,
    export_xlsx,
    interface_texts,
    translation_approve,
    translation_review,
    translation_upload,
    translation_withdraw,
)
from matpunkt.instrument.translations.interface import BY_NAME, INTERFACE
from tests.translations.arabic import INTERFACE as ARABIC_INTERFACE
from tests.translations.arabic import approve_arabic, arabic_texts
from tests.translations.helpers import fill_po, fill_xlsx, translate_group, xlsx_rows

FIRST_INTERFACE_ROW = 86  # version 2021: 78 texts of the instrument on rows 8–85


def problems(version, data, file_name="ar.xlsx") -> list[str]:
    with pytest.raises(TranslationFileError) as caught:
        translation_upload(actor=None, version=version, data=data, file_name=file_name)
    return caught.value.problems


def with_interface(version, **interface) -> dict[str, str]:
    texts = translate_group(version, "deltagare_pagaende")
    return texts | {f"interface.{name}": text for name, text in interface.items()}


# Export ----------------------------------------------------------------------------------------


def test_blank_xlsx_ends_with_the_interface_texts(version_2021):
    rows = xlsx_rows(export_xlsx(version_2021))

    interface_rows = rows[FIRST_INTERFACE_ROW - 8 :]
    assert [key for key, _, _ in interface_rows] == [f"interface.{t.name}" for t in INTERFACE]
    # Before them, the sentences for the printed form only (see matpunkt.instrument.paper_only),
    # after the scales, so that the rows of the older texts keep their numbers.
    assert [key for key, _, _ in rows[FIRST_INTERFACE_ROW - 15 : FIRST_INTERFACE_ROW - 8]] == [
        "scale.omfattning.5",
        "scale.omfattning.6",
        "deltagare_pagaende.paper_only.1",
        "deltagare_avslut.paper_only.1",
        "personal.paper_only.1",
        "styrelse.paper_only.1",
        "chefsgrupp.paper_only.1",
    ]
    assert ("interface.submit", "Skicka in svaren", None) in interface_rows
    assert ("interface.print_page", "Sida %(page)s av %(pages)s", None) in interface_rows
    assert (
        "interface.print_web_answer",
        "Du kan svara på papper eller på webben: skanna QR-koden eller skriv in adressen "
        "%(address)s följd av koden ovan.",
        None,
    ) in interface_rows
    assert len(interface_rows) == 87


def test_blank_xlsx_describes_each_interface_text_for_the_translator(version_2021):
    workbook = load_workbook(io.BytesIO(export_xlsx(version_2021)))
    sheet = workbook["Översättning"]

    assert [sheet.cell(row=110, column=c).value for c in (1, 4)] == [
        "interface.submit",
        "Webbenkäten: knappen som skickar in svaren",
    ]
    assert sheet.cell(row=110, column=3).protection.locked is False
    assert sheet.cell(row=171, column=4).value == (
        "Pappersenkäten: sidnummer längst ned; %(page)s och %(pages)s är sidnummer"
    )
    guide = [cell.value or "" for cell in workbook["Instruktioner"]["A"]]
    assert (
        "• De sista raderna, med nycklar som börjar med interface., är texterna runt frågorna: "
        "knappar, rubriker och meddelanden i webbenkäten och rutan med koden och sidnumren på "
        "pappersenkäten. En platshållare som %(address)s fyller Mätpunkt i (här en webbadress); "
        "den ska stå kvar exakt så. Lämnas en sådan text tom visas den på svenska, eller på "
        "engelska i en översättning till engelska."
    ) in guide


def test_blank_po_has_the_interface_texts_with_their_descriptions(version_2021):
    po = polib.pofile(export_po(version_2021).decode("utf-8"))
    entries = {entry.msgctxt: entry for entry in po}

    entry = entries["interface.logo_alt"]
    assert (entry.msgid, entry.msgstr, entry.comment) == (
        "Logotyp för %(name)s",
        "",
        "Alla sidor: beskrivning av förbundets logotyp; %(name)s är förbundets namn",
    )
    assert [e.msgctxt for e in po][-len(INTERFACE) :] == [t.key for t in INTERFACE]
    assert "deras platshållare, som %(address)s, ska stå kvar exakt." in po.header


def test_an_approved_translation_exports_its_interface_texts(version_2021):
    translation = approve_arabic()

    rows = {key: text for key, _, text in xlsx_rows(export_xlsx(version_2021, translation))}

    assert rows["interface.submit"] == "أرسل الإجابات"
    assert rows["interface.print_page"] == "الصفحة %(page)s من %(pages)s"


# Upload ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "po"])
def test_interface_texts_are_stored_with_the_translation(version_2021, fmt):
    texts = with_interface(
        version_2021, submit="أرسل الإجابات", print_page="الصفحة %(page)s من %(pages)s"
    )
    if fmt == "xlsx":
        data = fill_xlsx(export_xlsx(version_2021), texts)
    else:
        data = fill_po(export_po(version_2021), texts)

    translation = translation_upload(
        actor=None, version=version_2021, data=data, file_name=f"ar.{fmt}"
    )

    assert translation.texts["interface"] == {
        "submit": "أرسل الإجابات",
        "print_page": "الصفحة %(page)s من %(pages)s",
    }
    assert set(translation.texts["groups"]) == {"deltagare_pagaende"}


def test_a_removed_placeholder_is_refused_naming_the_key(version_2021):
    texts = with_interface(version_2021, print_page="الصفحة %(page)s")

    assert problems(version_2021, fill_xlsx(export_xlsx(version_2021), texts)) == [
        "Rad 171, interface.print_page: Platshållaren ”%(pages)s” saknas i översättningen. Den "
        "ska stå kvar exakt så, med procenttecknet, parenteserna och s:et."
    ]


def test_a_removed_placeholder_is_refused_in_a_po_file(version_2021):
    texts = with_interface(version_2021, logo_alt="شعار الاتحاد")

    assert problems(version_2021, fill_po(export_po(version_2021), texts), "ar.po") == [
        "Post 80, interface.logo_alt: Platshållaren ”%(name)s” saknas i översättningen. Den ska "
        "stå kvar exakt så, med procenttecknet, parenteserna och s:et."
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "error_option",
            "اختر في السؤال %(nummer)s.",
            [
                "Platshållaren ”%(number)s” saknas i översättningen. Den ska stå kvar exakt så, "
                "med procenttecknet, parenteserna och s:et.",
                "Platshållaren ”%(nummer)s” finns inte i den svenska texten. Använd bara den "
                "svenska textens platshållare.",
            ],
        ),
        (
            "submit",
            "أرسل %(name)s",
            [
                "Platshållaren ”%(name)s” finns inte i den svenska texten. Använd bara den "
                "svenska textens platshållare.",
            ],
        ),
        (
            "privacy_min_cell",
            "%(k)s أشخاص على الأقل، أي 100 % من",
            [
                "Översättningen har ett procenttecken som inte hör till en platshållare. "
                "Skriv %% för ett procenttecken."
            ],
        ),
        (
            "submit",
            "<b>أرسل</b>",
            [
                "Taggen ”<b>” är inte tillåten. Texterna runt frågorna har ingen formatering.",
                "Taggen ”</b>” är inte tillåten. Texterna runt frågorna har ingen formatering.",
            ],
        ),
    ],
)
def test_broken_interface_texts_are_refused(version_2021, name, text, expected):
    row = FIRST_INTERFACE_ROW + [t.name for t in INTERFACE].index(name)
    texts = with_interface(version_2021, **{name: text})

    assert problems(version_2021, fill_xlsx(export_xlsx(version_2021), texts)) == [
        f"Rad {row}, interface.{name}: {message}" for message in expected
    ]


def test_a_percent_sign_is_kept_where_nothing_is_filled_in(version_2021):
    texts = with_interface(
        version_2021,
        privacy_min_cell="%(k)s أشخاص على الأقل، 100 %% من",
        submit="أرسل 100 %",
    )

    translation = translation_upload(
        actor=None,
        version=version_2021,
        data=fill_xlsx(export_xlsx(version_2021), texts),
        file_name="ar.xlsx",
    )

    assert translation.texts["interface"]["submit"] == "أرسل 100 %"


def test_interface_texts_alone_translate_no_questionnaire(version_2021):
    texts = {"interface.submit": "أرسل الإجابات"}

    assert problems(version_2021, fill_xlsx(export_xlsx(version_2021), texts)) == [
        "Filen översätter ingen enkät. Fyll i översättningen av minst en enkäts texter och frågor."
    ]


# Reading them back -----------------------------------------------------------------------------


def test_swedish_is_the_catalogue_text(db):
    ui = interface_texts(None)

    assert (ui.language, ui.direction, ui.missing) == ("sv", "ltr", ())
    assert ui["submit"] == "Skicka in svaren"
    assert ui.text("print_page", page=1, pages=3) == "Sida 1 av 3"
    assert ui.texts == {text.name: text.source for text in INTERFACE}


def test_an_approved_translation_gives_its_interface_texts(period):
    approve_arabic()

    ui = interface_texts(period, "ar")

    assert (ui.language, ui.direction, ui.missing) == ("ar", "rtl", ())
    assert ui["submit"] == "أرسل الإجابات"
    assert ui.text("print_page", page=2, pages=4) == "الصفحة 2 من 4"
    assert ui.text("logo_alt", name="Södra Dalarna") == "شعار Södra Dalarna"


def test_a_blank_interface_text_falls_back_to_swedish(period):
    blank = {name: text for name, text in ARABIC_INTERFACE.items() if name != "submit"}
    approve_arabic(interface=blank)

    ui = interface_texts(period, "ar")

    assert ui["submit"] == "Skicka in svaren"
    assert ui["submit_hint"] == "بعد الإرسال لا يمكن تغيير الإجابات."
    assert ui.missing == ("submit",)
    assert (ui.language, ui.direction) == ("ar", "rtl")


@pytest.mark.parametrize("language", ["en", "en-GB"])
def test_a_blank_interface_text_of_an_english_translation_comes_from_the_catalogue(
    version_2021, period, language
):
    texts = translate_group(version_2021, "deltagare_avslut", "EN ") | {
        "interface.skip_heading": "You may skip any question."
    }
    data = fill_xlsx(
        export_xlsx(version_2021), texts, language=language, name="English", name_sv="Engelska"
    )
    translation = translation_upload(
        actor=None, version=version_2021, data=data, file_name="en.xlsx"
    )
    translation_approve(actor=None, translation=translation)

    ui = interface_texts(period, language)

    assert ui["skip_heading"] == "You may skip any question."
    assert ui["submit"] == "Send your answers"
    assert ui.text("print_page", page=1, pages=2) == "Page 1 of 2"
    assert len(ui.missing) == len(INTERFACE) - 1
    sections = translation_review(translation)
    assert [s.fallback_name for s in sections] == ["", "", "engelska"]


def test_the_review_page_says_where_blank_interface_texts_come_from(
    client, nns_admin, version_2021, make_translation
):
    arabic = approve_arabic(interface={"submit": "أرسل الإجابات"})
    english = make_translation(
        {"deltagare_pagaende.title": "Participant questionnaire"}, language="en"
    )
    client.force_login(nns_admin)

    arabic_page = client.get(reverse("instrument:translation_review", args=[arabic.pk]))
    english_page = client.get(reverse("instrument:translation_review", args=[english.pk]))

    missing = len(INTERFACE) - 1
    assert (
        f"{missing} texter saknar översättning och visas på svenska."
        in arabic_page.content.decode()
    )
    assert '<td class="text missing">Saknas – visas på svenska</td>' in (
        arabic_page.content.decode()
    )
    english_html = english_page.content.decode()
    assert (
        f"{len(INTERFACE)} texter saknar översättning och visas på engelska från Mätpunkts egen "
        "översättning." in english_html
    )
    assert '<td class="text missing">Saknas – visas på engelska</td>' in english_html


def test_a_language_without_an_approved_translation_is_swedish(period, version_2021):
    texts = arabic_texts()
    data = fill_xlsx(export_xlsx(version_2021), texts)
    translation_upload(actor=None, version=version_2021, data=data, file_name="ar.xlsx")

    pending = interface_texts(period, "ar")
    approved = approve_arabic()
    withdrawal = translation_withdraw(actor=None, translation=approved, reason="Fel i texterna.")
    withdrawn = interface_texts(period, "ar")

    assert (pending.language, pending.direction, pending["submit"]) == (
        "sv",
        "ltr",
        "Skicka in svaren",
    )
    assert (withdrawn.language, withdrawn["submit"]) == ("sv", "Skicka in svaren")
    assert withdrawal.status == TranslationStatus.WITHDRAWN


def test_a_page_without_a_version_uses_any_approved_translation(db):
    approve_arabic()

    assert interface_texts(None, "ar")["start_title"] == "أجب عن الاستبيان"
    assert interface_texts(None, "fa")["start_title"] == "Svara på enkäten"


def test_the_review_shows_the_interface_texts_in_their_own_section(version_2021):
    translation = approve_arabic()

    section = translation_review(translation)[-1]

    assert section.title == "Texterna runt frågorna: knappar, rubriker och meddelanden"
    assert section.untranslated == 0
    assert (section.rows[0].key, section.rows[0].source, section.rows[0].translation) == (
        "interface.skip_link",
        "Hoppa till innehållet",
        "انتقل إلى المحتوى",
    )


# Every interface text is used, and only those ----------------------------------------------------

RESPONSES = Path(settings.BASE_DIR) / "responses"
PAPER_ONLY = Path(settings.BASE_DIR) / "instrument" / "data" / "paper_only.toml"
USES = [
    re.compile(r'\{% ui "(\w+)"'),
    re.compile(r'Problem\("(\w+)"'),
    re.compile(r'ui\.text\("(\w+)"'),
    re.compile(r'ui\["(\w+)"\]'),
    re.compile(r'notice="(\w+)"'),
    re.compile(r'"\w+": "(comment_\w+)"'),
    # The web's instruction in place of a sentence for the printed form only.
    re.compile(r'^web = "(\w+)"', re.MULTILINE),
]


def test_every_interface_text_is_shown_somewhere_and_nothing_else_is_asked_for():
    used = set()
    paths = [*RESPONSES.glob("templates/survey/*.html"), *RESPONSES.glob("**/*.py"), PAPER_ONLY]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for pattern in USES:
            used |= set(pattern.findall(text))

    assert used == set(BY_NAME)
