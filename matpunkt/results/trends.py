"""Change over time, the spread between förbund, and questions side by side across groups.

Every figure comes from the one computation module: each period's count table is loaded once
(`counts.load_counts`) and turned into the results JSON (`computation.results_from_counts`);
nothing here counts responses. A `Series` holds those per-period results for one scope so that a
report asking for many trends, changes and spreads computes each period only once: pass the same
`series=` to every call.

Questions are followed by their stable identity (instrument Measure) and respondent group, so a
trend runs across instrument versions even where the question's number or wording changed; a
changed wording is said in a note. Suppression (K) applies to every figure here as in the
results: a share on fewer than K answers is None, and so is any change computed from it.
"""

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from matpunkt.fieldwork.locks import is_locked
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import Group, Indicator
from matpunkt.instrument.selectors import QuestionnaireSpec, QuestionSpec, questionnaire_specs
from matpunkt.organisations.models import Forbund
from matpunkt.results import disclosure
from matpunkt.results.computation import (
    GROUP_ORDER,
    min_cell_or_default,
    place_conflicts,
    results_from_counts,
)
from matpunkt.results.counts import CountTable, empty_table, forbund_tables, load_counts
from matpunkt.results.live import live_results
from matpunkt.results.open_data import open_data_listing
from matpunkt.results.releases import (
    latest_release,
    release_table,
    release_tables,
    released_results,
)
from matpunkt.results.statistics import Change, compare_proportions
from matpunkt.results.statistics import wilson_interval as _wilson
from matpunkt.results.submission import (
    forbund_counts,
    restrict_counts,
    submitted_counts,
    submitted_fingerprint,
    submitted_scope,
)

# The spread between förbund is shown only when at least this many förbund have K answers: each
# quartile is the mean of this many förbund figures (disclosure rule 7).
MIN_FORBUND_FOR_SPREAD = disclosure.SPREAD_WINDOW

# The cached national results of submitted data: bump the version when the computation changes.
RESULTS_CACHE_VERSION = "1"
RESULTS_CACHE_SECONDS = 30 * 24 * 60 * 60

_YEAR = re.compile(r"(19|20)\d{2}")


# Periods in time order ----------------------------------------------------------------------------


def period_sort_key(period: Period) -> tuple[datetime.date, str]:
    """Periods sort by start date; without dates by the year in their label, then the label.

    Imported periods often have no dates ("2017"), so the label's year stands in for them.
    """
    when = period.starts_on or period.ends_on
    if when is None:
        match = _YEAR.search(period.label)
        when = datetime.date(int(match.group()), 1, 1) if match else datetime.date.max
    return when, period.label


def period_year(period: Period) -> int | None:
    """The year a period measures: from its dates (start, else end), else the year in its
    label; None when neither gives one."""
    when = period.starts_on or period.ends_on
    if when is not None:
        return when.year
    match = _YEAR.search(period.label)
    return int(match.group()) if match else None


def ordered_periods() -> list[Period]:
    """Every measurement period, oldest first."""
    return sorted(Period.objects.select_related("version"), key=period_sort_key)


# One scope's results over all periods, computed once ----------------------------------------------


def _group_label(group: str) -> str:
    return str(Group(group).label) if group in GROUP_ORDER else group


