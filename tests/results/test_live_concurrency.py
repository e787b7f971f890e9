"""Live figures under parallel page loads: one row per förbund and period, steps one at a time.

Each thread has its own database connection, as gunicorn workers do. Twenty first views of a
förbund's unsubmitted period race to create its LiveFigures row (INSERT … ON CONFLICT DO NOTHING,
then SELECT … FOR UPDATE): none may fail, one row must result and all must show the same figures.
Then, with five more answers stored, twenty views race again: every one waits for the row lock,
so all step from the same figures to the same new ones. Last, a view that arrives while another
is stepping waits for it and steps from what it showed.
"""

import json
import threading

import pytest

from matpunkt.results.counts import load_counts
from matpunkt.results.live import live_results
from matpunkt.results.models import LiveFigures
from tests.codes.helpers import ensure_instrument
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory
from tests.results.helpers import PAGAENDE, distribute, forms, store
from tests.survey.test_concurrency import in_threads, own_connections  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

VIEWS = 20


@pytest.fixture
def setting(transactional_db):
    ensure_instrument()
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    period = PeriodFactory(label="2021")
    distribute(insats, period, PAGAENDE, 40)
    store(forms(insats, period, PAGAENDE, 6, f1=6), forms(insats, period, PAGAENDE, 4, f1=3))
    return forbund, insats, period


def f1_of_parallel_views(forbund, period):
    return in_threads(lambda _index: f1_of_a_view(forbund, period), VIEWS)


def f1_of_a_view(forbund, period) -> tuple[int, int]:
    results = live_results(
        forbund=forbund,
        period=period,
        load_table=lambda: load_counts(period=period, forbund=forbund),
        min_cell=5,
    )
    figures = results["groups"][PAGAENDE]["questions"]["F1"]
    return figures["answered"], figures["positive"]


def test_parallel_views_make_one_row_and_step_together(setting, own_connections):  # noqa: F811
    forbund, insats, period = setting
    own_connections()

    first = f1_of_parallel_views(forbund, period)
    in_threads(lambda _index: store(forms(insats, period, PAGAENDE, 5, f1=1)), 1)
    second = f1_of_parallel_views(forbund, period)

    assert first == [(10, 6)] * VIEWS
    assert second == [(15, 6)] * VIEWS
    rows = in_threads(lambda _index: list(LiveFigures.objects.values_list("shown", flat=True)), 1)
    (shown,) = rows[0]
    assert json.loads(shown)[f"{PAGAENDE}|F1"]["total"] == [5, 0, 4, 0, 0, 6]


def test_a_view_waits_for_the_step_of_a_view_in_flight(setting, own_connections):  # noqa: F811
    forbund, insats, period = setting
    own_connections()
    in_threads(lambda _index: f1_of_a_view(forbund, period), 1)  # shows 10
    in_threads(lambda _index: store(forms(insats, period, PAGAENDE, 5, f1=1)), 1)
    counted, second_done = threading.Event(), threading.Event()

    def first_view():
        def count():
            table = load_counts(period=period, forbund=forbund)  # 15 answers
            counted.set()
            # Holding the row lock, this view waits for the second (which must wait for it).
            second_done.wait(timeout=1)
            return table

        return live_results(forbund=forbund, period=period, load_table=count, min_cell=5)

    def second_view():
        counted.wait()
        store(forms(insats, period, PAGAENDE, 1, f1=1))
        try:
            return f1_of_a_view(forbund, period)  # 16 answers
        finally:
            second_done.set()

    first, second = in_threads(lambda index: (first_view, second_view)[index](), 2)

    # Stepped one after the other: the second view compares 16 with the 15 the first showed.
    # Had it read what was shown before the first view stored its step, it would show 16.
    assert first["groups"][PAGAENDE]["questions"]["F1"]["answered"] == 15
    assert second == (15, 6)
