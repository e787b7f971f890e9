"""The invariants of a place (insats × period × group), in one place.

A place's distribution says how many were asked and how many of them could not be reached; its
responses are the returned questionnaires with at least one answer. Nobody is both unreachable
and a respondent, so a place is consistent only while

    responses ≤ asked − unreachable.

`place_problem` is the rule itself, on plain numbers, so that the computation (which marks
conflicts in every output) and the write paths (which refuse to create one) apply the same rule.
"""

from dataclasses import dataclass


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
