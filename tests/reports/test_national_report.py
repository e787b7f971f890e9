"""The national report on the fixed dataset and on the 2017 report's counts: exact tables."""

import io

import pytest
from openpyxl import load_workbook

from matpunkt.results.reports.model import BulletList, TrendChart, Verdict
from matpunkt.results.reports.national import build_national_report
from matpunkt.results.reports.pdf import render_pdf
from matpunkt.results.reports.xlsx import render_xlsx
from tests.reports.conftest import submit
from tests.reports.helpers import rows, short, table
from tests.reports.test_forbund_report import pdf_text
from tests.results.conftest import report_2017  # noqa: F401 - a fixture
from tests.results.helpers import forms, store


@pytest.fixture
def report(golden):
    return build_national_report(period=golden, full=True)


def test_introduction_names_the_submitted_forbund_and_insatser(report):
    intro = [block.text for block in report.section("introduction").blocks]
    assert intro[0] == (
        "Rapporten redovisar mätperiod 2021 för 3 samordningsförbund som har lämnat in sina "
        "data till NNS, med 4 insatser."
    )
    assert intro[1] == "Förbund som ingår: Norra Berget, Södra Dalarna, Östra Södertörn."
    assert intro[2].startswith("Materialet är inte ett urval av alla samordningsförbund.")


def test_table_1_forbund_groups_asked_and_insatser_without_unsubmitted(report):
    assert table(report, "forbund-asked").caption == (
        "Tabell 1. Samordningsförbund, antal insatser och antal tillfrågade per respondentgrupp"
    )
    assert [c.label for c in table(report, "forbund-asked").columns] == [
        "Samordningsförbund",
        "Antal insatser",
        "Deltagare, pågående insats",
        "Personal",
        "Styrelse",
    ]
    assert rows(report, "forbund-asked") == [
        ["Norra Berget", "1", "15", "", "5"],
        ["Södra Dalarna", "2", "40", "12", "8"],
        ["Östra Södertörn", "1", "30", "", ""],
        ["Totalt", "4", "85", "12", "13"],
    ]


def test_table_2_response_rates_with_totals(report):
    assert rows(report, "rates") == [
        ["Deltagare, pågående insats", "85", "14", "84 %", "71", "4", "5 %"],
        ["Deltagare totalt", "85", "14", "84 %", "71", "4", "5 %"],
        ["Personal", "12", "9", "25 %", "3", "0", "0 %"],
        ["Styrelse", "13", "2", "85 %", "11", "0", "0 %"],
        ["Alla grupper totalt", "110", "25", "77 %", "85", "4", "4 %"],
    ]


def test_table_3_participants_gender_and_nonresponse(report):
    assert rows(report, "nonresponse-deltagare_pagaende") == [
        ["Tillfrågade under mätperioden", "85", ""],
        ["Enkätsvar (minst en fråga besvarad)", "71", "84 %"],
        ["varav enkät utan variabeln kön", "55", ""],
        ["varav kvinna", "8", ""],
        ["varav man", "6", ""],
        ["varav ej uppgett kön", "2", ""],
        ["Bortfall (tillfrågade som inte svarat)", "14", "16 %"],
        ["Ej nåbara under mätperioden", "4", "5 %"],
    ]


def test_group_tables_with_gender_split_and_suppression(report):
    assert short(rows(report, "questions-deltagare_pagaende"))[:3] == [
        ["Fråga 1: Får", "71", "68 %", ""],
        ["Varav kvinno", "8", "75 %", ""],
        ["Varav män", "6", "50 %", ""],
    ]
    assert short(rows(report, "questions-personal"))[0] == ["Fråga 1: Får", "3", "–"]
    assert short(rows(report, "questions-styrelse"))[0] == ["Fråga 1: Har", "11", "73 %"]


def test_spread_between_forbund_needs_three_forbund_with_k_answers(report):
    # Förbund figures 5/10, 23/36 and 20/25: each quartile is the mean of the three nearest
    # figures, here all three (64.6 %).
    assert short(rows(report, "spread-deltagare_pagaende"))[0] == [
        "Fråga 1: Får", "71", "68 %", "56–77 %", "3", "65 %", "65 %", "65 %",
    ]  # fmt: skip
    # Styrelse: only two förbund have K answers, so no spread (no förbund's figure shows).
    assert short(rows(report, "spread-styrelse"))[0] == [
        "Fråga 1: Har", "11", "73 %", "43–90 %", "färre än 3", "", "", "",
    ]  # fmt: skip


def test_change_against_previous_national_period(report):
    # 2017 (submitted A and B): 22/45; 2021: 48/71. Chi-square p = 0.045: an improvement.
    assert short(rows(report, "change-deltagare_pagaende"))[0] == [
        "Fråga 1: Får", "2017", "49 %", "68 %", "+18,7", "0,045", "förbättring",
    ]  # fmt: skip
    assert table(report, "change-deltagare_pagaende").rows[0].cells[6] == Verdict("förbättring", 1)
    assert short(rows(report, "change-styrelse"))[0] == [
        "Fråga 1: Har", "2017", "20 %", "73 %", "+52,7", "0,106", "ingen säker förändring",
    ]  # fmt: skip


def test_trends_follow_the_question_across_versions_with_a_note(report):
    assert short(rows(report, "history-deltagare_pagaende"))[:2] == [
        ["Fråga 1: Får", "49 %", "68 %"],
        ["Antal svar", "45", "71"],
    ]
    charts = [b for b in report.section("trends").blocks if hasattr(b, "charts")]
    trend = charts[0].charts[0]
    assert isinstance(trend, TrendChart)
    assert [(p.period, p.answered, round(p.share, 4)) for p in trend.points] == [
        ("2017", 45, 0.4889),
        ("2021", 71, 0.6761),
    ]
    assert trend.notes == [
        "Frågans formulering ändrades efter mätperiod 2017: tidigare ”Får du stödet som är "
        "till stor nytta för dig?”, nu ”Får du stöd på ett sätt som är till stor nytta för "
        "dig?”. Jämför med försiktighet."
    ]
    # A question without any shown figure gets no empty chart.
    assert [c.key for c in charts[0].charts] == ["trend-deltagare_pagaende-F1"]


