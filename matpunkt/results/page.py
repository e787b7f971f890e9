"""What a förbund's results page shows, arranged from one count table of the computation module.

This module only arranges: every count and share comes from `computation` (shares through
`computation.share`), and question texts and option labels come from the instrument data.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import Group
from matpunkt.organisations.models import Forbund
from matpunkt.results.computation import (
    PARTICIPANTS,
    InsatsParticipation,
    min_cell_or_default,
    participation_from_counts,
    results_from_counts,
    share,
)
from matpunkt.results.counts import load_counts


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
    measure_name: str
    is_yes_no: bool
    figures: dict[str, Any]
    options: list[OptionFigure]


@dataclass(frozen=True)
class GroupSection:
    """A group as the results page shows it: its figures, its shares of asked, its questions."""

    code: str
    label: str
    is_participant: bool
    figures: dict[str, Any]
    nonresponse_share: float | None
    unreachable_share: float | None
    questions: list[QuestionSection]

    @property
    def has_yes_no(self) -> bool:
        return any(question.is_yes_no for question in self.questions)


@dataclass(frozen=True)
class RateRow:
    """One row of the response-rate table (the 2017 report's Table 2): a group or a total."""

    label: str
    asked: int
    nonresponse: int
    response_rate: float | None
    responses: int
    is_total: bool


@dataclass
class ResultsPage:
    """Everything the results page renders for one förbund and period."""

    results: dict[str, Any]
    min_cell: int
    groups: list[GroupSection]
    rate_rows: list[RateRow]
    participation: list[InsatsParticipation]


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


def _rate_rows(results: dict[str, Any]) -> list[RateRow]:
    def row(label, figures, is_total=False):
        return RateRow(
            label=label,
            asked=figures["asked"],
            nonresponse=figures["nonresponse"],
            response_rate=figures["response_rate"],
            responses=figures["responses"],
            is_total=is_total,
        )

    groups = results["groups"]
    rows = [row(str(Group(code).label), groups[code]) for code in PARTICIPANTS if code in groups]
    if rows:
        rows.append(row(_("Deltagare totalt"), results["totals"]["participants"], True))
    rows += [
        row(str(Group(code).label), f) for code, f in groups.items() if code not in PARTICIPANTS
    ]
    rows.append(row(_("Alla grupper totalt"), results["totals"]["all"], True))
    return rows


def results_page(*, period: Period, forbund: Forbund, min_cell: int | None = None) -> ResultsPage:
    """Everything a förbund's results page shows for a period, computed from one count table."""
    table = load_counts(period=period, forbund=forbund)
    k = min_cell_or_default(min_cell)
    results = results_from_counts(table, min_cell=k)
    groups = [
        GroupSection(
            code=code,
            label=str(Group(code).label),
            is_participant=code in PARTICIPANTS,
            figures=figures,
            nonresponse_share=share(figures["nonresponse"], figures["asked"]),
            unreachable_share=share(figures["unreachable"], figures["asked"]),
            questions=_questions(table.specs.get(code), figures),
        )
        for code, figures in results["groups"].items()
    ]
    return ResultsPage(
        results=results,
        min_cell=k,
        groups=groups,
        rate_rows=_rate_rows(results),
        participation=participation_from_counts(table),
    )
