"""Disclosure control: no suppressed answer can be recovered from what a user can see.

Primary suppression (a share, positive count or distribution on fewer than K answers is not
shown) is not enough: a user sees many tables, and adding or subtracting published figures can
recover what each table hides. This module holds every rule that decides what may be shown, as
plain functions over counts; the computation module and the reports call them, and nothing else
decides whether a figure is shown.

The unit of suppression is an *answer cell*: one question's answers in one scope (a förbund, the
nation) and one gender class (all answers, women, men, and "other" = gender not stated or not
asked). A cell is shown or hidden as a whole: its positive count, share and distribution go
together; its number of answers is a count and stays shown (except where it is itself an answer:
a conditional question's answers count the condition's "Ja").

The rules (docs/disclosure.md says why these and not others):

1. **Primary**: a cell is shown only on at least K answers.
2. **Gender residual**: a question's gender split (women, men) is shown only when both have at
   least K answers *and* the residual "other" (all − women − men) is 0 or at least K, since it
   can be computed from the three.
3. **Conditional questions**: a question asked only after a given answer (F9–F10 after F8 = Ja)
   is shown only where its condition question is shown, and its number of answers is hidden
   where the condition is, because it counts the condition's answer.
4. **Across förbund** (the nation as förbund users see it): a national cell is shown only when at
   least `MIN_FORBUND` förbund contribute answers to it and the answers left after taking away
   any one förbund's are at least K. A förbund knows its own answers (its administrator can
   download them), so "nation minus own" must still be at least K answers from at least two
   other förbund. The residual "other" cell of a national gender split follows the same rule.
   The operator's results JSON (`matpunkt results`, no förbund) applies the minimum of this rule
   (`min_forbund` 1: nation minus one förbund is none or at least K answers), as the results
   contract in shared/domain.md says.
5. **Between releases** (the same nation published twice): förbund users see national figures
   only as NNS releases them (`results.releases`). A cell that changed since an earlier release
   where it was shown is shown again only when the change itself passes rule 4: it comes from
   at least `MIN_FORBUND` förbund and at least K answers (counted gross: a changed answer counts
   as a removed and an added one) after taking away any one förbund's.
6. **Open data** lists every förbund beside the nation: in each additive equation
   (nation = sum of förbund, per gender class) the hidden förbund are none, or pass rule 4 as a
   group; otherwise more förbund are hidden, smallest first. Across a period's releases: a
   förbund figure listed earlier with the same answers is public (it takes no part in an
   equation, and rule 4 for the nation leaves it out too), a later release lists no förbund
   figure that was not public already, and every earlier release's nation must still not
   decompose against what is listed now (`protect_against_earlier`).
7. **Spread between förbund**: each quartile is the mean of the three förbund figures nearest
   to it, and the spread is shown only when no single förbund's figure can be solved for from
   the three means and the figures a user already knows (its own and those in open data).
8. **Live figures** of a förbund's unsubmitted period move in steps: a cell shows its value of
   the last moment its answers had changed by at least K (counted gross) since the value shown
   before; a gender split is shown only from the same moment as its total (`step_question`,
   `results.live`).

This is the conservative end of Statistics Sweden's and Eurostat's practice for frequency
tables (a threshold rule for primary suppression, then secondary suppression so that every
hidden cell sits in each additive equation with enough other hidden cells; tau-Argus's
"hypercube" approach), adapted to tables whose cells are whole answer distributions.
"""

from collections.abc import Iterable, Mapping
from fractions import Fraction

# Förbund users see a national figure only when at least this many förbund contribute to it: NNS's
# own rule of thumb is that no region is reported with fewer than three förbund.
MIN_FORBUND = 3

# The number of förbund figures averaged into each quartile of the spread between förbund.
SPREAD_WINDOW = 3

CLASSES = ("total", "women", "men", "other")
SEXES = ("women", "men")

Vector = tuple[int, ...]


# Rules 1–3: within one table ----------------------------------------------------------------------


def cell_shown(answered: int, k: int) -> bool:
    """Rule 1: a cell's answer figures are shown only on at least K answers."""
    return answered >= k


