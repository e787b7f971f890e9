"""Key figures beside other figures: the nation, earlier periods, other groups.

The figures come from `trends` (a `Series` per scope, each period computed once) and the tests
and intervals from `statistics`; this module only arranges them into report tables. A change is
worded or marked as better or worse only when its test supports it (`Change.verdict`).
"""

from typing import Any

from django.utils.translation import gettext as _

from matpunkt.fieldwork.models import Period
from matpunkt.results.page import GroupSection
from matpunkt.results.reports.model import (
    BLANK,
    Block,
    Column,
    Count,
    Interval,
    Paragraph,
    Points,
    PValue,
    Row,
    Section,
    Suppressed,
    Table,
    Text,
    Verdict,
)
from matpunkt.results.reports.sections import (
    answers_cell,
    interval_cell,
    question_cell,
    share_cell,
)
from matpunkt.results.statistics import Change
from matpunkt.results.trends import (
    Series,
    Trend,
    indicator_view,
    measure_trend,
    measures_across_groups,
    period_sort_key,
)


def key_figure_note() -> str:
    return _(
        "Nyckeltal = andelen klart positiva svar (de två mest positiva svarsalternativen); för "
        "ja/nej-frågor andelen som svarat ja. 95 %-intervallet är ett Wilson-intervall."
    )


def verdict_cell(change: Change) -> Verdict:
    """The verdict, with a direction only when the test supports a change."""
    direction = 1 if change.is_improvement else -1 if change.is_deterioration else 0
    return Verdict(change.verdict, direction)


def change_cells(change: Change | None) -> list:
    """Change in points, p-value with its test, and the verdict; blank when there is none."""
    if change is None:
        return [BLANK, BLANK, BLANK]
    return [
        Points(change.difference_pp),
        PValue(change.p_value, change.test),
        verdict_cell(change),
    ]


def national_table(group: GroupSection, k: int, national: dict[str, Any]) -> Table:
    """The förbund's key figures with their intervals beside the national figures."""
    national_group = national["groups"].get(group.code)
    rows = []
    for question in group.questions:
        figures = question.figures
        row = [
            question_cell(question),
            answers_cell(figures["answered"], k),
            share_cell(figures["positive_share"], k),
            interval_cell(figures, k),
        ]
        theirs = national_group["questions"].get(question.code) if national_group else None
        if theirs is None or not theirs["answered"]:
            row += [BLANK, BLANK, Count(0)]
        else:
            row += [
                share_cell(theirs["positive_share"], k),
                interval_cell(theirs, k),
                answers_cell(theirs["answered"], k),
            ]
        rows.append(Row(row))
    return Table(
        key=f"national-{group.code}",
        caption=_("%(label)s: nyckeltal med 95 %%-intervall, förbundet och riket")
        % {"label": group.label},
        columns=[
            Column(_("Fråga"), numeric=False),
            Column(_("Antal svar")),
            Column(_("Nyckeltal")),
            Column(_("95 %-intervall")),
            Column(_("Riket")),
            Column(_("Riket, 95 %-intervall")),
            Column(_("Riket, antal svar")),
        ],
        rows=rows,
        notes=[
            key_figure_note(),
            _(
                "Riket = alla förbund som har lämnat in sina data för mätperioden till NNS "
                "(inlämnade data)."
            ),
        ],
    )


def trend_until(trend: Trend, series: Series, period: Period) -> list:
    """The trend's points up to and including the period (a report does not look ahead)."""
    upto = period_sort_key(period)
    allowed = {p.pk for p in series.periods if period_sort_key(p) <= upto}
    return [point for point in trend.points if point.period_id in allowed]


def question_trends(group: GroupSection, series: Series, period: Period) -> list[tuple]:
    """Each question of the group with its trend points up to the period."""
    found = []
    for question in group.questions:
        trend = measure_trend(
            measure_key=question.measure_key,
            group=group.code,
            forbund=series.forbund,
            min_cell=series.min_cell,
            submitted_only=series.submitted_only,
            series=series,
        )
        found.append((question, trend_until(trend, series, period)))
    return found


def _point_share(point, k: int):
    if point is None or not point.answered:
        return BLANK
    return share_cell(point.positive_share, k)


def change_table(trends: list[tuple], group: GroupSection, k: int, *, key: str) -> Table:
    """Each question against the nearest earlier period with answers: points, test, verdict."""
    rows = []
    for question, points in trends:
        now = points[-1] if points else None
        if now is None or now.compared_with is None:
            rows.append(
                Row(
                    [question_cell(question), Text(_("ingen tidigare mätning"), muted=True)]
                    + [BLANK] * 5
                )
            )
            continue
        then = next(p for p in points if p.period == now.compared_with)
        rows.append(
            Row(
                [
                    question_cell(question),
                    Text(now.compared_with),
                    _point_share(then, k),
                    _point_share(now, k),
                    *change_cells(now.change),
                ]
            )
        )
    return Table(
        key=key,
        caption=_("%(label)s: förändring mot föregående mätperiod") % {"label": group.label},
        columns=[
            Column(_("Fråga"), numeric=False),
            Column(_("Jämförs med"), numeric=False),
            Column(_("Nyckeltal då")),
            Column(_("Nyckeltal nu")),
            Column(_("Förändring, procentenheter")),
            Column(_("p-värde (test)")),
            Column(_("Bedömning"), numeric=False),
        ],
        rows=rows,
        notes=[change_note()],
    )


