"""Text that looks like a spreadsheet formula stays text in rapport.xlsx and the Kolada CSV."""

import io

from openpyxl import load_workbook

from matpunkt.instrument.models import Measure
from matpunkt.organisations.models import Forbund
from matpunkt.results.models import Goal, GoalKind
from matpunkt.results.reports.forbund import build_forbund_report
from matpunkt.results.reports.kolada import kolada_values, write_csv
from matpunkt.results.reports.xlsx import render_xlsx

FORMULA_NAME = '=HYPERLINK("http://x","y")'


def formula_cells(workbook, start):
    return [
        (sheet.title, cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(start)
    ]


def test_rapport_xlsx_writes_formula_insats_names_and_goal_labels_as_text(
    released, forbund, insats
):
    insats.name = FORMULA_NAME
    insats.save()
    Goal.objects.create(
        forbund=forbund,
        label="=1+1",
        measure=Measure.objects.get(key="dp_stod_nytta"),
        group="deltagare_pagaende",
        kind=GoalKind.TARGET_SHARE,
        target_share="0.600",
        plan_first_year=2021,
        plan_last_year=2021,
    )

    workbook = load_workbook(
        io.BytesIO(render_xlsx(build_forbund_report(forbund=forbund, period=released)))
    )

    names = formula_cells(workbook, "=HYPERLINK")
    assert names
    assert {(value, data_type) for _title, value, data_type in names} == {(FORMULA_NAME, "s")}
    goals = formula_cells(workbook, "=1+1")
    assert [(title, data_type) for title, _value, data_type in goals] == [("Måluppfyllelse", "s")]
    assert goals[0][1].startswith("=1+1 Verksamhetsplan 2021.")


def test_kolada_csv_quotes_a_formula_forbund_name(released):
    Forbund.objects.filter(name="Norra Berget").update(name="=1+1")
    handle = io.StringIO()

    write_csv(kolada_values(periods=[released]), handle)

    quoted = [line.split(",")[2:] for line in handle.getvalue().splitlines() if "=1+1" in line]
    assert quoted == [
        ["'=1+1", "2021", "T", "50.0", "10", "deltagare_pagaende", "dp_stod_nytta", "F1"],
        ["'=1+1", "2021", "T", "100.0", "5", "styrelse", "strukturer_relationer", "F1"],
    ]