def small(n: int, k: int) -> bool:
    """A derived count of answers that would be a small cell: more than none, fewer than K."""
    return 0 < n < k


def gender_split_shown(*, total: int, women: int, men: int, k: int) -> bool:
    """Rule 2: women and men both at least K, and the residual none or at least K."""
    return women >= k and men >= k and not small(total - women - men, k)


def hide_cell(figures: dict) -> None:
    """Hide a question's answer figures in a results JSON question (rule 1 and the rest)."""
    figures["positive"] = None
    figures["positive_share"] = None
    figures["distribution"] = None
    hide_split(figures)


def hide_split(figures: dict) -> None:
    """Hide a question's gender split in a results JSON question."""
    for sex in SEXES:
        if sex in figures:
            figures[sex] = None


def apply_conditions(questions: dict[str, dict], conditions: Mapping[str, str]) -> None:
    """Rule 3 on one group's questions (results JSON): `conditions` maps a conditional
    question's code to its condition question's code (F9 → F8)."""
    for code, condition in conditions.items():
        figures, given = questions.get(code), questions.get(condition)
        if figures is None or given is None:
            continue
        if given["positive"] is None:
            hide_cell(figures)
            figures["answered"] = None
        elif given.get("women") is None:
            hide_split(figures)


# Rule 4: across förbund -----------------------------------------------------------------------


def publishable_across(
    answers: Mapping[object, int], k: int, min_forbund: int = MIN_FORBUND
) -> bool:
    """Rule 4 for one cell: `answers` holds each contributing förbund's number of answers.

    Shown when at least `min_forbund` förbund contribute and what is left after taking away
    any one förbund's answers (as that förbund can) is none or at least K. An empty cell (no
    answers) has nothing to hide. With `min_forbund` 1 this is only the rule that no small cell
    can be recovered; with 3 no single other förbund's figures can be either.
    """
    contributions = [n for n in answers.values() if n > 0]
    if not contributions:
        return True
    if len(contributions) < min_forbund:
        return False
    total = sum(contributions)
    return not any(small(total - n, k) for n in contributions)


def residual(total: Vector, women: Vector, men: Vector) -> Vector:
    """The "other" gender class of a cell: all answers minus women's and men's."""
    return tuple(t - w - m for t, w, m in zip(total, women, men, strict=True))


# The counts of one question in one scope, by gender class: {class: vector of counts per option}.
ClassVectors = dict[str, Vector]
# Every question's class vectors in one scope: {(group, question code): ClassVectors}.
ScopeCells = dict[tuple[str, str], ClassVectors]


def _answers(cells_by_forbund: Mapping[int, ScopeCells], key, cls: str) -> dict[int, int]:
    return {
        forbund_id: sum(cells[key][cls])
        for forbund_id, cells in cells_by_forbund.items()
        if key in cells
    }


def _gross_changes(
    earlier: Mapping[int, ScopeCells], later: Mapping[int, ScopeCells], key, cls: str
) -> dict[int, int]:
    """Per förbund, how many answers a cell gained or lost between two releases (gross)."""
    changes = {}
    for forbund_id in set(earlier) | set(later):
        before = earlier.get(forbund_id, {}).get(key, {}).get(cls)
        after = later.get(forbund_id, {}).get(key, {}).get(cls)
        if before is None and after is None:
            continue
        if before is None:
            before = (0,) * len(after)
        if after is None:
            after = (0,) * len(before)
        changes[forbund_id] = gross_change(before, after)
    return changes


def _class_publishable(cells, key, cls, k, min_forbund, earlier_releases, public) -> bool:
    answers = {
        forbund_id: n
        for forbund_id, n in _answers(cells, key, cls).items()
        if not _cell_known(public.get(forbund_id, ()), key, cls, cells[forbund_id][key])
    }
    if not publishable_across(answers, k, min_forbund):
        return False
    for shown, earlier_cells in earlier_releases:
        if (key, cls) in shown and not publishable_across(
            _gross_changes(earlier_cells, cells, key, cls), k, min_forbund
        ):
            return False
    return True


