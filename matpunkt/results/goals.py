"""A förbund's plan goals tied to questions: writing them, and judging whether they were met.

A goal is either a target share of clearly positive answers (e.g. at least 70 %) or "higher than
last period". The evaluation never claims more than the statistics support: fewer than K answers
cannot be judged, and "higher than last period" needs a significant increase
(statistics.compare_proportions). The figures come from the results of the computation module,
through a trends.Series, so a report can share one series with its other sections.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from matpunkt.core import audit
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import Group, Measure, Question
from matpunkt.organisations.models import Forbund
from matpunkt.organisations.permissions import require_manage
from matpunkt.results.formatting import NBSP, format_count, format_percent
from matpunkt.results.models import Goal, GoalKind
from matpunkt.results.statistics import Change
from matpunkt.results.trends import (
    Figure,
    Series,
    change_between,
    period_year,
    previous_figure,
    question_figure,
    series_for,
)

# Writing goals ------------------------------------------------------------------------------------


def _snapshot(goal: Goal) -> dict:
    return {
        "label": goal.label,
        "measure": goal.measure.key,
        "group": goal.group,
        "kind": goal.kind,
        "target_share": (
            None
            if goal.target_share is None
            else str(Decimal(goal.target_share).quantize(Decimal("0.001")))
        ),
        "plan_first_year": goal.plan_first_year,
        "plan_last_year": goal.plan_last_year,
        "active": goal.active,
    }


def _clean_plan_years(goal: Goal, errors: dict[str, list[str]]) -> None:
    if goal.plan_first_year is None:
        errors["plan_first_year"] = [
            _("Ange det första år som verksamhetsplanen gäller, t.ex. 2025.")
        ]
        return
    if goal.plan_last_year is not None and goal.plan_last_year < goal.plan_first_year:
        errors["plan_last_year"] = [
            _("Planens sista år (%(last)s) kan inte vara före det första (%(first)s).")
            % {"last": goal.plan_last_year, "first": goal.plan_first_year}
        ]


def _clean_goal(goal: Goal) -> None:
    errors: dict[str, list[str]] = {}
    _clean_plan_years(goal, errors)
    if goal.kind == GoalKind.TARGET_SHARE and goal.target_share is None:
        errors["target_share"] = [
            _("Ange målnivån som en andel mellan 0 och 1, t.ex. 0,70 för 70 %.")
        ]
    if goal.kind == GoalKind.HIGHER_THAN_LAST:
        goal.target_share = None
    if goal.group in Group.values and goal.measure_id is not None:
        asked = Question.objects.filter(
            measure_id=goal.measure_id, questionnaire__group=goal.group
        ).exists()
        if not asked:
            errors["measure"] = [
                _("Frågan ”%(measure)s” ställs inte till gruppen %(group)s i någon enkät.")
                % {"measure": goal.measure.name, "group": Group(goal.group).label}
            ]
    try:
        goal.full_clean(validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(m for m in messages if m not in errors[name])
    if errors:
        raise ValidationError(errors)
    if goal.plan_last_year is None:
        goal.plan_last_year = goal.plan_first_year


@transaction.atomic
def goal_create(
    *,
    actor,
    forbund: Forbund,
    label: str,
    measure: Measure,
    group: str,
    kind: str,
    plan_first_year: int | None,
    plan_last_year: int | None = None,
    target_share: Decimal | None = None,
    active: bool = True,
) -> Goal:
    """Record a goal of the förbund's plan and the plan's years (the last defaults to the
    first). A förbund or NNS administrator may."""
    require_manage(actor, forbund.pk)
    goal = Goal(
        forbund=forbund,
        label=(label or "").strip(),
        measure=measure,
        group=group,
        kind=kind,
        target_share=target_share,
        plan_first_year=plan_first_year,
        plan_last_year=plan_last_year,
        active=active,
    )
    _clean_goal(goal)
    goal.save()
    audit.record(
        actor=actor, action="goal.create", obj=goal, forbund=forbund, after=_snapshot(goal)
    )
    return goal


@transaction.atomic
def goal_update(
    *,
    actor,
    goal: Goal,
    label: str,
    measure: Measure,
    group: str,
    kind: str,
    plan_first_year: int | None,
    plan_last_year: int | None = None,
    target_share: Decimal | None = None,
    active: bool = True,
) -> Goal:
    """Change a goal. A förbund or NNS administrator may."""
    require_manage(actor, goal.forbund_id)
    before = _snapshot(goal)
    goal.label = (label or "").strip()
    goal.measure = measure
    goal.group = group
    goal.kind = kind
    goal.target_share = target_share
    goal.plan_first_year = plan_first_year
    goal.plan_last_year = plan_last_year
    goal.active = active
    _clean_goal(goal)
    goal.save()
    after = _snapshot(goal)
    if before != after:
        audit.record(
            actor=actor,
            action="goal.update",
            obj=goal,
            forbund=goal.forbund,
            before=before,
            after=after,
        )
    return goal


@transaction.atomic
def goal_delete(*, actor, goal: Goal) -> None:
    """Delete a goal; the audit log keeps what it was."""
    require_manage(actor, goal.forbund_id)
    audit.record(
        actor=actor, action="goal.delete", obj=goal, forbund=goal.forbund, before=_snapshot(goal)
    )
    goal.delete()


def goals_of(forbund: Forbund) -> QuerySet[Goal]:
    """The förbund's goals, active first, in plan order."""
    return (
        Goal.objects.filter(forbund=forbund)
        .select_related("measure")
        .order_by("-active", "plan_first_year", "plan_last_year", "pk")
    )


