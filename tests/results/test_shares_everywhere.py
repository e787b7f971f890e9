"""One share, one text: 23 of 40 reads "58 %" on every page, export and report, and counts that
contradict each other (more responses than reachable people) are shown as such, never as a rate
above 100 % or a negative non-response."""

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from matpunkt.results.formatting import format_percent
from matpunkt.results.reports.forbund import build_forbund_report
from tests.reports.conftest import submit
from tests.reports.test_forbund_report import pdf_text
from tests.results.helpers import PAGAENDE, distribute, forms, store

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.DOTALL)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def twenty_three_of_forty(insats, period):
    distribute(insats, period, PAGAENDE, 40)
    store(forms(insats, period, PAGAENDE, 23, f1=5))
    return period


@pytest.fixture
def six_of_five(insats, period):
    """The issue's case: coded and uncoded paper forms gave 6 responses for 5 asked."""
    distribute(insats, period, PAGAENDE, 5)
    store(forms(insats, period, PAGAENDE, 6, f1=5))
    return period


CONFLICT = "6 svar men 5 tillfrågade, varav 0 ej nåbara"


def registration_url(insats, period):
    return reverse(
        "responses:registration_entry", args=(insats.pk, period.label, PAGAENDE, "utan_kon")
    )


def codes_url(insats, period):
    return reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, PAGAENDE])


def results_csv(period) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("results", "--period", period.label, "--format", "csv", stdout=out, stderr=out)
    lines = [line for line in out.getvalue().splitlines() if not line.startswith("Varning")]
    return list(csv.DictReader(lines))


# 23 of 40 ---------------------------------------------------------------------------------------


def test_the_formatter_rounds_23_of_40_half_up():
    # 0.575 * 100 is 57.49999… in binary floating point; the rule reads the decimal 0.575.
    assert format_percent(23 / 40) == f"58{NBSP}%"


def test_23_of_40_on_the_results_page(client, reader, forbund, twenty_three_of_forty):
    client.force_login(reader)

    text = text_of(client.get(reverse("results:forbund_period", args=[forbund.pk, "2021"])))

    # Participation per insats, the rates table and the group's non-response table.
    assert f"Steget vidare Deltagare, pågående insats 40 0 23 17 58{NBSP}%" in text
    assert f"Deltagare, pågående insats 40 17 58{NBSP}% 23 0 0{NBSP}%" in text
    assert f"Enkätsvar (minst en fråga besvarad) 23 58{NBSP}%" in text
    assert f"57{NBSP}%" not in text


def test_23_of_40_in_the_forbund_report_pdf_and_xlsx(forbund, twenty_three_of_forty):
    report = build_forbund_report(forbund=forbund, period=twenty_three_of_forty)
    from matpunkt.results.reports.pdf import render_pdf
    from matpunkt.results.reports.xlsx import render_xlsx

    text = pdf_text(render_pdf(report))
    sheet = load_workbook(io.BytesIO(render_xlsx(report)))["Svarsfrekvens"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "Deltagare, pågående insats")

    assert "Deltagare, pågående insats 40 17 58 % 23 0 0 %" in text
    # The XLSX holds the share as the report shows it (58 %), not the unrounded 0.575.
    assert (row[3].value, row[3].number_format) == (0.58, "0%")


def test_23_of_40_in_the_national_report(client, reader, forbund, twenty_three_of_forty):
    submit(forbund, twenty_three_of_forty)
    client.force_login(reader)

    text = text_of(client.get(reverse("results:national_report", args=["2021"])))

    assert f"Deltagare, pågående insats 40 17 58{NBSP}% 23 0 0{NBSP}%" in text


def test_23_of_40_as_unrounded_fraction_in_json_and_csv(twenty_three_of_forty):
    out = io.StringIO()
    call_command("results", "--period", "2021", "--format", "json", stdout=out)
    group = json.loads(out.getvalue())["groups"][PAGAENDE]
    row = next(r for r in results_csv(twenty_three_of_forty) if r["rad"] == "grupp")

    assert (group["response_rate"], group["nonresponse"]) == (0.575, 17)
    assert (row["svarsfrekvens"], row["bortfall"], row["konflikt"]) == ("0.575", "17", "")


def test_23_of_40_in_the_registration_count(client, registrar, insats, twenty_three_of_forty):
    client.force_login(registrar)

    html = client.get(registration_url(insats, twenty_three_of_forty)).content.decode()

    assert f"Registrerade svar: 23 av 40 tillfrågade (58{NBSP}%)" in html


def test_23_of_40_on_the_code_page(client, registrar, insats, twenty_three_of_forty):
    client.force_login(registrar)

    html = client.get(codes_url(insats, twenty_three_of_forty)).content.decode()

    assert (
        '<p class="counter" id="live-figures">Tillfrågade: 40 · Ej nåbara: 0 · Svar: 23 · '
        f"Svarsfrekvens: 58{NBSP}%</p>"
    ) in html