def shown_cells(results: dict) -> set[tuple[tuple[str, str], str]]:
    """The ((group, code), class) cells whose answer figures a results JSON shows; "other" is
    shown with the gender split, since it can be computed from it."""
    shown = set()
    for group, figures in results["groups"].items():
        for code, question in figures["questions"].items():
            if question["positive"] is None:
                continue
            shown.add(((group, code), "total"))
            if question.get("women") is not None:
                shown.update(((group, code), cls) for cls in ("women", "men", "other"))
    return shown


def protect_national(
    results: dict,
    cells_by_forbund: Mapping[int, ScopeCells],
    *,
    k: int,
    conditions: Mapping[str, Mapping[str, str]],
    earlier_releases: Iterable[tuple[set, Mapping[int, ScopeCells]]] = (),
    min_forbund: int = MIN_FORBUND,
    public: Mapping[int, set] | None = None,
) -> dict:
    """The national results as förbund users may see them (rules 4 and 5, then 3 again).

    `results` is the national results JSON (rules 1–3 applied), `cells_by_forbund` each
    contributing förbund's class vectors, `conditions` each group's conditional questions
    ({group: {F9: F8}}), `earlier_releases` the (shown cells, class vectors by förbund) of the
    period's earlier releases. `public` holds förbund figures that open data of an earlier
    release listed with the same answers as now: they are known to everyone, so the nation
    must not decompose without them either. Returns a new results JSON; the input is not
    changed.
    """
    earlier_releases = list(earlier_releases)
    public = public or {}
    protected = _copy(results)
    for group, figures in protected["groups"].items():
        for code, question in figures["questions"].items():
            key = (group, code)
            if question["positive"] is not None and not _class_publishable(
                cells_by_forbund, key, "total", k, min_forbund, earlier_releases, public
            ):
                hide_cell(question)
            if question.get("women") is not None and not all(
                _class_publishable(
                    cells_by_forbund, key, cls, k, min_forbund, earlier_releases, public
                )
                for cls in ("women", "men", "other")
                if cls != "other" or _other_answers(cells_by_forbund, key)
            ):
                hide_split(question)
        apply_conditions(figures["questions"], conditions.get(group, {}))
    return protected


def _other_answers(cells_by_forbund: Mapping[int, ScopeCells], key) -> int:
    return sum(_answers(cells_by_forbund, key, "other").values())


def _copy(results: dict) -> dict:
    """A copy of a results JSON deep enough to hide figures in (questions and their splits)."""
    copy = dict(results)
    copy["groups"] = {}
    for group, figures in results["groups"].items():
        questions = {
            code: {
                key: dict(value) if isinstance(value, dict) else value
                for key, value in question.items()
            }
            for code, question in figures["questions"].items()
        }
        copy["groups"][group] = {**figures, "questions": questions}
    return copy


# Rule 6: open data (nation beside every förbund) -----------------------------------------------


def complementary(
    answers: Mapping[int, int], hidden: set[int], k: int, min_forbund: int = MIN_FORBUND
) -> set[int]:
    """Rule 6 for one equation (nation = sum of förbund): the förbund to hide, a superset of
    `hidden`, so that the hidden ones together pass rule 4 (or none is hidden).

    More förbund are hidden smallest first, the cheapest in answers lost. Returns None when no
    set of förbund will do (too few förbund with answers): the nation's cell must be hidden.
    """
    hidden = {f for f in hidden if answers.get(f, 0) > 0}
    while hidden and not publishable_across({f: answers[f] for f in hidden}, k, min_forbund):
        candidates = sorted((n, f) for f, n in answers.items() if n > 0 and f not in hidden)
        if not candidates:
            return None
        hidden.add(candidates[0][1])
    return hidden


SPLIT = ("women", "men", "other")
# A cell of a table as disclosure control names it: ((group, question code), class).
CellName = tuple[tuple[str, str], str]


