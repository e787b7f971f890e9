"""The invariants of a place (insats × period × group), in one place.

A place's distribution says how many were asked and how many of them could not be reached; its
responses are the returned questionnaires with at least one answer. Nobody is both unreachable
and a respondent, so a place is consistent only while

    responses ≤ asked − unreachable.

`place_problem` is the rule itself, on plain numbers, so that the computation (which marks
conflicts in every output) and the write paths (which refuse to create one) apply the same rule.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _


class Problem:
    """Why a place breaks its invariant."""

    # More responses than people who could answer: asked − unreachable < responses.
    TOO_MANY_RESPONSES = "too_many_responses"


def place_problem(*, asked: int, unreachable: int, responses: int) -> str | None:
    """The invariant of one place on its counts: None when they are consistent, else a Problem."""
    if responses > asked - unreachable:
        return Problem.TOO_MANY_RESPONSES
    return None


@dataclass(frozen=True)
class PlaceCounts:
    """The counts of one place that the invariant is about."""

    asked: int
    unreachable: int
    responses: int

    @property
    def problem(self) -> str | None:
        return place_problem(
            asked=self.asked, unreachable=self.unreachable, responses=self.responses
        )

    @property
    def reachable(self) -> int:
        return self.asked - self.unreachable


# Counting a place in the database ----------------------------------------------------------------


@dataclass(frozen=True)
class PlaceState:
    """A place's counts as stored now, and whether any distribution is recorded for it."""

    counts: PlaceCounts
    has_distribution: bool

    @property
    def problem(self) -> str | None:
        return self.counts.problem

    @property
    def slack(self) -> int:
        """How many more responses the place can hold; negative when it breaks the invariant."""
        return self.counts.reachable - self.counts.responses


def _responses(**scope) -> int:
    # Responses sit above fieldwork; the invariant is about them, so it reads them here.
    from matpunkt.responses.models import Response, answered_q

    return Response.objects.filter(answered_q(), **scope).count()


def place_state(*, insats_id: int, period_id: int, group: str) -> PlaceState:
    """The counts in force and the number of responses of one place, read now."""
    from matpunkt.fieldwork.models import Distribution

    row = (
        Distribution.objects.filter(insats_id=insats_id, period_id=period_id, group=group)
        .values_list("asked", "unreachable")
        .first()
    )
    asked, unreachable = row or (0, 0)
    responses = _responses(insats_id=insats_id, period_id=period_id, group=group)
    return PlaceState(PlaceCounts(asked, unreachable, responses), has_distribution=row is not None)


def place_name(*, insats_name: str, period_label: str, group: str) -> str:
    from matpunkt.instrument.models import Group

    label = Group(group).label if group in Group.values else group
    return f"{insats_name}, {label}, {period_label}"


def problem_message(*, place: str, state: PlaceState) -> str:
    """What is wrong with a place, in Swedish, with its numbers."""
    counts = state.counts
    if not state.has_distribution:
        return _(
            "%(place)s: %(responses)s svar men ingen utdelning registrerad. Ange hur många som "
            "tillfrågades."
        ) % {"place": place, "responses": counts.responses}
    return _(
        "%(place)s: %(responses)s svar men bara %(reachable)s som kunde svara "
        "(%(asked)s tillfrågade, varav %(unreachable)s ej nåbara). Ingen kan vara både ej nåbar "
        "och svarande, och svaren kan inte vara fler än de tillfrågade."
    ) % {
        "place": place,
        "responses": counts.responses,
        "reachable": counts.reachable,
        "asked": counts.asked,
        "unreachable": counts.unreachable,
    }


def check_change(*, before: PlaceState, after: PlaceState, place: str) -> None:
    """Refuse a write that breaks a place's invariant or makes a broken place worse.

    A place with no distribution recorded yet may take responses (forms are often typed before
    the counts are entered); it cannot be submitted until its counts are entered.
    """
    if after.problem is None or not after.has_distribution:
        return
    if before.problem is not None and before.has_distribution and after.slack >= before.slack:
        return
    raise ValidationError(
        problem_message(place=place, state=after)
        + " "
        + _("Ändringen sparades inte: rätta antalet tillfrågade, ej nåbara eller svaren först."),
        code="inconsistent",
    )


@contextmanager
def place_guard(*, insats, period, group: str, allow_conflict: bool = False):
    """Run a write to one place and refuse it (inside the caller's transaction) when it breaks
    the place's invariant. Every write path to distribution and staff-entered responses uses it;
    `allow_conflict` is for NNS's imports of data handed in with a conflict."""
    before = place_state(insats_id=insats.pk, period_id=period.pk, group=group)
    yield
    if allow_conflict:
        return
    after = place_state(insats_id=insats.pk, period_id=period.pk, group=group)
    check_change(
        before=before,
        after=after,
        place=place_name(insats_name=insats.name, period_label=period.label, group=group),
    )


def distribution_guard(distribution):
    """`place_guard` for the place of a Distribution."""
    return place_guard(
        insats=distribution.insats, period=distribution.period, group=distribution.group
    )


@dataclass(frozen=True)
class PlaceIssue:
    """A place of a förbund's period that breaks its invariant, with what to tell the user."""

    insats_id: int
    insats_name: str
    group: str
    state: PlaceState
    message: str


def forbund_place_issues(*, forbund_id: int, period) -> list[PlaceIssue]:
    """Every place of the förbund's data for the period that breaks its invariant, by name."""
    from matpunkt.fieldwork.models import Distribution
    from matpunkt.organisations.models import Insats
    from matpunkt.responses.models import Response, answered_q

    distribution = {
        (insats_id, group): (asked, unreachable)
        for insats_id, group, asked, unreachable in Distribution.objects.filter(
            period=period, insats__forbund_id=forbund_id
        ).values_list("insats_id", "group", "asked", "unreachable")
    }
    responses = {
        (row["insats_id"], row["group"]): row["n"]
        for row in Response.objects.filter(
            answered_q(), period=period, insats__forbund_id=forbund_id
        )
        .values("insats_id", "group")
        .annotate(n=Count("pk"))
        .order_by()
    }
    names = dict(Insats.objects.filter(forbund_id=forbund_id).values_list("pk", "name"))
    issues = []
    for key in set(distribution) | set(responses):
        asked, unreachable = distribution.get(key, (0, 0))
        state = PlaceState(
            PlaceCounts(asked, unreachable, responses.get(key, 0)),
            has_distribution=key in distribution,
        )
        if state.problem is None:
            continue
        insats_id, group = key
        place = place_name(insats_name=names[insats_id], period_label=period.label, group=group)
        issues.append(
            PlaceIssue(
                insats_id, names[insats_id], group, state, problem_message(place=place, state=state)
            )
        )
    return sorted(issues, key=lambda issue: (issue.insats_name, _group_order(issue.group)))


def _group_order(group: str) -> int:
    from matpunkt.instrument.models import Group

    return Group.values.index(group) if group in Group.values else len(Group.values)
