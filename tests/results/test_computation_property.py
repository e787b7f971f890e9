"""Property: for random small datasets, compute_results equals a plain recount from the raw rows.

The recount below is written straight from shared/domain.md, one form at a time, independently of
the computation module (which counts in the database).
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matpunkt.instrument.selectors import questionnaire_specs
from matpunkt.results.computation import compute_results
from tests.factories import ForbundFactory, InsatsFactory
from tests.results.helpers import distribute, forms, store

GROUPS = ["deltagare_pagaende", "deltagare_avslut", "personal", "styrelse", "remittenter"]
PARTICIPANTS = ["deltagare_pagaende", "deltagare_avslut"]
KON = ["kvinna", "man", "ej_uppgett", ""]
INSATSER = 3  # insats 0 and 1 in the first förbund, insats 2 in the second


@st.composite
def form(draw):
    group = draw(st.sampled_from(GROUPS))
    variant = draw(st.sampled_from(["med_kon", "utan_kon"]))
    kon = draw(st.sampled_from(KON)) if variant == "med_kon" else ""
    # Any of the stored values 1–6 (or none) on any of F1–F10: answers outside a group's
    # questionnaire or scale, and F9–F10 without F8 = ja, happen too.
    answers = draw(
        st.lists(
            st.one_of(st.none(), st.none(), st.integers(1, 2), st.integers(1, 6)),
            min_size=10,
            max_size=10,
        )
    )
    return {
        "insats": draw(st.integers(0, INSATSER - 1)),
        "group": group,
        "variant": variant,
        "kon": kon,
        "answers": answers,
    }


distribution = st.tuples(
    st.integers(0, INSATSER - 1),
    st.sampled_from(GROUPS),
    st.integers(0, 25).flatmap(lambda asked: st.tuples(st.just(asked), st.integers(0, asked))),
)


def _rate(part, whole):
    return part / whole if whole else None


def _rates(asked, unreachable, responses):
    """Non-response and rate; neither when more responded than could be reached."""
    if responses > asked - unreachable:
        return {"nonresponse": None, "response_rate": None}
    return {"nonresponse": asked - responses, "response_rate": _rate(responses, asked)}


FORBUND_OF_INSATS = {0: "first", 1: "first", 2: "second"}


def recount(rows, dists, specs, min_cell, national=False):
    """The figures of shared/domain.md, counted form by form. For the nation, a figure is also
    hidden where taking away one förbund's answers would leave between 1 and K − 1 answers."""
    responses = [r for r in rows if any(a is not None for a in r["answers"])]
    present = {g for _i, g, _c in dists} | {r["group"] for r in responses}
    groups = {}
    for group in [g for g in GROUPS if g in present]:
        asked = sum(c[0] for _i, g, c in dists if g == group)
        unreachable = sum(c[1] for _i, g, c in dists if g == group)
        mine = [r for r in responses if r["group"] == group]
        gender = {
            "without_gender_item": sum(r["variant"] == "utan_kon" for r in mine),
            "women": sum(r["variant"] == "med_kon" and r["kon"] == "kvinna" for r in mine),
            "men": sum(r["variant"] == "med_kon" and r["kon"] == "man" for r in mine),
            "not_stated": sum(
                r["variant"] == "med_kon" and r["kon"] in ("", "ej_uppgett") for r in mine
            ),
        }
        questions = {}
        spec = specs.get(group)
        for q in spec.questions if spec else []:
            valid = {o.value: o for o in q.options}
            positive_values = {o.value for o in q.options if o.is_positive}
            counted = [
                r
                for r in mine
                if r["answers"][q.number - 1] in valid
                and (
                    q.condition_number is None
                    or r["answers"][q.condition_number - 1] == q.condition_value
                )
            ]

            def figures(subset, q=q, positive_values=positive_values):
                n = len(subset)
                pos = sum(r["answers"][q.number - 1] in positive_values for r in subset)
                return n, pos

            n, pos = figures(counted)
            women = figures([r for r in counted if r["kon"] == "kvinna"])
            men = figures([r for r in counted if r["kon"] == "man"])
            other = n - women[0] - men[0]
            split = (
                women[0] >= min_cell
                and men[0] >= min_cell
                and not 0 < other < min_cell
                and n >= min_cell
            )

            def leaves_small(subset):
                by_forbund = {}
                for r in subset:
                    forbund = FORBUND_OF_INSATS[r["insats"]]
                    by_forbund[forbund] = by_forbund.get(forbund, 0) + 1
                return any(0 < len(subset) - own < min_cell for own in by_forbund.values())

            if national and n >= min_cell and leaves_small(counted):
                n_shown = False
            else:
                n_shown = n >= min_cell
            if national and split:
                split = not any(
                    leaves_small([r for r in counted if kon(r)])
                    for kon in (
                        lambda r: r["kon"] == "kvinna",
                        lambda r: r["kon"] == "man",
                        lambda r: r["kon"] not in ("kvinna", "man"),
                    )
                )
            split = split and n_shown
            questions[q.code] = {
                "answered": n,
                "positive": pos if n_shown else None,
                "positive_share": _rate(pos, n) if n_shown else None,
                "distribution": (
                    {
                        o.code: sum(r["answers"][q.number - 1] == v for r in counted)
                        for v, o in valid.items()
                    }
                    if n_shown
                    else None
                ),
                "women": {"answered": women[0], "positive_share": _rate(women[1], women[0])}
                if split
                else None,
                "men": {"answered": men[0], "positive_share": _rate(men[1], men[0])}
                if split
                else None,
            }
        # A conditional question counts its condition's answer: hidden with it (disclosure rule 3).
        for q in spec.questions if spec else []:
            if q.condition_number is None:
                continue
            given = questions[f"F{q.condition_number}"]
            if given["positive"] is None:
                questions[q.code].update(
                    answered=None, positive=None, positive_share=None, distribution=None
                )
            if given["women"] is None:
                questions[q.code].update(women=None, men=None)
        groups[group] = {
            "asked": asked,
            "unreachable": unreachable,
            "responses": len(mine),
            **_rates(asked, unreachable, len(mine)),
            "gender": gender,
            "questions": questions,
        }

    def total(selected):
        asked = sum(groups[g]["asked"] for g in selected)
        unreachable = sum(groups[g]["unreachable"] for g in selected)
        answered = sum(groups[g]["responses"] for g in selected)
        return {"asked": asked, "responses": answered, **_rates(asked, unreachable, answered)}

    return groups, {
        "participants": total([g for g in PARTICIPANTS if g in groups]),
        "all": total(list(groups)),
    }


