"""The förbund report on the fixed dataset: every table with exact figures, in every format."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from matpunkt.instrument.models import Measure
from matpunkt.results.models import Goal, GoalKind
from matpunkt.results.reports.forbund import build_forbund_report
from matpunkt.results.reports.model import DistributionChart, Paragraph, Verdict
from matpunkt.results.reports.pdf import render_pdf
from matpunkt.results.reports.xlsx import render_xlsx
from tests.reports.helpers import rows, short, table


@pytest.fixture
def report(released, forbund):
    return build_forbund_report(forbund=forbund, period=released)


def test_title_and_summary_say_version_k_and_submission(report):
    assert report.title == "Resultat för Södra Dalarna, mätperiod 2021"
    assert report.summary[0] == (
        "Instrumentversion 2021. Alla siffror är beräknade från registrerade svar och utdelning."
    )
    assert "färre än 5 har svarat" in report.summary[1]
    assert (
        report.summary[2]
        == "Förbundets data för mätperioden är inlämnade till NNS 3 december 2021."
    )


def test_sections_in_order(report):
    assert [s.key for s in report.sections] == [
        "participation",
        "rates",
        "nonresponse-deltagare_pagaende",
        "questions-deltagare_pagaende",
        "questions-personal",
        "questions-styrelse",
        "goals",
        "method",
    ]


def test_participation_per_insats_and_group(report):
    assert rows(report, "participation") == [
        ["Steget vidare", "Deltagare, pågående insats", "40", "4", "36", "4", "90 %"],
        ["Steget vidare", "Personal", "12", "0", "3", "9", "25 %"],
        ["Vägen framåt", "Styrelse", "8", "0", "6", "2", "75 %"],
    ]


def test_response_rates_with_nonresponse_and_unreachable(report):
    assert rows(report, "rates") == [
        ["Deltagare, pågående insats", "40", "4", "90 %", "36", "4", "10 %"],
        ["Deltagare totalt", "40", "4", "90 %", "36", "4", "10 %"],
        ["Personal", "12", "9", "25 %", "3", "0", "0 %"],
        ["Styrelse", "8", "2", "75 %", "6", "0", "0 %"],
        ["Alla grupper totalt", "60", "15", "75 %", "45", "4", "7 %"],
    ]


def test_participants_gender_and_nonresponse(report):
    assert rows(report, "nonresponse-deltagare_pagaende") == [
        ["Tillfrågade under mätperioden", "40", ""],
        ["Enkätsvar (minst en fråga besvarad)", "36", "90 %"],
        ["varav enkät utan variabeln kön", "20", ""],
        ["varav kvinna", "8", ""],
        ["varav man", "6", ""],
        ["varav ej uppgett kön", "2", ""],
        ["Bortfall (tillfrågade som inte svarat)", "4", "10 %"],
        ["Ej nåbara under mätperioden", "4", "10 %"],
    ]


def test_question_table_splits_by_gender_when_both_have_k(report):
    assert short(rows(report, "questions-deltagare_pagaende"))[:5] == [
        ["Fråga 1: Får", "36", "64 %", ""],
        ["Varav kvinno", "8", "75 %", ""],
        ["Varav män", "6", "50 %", ""],
        ["Fråga 2: Är ", "0", "–", ""],
        ["Fråga 3: Får", "0", "–", ""],
    ]
    # The yes/no question's key figure stands in the "Svar ja" column.
    assert short(rows(report, "questions-deltagare_pagaende"))[5] == ["Fråga 4: Har", "0", "", "–"]


def test_small_group_is_suppressed(report):
    assert short(rows(report, "questions-personal"))[0] == ["Fråga 1: Får", "3", "–"]
    assert short(rows(report, "national-personal"))[0] == [
        "Fråga 1: Får", "3", "–", "–", "–", "–", "3",
    ]  # fmt: skip
    chart = report.section("questions-personal").blocks[-1].charts[0]
    assert isinstance(chart, DistributionChart)
    assert chart.options is None


def test_key_figures_with_intervals_beside_the_national_figure(report):
    # Förbund 23/36; nation (released: submitted A+B+C, not D) 48/71; Wilson 95 % intervals.
    assert short(rows(report, "national-deltagare_pagaende"))[0] == [
        "Fråga 1: Får", "36", "64 %", "48–78 %", "68 %", "56–77 %", "71",
    ]  # fmt: skip
    assert table(report, "national-deltagare_pagaende").notes[1] == (
        "Riket = senast publicerade riksresultat (10 december 2021): alla förbund som då hade "
        "lämnat in sina data för mätperioden till NNS. Riksvärden som skulle kunna avslöja ett "
        "enskilt förbunds svar visas inte (–)."
    )


def test_national_figure_from_two_forbund_is_not_shown(report):
    # Styrelse: A 6 answers (3 positive), C 5 (5): the nation's 8/11 minus A's own 3/6 would
    # be C's 5/5, so förbund users never see a national cell of fewer than three förbund.
    assert short(rows(report, "national-styrelse"))[0] == [
        "Fråga 1: Har", "6", "50 %", "19–81 %", "–", "–", "11",
    ]  # fmt: skip


def test_national_column_before_nns_has_released_the_period(golden, forbund):
    report = build_forbund_report(forbund=forbund, period=golden)

    national = table(report, "national-deltagare_pagaende")
    assert [column.label for column in national.columns] == [
        "Fråga", "Antal svar", "Nyckeltal", "95 %-intervall",
    ]  # fmt: skip
    assert short(rows(report, "national-deltagare_pagaende"))[0] == [
        "Fråga 1: Får", "36", "64 %", "48–78 %",
    ]  # fmt: skip
    assert national.notes[1] == (
        "Riket visas inte: NNS har inte publicerat riksresultaten för mätperioden ännu. De "
        "visas här när NNS har publicerat dem."
    )


def test_change_against_previous_period_is_tested_and_worded_honestly(report):
    # 10/25 in 2017 → 23/36 in 2021: +23.9 points, chi-square p = 0.066: not a sure change.
    assert short(rows(report, "change-deltagare_pagaende"))[0] == [
        "Fråga 1: Får", "2017", "40 %", "64 %", "+23,9", "0,066", "ingen säker förändring",
    ]  # fmt: skip
    row = table(report, "change-deltagare_pagaende").rows[0]
    assert row.cells[5].test == "chi2"
    assert row.cells[6] == Verdict("ingen säker förändring", 0)
    # 1/5 → 3/6: Fisher's exact test for the small counts.
    assert short(rows(report, "change-styrelse"))[0] == [
        "Fråga 1: Har", "2017", "20 %", "50 %", "+30,0", "0,545", "ingen säker förändring",
    ]  # fmt: skip
    assert table(report, "change-styrelse").rows[0].cells[5].test == "fisher"
    assert short(rows(report, "change-deltagare_pagaende"))[1] == [
        "Fråga 2: Är ", "ingen tidigare mätning", "", "", "", "", "",
    ]  # fmt: skip


def test_earlier_periods_beside_this_one(report):
    assert table(report, "history-deltagare_pagaende").columns[1].label == "2017"
    assert short(rows(report, "history-deltagare_pagaende"))[:2] == [
        ["Fråga 1: Får", "40 %", "64 %"],
        ["Antal svar", "25", "36"],
    ]
    # The question's wording changed between the versions: the table says so.
    assert table(report, "history-deltagare_pagaende").notes[0] == (
        "Fråga 1: Frågans formulering ändrades efter mätperiod 2017: tidigare ”Får du stödet "
        "som är till stor nytta för dig?”, nu ”Får du stöd på ett sätt som är till stor nytta "
        "för dig?”. Jämför med försiktighet."
    )
    personal = report.section("questions-personal").blocks
    assert (
        Paragraph("Personal: det finns ingen tidigare mätperiod med svar att jämföra med.")
        in personal
    )


def test_distribution_chart_carries_every_option(report):
    chart = report.section("questions-deltagare_pagaende").blocks[-1].charts[0]
    assert [(o.label, o.count) for o in chart.options] == [
        ("Aldrig", 2),
        ("Sällan", 2),
        ("Ibland", 6),
        ("Ofta", 3),
        ("För det mesta", 10),
        ("Alltid", 13),
    ]
    assert chart.answered == 36


def test_goal_fulfilment_can_be_pasted_into_an_annual_report(golden, forbund):
    Goal.objects.create(
        forbund=forbund,
        label="Deltagarna upplever att de får stöd som är till nytta.",
        measure=Measure.objects.get(key="dp_stod_nytta"),
        group="deltagare_pagaende",
        kind=GoalKind.TARGET_SHARE,
        target_share="0.600",
        plan_first_year=2021,
        plan_last_year=2021,
    )

    report = build_forbund_report(forbund=forbund, period=golden)

    paragraphs = [b.text for b in report.section("goals").blocks]
    assert paragraphs[1].startswith(
        "Deltagarna upplever att de får stöd som är till nytta. Verksamhetsplan 2021. "
        "Indikator: Mäts med NNS "
        "indikatorenkät, deltagare, pågående insats, fråga F1"
    )
    text = paragraphs[1].replace("\u00a0", " ")
    assert "Målnivå: minst 60 % klart positiva svar." in text
    assert "Utfall: 64 % klart positiva svar av 36 svar (95 % konfidensintervall 48–78 %)" in text
    assert "Målet är uppnått." in text


def test_forbund_without_goals_is_told_how_to_add_them(report):
    assert report.section("goals").blocks[1] == Paragraph(
        "Förbundet har inte registrerat några mål kopplade till enkätens frågor. Mål läggs in "
        "under förbundets mål."
    )


def test_method_section_defines_the_terms(report):
    terms = [row[0] for row in rows(report, "definitions")]
    assert terms == [
        "Tillfrågade",
        "Svar",
        "Bortfall",
        "Svarsfrekvens",
        "Ej nåbara",
        "Antal svar på en fråga",
        "Klart positiva svar",
        "K",
    ]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_pdf_is_a4_and_holds_the_tables_and_charts(report):
    content = render_pdf(report)

    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = pdf_text(content)
    assert "Resultat för Södra Dalarna, mätperiod 2021" in text
    assert "Steget vidare Deltagare, pågående insats 40 4 36 4 90 %" in text
    assert "Alla grupper totalt 60 15 75 % 45 4 7 %" in text
    assert "Varav kvinnor 8 75 %" in text
    assert "+23,9 0,066 (chi2-test) ingen säker förändring" in text
    # The distribution chart's SVG text: option label, count and share.
    assert "För det mesta" in text
    assert "13 (36 %)" in text


def test_xlsx_has_one_sheet_per_section_with_numbers_as_numbers(report):
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))

    assert workbook.sheetnames == [
        "Rapport",
        "Tillfrågade per insats",
        "Svarsfrekvens",
        "Svar, kön och bortfall Delta",
        "Frågor till deltagare, pågåe",
        "Frågor till personal",
        "Frågor till styrelse",
        "Måluppfyllelse",
        "Metod och begrepp",
    ]
    sheet = workbook["Svarsfrekvens"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[2][0] == "Tillfrågade, bortfall, svarsfrekvens och antal svar per respondentgrupp"
    assert values[4] == ["Deltagare, pågående insats", 40, 4, 36 / 40, 36, 4, 0.1]
    assert sheet.cell(row=5, column=4).number_format == "0%"
    questions = [[c.value for c in row] for row in workbook["Frågor till personal"].iter_rows()]
    assert questions[4][:3] == ["Fråga 1: Får stödet som ni ger ta den tid som behövs?", 3, "–"]
