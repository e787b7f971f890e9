"""The 2017 report's Tables 2–5 as a dataset, shared by the computation and page tests."""

import pytest

from tests.results.helpers import AVSLUT, JA, NEJ, PAGAENDE, distribute, forms, store


@pytest.fixture
def report_2017(insats, period_2017):
    """Distribution and responses whose counts are those of the 2017 report's Tables 2–5."""
    i, p = insats, period_2017
    distribute(i, p, PAGAENDE, 586, 48)
    distribute(i, p, AVSLUT, 182, 11)
    distribute(i, p, "personal", 194)
    distribute(i, p, "forbundschef", 16)
    distribute(i, p, "styrelse", 79)
    distribute(i, p, "chefsgrupp", 118)

    def f1(n_by_value, **kw):
        return [
            row
            for value, n in n_by_value.items()
            for row in forms(i, p, PAGAENDE, n, f1=value, **kw)
        ]

    women, men = {"variant": "med_kon", "kon": "kvinna"}, {"variant": "med_kon", "kon": "man"}
    store(
        # Deltagare pågående: 218 without the gender item, 170 women, 111 men, 31 not stated.
        f1({6: 90, 5: 70, 4: 30, 3: 18, 2: 7, 1: 3}),
        f1({6: 70, 5: 62, 4: 20, 3: 10, 2: 5, 1: 2}, **women),
        forms(i, p, PAGAENDE, 1, f2=5, **women),
        f1({6: 30, 5: 38, 4: 20, 3: 12, 2: 7, 1: 3}, **men),
        forms(i, p, PAGAENDE, 1, f2=5, **men),
        f1({6: 13, 5: 7}, variant="med_kon", kon="ej_uppgett"),
        f1({5: 5, 4: 3, 3: 2, 2: 1}, variant="med_kon", kon=""),
        # Stored but no responses: blank forms and forms with the gender item only.
        forms(i, p, PAGAENDE, 6),
        forms(i, p, PAGAENDE, 3, **women),
        # Deltagare avslut: 52 without the gender item, 9 women, 10 men, 28 not stated.
        forms(i, p, AVSLUT, 52, f1=5, f8=JA, f9=6, f10=4),
        forms(i, p, AVSLUT, 9, f1=6, f8=NEJ, **women),
        forms(i, p, AVSLUT, 10, f1=2, f8=JA, f9=5, **men),
        forms(i, p, AVSLUT, 28, f1=3, variant="med_kon", kon="ej_uppgett"),
        forms(i, p, "personal", 181, f1=4),
        forms(i, p, "forbundschef", 2, f1=5),
        forms(i, p, "forbundschef", 10, f1=3),
        forms(i, p, "styrelse", 74, f1=6),
        forms(i, p, "chefsgrupp", 100, f2=1),
    )
    return p