class PeriodResults:
    """One period's results (the results JSON) in a series' scope, with its count table.

    The count table is loaded only when something needs more than the results (the spread
    between förbund). For the national scope of submitted data, the results and the förbund
    results are kept in Django's cache under `cache_key`.
    """

    def __init__(
        self,
        *,
        period: Period,
        specs: dict[str, QuestionnaireSpec],
        min_cell: int,
        load_table: Callable[[], CountTable],
        cache_key: str | None = None,
        load_results: Callable[[], dict[str, Any]] | None = None,
        load_forbund_tables: Callable[[], dict[int, CountTable]] | None = None,
        live_forbund: Forbund | None = None,
    ):
        self.period = period
        self.specs = specs
        self.min_cell = min_cell
        self._load_table = load_table
        self.cache_key = cache_key
        self._load_results = load_results
        self._load_forbund_tables = load_forbund_tables
        self._live_forbund = live_forbund

    @cached_property
    def live(self) -> dict[str, Any] | None:
        """For a förbund's period it has not submitted, its results with answer figures as last
        stepped (`results.live`, rule 8); None otherwise."""
        if self._live_forbund is None:
            return None
        return live_results(
            forbund=self._live_forbund,
            period=self.period,
            # The table is loaded under the live figures' row lock, unless something used it first.
            load_table=lambda: self.table,
            min_cell=self.min_cell,
        )

    @cached_property
    def table(self) -> CountTable:
        """The period's count table in the scope (loaded on first use)."""
        return self._load_table()

    @cached_property
    def results(self) -> dict[str, Any]:
        """The results JSON of the period in the scope."""
        if self.live is not None:
            return self.live
        if self._load_results is not None:
            return self._load_results()
        return self._cached(
            "results", lambda: results_from_counts(self.table, min_cell=self.min_cell)
        )

    @cached_property
    def forbund_results(self) -> dict[int, dict[str, Any]]:
        """Each förbund's own results in this period, from the same count table."""
        split = self._load_forbund_tables or (lambda: forbund_tables(self.table))
        return self._cached(
            "forbund",
            lambda: {
                forbund_id: results_from_counts(table, min_cell=self.min_cell)
                for forbund_id, table in split().items()
            },
        )

    @cached_property
    def conflicts(self) -> list[str]:
        """The places of this period whose counts contradict each other, named with numbers."""
        return self._cached("conflicts", lambda: place_conflicts(self.table))

    def cached(self, part: str, compute: Callable[[], Any]) -> Any:
        """A value computed from this period's results, kept with them where they are cached."""
        return self._cached(part, compute)

    def _cached(self, part: str, compute: Callable[[], Any]) -> Any:
        if self.cache_key is None:
            return compute()
        key = f"{self.cache_key}:{part}"
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, timeout=RESULTS_CACHE_SECONDS)
        return value

    def question(self, group: str, measure_key: str) -> QuestionSpec | None:
        """The group's question for a measure in this period's version, or None."""
        spec = self.specs.get(group)
        if spec is None:
            return None
        return next((q for q in spec.questions if q.measure_key == measure_key), None)

    def figures(self, group: str, code: str) -> dict[str, Any] | None:
        """A question's figures from the results JSON (None when the group has no data)."""
        return self.results["groups"].get(group, {}).get("questions", {}).get(code)


