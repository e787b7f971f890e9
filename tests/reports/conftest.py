"""A fixed dataset for the report tests: four förbund, two periods, three of them submitted.
`released` is the same after NNS has released both periods to förbund users.

Every figure of the golden tests follows from these counts by hand (see the comments).
"""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from matpunkt.results.models import NationalRelease, Submission, SubmissionStatus
from matpunkt.results.releases import release_create
from tests.factories import ForbundFactory, InsatsFactory
from tests.results.helpers import PAGAENDE, distribute, forms, store


@pytest.fixture(autouse=True)
def fresh_cache():
    """Results of submitted data are cached by their submissions; ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


def submit(forbund, period):
    submission, _created = Submission.objects.update_or_create(
        forbund=forbund,
        period=period,
        defaults={
            "status": SubmissionStatus.SUBMITTED,
            "submitted_at": timezone.make_aware(datetime.datetime(2021, 12, 3, 10, 0)),
        },
    )
    return submission


RELEASED_AT = timezone.make_aware(datetime.datetime(2021, 12, 10, 14, 0))


def release(period, note="", at=RELEASED_AT):
    """NNS releases the period's national figures as submitted now (from the command line),
    dated `at` so that the reports' texts do not depend on the day the tests run."""
    made = release_create(actor=None, period=period, note=note)
    NationalRelease.objects.filter(pk=made.pk).update(released_at=at)
    made.refresh_from_db()
    return made


def f1_forms(insats, period, group, n_by_value, **kw):
    """Forms answering F1 only: {stored value: number of forms}."""
    return [
        row
        for value, n in n_by_value.items()
        for row in forms(insats, period, group, n, f1=value, **kw)
    ]


@pytest.fixture
def golden(forbund, other_forbund, insats, other_insats, period, period_2017):
    """Södra Dalarna (A), Östra Södertörn (B), Norra Berget (C) submitted 2021; A and B 2017;
    Västra Dalen (D) has 2021 data that are not submitted.

    2021, deltagare pågående, F1 (clearly positive = 5, 6):
      A  Steget vidare: 20 without gender (14 positive), 8 women (6), 6 men (3), 2 not stated (0)
         → 36 answers, 23 positive (63.9 %); asked 40, unreachable 4.
      B  Grannens insats: 25 answers, 20 positive (80 %); asked 30.
      C  Bron: 10 answers, 5 positive (50 %); asked 15.
      D  Ön: 10 answers, 0 positive; asked 10 (not submitted: never in national figures).
      National (A+B+C): 71 answers, 48 positive (67.6 %); women 8 (6), men 6 (3).
    2021, styrelse F1: A (Vägen framåt) 6 answers, 3 positive; C 5 answers, 5 positive.
    2021, personal F1: A 3 answers, 2 positive (suppressed everywhere).
    2017, deltagare pågående F1: A 25 answers, 10 positive (40 %); B 20 answers, 12 (60 %).
    2017, styrelse F1: A 5 answers, 1 positive (20 %).
    """
    p21, p17 = period, period_2017
    a2 = InsatsFactory(forbund=forbund, name="Vägen framåt")
    third = ForbundFactory(name="Norra Berget")
    c1 = InsatsFactory(forbund=third, name="Bron")
    fourth = ForbundFactory(name="Västra Dalen")
    d1 = InsatsFactory(forbund=fourth, name="Ön")

    distribute(insats, p21, PAGAENDE, 40, 4)
    distribute(insats, p21, "personal", 12)
    distribute(a2, p21, "styrelse", 8)
    distribute(other_insats, p21, PAGAENDE, 30)
    distribute(c1, p21, PAGAENDE, 15)
    distribute(c1, p21, "styrelse", 5)
    distribute(d1, p21, PAGAENDE, 10)
    distribute(insats, p17, PAGAENDE, 30, 2)
    distribute(a2, p17, "styrelse", 7)
    distribute(other_insats, p17, PAGAENDE, 20)

    women = {"variant": "med_kon", "kon": "kvinna"}
    men = {"variant": "med_kon", "kon": "man"}
    store(
        f1_forms(insats, p21, PAGAENDE, {6: 10, 5: 4, 3: 6}),
        f1_forms(insats, p21, PAGAENDE, {5: 6, 2: 2}, **women),
        f1_forms(insats, p21, PAGAENDE, {6: 3, 4: 3}, **men),
        f1_forms(insats, p21, PAGAENDE, {1: 2}, variant="med_kon", kon="ej_uppgett"),
        f1_forms(insats, p21, "personal", {6: 2, 1: 1}),
        f1_forms(a2, p21, "styrelse", {5: 3, 2: 3}),
        f1_forms(other_insats, p21, PAGAENDE, {6: 20, 1: 5}),
        f1_forms(c1, p21, PAGAENDE, {5: 5, 4: 5}),
        f1_forms(c1, p21, "styrelse", {6: 5}),
        f1_forms(d1, p21, PAGAENDE, {1: 10}),
        f1_forms(insats, p17, PAGAENDE, {5: 10, 3: 15}),
        f1_forms(a2, p17, "styrelse", {5: 1, 3: 4}),
        f1_forms(other_insats, p17, PAGAENDE, {5: 12, 2: 8}),
    )
    for who, when in ((forbund, p21), (other_forbund, p21), (third, p21)):
        submit(who, when)
    for who in (forbund, other_forbund):
        submit(who, p17)
    return p21


@pytest.fixture
def released(golden, period_2017):
    """The golden dataset with both periods released: förbund users see national figures."""
    release(period_2017)
    release(golden)
    return golden
