"""The XLSX reports hold shares as the reports show them, never unrounded."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from matpunkt.results.releases import release_create
from matpunkt.results.reports.forbund import build_forbund_report
from matpunkt.results.reports.national import build_national_report
from matpunkt.results.reports.xlsx import render_xlsx, shown_points, shown_share

# Decimals each number format shows: a whole percent is two decimals of the fraction.
DECIMALS = {"0%": 2, "+0.0;-0.0;0.0": 1, "# ##0": 0}


def numbers(content: bytes) -> list[tuple[str, object, str]]:
    workbook = load_workbook(io.BytesIO(content))
    return [
        (f"{sheet.title}!{cell.coordinate}", cell.value, cell.number_format)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    ]


def decimals(value) -> int:
    return max(0, -Decimal(str(value)).as_tuple().exponent)


@pytest.fixture
def workbooks(golden, period_2017, forbund, nns_admin):
    release_create(actor=nns_admin, period=period_2017)
    release_create(actor=nns_admin, period=golden)
    return {
        "national, NNS": render_xlsx(build_national_report(period=golden, full=True)),
        "national, förbund users": render_xlsx(build_national_report(period=golden, full=False)),
        "förbund": render_xlsx(build_forbund_report(forbund=forbund, period=golden)),
    }


def test_no_xlsx_cell_holds_more_decimals_than_it_shows(workbooks):
    for name, content in workbooks.items():
        found = numbers(content)
        assert any(fmt == "0%" for _where, _value, fmt in found), name
        too_precise = [
            (where, value, fmt)
            for where, value, fmt in found
            if fmt not in DECIMALS or decimals(value) > DECIMALS[fmt]
        ]
        assert too_precise == [], name


def test_the_key_figure_is_written_as_the_whole_percent_shown(workbooks):
    # Södra Dalarna's F1: 23 of 36 = 0.638…, shown as 64 %.
    values = [value for _where, value, fmt in numbers(workbooks["förbund"]) if fmt == "0%"]

    assert 0.64 in values
    assert 23 / 36 not in values


def test_shares_and_points_round_half_up_as_the_page_does():
    assert shown_share(23 / 40) == 0.58
    assert shown_share(0.845) == 0.85
    assert shown_share(1.0) == 1.0
    assert shown_points(18.65) == 18.7
    assert shown_points(-4.05) == -4.1