# Evaluating goals ---------------------------------------------------------------------------------

# Verdicts, translated when used.
ACHIEVED = gettext_noop("Målet är uppnått")
NOT_ACHIEVED = gettext_noop("Målet är inte uppnått")
HIGHER = gettext_noop("Högre än förra perioden")
LOWER = gettext_noop("Lägre än förra perioden")
NO_CLEAR_CHANGE = gettext_noop("Ingen säker förändring")


@dataclass(frozen=True)
class GoalResult:
    """A goal judged on one period: its figure, what it is compared with, and the verdict.

    `achieved` is True or False only when the statistics support it, otherwise None. `note`
    adds a caution the verdict alone does not carry (e.g. a target inside the interval).
    """

    goal: Goal
    period: str
    figure: Figure | None
    is_yes_no: bool
    target_share: float | None
    previous_period: str | None
    previous: Figure | None
    change: Change | None
    achieved: bool | None
    verdict: str
    note: str

    @property
    def interval_text(self) -> str:
        """The figure's 95 % interval as "66–81 %" ("" when suppressed)."""
        return format_interval(self.figure.interval if self.figure else None)

    @property
    def difference_text(self) -> str:
        """The change against the previous period in percentage points ("" when none)."""
        return format_points(self.change.difference_pp) if self.change else ""


def _too_few(k: int) -> str:
    return _("Kan inte bedömas: färre än %(k)s svar") % {"k": k}


def _judge_target(goal: Goal, figure: Figure) -> tuple[bool, str, str]:
    target = Fraction(goal.target_share)
    achieved = Fraction(figure.positive, figure.answered) >= target
    note = ""
    low, high = figure.interval
    if low <= float(target) <= high:
        note = _(
            "Målnivån ligger inom 95-procentsintervallet (%(interval)s), så resultatet kan "
            "bero på slumpen."
        ) % {"interval": format_interval(figure.interval)}
    return achieved, _(ACHIEVED) if achieved else _(NOT_ACHIEVED), note


def _judge_previous(change: Change) -> tuple[bool | None, str]:
    if change.is_improvement:
        return True, _(HIGHER)
    if change.is_deterioration:
        return False, _(LOWER)
    return None, _(NO_CLEAR_CHANGE)


def _outside_plan(goal: Goal, period: Period, series: Series) -> str:
    """Why the goal is not judged on the period, "" when the period is of the plan's years."""
    if goal.plan_first_year is None:
        return _("Bedöms inte: verksamhetsplanens år saknas för målet")
    if goal.covers(period_year(period)):
        return ""
    measured = [p.label for p in series.periods if goal.covers(period_year(p))]
    if not measured:
        return _(
            "Bedöms inte: målet hör till verksamhetsplanen %(years)s, och ingen mätperiod under "
            "planens år är mätt ännu"
        ) % {"years": goal.plan_years}
    return _(
        "Bedöms inte på mätperiod %(period)s: målet hör till verksamhetsplanen %(years)s och "
        "bedöms på mätperiod %(periods)s"
    ) % {"period": period.label, "years": goal.plan_years, "periods": ", ".join(measured)}


def _evaluate(goal: Goal, period: Period, series: Series) -> GoalResult:
    base = {
        "goal": goal,
        "period": period.label,
        "target_share": None if goal.target_share is None else float(goal.target_share),
        "previous_period": None,
        "previous": None,
        "change": None,
        "note": "",
    }
    outside = _outside_plan(goal, period, series)
    if outside:
        return GoalResult(**base, is_yes_no=False, figure=None, achieved=None, verdict=outside)
    results = series.at(period)
    question = results.question(goal.group, goal.measure.key)
    base["is_yes_no"] = question is not None and question.is_yes_no
    if question is None:
        verdict = _("Kan inte bedömas: frågan ställs inte till gruppen i mätperiod %(period)s") % {
            "period": period.label
        }
        return GoalResult(**base, figure=None, achieved=None, verdict=verdict)
    figure = question_figure(results, goal.group, question)
    if figure.suppressed:
        return GoalResult(**base, figure=figure, achieved=None, verdict=_too_few(series.min_cell))
    if goal.kind == GoalKind.TARGET_SHARE:
        achieved, verdict, note = _judge_target(goal, figure)
        return GoalResult(
            **{**base, "note": note}, figure=figure, achieved=achieved, verdict=verdict
        )
    previous = previous_figure(series, period, goal.group, goal.measure.key)
    if previous is None:
        verdict = _("Kan inte bedömas: det finns ingen tidigare mätperiod att jämföra med")
        return GoalResult(**base, figure=figure, achieved=None, verdict=verdict)
    earlier_period, earlier = previous
    base.update(previous_period=earlier_period.label, previous=earlier)
    if earlier.suppressed:
        verdict = _("Kan inte bedömas: färre än %(k)s svar under mätperiod %(period)s") % {
            "k": series.min_cell,
            "period": earlier_period.label,
        }
        return GoalResult(**base, figure=figure, achieved=None, verdict=verdict)
    change = change_between(earlier, figure)
    achieved, verdict = _judge_previous(change)
    base["change"] = change
    return GoalResult(**base, figure=figure, achieved=achieved, verdict=verdict)


