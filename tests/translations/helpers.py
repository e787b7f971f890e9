"""Filling exported translation files the way a translator would."""

import io

import polib
from openpyxl import load_workbook

from matpunkt.instrument.translations.entries import source_entries


def translate_group(version, group: str, prefix: str = "ترجمة ") -> dict[str, str]:
    """A translation of every text of a group that keeps the placeholders and underlining. A
    sentence for the printed form only is given as it stands in the translated cover text (the
    prefix marks the start of the cover text only)."""
    return {
        e.key: e.source if ".paper_only." in e.key else prefix + e.source
        for e in source_entries(version)
        if e.group == group
    }


def fill_xlsx(
    data: bytes,
    translations: dict[str, str],
    *,
    language="ar",
    name="العربية",
    name_sv="Arabiska",
    direction="",
) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Översättning"]
    sheet["B2"], sheet["B3"], sheet["B4"], sheet["B5"] = language, name, name_sv, direction
    for row in range(8, sheet.max_row + 1):
        key = sheet.cell(row=row, column=1).value
        if key in translations:
            sheet.cell(row=row, column=3).value = translations[key]
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_rows(data: bytes) -> list[tuple]:
    """The (key, Swedish, translation) rows of an exported file."""
    sheet = load_workbook(io.BytesIO(data))["Översättning"]
    return [
        tuple(sheet.cell(row=row, column=c).value for c in (1, 2, 3))
        for row in range(8, sheet.max_row + 1)
    ]


def fill_po(
    data: bytes,
    translations: dict[str, str],
    *,
    language="ar",
    name="العربية",
    name_sv="Arabiska",
    direction="",
) -> bytes:
    po = polib.pofile(data.decode("utf-8"))
    po.metadata.update(
        {
            "Language": language,
            "X-Language-Name": name,
            "X-Language-Name-Sv": name_sv,
            "X-Direction": direction,
        }
    )
    for entry in po:
        if entry.msgctxt in translations:
            entry.msgstr = translations[entry.msgctxt]
    return str(po).encode("utf-8")
