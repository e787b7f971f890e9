"""The database side of the computation: counting a period's responses into a CountTable.

One GROUP BY over the period's responses gives one row (a Cell) per insats, group, variant, gender
answer and answer to a condition question (F8), with one COUNT per question and stored answer
value, plus the number of responses (forms with at least one question answered). Which values and
conditions exist is read from the instrument data of the period's version. `computation` turns the
table into figures; nothing else reads it.

A national table has some ten thousand cells of about 75 counts each, so the counts of a cell are
a plain tuple indexed through the table's shared `columns`, and cells are summed column by column
(`merged`, `summed`) rather than key by key.
"""

import array
import base64
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connections
from django.db.models import Count, Q, Sum

from matpunkt.fieldwork.models import Distribution, Period
from matpunkt.instrument.selectors import QuestionnaireSpec, QuestionSpec, questionnaire_specs
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.responses.models import QUESTION_NUMBERS, Response, answered_q

RESPONSES = "responses"

Condition = tuple[int, int]  # (question number, stored value that must have been answered)
Columns = dict[str, int]  # count column name → index in a cell's values


@dataclass(frozen=True)
class InsatsInfo:
    """An insats of the scope with its förbund, for naming places in warnings and tables."""

    id: int
    name: str
    forbund_id: int
    forbund_name: str


class Cell(NamedTuple):
    """Counts for the forms of one insats, group, variant, gender answer and condition answers.

    `conditions` holds (question number, answer) for every condition question, by number;
    `values` the counts in the order of `columns`, which all cells of a table share (a tuple, or
    a list when thawed from stored counts; never changed).
    """

    insats_id: int
    group: str
    variant: str
    kon: str
    conditions: tuple[tuple[int, int | None], ...]
    values: Sequence[int]
    columns: Columns

    def count(self, column: str) -> int:
        """The cell's count in a column (0 for a column the table does not have)."""
        index = self.columns.get(column)
        return 0 if index is None else self.values[index]

    def holds(self, condition: Condition | None) -> bool:
        """Whether the forms of this cell meet a question's condition (None: unconditional)."""
        if condition is None:
            return True
        number, value = condition
        return any(n == number and answer == value for n, answer in self.conditions)


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
    aggregates = {RESPONSES: Count("pk", filter=answered_q())}
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


def condition_numbers(specs: dict[str, QuestionnaireSpec]) -> list[int]:
    # The questions that some question's condition refers to (F8): the count table is split by
    # their answers, so that conditional questions can be counted where the condition holds.
    return sorted(
        {q.condition_number for spec in specs.values() for q in spec.questions if condition_of(q)}
    )


def load_counts(
    *,
    period: Period,
    forbund: Forbund | None = None,
    insats: Insats | None = None,
    specs: dict[str, QuestionnaireSpec] | None = None,
) -> CountTable:
    """Count the period's responses and distribution in the scope into a CountTable.

    The scope is the nation, one förbund, or one insats (which implies its förbund). `specs` are
    the questionnaires of the period's version, when the caller has them already.
    """
    if insats is not None:
        if forbund is not None and forbund.pk != insats.forbund_id:
            raise ValueError("The insats does not belong to the förbund.")
        forbund = insats.forbund
    specs = usable_specs(questionnaire_specs(period.version) if specs is None else specs)

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

    conditions = condition_numbers(specs)
    keys = ["insats_id", "group", "variant", "kon"] + [f"f{n}" for n in conditions]
    rows, names = _fetch(responses.values(*keys).annotate(**_aggregates(specs)).order_by())
    width = len(keys)
    if names[:width] != keys:
        raise RuntimeError(f"Unexpected count columns: {names[:width]} instead of {keys}.")
    columns = {name: index for index, name in enumerate(names[width:])}
    cells = [
        Cell(
            row[0],
            row[1],
            row[2],
            row[3],
            tuple(zip(conditions, row[4:width], strict=True)),
            tuple(row[width:]),
            columns,
        )
        for row in rows
    ]

    distribution = {
        (row["insats_id"], row["group"]): (row["asked"] or 0, row["unreachable"] or 0)
        for row in distributions.values("insats_id", "group")
        .annotate(asked=Sum("asked"), unreachable=Sum("unreachable"))
        .order_by()
    }
    return CountTable(
        period=period,
        forbund=forbund,
        insats=insats,
        specs=specs,
        insatser=insats_info(insatser),
        distribution=distribution,
        cells=cells,
        answer_values=_answer_values(specs),
    )