def change_note() -> str:
    return _(
        "Förändringen prövas med Fishers exakta test när något förväntat antal är under 5, "
        "annars med chi2-test. ”Förbättring” och ”försämring” står bara när skillnaden är "
        "statistiskt säkerställd (p < 0,05); annars ”ingen säker förändring”. Jämförelsen görs "
        "med den senaste tidigare mätperioden där gruppen besvarade frågan."
    )


def history_table(trends: list[tuple], group: GroupSection, k: int, *, key: str) -> Table:
    """The key figure and number of answers in every period up to this one, oldest first."""
    labels: list[str] = []
    for _question, points in trends:
        for point in points:
            if point.period not in labels:
                labels.append(point.period)
    rows, notes = [], []
    for question, points in trends:
        by_period = {point.period: point for point in points}
        rows.append(
            Row([question_cell(question)] + [_point_share(by_period.get(p), k) for p in labels])
        )
        rows.append(
            Row(
                [Text(_("Antal svar"))]
                + [
                    answers_cell(by_period[p].answered, k) if p in by_period else BLANK
                    for p in labels
                ],
                style="sub",
            )
        )
        notes += [
            _("Fråga %(number)s: %(note)s") % {"number": question.number, "note": p.wording_changed}
            for p in points
            if p.wording_changed
        ]
    return Table(
        key=key,
        caption=_("%(label)s: nyckeltal per mätperiod") % {"label": group.label},
        columns=[Column(_("Fråga"), numeric=False)] + [Column(label) for label in labels],
        rows=rows,
        notes=notes,
    )


def change_blocks(group: GroupSection, k: int, series: Series, period: Period) -> list[Block]:
    """The change table and the table of earlier periods, or a sentence when there are none."""
    trends = question_trends(group, series, period)
    if not any(len([p for p in points if p.answered]) > 1 for _q, points in trends):
        return [
            Paragraph(
                _("%(label)s: det finns ingen tidigare mätperiod med svar att jämföra med.")
                % {"label": group.label}
            )
        ]
    return [
        change_table(trends, group, k, key=f"change-{group.code}"),
        history_table(trends, group, k, key=f"history-{group.code}"),
    ]


def across_groups_section(period: Period, series: Series) -> Section | None:
    """Questions asked of several groups side by side, for the groups with answers."""
    results = series.at(period).results
    rows = []
    for measure in measures_across_groups(
        period=period,
        forbund=series.forbund,
        min_cell=series.min_cell,
        submitted_only=series.submitted_only,
        series=series,
    ):
        figures = [f for f in measure.figures if f.group in results["groups"] and f.answered]
        if len(figures) < 2:
            continue
        rows.append(Row([Text(measure.measure_name)] + [BLANK] * 4, style="total"))
        for figure in figures:
            rows.append(
                Row(
                    [
                        Text(figure.group_label),
                        Text(figure.question_code),
                        Count(figure.answered),
                        share_cell(figure.positive_share, series.min_cell),
                        _figure_interval(figure, series.min_cell),
                    ],
                    style="sub",
                )
            )
    if not rows:
        return None
    return Section(
        key="across-groups",
        heading=_("Samma fråga till flera grupper"),
        blocks=[
            Paragraph(
                _(
                    "Frågor med samma formulering i flera respondentgrupper mäter samma sak och "
                    "kan jämföras mellan grupperna."
                )
            ),
            Table(
                key="across-groups",
                caption=_("Samma fråga till flera grupper: nyckeltal per grupp"),
                columns=[
                    Column(_("Fråga och grupp"), numeric=False),
                    Column(_("Fråga nr"), numeric=False),
                    Column(_("Antal svar")),
                    Column(_("Nyckeltal")),
                    Column(_("95 %-intervall")),
                ],
                rows=rows,
                notes=[key_figure_note()],
            ),
        ],
    )


def indicator_section(period: Period, series: Series) -> Section | None:
    """The indicators NNS has entered, each with its measures' figures per group."""
    indicators = indicator_view(
        period=period,
        forbund=series.forbund,
        min_cell=series.min_cell,
        submitted_only=series.submitted_only,
        series=series,
    )
    rows = []
    for indicator in indicators:
        rows.append(
            Row(
                [Text(f"{indicator.code} {indicator.name}"), Text(indicator.kind_label)]
                + [BLANK] * 3,
                style="total",
            )
        )
        for measure in indicator.measures:
            for figure in measure.figures:
                if not figure.answered:
                    continue
                rows.append(
                    Row(
                        [
                            Text(f"{measure.measure_name} ({figure.group_label})"),
                            Text(figure.question_code),
                            Count(figure.answered),
                            share_cell(figure.positive_share, series.min_cell),
                            _figure_interval(figure, series.min_cell),
                        ],
                        style="sub",
                    )
                )
    if not indicators:
        return None
    return Section(
        key="indicators",
        heading=_("Indikatorer"),
        blocks=[
            Paragraph(
                _(
                    "Indikatorerna och vilka frågor som mäter dem är inlagda av NNS. Varje "
                    "indikator visas med nyckeltalen för sina frågor i de grupper som har svarat."
                )
            ),
            Table(
                key="indicators",
                caption=_("Indikatorer och deras frågor"),
                columns=[
                    Column(_("Indikator och fråga"), numeric=False),
                    Column(_("Fråga nr"), numeric=False),
                    Column(_("Antal svar")),
                    Column(_("Nyckeltal")),
                    Column(_("95 %-intervall")),
                ],
                rows=rows,
                notes=[key_figure_note()],
            ),
        ],
    )


def _figure_interval(figure, k: int) -> Interval | Suppressed:
    return Suppressed(k) if figure.interval is None else Interval(*figure.interval)
