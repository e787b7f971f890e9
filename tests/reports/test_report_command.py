"""`matpunkt report`: the reports as files from the command line, with Swedish errors."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.reports.test_forbund_report import pdf_text


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_national_report_as_pdf(golden, tmp_path):
    path = tmp_path / "riket.pdf"

    out = run("national", "--period", "2021", "--format", "pdf", "-o", str(path))

    assert out == f"Skrev Nationell rapport, mätperiod 2021 till {path}.\n"
    text = pdf_text(path.read_bytes())
    assert "Tabell 1. Samordningsförbund" in text
    assert "Datakvalitet" not in text  # the golden data have no data-quality notes


def test_forbund_report_as_xlsx(golden, tmp_path):
    path = tmp_path / "sd.xlsx"

    run(
        "forbund",
        "--forbund",
        "Södra Dalarna",
        "--period",
        "2021",
        "--format",
        "xlsx",
        "-o",
        str(path),
    )

    workbook = load_workbook(path)
    assert workbook["Rapport"]["A1"].value == "Resultat för Södra Dalarna, mätperiod 2021"


def test_national_report_as_forbund_users_see_it_and_as_html(golden, insats, tmp_path):
    from tests.results.helpers import forms, store

    store(forms(insats, golden, "personal", 20, f1=3))
    full, aggregate = tmp_path / "full.html", tmp_path / "aggregate.html"

    run("national", "--period", "2021", "--format", "html", "-o", str(full))
    run("national", "--period", "2021", "--format", "html", "--aggregate", "-o", str(aggregate))

    assert "Datakvalitet: att kontrollera" in full.read_text(encoding="utf-8")
    assert "Datakvalitet" not in aggregate.read_text(encoding="utf-8")


def test_min_cell_narrows_suppression(golden, tmp_path):
    path = tmp_path / "k3.html"

    run("national", "--period", "2021", "--format", "html", "--min-cell", "3", "-o", str(path))

    # Personal's 3 answers (2 positive) are shown with K = 3.
    assert "Minsta antal svar för att en andel" in path.read_text(encoding="utf-8")
    assert "67\u00a0%" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["national", "--period", "1999"], "Mätperioden ”1999” finns inte."),
        (["forbund", "--period", "2021"], "Ange förbundet med --forbund för en förbundsrapport."),
        (
            ["forbund", "--period", "2021", "--forbund", "Ingenstans"],
            "Förbundet ”Ingenstans” finns inte.",
        ),
        (
            ["national", "--period", "2021", "--min-cell", "x"],
            "--min-cell måste vara ett heltal, 0 eller större (fick ”x”).",
        ),
    ],
)
def test_errors_are_swedish(golden, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        run(*args, "-o", str(tmp_path / "x.pdf"))

    assert str(error.value) == message