class Series:
    """The results of every period in one scope (nation or förbund), each computed on first use.

    `submitted_only` restricts every period to the förbund whose data for it are submitted (for
    a förbund scope: nothing, in a period the förbund has not submitted). Submitted data are
    locked, so results that rest on submitted data alone (the nation's with `submitted_only`, a
    förbund's own in a period it has submitted) are kept in Django's cache, keyed by
    `submission.submitted_fingerprint`, which changes with every submission and reopening.
    `use_cache=False` computes everything anew.

    `released` (national scope only) gives the nation as förbund users see it: each period as NNS
    last released it (`releases`), protected by disclosure control; a period not released yet has
    no data.

    A förbund's own answer figures of a period it has not submitted move in steps of at least K
    answers (`results.live`, rule 8), by default: every page, download and goal of the förbund
    reads them here, so none can show exact live figures beside the stepped ones. `exact=True`
    computes them exactly (and records no step), for tools that are not a förbund user's view.
    """

    def __init__(
        self,
        *,
        forbund: Forbund | None = None,
        min_cell: int | None = None,
        submitted_only: bool = False,
        periods: list[Period] | None = None,
        use_cache: bool = True,
        questionnaires: dict[int, dict[str, QuestionnaireSpec]] | None = None,
        released: bool = False,
        exact: bool = False,
    ):
        if released and (forbund is not None or not submitted_only):
            raise ValueError("Released figures are the nation's, of submitted data.")
        self.released = released
        self.exact = exact
        self.forbund = forbund
        self.min_cell = min_cell_or_default(min_cell)
        self.submitted_only = submitted_only
        self.periods = sorted(periods, key=period_sort_key) if periods else ordered_periods()
        self.use_cache = use_cache
        self._results: dict[int, PeriodResults] = {}
        # The questionnaires of each version, by version id: pass one dict to the series of one
        # report, so that each version's questionnaires are read once.
        self._specs = {} if questionnaires is None else questionnaires

    def matches(self, *, forbund, min_cell, submitted_only) -> bool:
        return (
            getattr(self.forbund, "pk", None) == getattr(forbund, "pk", None)
            and self.min_cell == min_cell_or_default(min_cell)
            and self.submitted_only == submitted_only
        )

    def at(self, period: Period) -> PeriodResults:
        """The period's results in this scope (computed once)."""
        if period.pk not in self._results and self.released:
            self._results[period.pk] = self._released(period)
        if period.pk not in self._results:
            self._results[period.pk] = PeriodResults(
                period=period,
                specs=self._version_specs(period),
                min_cell=self.min_cell,
                load_table=lambda: self._table(period),
                cache_key=self._cache_key(period),
                live_forbund=self._live_forbund(period),
            )
        return self._results[period.pk]

    def _released(self, period: Period) -> PeriodResults:
        specs = self._version_specs(period)
        release = latest_release(period)

        def results():
            found = released_results(period, k=self.min_cell, specs=specs)
            if found is None:
                return results_from_counts(empty_table(period, specs), min_cell=self.min_cell)
            return found

        @functools.cache
        def forbund_tables_once() -> dict[int, CountTable]:
            # The national table is made of the förbund tables: thaw the release once.
            return {} if release is None else release_tables(release, specs)

        cache_key = None
        if release is not None and self.use_cache:
            # A release never changes: what is computed from it is kept under its id.
            cache_key = ":".join(
                (
                    "matpunkt:release",
                    RESULTS_CACHE_VERSION,
                    str(release.pk),
                    str(self.min_cell),
                    get_language() or "",
                )
            )
        return PeriodResults(
            period=period,
            specs=specs,
            min_cell=self.min_cell,
            cache_key=cache_key,
            load_table=lambda: (
                empty_table(period, specs)
                if release is None
                else release_table(release, specs, forbund_tables_once())
            ),
            load_results=results,
            load_forbund_tables=forbund_tables_once,
        )

    def _live_forbund(self, period: Period) -> Forbund | None:
        """The förbund whose figures of the period are stepped: the series' förbund, unless
        they are submitted (exact and locked) or the series is exact."""
        if self.forbund is None or self.submitted_only or self.exact:
            return None
        if is_locked(self.forbund.pk, period.pk):
            return None
        return self.forbund

    def _version_specs(self, period: Period) -> dict[str, QuestionnaireSpec]:
        if period.version_id not in self._specs:
            specs = questionnaire_specs(period.version)
            self._specs[period.version_id] = {g: spec for g, spec in specs.items() if spec}
        return self._specs[period.version_id]

    def _cache_key(self, period: Period) -> str | None:
        """Where the period's results are cached: only when they rest on submitted data alone.

        The nation's submitted data, or a förbund's own data in a period it has submitted.
        """
        if not self.use_cache or (self.forbund is None and not self.submitted_only):
            return None
        fingerprint = submitted_fingerprint(period, self.forbund)
        if fingerprint is None:
            return None
        # Warnings are translated: each language has its own entry.
        return ":".join(
            (
                "matpunkt:submitted-results",
                RESULTS_CACHE_VERSION,
                fingerprint,
                str(getattr(self.forbund, "pk", "nation")),
                str(self.submitted_only),
                str(self.min_cell),
                get_language() or "",
            )
        )

    def _table(self, period: Period) -> CountTable:
        specs = self._version_specs(period)
        if self.forbund is None:
            if self.submitted_only:
                return submitted_counts(period=period, specs=specs)
            return load_counts(period=period, specs=specs)
        table = forbund_counts(period=period, forbund=self.forbund, specs=specs)
        if self.submitted_only:
            table = restrict_counts(table, submitted_scope(period))
        return table

    def earlier(self, period: Period) -> list[Period]:
        """The periods before this one, newest first."""
        key = period_sort_key(period)
        return [p for p in reversed(self.periods) if period_sort_key(p) < key]


def series_for(series: Series | None, *, forbund, min_cell, submitted_only) -> Series:
    if series is None:
        return Series(forbund=forbund, min_cell=min_cell, submitted_only=submitted_only)
    if not series.matches(forbund=forbund, min_cell=min_cell, submitted_only=submitted_only):
        raise ValueError("The series was made for another scope, K or submission filter.")
    return series


