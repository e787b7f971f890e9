"""The database side of the computation: counting a period's responses into a CountTable.

One GROUP BY over the period's responses gives one row (a Cell) per insats, group, variant, gender
answer and answer to a condition question (F8), with one COUNT per question and stored answer
value, plus the number of responses (forms with at least one question answered). Which values and
conditions exist is read from the instrument data of the period's version. `computation` turns the
table into figures; nothing else reads it.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from matpunkt.fieldwork.models import Distribution, Period
from matpunkt.instrument.selectors import QuestionnaireSpec, QuestionSpec, questionnaire_specs
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.responses.models import ANSWER_FIELDS, QUESTION_NUMBERS, Response

RESPONSES = "responses"

Condition = tuple[int, int]  # (question number, stored value that must have been answered)


@dataclass(frozen=True)
class InsatsInfo:
    """An insats of the scope with its förbund, for naming places in warnings and tables."""

    id: int
    name: str
    forbund_id: int
    forbund_name: str


@dataclass(frozen=True)
class Cell:
    """Counts for the forms of one insats, group, variant, gender answer and condition answers."""

    insats_id: int
    group: str
    variant: str
    kon: str
    conditions: dict[int, int | None]
    counts: dict[str, int]

    def holds(self, condition: Condition | None) -> bool:
        """Whether the forms of this cell meet a question's condition (None: unconditional)."""
        return condition is None or self.conditions.get(condition[0]) == condition[1]


@dataclass
class CountTable:
    """Everything the figures are computed from: the counts of one period in one scope."""

    period: Period
    forbund: Forbund | None
    insats: Insats | None
    specs: dict[str, QuestionnaireSpec]
    insatser: dict[int, InsatsInfo]
    distribution: dict[tuple[int, str], tuple[int, int]]
    cells: list[Cell]
    answer_values: dict[int, list[int]]


def answer_alias(number: int, value: int) -> str:
    """The count column of one question and stored value (F4 = 1 → "f4_1")."""
    return f"f{number}_{value}"


def conditional_alias(numbers: Iterable[int]) -> str:
    """The count column of forms that answered any of these conditional questions."""
    return "answered_" + "_".join(f"f{n}" for n in numbers)


def condition_of(question: QuestionSpec) -> Condition | None:
    """The (question number, stored value) a question is asked under, or None."""
    if question.condition_number is None or question.condition_value is None:
        return None
    return (question.condition_number, question.condition_value)


def conditional_sets(spec: QuestionnaireSpec) -> dict[Condition, list[int]]:
    """The questionnaire's conditional questions, by the condition they depend on."""
    sets: dict[Condition, list[int]] = defaultdict(list)
    for question in spec.questions:
        condition = condition_of(question)
        if condition is not None:
            sets[condition].append(question.number)
    return sets


def _answer_values(specs: dict[str, QuestionnaireSpec]) -> dict[int, list[int]]:
    """Every stored value that some questionnaire of the version allows, by question number."""
    values: dict[int, set[int]] = defaultdict(set)
    for spec in specs.values():
        for question in spec.questions:
            values[question.number].update(option.value for option in question.options)
    return {number: sorted(values[number]) for number in QUESTION_NUMBERS}


def _aggregates(specs: dict[str, QuestionnaireSpec]) -> dict[str, Count]:
    """One COUNT per stored answer value of every question, plus responses and the forms that
    answered a conditional question (F9–F10): all counted in one pass over the responses."""
    answered_any = Q()
    for name in ANSWER_FIELDS:
        answered_any |= Q(**{f"{name}__isnull": False})
    aggregates = {RESPONSES: Count("pk", filter=answered_any)}
    for spec in specs.values():
        for numbers in conditional_sets(spec).values():
            answered = Q()
            for number in numbers:
                answered |= Q(**{f"f{number}__isnull": False})
            aggregates[conditional_alias(numbers)] = Count("pk", filter=answered)
    for number, values in _answer_values(specs).items():
        for value in values:
            aggregates[answer_alias(number, value)] = Count("pk", filter=Q(**{f"f{number}": value}))
    return aggregates


def _condition_numbers(specs: dict[str, QuestionnaireSpec]) -> list[int]:
    # The questions that some question's condition refers to (F8): the count table is split by
    # their answers, so that conditional questions can be counted where the condition holds.
    return sorted(
        {q.condition_number for spec in specs.values() for q in spec.questions if condition_of(q)}
    )


def load_counts(
    *, period: Period, forbund: Forbund | None = None, insats: Insats | None = None
) -> CountTable:
    """Count the period's responses and distribution in the scope into a CountTable.

    The scope is the nation, one förbund, or one insats (which implies its förbund).
    """
    if insats is not None:
        if forbund is not None and forbund.pk != insats.forbund_id:
            raise ValueError("The insats does not belong to the förbund.")
        forbund = insats.forbund
    specs = {group: spec for group, spec in questionnaire_specs(period.version).items() if spec}

    responses = Response.objects.filter(period=period)
    distributions = Distribution.objects.filter(period=period)
    insatser = Insats.objects.all()
    if insats is not None:
        responses = responses.filter(insats=insats)
        distributions = distributions.filter(insats=insats)
        insatser = insatser.filter(pk=insats.pk)
    elif forbund is not None:
        responses = responses.filter(insats__forbund=forbund)
        distributions = distributions.filter(insats__forbund=forbund)
        insatser = insatser.filter(forbund=forbund)

    condition_numbers = _condition_numbers(specs)
    keys = ["insats_id", "group", "variant", "kon"] + [f"f{n}" for n in condition_numbers]
    rows = responses.values(*keys).annotate(**_aggregates(specs)).order_by()
    cells = []
    for row in rows:
        conditions = {n: row.pop(f"f{n}") for n in condition_numbers}
        cells.append(
            Cell(
                insats_id=row.pop("insats_id"),
                group=row.pop("group"),
                variant=row.pop("variant"),
                kon=row.pop("kon"),
                conditions=conditions,
                counts=row,
            )
        )

    distribution = {
        (row["insats_id"], row["group"]): (row["asked"] or 0, row["unreachable"] or 0)
        for row in distributions.values("insats_id", "group")
        .annotate(asked=Sum("asked"), unreachable=Sum("unreachable"))
        .order_by()
    }
    info = {
        pk: InsatsInfo(pk, name, forbund_id, forbund_name)
        for pk, name, forbund_id, forbund_name in insatser.values_list(
            "pk", "name", "forbund_id", "forbund__name"
        )
    }
    return CountTable(
        period=period,
        forbund=forbund,
        insats=insats,
        specs=specs,
        insatser=info,
        distribution=distribution,
        cells=cells,
        answer_values=_answer_values(specs),
    )


def merged(cells: Iterable[Cell]) -> list[Cell]:
    """The cells summed over insatser: the same figures from far fewer cells."""
    totals: dict[tuple, Counter] = defaultdict(Counter)
    shapes: dict[tuple, Cell] = {}
    for cell in cells:
        key = (cell.group, cell.variant, cell.kon, tuple(sorted(cell.conditions.items())))
        totals[key].update(cell.counts)
        shapes.setdefault(key, cell)
    return [
        Cell(
            insats_id=0,
            group=shape.group,
            variant=shape.variant,
            kon=shape.kon,
            conditions=shape.conditions,
            counts=dict(totals[key]),
        )
        for key, shape in shapes.items()
    ]


def cells_by(table: CountTable) -> dict[tuple[int, str], list[Cell]]:
    by_place: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for cell in table.cells:
        by_place[(cell.insats_id, cell.group)].append(cell)
    return by_place