def insats_info(insatser) -> dict[int, InsatsInfo]:
    """The insatser of a queryset with their förbund's names, by id."""
    return {
        pk: InsatsInfo(pk, name, forbund_id, forbund_name)
        for pk, name, forbund_id, forbund_name in insatser.values_list(
            "pk", "name", "forbund_id", "forbund__name"
        )
    }


def usable_specs(specs: dict[str, QuestionnaireSpec | None]) -> dict[str, QuestionnaireSpec]:
    """The groups of a version that have a questionnaire."""
    return {group: spec for group, spec in specs.items() if spec}


def count_columns(specs: dict[str, QuestionnaireSpec]) -> list[str]:
    """The count columns of a table for these questionnaires, in the order a cell holds them."""
    return list(_aggregates(specs))


# Stored count tables (results.SubmittedCounts) ---------------------------------------------------


def freeze(table: CountTable) -> dict:
    """A count table's counts as JSON-ready data (the insatser's names are not part of it).

    `columns` and `conditions` say how it was counted. Each distinct (group, variant, gender
    answer, condition answers) of the cells is listed once in `shapes`; `cells` holds each cell's
    insats and shape, `values` every cell's counts one after the other. Both are base64 of 32-bit
    little-endian integers: a national period has a million counts, and these read about ten
    times faster than the same numbers in JSON. `distribution` holds (insats, group, asked,
    unreachable).
    """
    conditions = condition_numbers(table.specs)
    columns = count_columns(table.specs)
    layouts = {id(cell.columns): cell.columns for cell in table.cells}
    if any(list(layout) != columns for layout in layouts.values()):
        raise ValueError("The cells were counted with other columns than the questionnaires'.")
    shapes: dict[tuple, int] = {}
    keys = []
    for cell in table.cells:
        shape = (cell.group, cell.variant, cell.kon, *(value for _n, value in cell.conditions))
        keys += [cell.insats_id, shapes.setdefault(shape, len(shapes))]
    return {
        "columns": columns,
        "conditions": conditions,
        "shapes": [list(shape) for shape in shapes],
        "cells": _pack(keys),
        "values": _pack(value for cell in table.cells for value in cell.values),
        "distribution": [
            [insats_id, group, asked, unreachable]
            for (insats_id, group), (asked, unreachable) in table.distribution.items()
        ],
    }


def _pack(values: Iterable[int]) -> str:
    packed = array.array("i", values)
    if packed.itemsize != 4:
        raise RuntimeError("Counts are stored as 32-bit integers; this platform's int is not.")
    if sys.byteorder != "little":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")


def _unpack(text: str) -> list[int]:
    packed = array.array("i")
    packed.frombytes(base64.b64decode(text))
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tolist()


