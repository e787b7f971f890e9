"""The one computation module: every figure that Mätpunkt shows or exports is computed here.

The database does the counting (`counts.load_counts`: one GROUP BY into a small count table);
plain Python here turns the counts into the figures of the results JSON contract
(shared/domain.md, "Results JSON"): rates, key figures, suppression of small cells, totals and
data-quality warnings. Which questions a group has, their options, which options are clearly
positive and which questions are conditional are read from the instrument data of the period's
version, never written here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from matpunkt.fieldwork.integrity import place_problem
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import PARTICIPANT_GROUPS, Group, Kon, Variant
from matpunkt.instrument.selectors import QuestionnaireSpec, QuestionSpec
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.results import disclosure
from matpunkt.results.counts import (
    RESPONSES,
    Cell,
    Condition,
    CountTable,
    InsatsInfo,
    answer_alias,
    cells_by,
    condition_of,
    conditional_alias,
    conditional_sets,
    forbund_tables,
    load_counts,
    merged,
    summed,
)

GROUP_ORDER = [group.value for group in Group]
PARTICIPANTS = [group.value for group in PARTICIPANT_GROUPS]


@dataclass(frozen=True)
class InsatsParticipation:
    """Asked, unreachable and responses for one insats and group; no answer figures.

    `conflict` is the plain note of a place that breaks its invariant (more responses than
    people who could answer); its `nonresponse` and `response_rate` are then None.
    """

    forbund: str
    insats_id: int
    insats: str
    group: str
    group_label: str
    asked: int
    unreachable: int
    responses: int
    nonresponse: int | None
    response_rate: float | None
    has_distribution: bool
    conflict: str = ""


# Turning counts into figures ------------------------------------------------------------------


def share(part: int, whole: int) -> float | None:
    """part / whole as an unrounded fraction, or None when whole is 0."""
    return part / whole if whole else None


def conflict_note(*, asked: int, unreachable: int, responses: int) -> str:
    """The plain Swedish note for counts that break a place's invariant, "" when they do not.

    Responses beyond the people who could answer make a response rate above 100 % or a negative
    non-response, which are not figures: outputs show this note in their place.
    """
    if place_problem(asked=asked, unreachable=unreachable, responses=responses) is None:
        return ""
    return _("%(responses)s svar men %(asked)s tillfrågade, varav %(unreachable)s ej nåbara") % {
        "responses": responses,
        "asked": asked,
        "unreachable": unreachable,
    }


def _rate_row(asked: int, responses: int, unreachable: int = 0) -> dict[str, Any]:
    """Non-response and response rate, or None for both when the counts contradict each other."""
    if place_problem(asked=asked, unreachable=unreachable, responses=responses) is not None:
        return {"asked": asked, "responses": responses, "nonresponse": None, "response_rate": None}
    return {
        "asked": asked,
        "responses": responses,
        "nonresponse": asked - responses,
        "response_rate": share(responses, asked),
    }


def _gender_counts(cells: Iterable[Cell]) -> dict[str, int]:
    gender = {"without_gender_item": 0, "women": 0, "men": 0, "not_stated": 0}
    for cell in cells:
        if cell.variant != Variant.MED_KON:
            gender["without_gender_item"] += cell.count(RESPONSES)
        elif cell.kon == Kon.KVINNA:
            gender["women"] += cell.count(RESPONSES)
        elif cell.kon == Kon.MAN:
            gender["men"] += cell.count(RESPONSES)
        else:
            gender["not_stated"] += cell.count(RESPONSES)
    return gender


def _value_counts(question: QuestionSpec, cells: Iterable[Cell]) -> dict[int, int]:
    """Answers per stored value, counting only forms where the question's condition holds."""
    condition = condition_of(question)
    counts = dict.fromkeys((option.value for option in question.options), 0)
    for cell in cells:
        if cell.holds(condition):
            for value in counts:
                counts[value] += cell.count(answer_alias(question.number, value))
    return counts


def _split_figures(question: QuestionSpec, counts: dict[int, int]) -> tuple[int, int]:
    answered = sum(counts.values())
    positive = sum(counts[value] for value in question.positive_values if value in counts)
    return answered, positive


