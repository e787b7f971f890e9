"""Blank and filled translation files: every text of the version, with the exact Swedish source."""

import io

import polib
import pytest
from openpyxl import load_workbook

from matpunkt.instrument.models import Question, Questionnaire, ScaleOption
from matpunkt.instrument.translations import (
    export_po,
    export_xlsx,
    questionnaire_texts,
    translation_approve,
    translation_upload,
)
from matpunkt.instrument.translations.interface import INTERFACE
from tests.translations.helpers import fill_po, fill_xlsx, translate_group, xlsx_rows


def expected_texts(version) -> dict[str, str]:
    """Every (non-empty) translatable text of the version, straight from the instrument tables."""
    texts = {}
    for q in Questionnaire.objects.filter(version=version):
        texts[f"{q.group}.title"] = q.title
        texts[f"{q.group}.cover_text"] = q.cover_text
        texts[f"{q.group}.instructions"] = q.instructions
        if q.form_label:
            texts[f"{q.group}.form_label"] = q.form_label
        if q.has_gender_variant:
            texts[f"{q.group}.gender_prompt"] = q.gender_prompt
            for kon, label in q.gender_labels.items():
                texts[f"{q.group}.gender.{kon}"] = label
        # The cover texts' sentences for the printed form only (2021: the envelope).
        if version.code == "2021":
            texts[f"{q.group}.paper_only.1"] = "Returnera enkäten i det bifogade kuvertet."
    for question in Question.objects.filter(questionnaire__version=version).select_related(
        "questionnaire"
    ):
        texts[f"{question.questionnaire.group}.F{question.number}"] = question.text
        if question.instruction_before:
            key = f"{question.questionnaire.group}.F{question.number}.instruction"
            texts[key] = question.instruction_before
    for option in ScaleOption.objects.filter(scale__version=version).select_related("scale"):
        texts[f"scale.{option.scale.code}.{option.code}"] = option.label
    # The texts around the questionnaire, the same for every version.
    texts |= {f"interface.{text.name}": text.source for text in INTERFACE}
    return {key: text for key, text in texts.items() if text}


@pytest.mark.parametrize("code", ["2017", "2021"])
def test_blank_xlsx_holds_every_text_with_the_exact_swedish_source(
    code, version_2021, version_2017
):
    version = {"2017": version_2017, "2021": version_2021}[code]

    rows = xlsx_rows(export_xlsx(version))

    assert {key: source for key, source, _ in rows} == expected_texts(version)
    assert len(rows) == len(expected_texts(version))
    assert all(translation is None for _, _, translation in rows)


def test_blank_xlsx_rows_of_2021(version_2021):
    rows = xlsx_rows(export_xlsx(version_2021))
    keys = [key for key, _, _ in rows]

    assert keys[:9] == [
        "deltagare_pagaende.title",
        "deltagare_pagaende.form_label",
        "deltagare_pagaende.cover_text",
        "deltagare_pagaende.instructions",
        "deltagare_pagaende.gender_prompt",
        "deltagare_pagaende.gender.kvinna",
        "deltagare_pagaende.gender.man",
        "deltagare_pagaende.gender.ej_uppgett",
        "deltagare_pagaende.F1",
    ]
    assert (
        "deltagare_avslut.F9.instruction",
        "Om Ja, gå vidare till frågorna 9 och 10.",
        None,
    ) in rows
    assert ("scale.frekvens.5", "För det mesta", None) in rows
    assert ("scale.ja_nej.ja", "Ja", None) in rows
    assert sum(1 for key in keys if key.split(".")[-1].startswith("F")) == 7 + 10 + 9 + 3 + 4


