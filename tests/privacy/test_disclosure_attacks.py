"""Proof by attack (issue 9, item 5): no role can solve for a cell hidden from it.

`tests/privacy/attacker.py` plays the attacker: after every event it reads what the reader and
the administrator of the first förbund and the public can see (the förbund report and its
XLSX, the national report as förbund users see it, the open data), turns every figure into a
linear equation over answer counts and checks with exact arithmetic that no hidden cell is
determined. One hand-made dataset per attack listed in issue 9, then a property over random
datasets and event sequences.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from matpunkt.organisations.models import Membership, Role
from tests.factories import ForbundFactory, InsatsFactory, UserFactory
from tests.privacy.attacker import Form, World, all_disclosures, make_form, observe, roles_of
from tests.results.helpers import distribute

PAGAENDE, AVSLUT = "deltagare_pagaende", "deltagare_avslut"
NAMES = ["Alfa", "Beta", "Gamma", "Delta", "Epsilon"]
WITHOUT, WOMAN, MAN, NOT_STATED = range(4)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def make_world(period, count: int, *, k: int = 5, insatser: int = 1) -> World:
    """`count` förbund (Alfa first: the attacker's), each with its insatser and room in the
    distribution for every group."""
    nns = UserFactory(username="nina_nns")
    Membership.objects.get_or_create(user=nns, role=Role.NNS_ADMIN, forbund=None)
    forbund, places, users = [], {}, {"nns": nns}
    for name in NAMES[:count]:
        f = ForbundFactory(name=name)
        forbund.append(f)
        places[f.pk] = [InsatsFactory(forbund=f, name=f"{name} {i}") for i in range(insatser)]
        admin = UserFactory(username=f"admin_{name.lower()}")
        Membership.objects.create(user=admin, role=Role.FORBUND_ADMIN, forbund=f)
        users[f.pk] = admin
        for insats in places[f.pk]:
            for group in (PAGAENDE, AVSLUT, "personal"):
                distribute(insats, period, group, 40)
    return World(period=period, forbund=forbund, insatser=places, users=users, k=k)


def hand(world: World, group: str, gender: int = WITHOUT, **answers) -> Form:
    """A form answering every question it asks: the given answers (f1=6, f8=1 …), 3 elsewhere
    (Nej on yes/no questions)."""
    values = [answers.get(f"f{n}", 3 if n not in (4, 8) else 2) for n in range(1, 11)]
    return make_form(world.specs[group], insats=0, gender=gender, values=values)


def f1(world, group, by_value: dict[int, int], gender: int = WITHOUT) -> list[Form]:
    return [hand(world, group, gender, f1=value) for value, n in by_value.items() for _ in range(n)]


def run(world: World, events) -> list[str]:
    """Observe, then each event and observe again; every disclosure found."""
    roles = roles_of(world)
    observe(world, roles)
    for number, event in enumerate(events, start=1):
        event()
        observe(world, roles, xlsx=number == len(events))
    return all_disclosures(world, roles)


def ids(world):
    return [f.pk for f in world.forbund]


# One test per attack of issue 9 ------------------------------------------------------------------


@pytest.mark.django_db
def test_national_minus_own_forbund_gives_nothing_away(period):
    """Issue 9: with two förbund submitted, the national F1 distribution (14) minus the own
    förbund's (11) gave the other förbund's three answers, and its only man's answer."""
    world = make_world(period, 2)
    a, b = ids(world)
    world.seed(a, f1(world, PAGAENDE, {6: 5, 5: 2, 3: 2, 1: 2}))
    world.seed(b, f1(world, PAGAENDE, {6: 1, 2: 1}) + f1(world, PAGAENDE, {1: 1}, MAN))

    found = run(world, [lambda: world.submit(a), lambda: world.submit(b), world.release])

    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_figures_before_and_after_a_submission_give_nothing_away(period):
    """Issue 9: the national figures a reader saw before and after one förbund's submission
    (or reopening) differed by exactly that förbund's answers."""
    world = make_world(period, 4)
    a, b, c, d = ids(world)
    world.seed(a, f1(world, PAGAENDE, {6: 4, 4: 3, 2: 3}))
    world.seed(b, f1(world, PAGAENDE, {6: 1, 1: 1}) + f1(world, PAGAENDE, {2: 1}, WOMAN))
    world.seed(c, f1(world, PAGAENDE, {5: 3, 3: 3}))
    world.seed(d, f1(world, PAGAENDE, {6: 2, 4: 2, 1: 2}))

    found = run(
        world,
        [
            lambda: world.submit(a),
            lambda: world.submit(c),
            lambda: world.submit(d),
            world.release,
            lambda: world.submit(b),
            world.release,
            lambda: world.reopen(b),
            world.release,
        ],
    )

    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_total_minus_women_minus_men_gives_nothing_away(period):
    """Issue 9: on a förbund's own page, F1 total 11, women 5, men 5: the one respondent who
    did not state a gender answered "Aldrig"."""
    world = make_world(period, 1)
    (a,) = ids(world)
    world.seed(
        a,
        f1(world, PAGAENDE, {6: 3, 4: 2}, WOMAN)
        + f1(world, PAGAENDE, {5: 1, 3: 4}, MAN)
        + f1(world, PAGAENDE, {1: 1}, NOT_STATED),
    )

    found = run(world, [lambda: world.submit(a)])

    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_conditional_answers_do_not_give_away_the_condition(period):
    """Issue 9: F8's yes count is suppressed but F9's number of answers, counted only where
    F8 = Ja, shows it."""
    world = make_world(period, 1)
    (a,) = ids(world)
    world.seed(
        a,
        [hand(world, AVSLUT, f8=1, f9=6, f10=5) for _ in range(3)] + [hand(world, AVSLUT, f8=2)],
    )

    found = run(world, [lambda: world.submit(a)])

    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_open_data_riket_minus_the_listed_forbund_gives_nothing_away(period):
    """Issue 9: Riket minus the listed förbund gives the förbund left out as too small."""
    world = make_world(period, 4)
    a, b, c, d = ids(world)
    world.seed(a, f1(world, PAGAENDE, {6: 4, 3: 6}))
    world.seed(b, f1(world, PAGAENDE, {5: 5, 2: 3}))
    world.seed(c, f1(world, PAGAENDE, {6: 2, 4: 5}))
    world.seed(d, f1(world, PAGAENDE, {6: 2, 1: 1}))

    found = run(world, [*(lambda f=f: world.submit(f) for f in (a, b, c, d)), world.release])

    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_spread_between_three_forbund_gives_no_forbund_figure_away(period):
    """Issue 9: with three förbund, the quartiles give every förbund's share exactly
    (2·Q1 − median). Delta has too few answers for the spread; open data then lists only Gamma
    (rule 6), so Alfa knows two of the three figures the spread is made of."""
    world = make_world(period, 4)
    a, b, c, d = ids(world)
    world.seed(a, f1(world, PAGAENDE, {6: 3, 3: 3}))
    world.seed(b, f1(world, PAGAENDE, {5: 5, 2: 2}))
    world.seed(c, f1(world, PAGAENDE, {6: 2, 1: 6}))
    world.seed(d, f1(world, PAGAENDE, {6: 1, 1: 1}))

    found = run(world, [*(lambda f=f: world.submit(f) for f in (a, b, c, d)), world.release])

    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_open_data_of_a_later_release_does_not_complete_an_earlier_riket(period):
    """Found by the property below: the first release lists Riket and hides every förbund
    (rule 6, Gamma has 3 answers); after Alfa corrects its data the second release hides Riket
    (rule 5) but lists Alfa and Beta, and Beta's data did not change: Riket of the first
    release minus Alfa's and Beta's figures then gives Gamma's three answers."""
    world = make_world(period, 3)
    a, b, c = ids(world)
    world.seed(a, f1(world, PAGAENDE, {6: 4, 3: 4}))
    world.seed(b, f1(world, PAGAENDE, {5: 3, 2: 5}))
    world.seed(c, f1(world, PAGAENDE, {6: 2, 1: 1}))

    found = run(
        world,
        [
            *(lambda f=f: world.submit(f) for f in (a, b, c)),
            world.release,
            lambda: world.reopen(a),
            lambda: world.add(a, hand(world, PAGAENDE, f1=6), web=False),
            lambda: world.submit(a),
            world.release,
        ],
    )

    assert found == [], "\n".join(found)


# The property: random datasets, random sequences of events --------------------------------------

GROUP_SETS = [(AVSLUT,), (AVSLUT, PAGAENDE), (AVSLUT, "personal")]
answers = st.lists(st.integers(1, 6), min_size=10, max_size=10)
# (group index, insats, gender item 0–3, answers): small cells and every gender class.
raw_form = st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 3), answers)
event = st.one_of(
    st.tuples(st.just("reopen"), st.integers(0, 4)),
    st.tuples(st.just("change"), st.integers(0, 4), st.integers(0, 9), raw_form),
    st.tuples(st.just("add"), st.integers(0, 4), raw_form, st.booleans()),
    st.tuples(st.just("submit"), st.integers(0, 4)),
    st.tuples(st.just("release")),
)