# Figures ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A question's key figure for one group: answered, positive, share and 95 % interval.

    `positive`, `positive_share` and `interval` are None when fewer than K answered.
    """

    group: str
    group_label: str
    question_number: int
    question_code: str
    question_text: str
    answered: int | None
    positive: int | None
    positive_share: float | None
    interval: tuple[float, float] | None

    @property
    def suppressed(self) -> bool:
        return self.positive_share is None


def question_figure(results: PeriodResults, group: str, question: QuestionSpec) -> Figure:
    figures = results.figures(group, question.code) or {}
    # None where disclosure control hides it (a conditional question whose condition is hidden).
    answered = figures.get("answered", 0)
    positive = figures.get("positive")
    return Figure(
        group=group,
        group_label=_group_label(group),
        question_number=question.number,
        question_code=question.code,
        question_text=question.text,
        answered=answered,
        positive=positive,
        positive_share=figures.get("positive_share"),
        interval=_wilson(positive, answered) if positive is not None and answered else None,
    )


def change_between(earlier: Figure | None, later: Figure) -> Change | None:
    """The change between two figures; None when either is suppressed or missing."""
    if earlier is None or earlier.positive is None or later.positive is None:
        return None
    if not earlier.answered or not later.answered:
        return None
    return compare_proportions(
        earlier_positive=earlier.positive,
        earlier_n=earlier.answered,
        later_positive=later.positive,
        later_n=later.answered,
    )


def previous_figure(
    series: Series, period: Period, group: str, measure_key: str
) -> tuple[Period, Figure] | None:
    """The nearest earlier period in which the group answered the measure's question."""
    for earlier in series.earlier(period):
        results = series.at(earlier)
        question = results.question(group, measure_key)
        if question is None:
            continue
        figure = question_figure(results, group, question)
        if figure.answered:
            return earlier, figure
    return None


# Trends -------------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """A question text without the instrument's underlining, whitespace collapsed."""
    return " ".join(re.sub(r"</?u>", "", text).split())


@dataclass(frozen=True)
class TrendPoint:
    """One period of a trend: that version's question number and wording, and its figure.

    `change` compares with the nearest earlier point that has answers (`compared_with`); it is
    None when either is suppressed. `wording_changed` is a note when the wording differs from
    that of the previous point; `differs_from_newest` says the wording is not the newest one.
    """

    period: str
    period_id: int
    version: str
    question_number: int
    question_code: str
    question_text: str
    answered: int | None
    positive: int | None
    positive_share: float | None
    interval: tuple[float, float] | None
    compared_with: str | None
    change: Change | None
    wording_changed: str | None
    differs_from_newest: bool

    @property
    def suppressed(self) -> bool:
        return self.positive_share is None


@dataclass(frozen=True)
class Trend:
    """A question followed across every period in which its group was asked it."""

    measure_key: str
    measure_name: str
    group: str
    group_label: str
    scope: str | None
    min_cell: int
    points: list[TrendPoint]
    notes: list[str] = field(default_factory=list)

    @property
    def wording_changed(self) -> bool:
        return bool(self.notes)


def _wording_note(earlier_label: str, earlier_text: str, text: str) -> str:
    return _(
        "Frågans formulering ändrades efter mätperiod %(period)s: tidigare ”%(before)s”, "
        "nu ”%(after)s”. Jämför med försiktighet."
    ) % {"period": earlier_label, "before": _plain(earlier_text), "after": _plain(text)}