def test_blank_xlsx_has_language_cells_locked_source_and_swedish_instructions(version_2021):
    workbook = load_workbook(io.BytesIO(export_xlsx(version_2021)))

    assert workbook.sheetnames == ["Instruktioner", "Översättning"]
    guide = workbook["Instruktioner"]
    assert guide["A1"].value == "Översättning av NNS indikatorenkäter, version 2021"
    assert any("[namn på aktiviteten]" in (cell.value or "") for cell in guide["A"])
    sheet = workbook["Översättning"]
    assert sheet.protection.sheet is True
    assert [sheet[f"A{row}"].value for row in range(1, 6)] == [
        "Instrumentversion",
        "Språkkod (t.ex. ar, fa, ckb, so, ti)",
        "Språkets namn på språket (t.ex. العربية)",
        "Språkets namn på svenska (t.ex. Arabiska)",
        "Skriftriktning: rtl eller ltr (tomt = efter språkkoden)",
    ]
    assert sheet["B1"].value == "2021"
    assert sheet["B1"].protection.locked is True
    assert [sheet[f"B{row}"].protection.locked for row in range(2, 6)] == [False] * 4
    assert [sheet.cell(row=7, column=c).value for c in range(1, 5)] == [
        "Nyckel",
        "Svensk text",
        "Översättning",
        "Var texten används",
    ]
    assert sheet["A8"].protection.locked is True
    assert sheet["B8"].protection.locked is True
    assert sheet["B8"].fill.fgColor.rgb == "00E7E7E7"
    assert sheet["C8"].protection.locked is False
    assert sheet["D16"].value == "Deltagare, pågående insats: fråga 1"


@pytest.mark.parametrize("code", ["2017", "2021"])
def test_blank_po_holds_every_text_with_the_exact_swedish_source(code, version_2021, version_2017):
    version = {"2017": version_2017, "2021": version_2021}[code]

    po = polib.pofile(export_po(version).decode("utf-8"))

    assert {e.msgctxt: e.msgid for e in po} == expected_texts(version)
    assert len(po) == len(expected_texts(version))
    assert all(e.msgstr == "" for e in po)
    assert po.metadata["X-Matpunkt-Version"] == code
    assert po.metadata["Language"] == ""
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize(("export", "fill"), [(export_xlsx, fill_xlsx), (export_po, fill_po)])
def test_filled_file_round_trips(export, fill, version_2021, nns_admin):
    texts = translate_group(version_2021, "deltagare_avslut") | {"scale.ja_nej.ja": "نعم"}
    data = fill(export(version_2021), texts)
    name = "ar.xlsx" if export is export_xlsx else "ar.po"

    translation = translation_upload(
        actor=nns_admin, version=version_2021, data=data, file_name=name
    )
    again = export(version_2021, translation)
    second = translation_upload(actor=nns_admin, version=version_2021, data=again, file_name=name)

    assert (second.language, second.name, second.name_sv, second.direction) == (
        "ar",
        "العربية",
        "Arabiska",
        "rtl",
    )
    assert second.texts == translation.texts
    assert second.texts["scales"] == {"ja_nej": {"ja": "نعم"}}
    assert set(second.texts["groups"]) == {"deltagare_avslut"}
    translation_approve(actor=nns_admin, translation=second)
    shown = questionnaire_texts(version_2021, "deltagare_avslut", "ar")
    source = questionnaire_texts(version_2021, "deltagare_avslut")
    assert shown.cover_text == "ترجمة " + source.cover_text
    assert [q.text for q in shown.questions] == ["ترجمة " + q.text for q in source.questions]
    assert shown.question(9).instruction_before == "ترجمة Om Ja, gå vidare till frågorna 9 och 10."
    assert shown.question(8).options[0].label == "نعم"


def test_a_file_downloaded_in_english_uploads_in_swedish(version_2021, nns_admin):
    from django.utils import translation as django_translation

    texts = translate_group(version_2021, "deltagare_avslut")
    with django_translation.override("en"):
        data = fill_xlsx(export_xlsx(version_2021), texts)
    with django_translation.override("sv"):
        uploaded = translation_upload(
            actor=nns_admin, version=version_2021, data=data, file_name="ar.xlsx"
        )
    assert uploaded.language == "ar"