def question_vectors(question: QuestionSpec, cells: list[Cell]) -> disclosure.ClassVectors:
    """A question's answers per gender class, as counts per option in the option order."""
    total = tuple(_value_counts(question, cells).values())
    women, men = (
        tuple(_value_counts(question, (c for c in cells if c.kon == kon)).values())
        for kon in (Kon.KVINNA, Kon.MAN)
    )
    return {
        "total": total,
        "women": women,
        "men": men,
        "other": disclosure.residual(total, women, men),
    }


def figures_from_vectors(
    question: QuestionSpec, vectors: dict[str, Any], min_cell: int
) -> dict[str, Any]:
    """A question's figures in the results JSON from its class vectors, small cells suppressed.

    `vectors` holds the "total" counts per option and the "women" and "men" ones; without
    these two (or with None) the gender split is not shown. The one rule for every question
    figure, exact (`_question_figures`) or live (`results.live`).
    """
    values = [option.value for option in question.options]
    counts = dict(zip(values, vectors["total"], strict=True))
    answered, positive = _split_figures(question, counts)
    shown = disclosure.cell_shown(answered, min_cell)
    by_sex = {
        key: _split_figures(question, dict(zip(values, vectors[key], strict=True)))
        for key in disclosure.SEXES
        if vectors.get(key) is not None
    }
    sexes_shown = (
        shown
        and len(by_sex) == len(disclosure.SEXES)
        and disclosure.gender_split_shown(
            total=answered, women=by_sex["women"][0], men=by_sex["men"][0], k=min_cell
        )
    )
    return {
        "answered": answered,
        "positive": positive if shown else None,
        "positive_share": share(positive, answered) if shown else None,
        "distribution": (
            {question.option_for(value).code: n for value, n in counts.items()} if shown else None
        ),
        **{
            key: {"answered": n, "positive_share": share(p, n)} if sexes_shown else None
            for key, (n, p) in ((sex, by_sex.get(sex, (0, 0))) for sex in disclosure.SEXES)
        },
    }


def _question_figures(question: QuestionSpec, cells: list[Cell], min_cell: int) -> dict[str, Any]:
    return figures_from_vectors(question, question_vectors(question, cells), min_cell)


def condition_codes(spec: QuestionnaireSpec | None) -> dict[str, str]:
    """The questionnaire's conditional questions mapped to their condition question (F9 → F8)."""
    if spec is None:
        return {}
    return {
        q.code: spec.question(q.condition_number).code
        for q in spec.questions
        if condition_of(q) is not None
    }


def _group_figures(
    spec: QuestionnaireSpec | None,
    cells: list[Cell],
    asked: int,
    unreachable: int,
    min_cell: int,
) -> dict[str, Any]:
    responses = sum(cell.count(RESPONSES) for cell in cells)
    rates = _rate_row(asked, responses, unreachable)
    questions = {
        q.code: _question_figures(q, cells, min_cell) for q in (spec.questions if spec else [])
    }
    disclosure.apply_conditions(questions, condition_codes(spec))
    return {
        "asked": asked,
        "unreachable": unreachable,
        "responses": responses,
        "nonresponse": rates["nonresponse"],
        "response_rate": rates["response_rate"],
        "gender": _gender_counts(cells),
        "questions": questions,
    }


def _scope_name(table: CountTable) -> str:
    if table.insats is not None:
        return f"{table.insats.forbund.name} – {table.insats.name}"
    if table.forbund is not None:
        return table.forbund.name
    return _("hela landet")


def _group_label(group: str) -> str:
    return str(Group(group).label) if group in GROUP_ORDER else group


def _place(info: InsatsInfo | None, group_label: str) -> str:
    if info is None:
        return group_label
    return f"{info.forbund_name} – {info.name} – {group_label}"