def make_dataset(period, rows, dists):
    """The generated forms and distribution stored in two förbund: insats 0 and 1 in the first,
    insats 2 in the second. Returns the förbund and the insatser."""
    both = [ForbundFactory(name="Första"), ForbundFactory(name="Andra")]
    insatser = [
        InsatsFactory(forbund=both[0], name="Ett"),
        InsatsFactory(forbund=both[0], name="Två"),
        InsatsFactory(forbund=both[1], name="Tre"),
    ]
    for i, group, (asked, unreachable) in dists:
        distribute(insatser[i], period, group, asked, unreachable)
    store(
        *[
            forms(
                insatser[r["insats"]],
                period,
                r["group"],
                1,
                variant=r["variant"],
                kon=r["kon"],
                **{f"f{n}": a for n, a in enumerate(r["answers"], start=1)},
            )
            for r in rows
        ]
    )
    return both, insatser


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(form(), max_size=40),
    dists=st.lists(distribution, max_size=6, unique_by=lambda d: (d[0], d[1])),
    scope=st.sampled_from(["nation", "forbund", "insats"]),
    min_cell=st.sampled_from([1, 2, 3, 5]),
)
def test_results_equal_a_plain_recount(period, rows, dists, scope, min_cell):
    specs = {g: s for g, s in questionnaire_specs(period.version).items() if s}
    with transaction.atomic():
        (first, _second), insatser = make_dataset(period, rows, dists)
        if scope == "nation":
            in_scope, kwargs = set(range(INSATSER)), {}
        elif scope == "forbund":
            in_scope, kwargs = {0, 1}, {"forbund": first}
        else:
            in_scope, kwargs = {1}, {"insats": insatser[1]}

        results = compute_results(period=period, min_cell=min_cell, **kwargs)
        transaction.set_rollback(True)

    groups, totals = recount(
        [r for r in rows if r["insats"] in in_scope],
        [d for d in dists if d[0] in in_scope],
        specs,
        min_cell,
        national=scope == "nation",
    )
    assert results["groups"] == groups
    assert results["totals"] == totals
    assert results["min_cell"] == min_cell
    skipped_f9_f10 = {
        (r["insats"], r["group"])
        for r in rows
        if r["insats"] in in_scope
        and r["group"] == "deltagare_avslut"
        and (r["answers"][8] is not None or r["answers"][9] is not None)
        and r["answers"][7] != 1
    }
    assert sum("formulär har svar på F9, F10" in w for w in results["warnings"]) == len(
        skipped_f9_f10
    )