def measure_trend(
    *,
    measure_key: str,
    group: str,
    forbund: Forbund | None = None,
    min_cell: int | None = None,
    submitted_only: bool = False,
    series: Series | None = None,
) -> Trend:
    """A question (by its measure and group) across all periods, oldest first.

    One point per period whose instrument version asks the group that question. Each point has
    that version's question number and wording, its figure (suppressed below K) with the Wilson
    95 % interval, and its change against the nearest earlier point with answers.
    """
    series = series_for(series, forbund=forbund, min_cell=min_cell, submitted_only=submitted_only)
    found: list[tuple[Period, QuestionSpec, Figure]] = []
    for period in series.periods:
        results = series.at(period)
        question = results.question(group, measure_key)
        if question is not None:
            found.append((period, question, question_figure(results, group, question)))
    newest_text = _plain(found[-1][1].text) if found else ""
    points: list[TrendPoint] = []
    notes: list[str] = []
    previous: tuple[Period, Figure] | None = None
    for index, (period, question, figure) in enumerate(found):
        note = None
        if index > 0:
            before_period, before_question, _before = found[index - 1]
            if _plain(before_question.text) != _plain(question.text):
                note = _wording_note(before_period.label, before_question.text, question.text)
                notes.append(note)
        points.append(
            TrendPoint(
                period=period.label,
                period_id=period.pk,
                version=period.version.code,
                question_number=question.number,
                question_code=question.code,
                question_text=question.text,
                answered=figure.answered,
                positive=figure.positive,
                positive_share=figure.positive_share,
                interval=figure.interval,
                compared_with=previous[0].label if previous else None,
                change=change_between(previous[1] if previous else None, figure),
                wording_changed=note,
                differs_from_newest=_plain(question.text) != newest_text,
            )
        )
        if figure.answered:
            previous = (period, figure)
    measure_name = found[0][1].measure_name if found else measure_key
    return Trend(
        measure_key=measure_key,
        measure_name=measure_name,
        group=group,
        group_label=_group_label(group),
        scope=forbund.name if forbund is not None else None,
        min_cell=series.min_cell,
        points=points,
        notes=notes,
    )


def changes_against_previous(
    *,
    period: Period,
    forbund: Forbund | None = None,
    min_cell: int | None = None,
    submitted_only: bool = False,
    series: Series | None = None,
) -> dict[tuple[str, str], Change | None]:
    """Every figure of the period against the nearest earlier period with answers to it.

    Keyed by (group, question code of this period). The question is followed by its measure,
    so its number may differ in the earlier period. None when there is no earlier period with
    answers, or when either figure is suppressed.
    """
    series = series_for(series, forbund=forbund, min_cell=min_cell, submitted_only=submitted_only)
    results = series.at(period)
    changes: dict[tuple[str, str], Change | None] = {}
    for group in results.results["groups"]:
        spec = results.specs.get(group)
        for question in spec.questions if spec else []:
            figure = question_figure(results, group, question)
            previous = previous_figure(series, period, group, question.measure_key)
            changes[(group, question.code)] = change_between(
                previous[1] if previous else None, figure
            )
    return changes