def protect_open_data(
    cells_by_forbund: Mapping[int, ScopeCells],
    shown_by_forbund: Mapping[int, set[CellName]],
    nation_shown: set[CellName],
    *,
    k: int,
    conditions: Mapping[str, Mapping[str, str]],
    min_forbund: int = MIN_FORBUND,
    fixed: Mapping[int, set[CellName]] | None = None,
) -> tuple[set[CellName], dict[int, set[CellName]]]:
    """Rule 6: what open data may list of the nation and of each förbund, side by side.

    `cells_by_forbund` holds each förbund's class vectors, `shown_by_forbund` the cells its own
    results show (rules 1–3, `shown_cells`), `nation_shown` the cells of the national results
    förbund users see (rules 1–5), `conditions` each group's conditional questions. In every
    equation nation = sum of förbund (per question; the total, and each class of the gender
    split), the förbund whose figure is not listed must be none or pass rule 4 as a group;
    otherwise more förbund are left out, smallest first (`complementary`), and if nothing will
    do, the nation's figure is (which cannot happen where the nation passes rule 4 with the
    same `min_forbund`: leaving every förbund out is then enough). A förbund's figure of a
    class counts as known when its split is listed, or when its total is listed and every
    answer is in that one class; such a förbund is left out by leaving out its total. Returns
    the cells to list of the nation and of each förbund, in the shape of `shown_cells`.

    `fixed` holds förbund figures that are public already (listed in an earlier release of the
    period with the same answers): they are known whatever is listed now, so they take no part
    in an equation and leaving them out would protect nothing.
    """
    fixed = fixed or {}
    nation = set(nation_shown)
    listed = {forbund_id: set(shown) for forbund_id, shown in shown_by_forbund.items()}
    keys = {key for cells in cells_by_forbund.values() for key in cells}
    # A condition question before the questions that depend on it (F8 before F9 and F10).
    for key in sorted(keys, key=lambda key: (key[0], key[1] in conditions.get(key[0], {}))):
        condition = conditions.get(key[0], {}).get(key[1])
        if condition is not None:
            given = (key[0], condition)
            for cells in (nation, *listed.values()):
                _follow_condition(cells, key, given)
        # Leaving a förbund out to cover a split can leave out its total (below), which the
        # total's equation must then cover in turn: repeat until nothing more is left out.
        before = None
        while before != (state := _listed_state(key, listed, nation)):
            before = state
            _protect_total(key, cells_by_forbund, listed, nation, k, min_forbund, fixed)
            _protect_split(key, cells_by_forbund, listed, nation, k, min_forbund, fixed)
    return nation, listed


def _listed_state(key, listed, nation) -> tuple:
    cells = {(forbund_id, cls) for forbund_id, c in listed.items() for k_, cls in c if k_ == key}
    return frozenset(cells), frozenset(cls for k_, cls in nation if k_ == key)


def _follow_condition(cells: set[CellName], key, given) -> None:
    """Rule 3 in a set of listed cells: a conditional question only where its condition is."""
    if (given, "total") not in cells:
        cells.difference_update((key, cls) for cls in CLASSES)
    elif (given, "women") not in cells:
        cells.difference_update((key, cls) for cls in SPLIT)


def _protect_total(key, cells_by_forbund, listed, nation, k, min_forbund, fixed) -> None:
    if (key, "total") not in nation:
        return
    answers = {
        f: n
        for f, n in _answers(cells_by_forbund, key, "total").items()
        if (key, "total") not in fixed.get(f, ())
    }
    hidden = {f for f, n in answers.items() if n > 0 and (key, "total") not in listed.get(f, ())}
    more = complementary(answers, hidden, k, min_forbund)
    if more is None:
        nation.difference_update((key, cls) for cls in CLASSES)
        return
    for forbund_id in more:
        listed.setdefault(forbund_id, set()).difference_update((key, cls) for cls in CLASSES)


def _class_known(key, cls, forbund_id, cells_by_forbund, listed, left_out) -> bool:
    """Whether a förbund's figure of one class of the split can be known from open data: from
    its listed split, or from its listed total when every answer is in that class."""
    if forbund_id in left_out:
        return False
    shown = listed.get(forbund_id, set())
    if (key, "women") in shown:
        return True
    vectors = cells_by_forbund[forbund_id][key]
    return (key, "total") in shown and not any(sum(vectors[c]) for c in SPLIT if c != cls)