def thaw(data: dict, columns: Columns) -> tuple[list[Cell], dict[tuple[int, str], tuple[int, int]]]:
    """The cells and distribution of frozen counts; `columns` (shared by all cells of the table
    they go into) must be the data's own columns."""
    if list(columns) != data["columns"]:
        raise ValueError("The frozen counts have other columns than the table.")
    conditions = data["conditions"]
    shapes = [
        (group, variant, kon, tuple(zip(conditions, answers, strict=True)))
        for group, variant, kon, *answers in data["shapes"]
    ]
    keys = _unpack(data["cells"])
    values = _unpack(data["values"])
    width = len(columns)
    if len(values) != width * len(keys) // 2:
        raise ValueError("The frozen counts do not have a value for every cell and column.")
    cells = []
    for index in range(len(keys) // 2):
        group, variant, kon, answered = shapes[keys[2 * index + 1]]
        cells.append(
            Cell(
                keys[2 * index],
                group,
                variant,
                kon,
                answered,
                values[index * width : (index + 1) * width],
                columns,
            )
        )
    distribution = {
        (insats_id, group): (asked, unreachable)
        for insats_id, group, asked, unreachable in data["distribution"]
    }
    return cells, distribution


def assembled(
    *,
    period: Period,
    forbund: Forbund | None = None,
    specs: dict[str, QuestionnaireSpec],
    insatser: dict[int, InsatsInfo],
    cells: list[Cell],
    distribution: dict[tuple[int, str], tuple[int, int]],
) -> CountTable:
    """A count table (the nation's, or a förbund's) made of counts loaded elsewhere (thawed)."""
    return CountTable(
        period=period,
        forbund=forbund,
        insats=None,
        specs=specs,
        insatser=insatser,
        distribution=distribution,
        cells=cells,
        answer_values=_answer_values(specs),
    )


def empty_table(period: Period, specs: dict[str, QuestionnaireSpec]) -> CountTable:
    """A national count table with nothing in it (a period not released yet)."""
    return assembled(period=period, specs=specs, insatser={}, cells=[], distribution={})


def _fetch(queryset) -> tuple[list[tuple], list[str]]:
    """The rows of a values() queryset as plain tuples, with the column names.

    Run through a cursor rather than iterated: Django would pass each of the table's ~75 × 10,000
    counts through a Python converter, which takes longer than the database takes to count.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return cursor.fetchall(), names


def summed(cells: Iterable[Cell]) -> tuple[int, ...] | None:
    """Every column summed over the cells (of one table), or None for no cells."""
    columns = list(zip(*(cell.values for cell in cells), strict=True))
    return tuple(map(sum, columns)) if columns else None


def forbund_tables(table: CountTable) -> dict[int, CountTable]:
    """The count table split by förbund in one pass, each förbund's own table (for the spread
    between förbund, and to store many submissions' counts from one national count)."""
    insatser: dict[int, dict] = defaultdict(dict)
    for pk, info in table.insatser.items():
        insatser[info.forbund_id][pk] = info
    forbund_of = {pk: info.forbund_id for pk, info in table.insatser.items()}
    cells: dict[int, list] = defaultdict(list)
    for cell in table.cells:
        cells[forbund_of[cell.insats_id]].append(cell)
    distribution: dict[int, dict] = defaultdict(dict)
    for key, value in table.distribution.items():
        distribution[forbund_of[key[0]]][key] = value
    return {
        forbund_id: CountTable(
            period=table.period,
            forbund=None,  # the table is a förbund's, but its Forbund is not loaded
            insats=None,
            specs=table.specs,
            insatser=insatser[forbund_id],
            distribution=distribution[forbund_id],
            cells=cells[forbund_id],
            answer_values=table.answer_values,
        )
        for forbund_id in insatser
    }


def merged(cells: Iterable[Cell]) -> list[Cell]:
    """The cells summed over insatser: the same figures from far fewer cells.

    The cells must come from one count table (they share its columns).
    """
    shapes: dict[tuple, list[Cell]] = defaultdict(list)
    for cell in cells:
        shapes[(cell.group, cell.variant, cell.kon, cell.conditions)].append(cell)
    result = []
    for same in shapes.values():
        first = same[0]
        if any(
            cell.columns is not first.columns and cell.columns != first.columns for cell in same
        ):
            raise ValueError("Cells of different count tables cannot be merged.")
        result.append(first._replace(insats_id=0, values=summed(same)))
    return result


def cells_by(table: CountTable) -> dict[tuple[int, str], list[Cell]]:
    by_place: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for cell in table.cells:
        by_place[(cell.insats_id, cell.group)].append(cell)
    return by_place