def test_tables_are_numbered_in_the_2017_structure(report):
    captions = [t.caption.split(".")[0] for s in report.sections for t in s.tables]
    assert captions[:9] == [
        "Tabell 1",
        "Tabell 2",
        "Tabell 3",
        "Tabell 4",
        "Tabell 4a",
        "Tabell 4b",
        "Tabell 5",
        "Tabell 5a",
        "Tabell 5b",
    ]


def test_method_appendix_lists_forbund_and_caution(report):
    assert rows(report, "participants") == [
        ["Norra Berget", "1"],
        ["Södra Dalarna", "2"],
        ["Östra Södertörn", "1"],
    ]
    texts = [getattr(b, "text", "") for b in report.section("method").blocks]
    assert (
        "Den nationella sammanställningen bygger bara på data som förbunden har lämnat in till "
        "NNS för mätperioden. Data som inte är inlämnade ingår inte."
    ) in texts
    bullets = next(b for b in report.section("method").blocks if isinstance(b, BulletList))
    assert any("Wilson-intervall" in item for item in bullets.items)
    assert any("Fishers exakta test" in item for item in bullets.items)


def test_data_quality_notes_only_in_the_full_report(golden, insats):
    store(forms(insats, golden, "personal", 20, f1=3))  # 23 responses, only 12 asked

    full = build_national_report(period=golden, full=True)
    aggregate = build_national_report(period=golden, full=False)

    note = (
        "Södra Dalarna – Steget vidare – Personal: 23 svar men 12 tillfrågade, varav 0 ej nåbara. "
        "Svaren kan inte vara fler än de tillfrågade som gick att nå, så svarsfrekvens och "
        "bortfall visas inte."
    )
    assert note in full.section("warnings").blocks[0].items
    assert "warnings" not in [s.key for s in aggregate.sections]
    assert aggregate.section("rates").tables[0].notes[-1] == (
        "I 1 insats och respondentgrupp är svaren fler än de tillfrågade som gick att nå. Svaren "
        "ingår i antalet svar; svarsfrekvens och bortfall visas bara där summan går ihop."
    )
    assert aggregate.section("introduction").blocks[-1].text == (
        "Du ser riksnivån. Enskilda förbunds svar redovisas inte; tabell 1 visar bara vilka "
        "förbund som ingår och hur många som tillfrågades."
    )


def test_period_without_submitted_data(period):
    report = build_national_report(period=period, full=True)

    assert [s.key for s in report.sections] == ["introduction", "no-data", "method"]
    assert report.section("no-data").blocks[0].text == (
        "Inget förbund har lämnat in data för mätperiod 2021 ännu."
    )


def test_2017_counts_give_the_2017_report_tables_with_correct_totals(report_2017, forbund):  # noqa: F811
    submit(forbund, report_2017)

    report = build_national_report(period=report_2017, full=True)

    assert rows(report, "forbund-asked") == [
        ["Södra Dalarna", "1", "586", "182", "194", "16", "79", "118"],
        ["Totalt", "1", "586", "182", "194", "16", "79", "118"],
    ]
    assert rows(report, "rates") == [
        ["Deltagare, pågående insats", "586", "56", "90 %", "530", "48", "8 %"],
        ["Deltagare, inför avslut", "182", "83", "54 %", "99", "11", "6 %"],
        ["Deltagare totalt", "768", "139", "82 %", "629", "59", "8 %"],
        ["Personal", "194", "13", "93 %", "181", "0", "0 %"],
        ["Förbundschef", "16", "4", "75 %", "12", "0", "0 %"],
        ["Styrelse", "79", "5", "94 %", "74", "0", "0 %"],
        ["Parternas chefsgrupp", "118", "18", "85 %", "100", "0", "0 %"],
        ["Alla grupper totalt", "1 175", "179", "85 %", "996", "59", "5 %"],
    ]
    assert short(rows(report, "questions-deltagare_pagaende"))[:3] == [
        ["Fråga 1: Får", "528", "73 %", ""],
        ["Varav kvinno", "169", "78 %", ""],
        ["Varav män", "110", "62 %", ""],
    ]
    captions = [
        t.caption.split(".")[0]
        for s in report.sections
        for t in s.tables
        if t.key.startswith(("forbund-asked", "rates", "nonresponse-", "questions-"))
    ]
    assert captions == [f"Tabell {n}" for n in range(1, 11)]


def test_pdf_holds_the_tables(report):
    text = pdf_text(render_pdf(report))

    assert "Nationell rapport, mätperiod 2021" in text
    assert "Tabell 1. Samordningsförbund" in text
    assert "Norra Berget 1 15 5" in text
    assert "Södra Dalarna 2 40 12 8" in text
    assert "Totalt 4 85 12 13" in text
    assert "Deltagare totalt 85 14 84 % 71 4 5 %" in text
    assert "+18,7 0,045 (chi2-test) ▲ förbättring" in text
    assert "Västra Dalen" not in text


def test_xlsx_holds_table_1(report):
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))

    sheet = workbook["Förbund och tillfrågade"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[4:8] == [
        ["Norra Berget", 1, 15, None, 5],
        ["Södra Dalarna", 2, 40, 12, 8],
        ["Östra Södertörn", 1, 30, None, None],
        ["Totalt", 4, 85, 12, 13],
    ]