def _protect_split(key, cells_by_forbund, listed, nation, k, min_forbund, fixed) -> None:
    """The equations of the gender split (women, men, and the residual "other"). A förbund's
    split is listed or left out as a whole, since women and men go together; a förbund known
    in a class through its total alone is left out by leaving out its total."""
    if (key, "women") not in nation:
        return
    answers = {
        cls: {
            f: n
            for f, n in _answers(cells_by_forbund, key, cls).items()
            if not _class_known(key, cls, f, cells_by_forbund, fixed, set())
        }
        for cls in SPLIT
    }
    left_out: set[int] = set()
    changed = True
    while changed:
        changed = False
        for cls in SPLIT:
            hidden = {
                f
                for f, n in answers[cls].items()
                if n > 0 and not _class_known(key, cls, f, cells_by_forbund, listed, left_out)
            }
            more = complementary(answers[cls], hidden, k, min_forbund)
            if more is None:
                # Nothing will do: the nation's split is left out, the förbund's stay listed.
                nation.difference_update((key, c) for c in SPLIT)
                return
            if more - hidden:
                left_out |= more - hidden
                changed = True
    for forbund_id in left_out:
        split_listed = (key, "women") in listed.get(forbund_id, ())
        listed[forbund_id].difference_update((key, c) for c in (SPLIT if split_listed else CLASSES))


def _cell_known(shown, key, cls: str, vectors: ClassVectors) -> bool:
    """Whether a listing gives a förbund's figure of one class: its total listed, or its split
    (or its total when every answer is in that one class)."""
    if cls == "total" or (key, "women") in shown:
        return (key, cls if cls == "total" else "women") in shown
    return (key, "total") in shown and not any(sum(vectors[c]) for c in SPLIT if c != cls)


def protect_against_earlier(
    listed: dict[int, set[CellName]],
    cells_by_forbund: Mapping[int, ScopeCells],
    history: list[tuple[set[CellName], Mapping[int, ScopeCells], Mapping[int, set[CellName]]]],
    *,
    k: int,
    min_forbund: int = MIN_FORBUND,
) -> None:
    """Rule 6 across the releases of a period, on the listing of the latest one (in place).

    An earlier release's nation is the sum of that release's förbund. A förbund whose answers
    have not changed since then is known from any later listing of it as well, so in every
    earlier equation the förbund that no listing gives must still pass rule 4 as a group;
    otherwise more unchanged förbund are left out now, smallest first. `history` holds each
    earlier release's (nation listed, class vectors by förbund, förbund listed), oldest first.
    """
    releases = [*history, (set(), cells_by_forbund, listed)]
    for index, (nation, vectors, _listed) in enumerate(history):
        later = releases[index:]
        for key, cls in sorted(nation):
            answers = {f: sum(v[key][cls]) for f, v in vectors.items() if key in v}

            def known(forbund_id, key=key, cls=cls, vectors=vectors, later=later):
                own = vectors[forbund_id][key]
                return any(
                    other.get(forbund_id, {}).get(key) == own
                    and _cell_known(shown.get(forbund_id, ()), key, cls, own)
                    for _nation, other, shown in later
                )

            while True:
                hidden = {f: n for f, n in answers.items() if n > 0 and not known(f)}
                if publishable_across(hidden, k, min_forbund):
                    break
                # Only the latest listing can still change: leave out one of its förbund that
                # gives this earlier figure, the smallest.
                candidates = sorted(
                    (n, f)
                    for f, n in answers.items()
                    if n > 0
                    and f not in hidden
                    and cells_by_forbund.get(f, {}).get(key) == vectors[f][key]
                    and _cell_known(listed.get(f, ()), key, cls, vectors[f][key])
                    and not any(
                        other.get(f, {}).get(key) == vectors[f][key]
                        and _cell_known(shown.get(f, ()), key, cls, vectors[f][key])
                        for _nation, other, shown in later[:-1]
                    )
                )
                if not candidates:
                    break
                forbund_id = candidates[0][1]
                drop = (
                    CLASSES if (key, "women") not in listed[forbund_id] or cls == "total" else SPLIT
                )
                listed[forbund_id].difference_update((key, c) for c in drop)


# Rule 7: spread between förbund -------------------------------------------------------------------


