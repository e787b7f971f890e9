"""Periods with real dates in three years, and helpers to give a förbund answers to one question."""

import datetime

import pytest
from django.core.cache import cache

from matpunkt.instrument.models import InstrumentVersion
from matpunkt.results.submission import submission_submit
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory
from tests.results.helpers import distribute, forms, store


@pytest.fixture(autouse=True)
def fresh_cache():
    """Results resting on submitted data are cached by their submissions; ids repeat."""
    cache.clear()
    yield
    cache.clear()


def make_period(label: str, year: int, version: str):
    return PeriodFactory(
        label=label,
        starts_on=datetime.date(year, 9, 1),
        ends_on=datetime.date(year, 10, 31),
        version=InstrumentVersion.objects.get(code=version),
    )


@pytest.fixture
def p2017(db):
    return make_period("2017", 2017, "2017")


@pytest.fixture
def p2019(db):
    return make_period("2019", 2019, "2017")


@pytest.fixture
def p2021(db):
    return make_period("2021", 2021, "2021")


def answer(insats, period, group, number, *, positive: int, negative: int, **kw) -> None:
    """`positive` forms answering question `number` with 6 (Alltid/Helt och hållet) and
    `negative` with 2; a distribution record as large as the forms."""
    store(
        forms(insats, period, group, positive, **{f"f{number}": 6}, **kw),
        forms(insats, period, group, negative, **{f"f{number}": 2}, **kw),
    )


def forbund_with_answers(name, period, group, number, *, positive, negative, submit_as=None):
    """A new förbund with one insats whose group answered question `number`; submitted when
    `submit_as` (an NNS administrator) is given."""
    forbund = ForbundFactory(name=name)
    insats = InsatsFactory(forbund=forbund, name=f"Insats i {name}")
    distribute(insats, period, group, positive + negative)
    answer(insats, period, group, number, positive=positive, negative=negative)
    if submit_as is not None:
        submission_submit(actor=submit_as, forbund=forbund, period=period)
    return forbund
