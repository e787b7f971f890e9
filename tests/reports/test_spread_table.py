"""The spread between förbund in the national report (disclosure rule 7): means of three."""

import pytest

from matpunkt.results.releases import release_create
from matpunkt.results.reports.national import build_national_report
from tests.analysis.conftest import forbund_with_answers
from tests.reports.helpers import rows, short, table
from tests.results.helpers import PAGAENDE


@pytest.fixture
def four_forbund(period, nns_admin):
    """F7 of deltagare pågående: Alfa 8 of 10, Beta 5 of 10, Gamma 3 of 6, Delta 4 of 4 (below
    K); all submitted and released. Open data leaves Delta out and, to cover it, Gamma and Alfa:
    it lists Beta."""
    for name, positive, n in [("Alfa", 8, 10), ("Beta", 5, 10), ("Gamma", 3, 6), ("Delta", 4, 4)]:
        forbund_with_answers(
            name, period, PAGAENDE, 7, positive=positive, negative=n - positive, submit_as=nns_admin
        )
    release_create(actor=nns_admin, period=period)
    return period


@pytest.mark.parametrize("full", [False, True])
def test_spread_is_withheld_where_open_data_and_the_mean_give_a_forbund(four_forbund, full):
    report = build_national_report(period=four_forbund, full=full)

    # Riket: 30 answers, 20 positive. Three förbund have K answers; knowing one's own figure
    # and Beta's from open data, the mean of the three would give the third.
    assert short(rows(report, "spread-deltagare_pagaende"))[6] == [
        "Fråga 7: Upp", "30", "67 %", "49–81 %", "3", "visas inte", "", "",
    ]  # fmt: skip


def test_spread_columns_and_notes_say_what_the_figures_are(four_forbund):
    report = build_national_report(period=four_forbund, full=False)
    spread = table(report, "spread-deltagare_pagaende")

    assert [column.label for column in spread.columns][4:] == [
        "Förbund med minst K svar",
        "Nedre kvartil (medel av tre förbund)",
        "Median (medel av tre förbund)",
        "Övre kvartil (medel av tre förbund)",
    ]
    assert spread.notes[1:] == [
        "Spridningen räknas på förbundens egna nyckeltal, för förbund med minst 5 svar på "
        "frågan, och visas bara när minst 3 förbund har det. Nedre kvartil, median och övre "
        "kvartil är vart och ett medelvärdet av de tre förbundsnyckeltal som ligger närmast "
        "kvartilen eller medianen, så att inget enskilt förbunds nyckeltal syns.",
        "”Visas inte” betyder att ett förbunds nyckeltal skulle gå att räkna fram ur "
        "medelvärdena tillsammans med det egna förbundets siffror och de nyckeltal som finns i "
        "öppna data.",
    ]


def test_spread_of_released_figures_for_forbund_users(golden, period_2017, nns_admin):
    release_create(actor=nns_admin, period=golden)
    report = build_national_report(period=golden, full=False)

    # All three förbund are listed in open data: the means give nothing away that is not
    # already public. (5/10 + 23/36 + 20/25) / 3 = 64.6 %.
    assert short(rows(report, "spread-deltagare_pagaende"))[0] == [
        "Fråga 1: Får", "71", "68 %", "56–77 %", "3", "65 %", "65 %", "65 %",
    ]  # fmt: skip