def test_23_of_40_on_the_submission_page(client, forbund_admin, forbund, twenty_three_of_forty):
    client.force_login(forbund_admin)

    text = text_of(client.get(reverse("results:submission_detail", args=[forbund.pk, "2021"])))

    assert f"Steget vidare Deltagare, pågående insats 40 23 58{NBSP}%" in text


# Counts that contradict each other --------------------------------------------------------------


def test_a_conflict_on_the_results_page_is_shown_instead_of_the_figures(
    client, reader, forbund, six_of_five
):
    client.force_login(reader)

    text = text_of(client.get(reverse("results:forbund_period", args=[forbund.pk, "2021"])))

    assert f"Steget vidare Deltagare, pågående insats 5 0 6 – {CONFLICT}" in text
    assert f"Deltagare, pågående insats 5 – {CONFLICT} 6 0 0{NBSP}%" in text
    assert f"Enkätsvar (minst en fråga besvarad) 6 {CONFLICT}" in text
    assert "Bortfall (tillfrågade som inte svarat) – –" in text
    assert (
        "Där svaren är fler än de tillfrågade som gick att nå visas ingen svarsfrekvens och inget "
        "bortfall, bara siffrorna som inte går ihop; se ”Att kontrollera”." in text
    )
    assert (
        f"Södra Dalarna – Steget vidare – Deltagare, pågående insats: {CONFLICT}. Svaren kan inte "
        "vara fler än de tillfrågade som gick att nå, så svarsfrekvens och bortfall visas inte."
        in text
    )
    assert "120" not in text
    assert "−1" not in text and " -1 " not in text


def test_a_conflict_in_the_forbund_report_pdf_and_xlsx(forbund, six_of_five):
    report = build_forbund_report(forbund=forbund, period=six_of_five)
    from matpunkt.results.reports.pdf import render_pdf
    from matpunkt.results.reports.xlsx import render_xlsx

    text = pdf_text(render_pdf(report))
    sheet = load_workbook(io.BytesIO(render_xlsx(report)))["Svarsfrekvens"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "Deltagare, pågående insats")

    assert f"Deltagare, pågående insats 5 – {CONFLICT} 6 0 0 %" in text
    assert "120" not in text
    assert [cell.value for cell in row[:5]] == ["Deltagare, pågående insats", 5, "–", CONFLICT, 6]


def test_a_conflict_in_json_and_csv_is_null_with_a_warning(six_of_five):
    out = io.StringIO()
    call_command("results", "--period", "2021", "--format", "json", stdout=out)
    results = json.loads(out.getvalue())
    rows = results_csv(six_of_five)

    group = results["groups"][PAGAENDE]
    assert (group["asked"], group["responses"]) == (5, 6)
    assert (group["response_rate"], group["nonresponse"]) == (None, None)
    assert results["totals"]["participants"]["response_rate"] is None
    assert results["warnings"] == [
        f"Södra Dalarna – Steget vidare – Deltagare, pågående insats: {CONFLICT}. Svaren kan inte "
        "vara fler än de tillfrågade som gick att nå, så svarsfrekvens och bortfall visas inte."
    ]
    assert [
        (r["rad"], r["grupp"], r["bortfall"], r["svarsfrekvens"], r["konflikt"])
        for r in rows
        if r["rad"] != "fraga"
    ] == [
        ("grupp", PAGAENDE, "", "", CONFLICT),
        ("totalt", "deltagare_totalt", "", "", CONFLICT),
        ("totalt", "alla_grupper", "", "", CONFLICT),
    ]


def test_a_conflict_in_the_registration_count(client, registrar, insats, six_of_five):
    client.force_login(registrar)

    html = client.get(registration_url(insats, six_of_five)).content.decode()

    assert (
        f"Registrerade svar: 6 av 5 tillfrågade. Siffrorna går inte ihop ({CONFLICT}), så ingen "
        "svarsfrekvens visas."
    ) in html
    assert "120" not in html


def test_a_conflict_on_the_code_page(client, registrar, insats, six_of_five):
    client.force_login(registrar)

    html = client.get(codes_url(insats, six_of_five)).content.decode()

    assert (
        '<p class="counter" id="live-figures">Tillfrågade: 5 · Ej nåbara: 0 · Svar: 6 · '
        f"Siffrorna går inte ihop ({CONFLICT}), så ingen svarsfrekvens visas.</p>"
    ) in html


def test_a_conflict_on_the_submission_page(client, forbund_admin, forbund, six_of_five):
    client.force_login(forbund_admin)

    text = text_of(client.get(reverse("results:submission_detail", args=[forbund.pk, "2021"])))

    assert f"Steget vidare Deltagare, pågående insats 5 6 Går inte ihop: {CONFLICT}" in text
    assert "120" not in text


def test_unreachable_people_who_answered_are_a_conflict_too(insats, period):
    distribute(insats, period, PAGAENDE, 10, 4)
    store(forms(insats, period, PAGAENDE, 8, f1=5))

    row = next(r for r in results_csv(period) if r["rad"] == "grupp")

    assert (row["bortfall"], row["svarsfrekvens"], row["konflikt"]) == (
        "",
        "",
        "8 svar men 10 tillfrågade, varav 4 ej nåbara",
    )