@dataclass(frozen=True)
class _GroupChecks:
    """What the data-quality checks of one group look for, worked out once per table over all
    of the group's cells: the conditional questions answered where their condition does not
    hold, and answers to questions that the group's questionnaire does not have. Only these are
    then looked for place by place (usually none are)."""

    label: str
    spec: QuestionnaireSpec | None
    conditional: list[tuple[Condition, list[int], str]]
    stray: list[tuple[int, list[str]]]


def _group_checks(table: CountTable, group: str, cells: list[Cell]) -> _GroupChecks:
    spec = table.specs.get(group)
    if spec is None:
        return _GroupChecks(_group_label(group), None, [], [])
    conditional = [
        (condition, numbers, conditional_alias(numbers))
        for condition, numbers in conditional_sets(spec).items()
    ]
    conditional = [
        (condition, numbers, alias)
        for condition, numbers, alias in conditional
        if any(cell.count(alias) for cell in cells if not cell.holds(condition))
    ]
    stray = [
        (number, [answer_alias(number, value) for value in values])
        for number, values in table.answer_values.items()
        if number not in spec.numbers
    ]
    total = summed(cells)
    stray = [
        (number, columns)
        for number, columns in stray
        if total is not None and any(total[cells[0].columns[column]] for column in columns)
    ]
    return _GroupChecks(_group_label(group), spec, conditional, stray)


def _column_total(cells: list[Cell], column: str) -> int:
    """One column summed over the cells (of one table)."""
    index = cells[0].columns.get(column) if cells else None
    return 0 if index is None else sum(cell.values[index] for cell in cells)


def _place_conflict(place: str, record: tuple[int, int] | None, responses: int) -> str:
    """The conflict of one place named by the place, "" when its counts are consistent."""
    asked, unreachable = record if record is not None else (0, 0)
    note = conflict_note(asked=asked, unreachable=unreachable, responses=responses)
    return f"{place}: {note}" if note else ""


def _participation_warnings(
    place: str, record: tuple[int, int] | None, responses: int
) -> list[str]:
    if record is None:
        if responses:
            return [
                _("%(place)s: %(responses)s svar men ingen utdelning registrerad.")
                % {"place": place, "responses": responses}
            ]
        return []
    conflict = _place_conflict(place, record, responses)
    if conflict:
        return [
            _(
                "%(conflict)s. Svaren kan inte vara fler än de tillfrågade som gick att nå, så "
                "svarsfrekvens och bortfall visas inte."
            )
            % {"conflict": conflict}
        ]
    return []


def _condition_warnings(place: str, checks: _GroupChecks, cells: list[Cell]) -> list[str]:
    warnings = []
    for condition, numbers, alias in checks.conditional:
        skipped = sum(cell.count(alias) for cell in cells if not cell.holds(condition))
        if skipped:
            condition_question = checks.spec.question(condition[0])
            warnings.append(
                _(
                    "%(place)s: %(count)s formulär har svar på %(questions)s fast %(condition)s "
                    "inte är besvarad med ”%(answer)s”. De svaren räknas inte."
                )
                % {
                    "place": place,
                    "count": skipped,
                    "questions": ", ".join(f"F{n}" for n in numbers),
                    "condition": condition_question.code,
                    "answer": condition_question.option_for(condition[1]).label,
                }
            )
    return warnings


def _stray_answer_warnings(place: str, checks: _GroupChecks, cells: list[Cell]) -> list[str]:
    warnings = []
    for number, columns in checks.stray:
        stray = sum(_column_total(cells, column) for column in columns)
        if stray:
            warnings.append(
                _(
                    "%(place)s: %(count)s svar på F%(number)s räknas inte eftersom enkäten "
                    "för gruppen inte har den frågan."
                )
                % {"place": place, "count": stray, "number": number}
            )
    return warnings


def _place_warnings(
    table: CountTable, checks: _GroupChecks, insats_id: int, group: str, cells: list[Cell]
) -> list[str]:
    """Data-quality notes for one insats and group: the checks a statistician would make."""
    place = _place(table.insatser.get(insats_id), checks.label)
    responses = _column_total(cells, RESPONSES)
    warnings = _participation_warnings(place, table.distribution.get((insats_id, group)), responses)
    if checks.spec is not None:
        warnings += _condition_warnings(place, checks, cells)
        warnings += _stray_answer_warnings(place, checks, cells)
    return warnings