# The spread between förbund -----------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """The spread of the förbund key figures for one question; no single förbund's figure.

    Each quartile and the median is the mean of the three förbund figures nearest to it
    (disclosure rule 7). Only förbund with at least K answers count (`forbund_count`);
    `too_few_answers` says how many förbund had answers but fewer than K. The means are None
    (`withheld`) when a förbund's figure could be solved for from them and the figures a user
    knows: its own förbund's and those listed in open data.
    """

    period: str
    group: str
    group_label: str
    question_number: int
    question_code: str
    min_cell: int
    forbund_count: int
    too_few_answers: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None

    @property
    def withheld(self) -> bool:
        return self.median is None


def _known_positions(
    period: Period, shares: list[tuple[float, int]], group: str, code: str, results
) -> set[int]:
    """The positions (in sorted order) of the förbund whose figure open data lists."""
    listing = open_data_listing(period, k=results.min_cell, specs=results.specs)
    if listing is None:
        return set()
    return {
        position
        for position, (_share, forbund_id) in enumerate(shares)
        if listing.lists(forbund_id, group, code)
    }


def forbund_spread(
    *,
    period: Period,
    group: str,
    question_number: int,
    min_cell: int | None = None,
    submitted_only: bool = True,
    series: Series | None = None,
) -> Spread | None:
    """The spread of förbund figures for a question (rule 7): None below 3 förbund with K.

    Each förbund's share is computed from its own responses (for förbund users, as released);
    only förbund with at least K answers to the question take part. The lower quartile, median
    and upper quartile are each the mean of the three förbund figures nearest to them, and are
    withheld when any förbund's figure could be solved for from them by a förbund that knows
    its own figure and those open data lists for the period.
    """
    series = series_for(series, forbund=None, min_cell=min_cell, submitted_only=submitted_only)
    results = series.at(period)
    code = f"F{question_number}"
    shares: list[tuple[float, int]] = []
    too_few = 0
    for forbund_id, forbund_results in results.forbund_results.items():
        figures = forbund_results["groups"].get(group, {}).get("questions", {}).get(code)
        if figures is None or figures["answered"] == 0:
            continue
        if figures["positive_share"] is None:
            too_few += 1
        else:
            shares.append((figures["positive_share"], forbund_id))
    windows = disclosure.spread_windows(len(shares))
    if windows is None:
        return None
    shares.sort()
    means: list[float | None] = [None, None, None]
    known = _known_positions(period, shares, group, code, results)
    if disclosure.spread_safe(len(shares), windows, known):
        means = [sum(shares[i][0] for i in window) / len(window) for window in windows]
    return Spread(
        period=period.label,
        group=group,
        group_label=_group_label(group),
        question_number=question_number,
        question_code=code,
        min_cell=series.min_cell,
        forbund_count=len(shares),
        too_few_answers=too_few,
        lower_quartile=means[0],
        median=means[1],
        upper_quartile=means[2],
    )


# Across groups and indicators ---------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureFigures:
    """One measure (stable question identity) with its figure in every group asked it."""

    measure_key: str
    measure_name: str
    figures: list[Figure]


def _measure_figures(results: PeriodResults) -> dict[str, MeasureFigures]:
    """Every measure of the period's version, with one figure per group that asks it."""
    by_measure: dict[str, list[Figure]] = defaultdict(list)
    names: dict[str, str] = {}
    for group in sorted(results.specs, key=GROUP_ORDER.index):
        for question in results.specs[group].questions:
            by_measure[question.measure_key].append(question_figure(results, group, question))
            names[question.measure_key] = question.measure_name
    return {
        key: MeasureFigures(measure_key=key, measure_name=names[key], figures=figures)
        for key, figures in by_measure.items()
    }


def measures_across_groups(
    *,
    period: Period,
    forbund: Forbund | None = None,
    min_cell: int | None = None,
    submitted_only: bool = False,
    series: Series | None = None,
) -> list[MeasureFigures]:
    """The questions the period's version asks of several groups, side by side per group.

    E.g. the "strukturer för relationer" question for personal, styrelse and chefsgrupp. Ordered
    by the first group and question number that asks each.
    """
    series = series_for(series, forbund=forbund, min_cell=min_cell, submitted_only=submitted_only)
    shared = [m for m in _measure_figures(series.at(period)).values() if len(m.figures) > 1]
    return sorted(
        shared,
        key=lambda m: (GROUP_ORDER.index(m.figures[0].group), m.figures[0].question_number),
    )


@dataclass(frozen=True)
class IndicatorFigures:
    """An indicator entered by NNS, with its measures' figures in the period."""

    code: str
    name: str
    level: str
    level_label: str
    kind: str
    kind_label: str
    description: str
    measures: list[MeasureFigures]


def indicator_view(
    *,
    period: Period,
    forbund: Forbund | None = None,
    min_cell: int | None = None,
    submitted_only: bool = False,
    series: Series | None = None,
) -> list[IndicatorFigures]:
    """Each indicator NNS has entered, with the figures of its measures per group.

    The indicators and the question→indicator map are data entered by an NNS administrator:
    with none entered the list is empty. A measure the period's version does not ask is left out.
    """
    indicators = list(Indicator.objects.prefetch_related("measures").order_by("code"))
    if not indicators:
        return []
    series = series_for(series, forbund=forbund, min_cell=min_cell, submitted_only=submitted_only)
    measures = _measure_figures(series.at(period))
    return [
        IndicatorFigures(
            code=indicator.code,
            name=indicator.name,
            level=indicator.level,
            level_label=str(indicator.get_level_display()),
            kind=indicator.kind,
            kind_label=str(indicator.get_kind_display()),
            description=indicator.description,
            measures=[
                measures[m.key]
                for m in sorted(indicator.measures.all(), key=lambda m: m.key)
                if m.key in measures
            ],
        )
        for indicator in indicators
    ]