def spread_windows(count: int, quantiles=(0.25, 0.5, 0.75), width: int = SPREAD_WINDOW):
    """The positions (in sorted order) averaged into each quantile: the `width` förbund figures
    nearest the quantile's position q·(count − 1). None when there are fewer than `width`."""
    if count < width:
        return None
    windows = []
    for q in quantiles:
        centre = q * (count - 1)
        start = min(max(round(centre - (width - 1) / 2), 0), count - width)
        windows.append(tuple(range(start, start + width)))
    return windows


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(row) for row in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def solvable(equations: list[set[int]], known: set[int], unknowns: Iterable[int]) -> set[int]:
    """Which unknowns a set of sums determines: each equation is the sum (or mean) of the values
    at some positions; values at `known` positions are known. Exact rational arithmetic."""
    unknowns = sorted(set(unknowns) - known)
    index = {position: i for i, position in enumerate(unknowns)}
    rows = []
    for equation in equations:
        row = [Fraction(0)] * len(unknowns)
        for position in equation:
            if position in index:
                row[index[position]] = Fraction(1)
        if any(row):
            rows.append(row)
    if not rows:
        return set()
    base = _rank(rows)
    found = set()
    for position, i in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[i] = Fraction(1)
        if _rank([*rows, unit]) == base:
            found.add(position)
    return found


def spread_safe(count: int, windows, known: set[int] = frozenset()) -> bool:
    """Rule 7: no single förbund's figure can be solved for from the window means, by any
    förbund that knows its own figure and those at `known` positions (already published)."""
    equations = [set(window) for window in windows]
    # A figure in no window is in no equation: it can neither be solved for nor help solve.
    positions = sorted(set().union(*equations) & set(range(count)))
    return not any(solvable(equations, set(known) | {own}, positions) for own in positions)


# Rule 8: live figures of an unsubmitted period ----------------------------------------------------


def gross_change(before: Vector, after: Vector) -> int:
    """How many answers a cell gained or lost: a changed answer counts as a removed and an added
    one (2), so that a correction is weighed like any other change."""
    return sum(abs(a - b) for a, b in zip(after, before, strict=True))


def step(shown: Vector | None, current: Vector, k: int) -> Vector:
    """Rule 8 for one vector: the vector to show now, given the one shown before.

    Moves to the current counts when nothing was shown yet, when what was shown had fewer than K
    answers (its answer figures were hidden, so there is nothing to subtract from), or when the
    change since is at least K answers counted gross; otherwise the shown vector stays.
    """
    if shown is None or len(shown) != len(current):
        return current
    if not cell_shown(sum(shown), k) or gross_change(shown, current) >= k:
        return current
    return shown


def _split_published(vectors: Mapping[str, Vector], k: int) -> bool:
    women, men, other = (sum(vectors[cls]) for cls in ("women", "men", "other"))
    total = women + men + other
    return cell_shown(total, k) and gender_split_shown(total=total, women=women, men=men, k=k)


def step_question(shown: Mapping | None, current: ClassVectors, k: int) -> dict:
    """Rule 8 for one question: what to show now, given what was shown before.

    `current` holds the question's class vectors now; `shown` (and the result) holds the total
    vector shown, the women's, men's and "other" vectors of the last moment the gender split was
    shown, and `split`, whether those belong to the shown total (the split is shown). The total
    moves by `step`. The gender split is shown only from one moment with the total (else total
    minus women minus men would mix two moments), and only when each of its classes changed by
    none or at least K answers since the split was last shown, so that the women's figures of
    two views cannot isolate one woman's answer either.
    """
    fresh = {cls: tuple(vector) for cls, vector in current.items() if cls in CLASSES}
    if shown is None or any(len(shown[cls]) != len(fresh[cls]) for cls in CLASSES):
        return {**fresh, "split": True}
    total = step(tuple(shown["total"]), fresh["total"], k)
    reference = {cls: tuple(shown[cls]) for cls in ("women", "men", "other")}
    if total == fresh["total"] and (
        not _split_published(reference, k)
        or all(
            not small(gross_change(reference[cls], fresh[cls]), k)
            for cls in ("women", "men", "other")
        )
    ):
        return {**fresh, "split": True}
    kept = bool(shown["split"]) and total == tuple(shown["total"])
    return {"total": total, **reference, "split": kept}