def _group_order(group: str) -> int:
    return GROUP_ORDER.index(group) if group in GROUP_ORDER else len(GROUP_ORDER)


def _places(table: CountTable, by_place: dict[tuple[int, str], list[Cell]]) -> set:
    """The (insats, group) pairs in the scope: with distribution records or responses."""
    answered = {key for key, cells in by_place.items() if any(c.count(RESPONSES) for c in cells)}
    return set(table.distribution) | answered


def _groups(table: CountTable, by_place, places: set, min_cell: int) -> dict[str, Any]:
    present = sorted({group for _insats, group in places}, key=_group_order)
    groups = {}
    for group in present:
        cells = merged(cell for (_insats, g), cs in by_place.items() if g == group for cell in cs)
        records = [record for (_insats, g), record in table.distribution.items() if g == group]
        groups[group] = _group_figures(
            table.specs.get(group),
            cells,
            asked=sum(asked for asked, _unreachable in records),
            unreachable=sum(unreachable for _asked, unreachable in records),
            min_cell=min_cell,
        )
    return groups


def _warnings(table: CountTable, by_place, places: set, groups: dict[str, Any]) -> list[str]:
    warnings = []
    if not table.distribution:
        warnings.append(
            _("Ingen utdelning är registrerad för mätperiod %(period)s i %(scope)s.")
            % {"period": table.period.label, "scope": _scope_name(table)}
        )
    for group in groups:
        if group not in table.specs:
            warnings.append(
                _(
                    "%(group)s: instrumentversion %(version)s har ingen enkät för gruppen, "
                    "så svaren redovisas inte per fråga."
                )
                % {"group": Group(group).label, "version": table.period.version.code}
            )

    def where(place):
        info = table.insatser.get(place[0])
        names = (info.forbund_name, info.name) if info else ("", "")
        return names, _group_order(place[1])

    cells_of: dict[str, list[Cell]] = {group: [] for _insats, group in places}
    for (_insats, group), cells in by_place.items():
        cells_of.setdefault(group, []).extend(cells)
    checks = {group: _group_checks(table, group, cells) for group, cells in cells_of.items()}
    for insats_id, group in sorted(places, key=where):
        cells = by_place.get((insats_id, group), [])
        warnings += _place_warnings(table, checks[group], insats_id, group, cells)
    return warnings


def _totals(table: CountTable, groups: dict[str, Any]) -> dict[str, Any]:
    participants = [groups[g] for g in PARTICIPANTS if g in groups]
    return {
        "participants": _rate_row(
            sum(g["asked"] for g in participants),
            sum(g["responses"] for g in participants),
            sum(g["unreachable"] for g in participants),
        ),
        # Counted from the table directly, not from the groups, so that the check below means
        # something: the groups must add up to every distribution record and every response.
        "all": _rate_row(
            sum(asked for asked, _unreachable in table.distribution.values()),
            sum(cell.count(RESPONSES) for cell in table.cells),
            sum(unreachable for _asked, unreachable in table.distribution.values()),
        ),
    }


def _totals_add_up(groups: dict[str, Any], totals: dict[str, Any]) -> bool:
    return all(
        sum(g[key] for g in groups.values()) == totals["all"][key] for key in ("asked", "responses")
    )


def results_from_counts(table: CountTable, *, min_cell: int) -> dict[str, Any]:
    """The results JSON contract computed from a count table, with small cells suppressed."""
    by_place = cells_by(table)
    places = _places(table, by_place)
    groups = _groups(table, by_place, places, min_cell)
    warnings = _warnings(table, by_place, places, groups)
    totals = _totals(table, groups)
    if not _totals_add_up(groups, totals):
        warnings.append(_("Intern kontroll: gruppernas summa stämmer inte med totalen."))
    return {
        "period": table.period.label,
        "scope": {
            "forbund": table.forbund.name if table.forbund is not None else None,
            "insats": table.insats.name if table.insats is not None else None,
        },
        "min_cell": min_cell,
        "groups": groups,
        "totals": totals,
        "warnings": warnings,
    }


