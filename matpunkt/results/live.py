"""Live figures: a förbund's own answer figures of a period it has not submitted (rule 8).

While a period is open, every new answer changes the förbund's figures, and two views of the
results page a few minutes apart would give the answer that arrived in between by subtraction.
So answer figures (distributions, positive counts and shares, the gender split) move in steps:
each question shows its counts of the last moment they had changed by at least K answers since
what was shown before (`disclosure.step_question`), and `LiveFigures` keeps what was shown, per
förbund and period, to compare the next view with. Counts that are not answers (asked,
unreachable, responses, the gender table, rates) stay live.

Every view takes the row lock of the förbund's `LiveFigures` and then counts, so parallel views
of one förbund and period step one after the other, each from what the one before showed and
with counts at least as new.
The row is not period data: writing it is allowed while the period is submitted and locked (it
is not written then, since submitted figures are exact). Submitting deletes it (`forget`);
reopening starts it from the submitted figures (`start_from`), which were shown while the period
was submitted.
"""

import json
from collections.abc import Callable
from typing import Any

from django.db import transaction

from matpunkt.fieldwork.models import Period
from matpunkt.organisations.models import Forbund
from matpunkt.results import disclosure
from matpunkt.results.computation import (
    class_vectors,
    condition_codes,
    figures_from_vectors,
    question_vectors,
    results_from_counts,
)
from matpunkt.results.counts import CountTable
from matpunkt.results.models import LiveFigures

# What a LiveFigures row holds: {"group|code": question state of `disclosure.step_question`}.
Shown = dict[str, dict[str, Any]]


def _key(group: str, code: str) -> str:
    return f"{group}|{code}"


def _current(table: CountTable, results: dict[str, Any]) -> disclosure.ScopeCells:
    """Every question of every group in the results, with its class vectors now: zero counts
    for a group with distribution but no responses yet."""
    vectors = class_vectors(table)
    for group in results["groups"]:
        spec = table.specs.get(group)
        for question in spec.questions if spec else []:
            if (group, question.code) not in vectors:
                vectors[(group, question.code)] = question_vectors(question, [])
    return vectors


def _stored(row: LiveFigures) -> Shown:
    return json.loads(row.shown)


def _text(shown: Shown) -> str:
    return json.dumps(shown, separators=(",", ":"), sort_keys=True)


def _as_json(state: dict[str, Any]) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, tuple) else value for name, value in state.items()
    }


def _locked_row(forbund: Forbund, period: Period) -> LiveFigures:
    """The förbund's row for the period, created if missing, under its row lock.

    INSERT … ON CONFLICT DO NOTHING and then SELECT … FOR UPDATE: of parallel first views one
    inserts and every view then waits for the row lock, so none steps from a stale state.
    """
    LiveFigures.objects.bulk_create(
        [LiveFigures(forbund=forbund, period=period)], ignore_conflicts=True
    )
    return LiveFigures.objects.select_for_update().get(forbund=forbund, period=period)


def _step(row: LiveFigures, current: disclosure.ScopeCells, min_cell: int) -> Shown:
    """Step every question's shown figures towards `current` and store what is shown now."""
    before = _stored(row)
    after = dict(before)
    for (group, code), vectors in current.items():
        key = _key(group, code)
        after[key] = _as_json(disclosure.step_question(before.get(key), vectors, min_cell))
    if after != before:
        row.shown = _text(after)
        row.save(update_fields=["shown", "updated_at"])
    return after


def _shown_vectors(state: dict[str, Any]) -> dict[str, Any]:
    """The vectors a question's figures are built from: the gender split only while it belongs
    to the shown total."""
    if state["split"]:
        return state
    return {"total": state["total"]}


def live_results(
    *,
    forbund: Forbund,
    period: Period,
    load_table: Callable[[], CountTable],
    min_cell: int,
) -> dict[str, Any]:
    """The förbund's results JSON of a period it has not submitted: counts live, answer figures
    as stepped (rule 8), disclosure control within the table applied as to exact results.

    The count table is loaded (`load_table`) under the row lock, so that the views of one
    förbund and period step in the order in which they counted: a view that counted earlier
    cannot step back to older figures after a later one has stepped.
    """
    with transaction.atomic():
        row = _locked_row(forbund, period)
        table = load_table()
        results = results_from_counts(table, min_cell=min_cell)
        shown = _step(row, _current(table, results), min_cell)
    for group, figures in results["groups"].items():
        spec = table.specs.get(group)
        if spec is None:
            continue
        figures["questions"] = {
            question.code: figures_from_vectors(
                question, _shown_vectors(shown[_key(group, question.code)]), min_cell
            )
            for question in spec.questions
        }
        disclosure.apply_conditions(figures["questions"], condition_codes(spec))
    return results


def forget(*, forbund: Forbund, period: Period) -> None:
    """Drop what was shown of the förbund's period: on submission, whose figures are exact."""
    LiveFigures.objects.filter(forbund=forbund, period=period).delete()


def start_from(*, forbund: Forbund, period: Period, table: CountTable) -> None:
    """Start the förbund's live figures of the period from a count table: on reopening, from the
    submitted counts, which every view showed while the period was submitted."""
    shown = {
        _key(group, code): _as_json({**vectors, "split": True})
        for (group, code), vectors in class_vectors(table).items()
    }
    with transaction.atomic():
        row = _locked_row(forbund, period)
        row.shown = _text(shown)
        row.save(update_fields=["shown", "updated_at"])
