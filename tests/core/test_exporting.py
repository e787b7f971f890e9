"""The one exporter: spreadsheet formulas in text cells are neutralised in every CSV and XLSX
file, and no other module writes such files."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from matpunkt.core import exporting

MATPUNKT = Path(exporting.__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+46 70", "'+46 70"),
        ("-tal", "'-tal"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Steget vidare", "Steget vidare"),
        ("a=1", "a=1"),
        ("'=1", "''=1"),
        ("'a", "'a"),
        (-3, -3),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_neutralise_quotes_only_text_that_starts_like_a_formula(value, expected):
    assert exporting.neutralise(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'=1+1", "=1+1"),
        ("''=1+1", "'=1+1"),
        ("'-tal", "-tal"),
        ("'Steget", "'Steget"),
        ("'", "'"),
        ("=1+1", "=1+1"),
    ],
)
def test_restore_strips_exactly_one_quote_before_a_formula_character(text, expected):
    assert exporting.restore(text) == expected


@pytest.mark.parametrize("text", ["=1+1", "'=1+1", "''-x", "'x", "x", "-", "@"])
def test_restore_gives_back_the_neutralised_text(text):
    assert exporting.restore(exporting.neutralise(text)) == text


def test_write_csv_neutralises_text_and_keeps_numbers():
    content = exporting.write_csv(
        ["namn", "tal"], [['=HYPERLINK("http://x","y")', -3], [None, 4.5], ["Öst", ""]]
    )

    assert content == (
        '\ufeffnamn;tal\r\n\'=HYPERLINK(""http://x"",""y"")";-3\r\n;4.5\r\nÖst;\r\n'
    ).replace("'=HYPERLINK", "\"'=HYPERLINK").encode("utf-8")


def test_write_csv_rows_reads_mappings_in_header_order():
    handle = io.StringIO()

    exporting.write_csv_rows(handle, ["a", "b"], [{"b": "@x", "a": 1}, {"a": "-"}])

    assert handle.getvalue() == "a,b\n1,'@x\n'-,\n"


def test_xlsx_cells_with_formula_text_are_plain_strings():
    workbook = exporting.new_workbook()
    sheet = workbook.active
    exporting.set_cell(sheet, 1, 1, "=1+1")
    exporting.set_cell(sheet, 1, 2, -3)
    exporting.append_row(sheet, ['=HYPERLINK("http://x","y")', "-x", 7])
    writer = exporting.new_workbook(write_only=True)
    streamed = writer.create_sheet("Svar")
    streamed.append(exporting.xlsx_row(streamed, ["=1+1", -3, "", None]))

    for data, rows in [
        (
            exporting.save_workbook(workbook),
            [["=1+1", -3, None], ['=HYPERLINK("http://x","y")', "-x", 7]],
        ),
        (exporting.save_workbook(writer), [["=1+1", -3, None, None]]),
    ]:
        read = load_workbook(io.BytesIO(data)).worksheets[0]
        assert [[cell.value for cell in row] for row in read.iter_rows()][: len(rows)] == [
            row[: read.max_column] for row in rows
        ]
        assert read.cell(row=1, column=1).data_type == "s"
        assert read.cell(row=1, column=2).data_type == "n"


WRITERS = re.compile(
    r"csv\.writer|DictWriter|\bWorkbook\(|WriteOnlyCell|\.cell\([^)]*value=|workbook\.save\("
)


def test_no_module_but_the_exporter_writes_csv_or_xlsx():
    offenders = [
        f"{path.relative_to(MATPUNKT.parent)}: {match.group(0)}"
        for path in sorted(MATPUNKT.rglob("*.py"))
        if path.name != "exporting.py" or path.parent.name != "core"
        for match in WRITERS.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