def participation_from_counts(table: CountTable) -> list[InsatsParticipation]:
    """Asked, unreachable and responses per insats and group, ordered by insats and group."""
    by_place = cells_by(table)
    rows = []
    for insats_id, group in _places(table, by_place):
        info = table.insatser[insats_id]
        asked, unreachable = table.distribution.get((insats_id, group), (0, 0))
        responses = sum(cell.count(RESPONSES) for cell in by_place.get((insats_id, group), []))
        rates = _rate_row(asked, responses, unreachable)
        rows.append(
            InsatsParticipation(
                forbund=info.forbund_name,
                insats_id=insats_id,
                insats=info.name,
                group=group,
                group_label=str(Group(group).label),
                asked=asked,
                unreachable=unreachable,
                responses=responses,
                nonresponse=rates["nonresponse"],
                response_rate=rates["response_rate"],
                has_distribution=(insats_id, group) in table.distribution,
                conflict=conflict_note(asked=asked, unreachable=unreachable, responses=responses),
            )
        )
    rows.sort(key=lambda r: (r.forbund, r.insats, r.insats_id, _group_order(r.group)))
    return rows


def class_vectors(table: CountTable) -> disclosure.ScopeCells:
    """Every question's answers in the table's scope per gender class, as counts per option
    (in the option order): what disclosure control weighs, never shown as such."""
    by_group: dict[str, list[Cell]] = {}
    for cell in table.cells:
        by_group.setdefault(cell.group, []).append(cell)
    vectors: disclosure.ScopeCells = {}
    for group, cells in by_group.items():
        spec = table.specs.get(group)
        if spec is None:
            continue
        cells = merged(cells)
        for question in spec.questions:
            vectors[(group, question.code)] = question_vectors(question, cells)
    return vectors


def version_conditions(specs: dict[str, QuestionnaireSpec]) -> dict[str, dict[str, str]]:
    """Each group's conditional questions mapped to their condition question."""
    return {group: condition_codes(spec) for group, spec in specs.items()}


def place_conflicts(table: CountTable) -> list[str]:
    """Every place of the table that breaks its invariant, as "place: numbers", in place order."""
    return [
        f"{row.forbund} – {row.insats} – {row.group_label}: {row.conflict}"
        for row in participation_from_counts(table)
        if row.conflict
    ]


def min_cell_or_default(min_cell: int | None) -> int:
    """K for small-cell suppression: the given value, or settings.MATPUNKT_MIN_CELL."""
    return settings.MATPUNKT_MIN_CELL if min_cell is None else min_cell


# Public API -----------------------------------------------------------------------------------


def compute_results(
    *,
    period: Period,
    forbund: Forbund | None = None,
    insats: Insats | None = None,
    min_cell: int | None = None,
) -> dict[str, Any]:
    """The results of a period for the nation, a förbund or an insats, as the results JSON.

    `min_cell` (K) defaults to settings.MATPUNKT_MIN_CELL; answer figures on fewer answers are None,
    and so is every figure disclosure control hides (`disclosure`): for the nation, those that
    a förbund could work out from its own figures.
    """
    table = load_counts(period=period, forbund=forbund, insats=insats)
    k = min_cell_or_default(min_cell)
    results = results_from_counts(table, min_cell=k)
    if forbund is None and insats is None:
        # The nation minus one förbund's own figures must not give away a small cell (rule 4).
        results = disclosure.protect_national(
            results,
            {fid: class_vectors(own) for fid, own in forbund_tables(table).items()},
            k=k,
            conditions=version_conditions(table.specs),
            min_forbund=1,
        )
    return results


def participation_by_insats(
    *, period: Period, forbund: Forbund | None = None
) -> list[InsatsParticipation]:
    """Asked, unreachable, responses, non-response and response rate per insats and group.

    Counts are never suppressed; the rows carry no answer figures.
    """
    return participation_from_counts(load_counts(period=period, forbund=forbund))
