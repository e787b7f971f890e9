"""The results of one period arranged for reading: groups with their questions, and the rows of
the response-rate table. The förbund report and the national report (`reports`) build on it.

This module only arranges: every count and share comes from `computation` (shares through
`computation.share`), and question texts and option labels come from the instrument data.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from matpunkt.instrument.models import Group
from matpunkt.results.computation import (
    PARTICIPANTS,
    conflict_note,
    share,
)


@dataclass(frozen=True)
class OptionFigure:
    """One answer option with its count and share of the answers (None when suppressed)."""

    code: str
    label: str
    count: int | None
    share: float | None


@dataclass(frozen=True)
class QuestionSection:
    """A question as the results page shows it: instrument text beside its computed figures."""

    number: int
    code: str
    text: str
    measure_key: str
    measure_name: str
    is_yes_no: bool
    figures: dict[str, Any]
    options: list[OptionFigure]


@dataclass(frozen=True)
class GroupSection:
    """A group as the results page shows it: its figures, its shares of asked, its questions.

    `conflict` is the note shown instead of the response rate and non-response when the group's
    counts contradict each other (more responses than reachable people); "" otherwise.
    """

    code: str
    label: str
    is_participant: bool
    figures: dict[str, Any]
    nonresponse_share: float | None
    unreachable_share: float | None
    questions: list[QuestionSection]
    conflict: str = ""

    @property
    def has_yes_no(self) -> bool:
        return any(question.is_yes_no for question in self.questions)


@dataclass(frozen=True)
class RateRow:
    """One row of the response-rate table (the 2017 report's Table 2): a group or a total.

    `conflict` is the note shown instead of the non-response and the response rate when the
    row's counts contradict each other; both are None then.
    """

    label: str
    asked: int
    nonresponse: int | None
    response_rate: float | None
    responses: int
    unreachable: int
    unreachable_share: float | None
    is_total: bool
    conflict: str = ""


def _questions(spec, figures: dict[str, Any]) -> list[QuestionSection]:
    sections = []
    for question in spec.questions if spec else []:
        q_figures = figures["questions"][question.code]
        distribution = q_figures["distribution"]
        sections.append(
            QuestionSection(
                number=question.number,
                code=question.code,
                text=question.text,
                measure_key=question.measure_key,
                measure_name=question.measure_name,
                is_yes_no=question.is_yes_no,
                figures=q_figures,
                options=[
                    OptionFigure(
                        code=option.code,
                        label=option.label,
                        count=None if distribution is None else distribution[option.code],
                        share=(
                            None
                            if distribution is None
                            else share(distribution[option.code], q_figures["answered"])
                        ),
                    )
                    for option in question.options
                ],
            )
        )
    return sections


def rate_rows(results: dict[str, Any]) -> list[RateRow]:
    """The rows of the response-rate table: participant groups, their total, other groups, all.

    The computation's totals hold no unreachable count; a total row's is the sum of its groups'.
    """

    def row(label, figures, unreachable, is_total=False):
        return RateRow(
            label=label,
            asked=figures["asked"],
            nonresponse=figures["nonresponse"],
            response_rate=figures["response_rate"],
            responses=figures["responses"],
            unreachable=unreachable,
            unreachable_share=share(unreachable, figures["asked"]),
            is_total=is_total,
            conflict=conflict_note(
                asked=figures["asked"], unreachable=unreachable, responses=figures["responses"]
            ),
        )

    groups = results["groups"]
    participants = [code for code in PARTICIPANTS if code in groups]
    rows = [
        row(str(Group(code).label), groups[code], groups[code]["unreachable"])
        for code in participants
    ]
    if rows:
        unreachable = sum(groups[code]["unreachable"] for code in participants)
        rows.append(
            row(_("Deltagare totalt"), results["totals"]["participants"], unreachable, True)
        )
    rows += [
        row(str(Group(code).label), f, f["unreachable"])
        for code, f in groups.items()
        if code not in PARTICIPANTS
    ]
    unreachable = sum(f["unreachable"] for f in groups.values())
    rows.append(row(_("Alla grupper totalt"), results["totals"]["all"], unreachable, True))
    return rows


def group_sections(results: dict[str, Any], specs: dict) -> list[GroupSection]:
    """The groups of a results JSON with their questions, in the order of the results."""
    return [
        GroupSection(
            code=code,
            label=str(Group(code).label),
            is_participant=code in PARTICIPANTS,
            figures=figures,
            nonresponse_share=(
                None
                if figures["nonresponse"] is None
                else share(figures["nonresponse"], figures["asked"])
            ),
            unreachable_share=share(figures["unreachable"], figures["asked"]),
            questions=_questions(specs.get(code), figures),
            conflict=conflict_note(
                asked=figures["asked"],
                unreachable=figures["unreachable"],
                responses=figures["responses"],
            ),
        )
        for code, figures in results["groups"].items()
    ]