def _form(world, groups, raw) -> Form:
    group_index, insats, gender, values = raw
    group = groups[group_index % len(groups)]
    return make_form(world.specs[group], insats=insats, gender=gender, values=values)


def _submit_all(world):
    for f in world.forbund:
        if world.is_open(f.pk) and world.forms[f.pk]:
            world.submit(f.pk)


def _release(world):
    if world.submitted and tuple(sorted(world.submitted.items())) not in world.releases[-1:]:
        world.release()


def _apply(world, groups, event) -> bool:
    """Run one event through the services when it is possible now; False when it is not."""
    kind, *args = event
    if kind == "release":
        before = len(world.releases)
        _release(world)
        return len(world.releases) > before
    f = world.forbund[args[0] % len(world.forbund)].pk
    if kind == "reopen":
        if world.is_open(f):
            return False
        world.reopen(f)
    elif kind == "submit":
        if not world.is_open(f) or not world.forms[f]:
            return False
        world.submit(f)
    elif not world.is_open(f):
        return False
    elif kind == "change":
        world.change(f, args[1], _form(world, groups, args[2]))
    else:
        world.add(f, _form(world, groups, args[1]), web=args[2])
    return True


@pytest.mark.django_db
@settings(
    max_examples=15,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    count=st.integers(3, 5),
    k=st.sampled_from([3, 5]),
    groups=st.sampled_from(GROUP_SETS),
    insatser=st.integers(1, 2),
    data=st.lists(st.lists(raw_form, max_size=8), min_size=5, max_size=5),
    early=st.lists(st.tuples(st.integers(0, 4), raw_form, st.booleans()), max_size=2),
    events=st.lists(event, min_size=1, max_size=5),
)
def test_no_role_can_solve_for_a_hidden_cell(
    period, count, k, groups, insatser, data, early, events
):
    """Web and paper forms arrive while the period is open, every förbund submits, NNS
    releases, then reopenings, corrections, new forms, submissions and releases in any order,
    and a last release of everything; after every event each role reads what it can see.

    No shrinking (it takes minutes here): a failure names the events and the dataset."""
    cache.clear()
    with transaction.atomic(), override_settings(MATPUNKT_MIN_CELL=k):
        world = make_world(period, count, k=k, insatser=insatser)
        for f, forms in zip(world.forbund, data, strict=False):
            world.seed(f.pk, [_form(world, groups, raw) for raw in forms])
        roles = roles_of(world)
        observe(world, roles)
        for f, raw, web in early:
            if _apply(world, groups, ("add", f, raw, web)):
                observe(world, roles)
        _submit_all(world)
        observe(world, roles)
        for step in [("release",), *events]:
            if _apply(world, groups, step):
                observe(world, roles)
        _submit_all(world)
        _release(world)
        observe(world, roles, xlsx=True)
        found = all_disclosures(world, roles)
        transaction.set_rollback(True)
    cache.clear()

    assert found == [], "\n".join([f"events: {'; '.join(world.events)}", *found])