def goal_fulfilment(
    *,
    forbund: Forbund,
    period: Period,
    min_cell: int | None = None,
    series: Series | None = None,
) -> list[GoalResult]:
    """Every active goal of the förbund judged on the period's figures, in plan order."""
    series = series_for(series, forbund=forbund, min_cell=min_cell, submitted_only=False)
    goals = goals_of(forbund).filter(active=True)
    return [_evaluate(goal, period, series) for goal in goals]


# The paragraph for the annual report --------------------------------------------------------------


def format_interval(interval: tuple[float, float] | None) -> str:
    """A 95 % interval as "66–81 %"; "" for None."""
    if interval is None:
        return ""
    low, high = (format_percent(value, sign=False) for value in interval)
    return f"{low}–{high}{NBSP}%"


def format_points(difference_pp: float) -> str:
    """A change in percentage points with sign and one decimal: "+4,0" or "−2,5"."""
    rounded = Decimal(str(abs(difference_pp))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "+" if difference_pp > 0 and rounded else ("−" if difference_pp < 0 and rounded else "")
    return f"{sign}{rounded}".replace(".", ",")


def _plain(text: str) -> str:
    return " ".join(text.replace("<u>", "").replace("</u>", "").split())


def _outcome(result: GoalResult, figure: Figure) -> str:
    if figure.answered is None:
        return _("Utfall: för få svar för att redovisa en andel.")
    if figure.answered == 0:
        return _("Utfall: inga svar på frågan.")
    if figure.suppressed:
        return _("Utfall: %(answered)s svar, för få för att redovisa en andel.") % {
            "answered": format_count(figure.answered)
        }
    measure = _("svar ja") if result.is_yes_no else _("klart positiva svar")
    return _(
        "Utfall: %(share)s %(measure)s av %(answered)s svar (95 %% konfidensintervall "
        "%(interval)s)."
    ) % {
        "share": format_percent(figure.positive_share),
        "measure": measure,
        "answered": format_count(figure.answered),
        "interval": format_interval(figure.interval),
    }


def _goal_paragraph(result: GoalResult) -> str:
    goal = result.goal
    figure = result.figure
    sentences = [_plain(goal.label)]
    if goal.plan_years:
        sentences.append(_("Verksamhetsplan %(years)s.") % {"years": goal.plan_years})
    if figure is None:
        sentences.append(
            _("Indikator: Mäts med NNS indikatorenkät, %(group)s, mätperiod %(period)s.")
            % {"group": Group(goal.group).label.lower(), "period": result.period}
        )
    else:
        sentences.append(
            _(
                "Indikator: Mäts med NNS indikatorenkät, %(group)s, fråga %(code)s ”%(text)s” "
                "(mätperiod %(period)s)."
            )
            % {
                "group": Group(goal.group).label.lower(),
                "code": figure.question_code,
                "text": _plain(figure.question_text),
                "period": result.period,
            }
        )
    measure = _("svar ja") if result.is_yes_no else _("klart positiva svar")
    if goal.kind == GoalKind.TARGET_SHARE:
        sentences.append(
            _("Målnivå: minst %(target)s %(measure)s.")
            % {"target": format_percent(result.target_share), "measure": measure}
        )
    else:
        sentences.append(
            _("Mål: högre andel %(measure)s än förra mätperioden.") % {"measure": measure}
        )
    if figure is not None:
        sentences.append(_outcome(result, figure))
    if result.previous is not None and not result.previous.suppressed:
        previous = {
            "period": result.previous_period,
            "share": format_percent(result.previous.positive_share),
            "answered": format_count(result.previous.answered),
        }
        if result.change is not None:
            previous["points"] = format_points(result.change.difference_pp)
            sentences.append(
                _(
                    "Mätperioden %(period)s: %(share)s av %(answered)s svar, en skillnad på "
                    "%(points)s procentenheter."
                )
                % previous
            )
    sentences.append(result.verdict + ".")
    if result.note:
        sentences.append(result.note)
    return " ".join(sentences)


def goal_fulfilment_text(
    *,
    forbund: Forbund,
    period: Period,
    min_cell: int | None = None,
    series: Series | None = None,
) -> str:
    """The goal fulfilment as plain Swedish paragraphs to paste into an annual report.

    One paragraph per active goal, separated by blank lines; "" when the förbund has no goals.
    """
    results = goal_fulfilment(forbund=forbund, period=period, min_cell=min_cell, series=series)
    return "\n\n".join(_goal_paragraph(result) for result in results)
