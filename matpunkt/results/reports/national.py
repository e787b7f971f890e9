"""The national report of a period for NNS, in the structure of the 2017 report and beyond it.

Tables 1–10 as in the 2017 report (förbund × groups asked, response rates, the participants'
gender and non-response, each group's questions with a gender split), then what that report
lacked: 95 % intervals, the spread between förbund, the change against the previous period,
trends over every period from 2017 on, questions across groups, indicators, and a generated
method appendix. Submitted data only (`trends.Series(submitted_only=True)`).

Two audiences: NNS sees the whole report; a förbund's users see the national aggregates, which
leave out the data-quality notes (they name other förbund's insatser). Table 1 (which förbund
took part, their number of insatser and how many were asked) is shown to both: it holds no
answer figures, and the 2017 report published it. No per-förbund answer figure is in either.
"""

from dataclasses import replace

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matpunkt.fieldwork.models import Period
from matpunkt.results.computation import min_cell_or_default
from matpunkt.results.formatting import format_count
from matpunkt.results.page import GroupSection, group_sections, rate_rows
from matpunkt.results.reports import comparisons, method
from matpunkt.results.reports.model import (
    BLANK,
    Charts,
    Column,
    Count,
    Heading,
    Paragraph,
    Percent,
    Report,
    Row,
    Section,
    Table,
    Text,
    TrendChart,
    TrendPoint,
)
from matpunkt.results.reports.sections import (
    answers_cell,
    distribution_charts,
    interval_cell,
    no_questionnaire_paragraph,
    nonresponse_section,
    question_cell,
    question_prefix,
    question_table,
    rates_table,
    share_cell,
    warnings_section,
)
from matpunkt.results.submission import submission_overview
from matpunkt.results.trends import MIN_FORBUND_FOR_SPREAD, Series, forbund_spread


def _forbund_insatser(period: Period) -> list[tuple[int, str, int]]:
    """Each submitted förbund with data: id, name and number of insatser with data, by name.

    From the submission overview, so that the national count table is not loaded when the
    results of submitted data are already cached.
    """
    found = []
    for row in submission_overview(periods=[period]):
        cell = row.cells[0]
        if cell.is_locked and cell.insatser:
            found.append((row.forbund.pk, row.forbund.name, cell.insatser))
    return sorted(found, key=lambda item: item[1])


def _released_forbund(current) -> list[tuple[int, str, int]]:
    """The förbund in the period's latest release with their number of insatser with data."""
    table = current.table
    insatser: dict[int, set[int]] = {}
    for insats_id, _group in table.distribution:
        insatser.setdefault(table.insatser[insats_id].forbund_id, set()).add(insats_id)
    for cell in table.cells:
        insatser.setdefault(table.insatser[cell.insats_id].forbund_id, set()).add(cell.insats_id)
    names = {info.forbund_id: info.forbund_name for info in table.insatser.values()}
    return sorted(
        ((forbund_id, names[forbund_id], len(ids)) for forbund_id, ids in insatser.items()),
        key=lambda item: item[1],
    )


def _conflicts_note(count: int) -> str:
    return ngettext(
        "I %(count)s insats och respondentgrupp är svaren fler än de tillfrågade som gick att "
        "nå. Svaren ingår i antalet svar; svarsfrekvens och bortfall visas bara där summan går "
        "ihop.",
        "I %(count)s insatser och respondentgrupper är svaren fler än de tillfrågade som gick "
        "att nå. Svaren ingår i antalet svar; svarsfrekvens och bortfall visas bara där summan "
        "går ihop.",
        count,
    ) % {"count": count}


def _table_1(current, forbund_list, groups: list[GroupSection]) -> Table:
    """Förbund × groups: number of insatser and asked per group (counts, no answer figures)."""
    codes = [group.code for group in groups]
    rows = []
    for forbund_id, name, insatser in forbund_list:
        own = current.forbund_results.get(forbund_id, {"groups": {}})["groups"]
        rows.append(
            Row(
                [Text(name), Count(insatser)]
                + [Count(own[code]["asked"]) if code in own else BLANK for code in codes]
            )
        )
    rows.append(
        Row(
            [Text(_("Totalt")), Count(sum(count for _id, _name, count in forbund_list))]
            + [Count(group.figures["asked"]) for group in groups],
            style="total",
        )
    )
    return Table(
        key="forbund-asked",
        caption=_("Samordningsförbund, antal insatser och antal tillfrågade per respondentgrupp"),
        columns=[Column(_("Samordningsförbund"), numeric=False), Column(_("Antal insatser"))]
        + [Column(group.label) for group in groups],
        rows=rows,
        notes=[
            _(
                "Antalet tillfrågade avspeglar inte alltid alla möjliga respondenter: i flera "
                "förbund har bara vissa insatser och grupper deltagit."
            )
        ],
    )


def _spread_cells(spread) -> list:
    """The spread's cells: förbund counted, then the lower quartile, median and upper quartile."""
    if spread is None:
        return [Text(_("färre än %(n)s") % {"n": MIN_FORBUND_FOR_SPREAD}), BLANK, BLANK, BLANK]
    if spread.withheld:
        return [Count(spread.forbund_count), Text(_("visas inte")), BLANK, BLANK]
    return [
        Count(spread.forbund_count),
        Percent(spread.lower_quartile),
        Percent(spread.median),
        Percent(spread.upper_quartile),
    ]


def _spread_table(group: GroupSection, k: int, series: Series, period: Period) -> Table:
    rows = []
    for question in group.questions:
        spread = forbund_spread(
            period=period,
            group=group.code,
            question_number=question.number,
            min_cell=k,
            submitted_only=True,
            series=series,
        )
        figures = question.figures
        cells = [
            question_cell(question),
            answers_cell(figures["answered"], k),
            share_cell(figures["positive_share"], k),
            interval_cell(figures, k),
        ]
        rows.append(Row(cells + _spread_cells(spread)))
    return Table(
        key=f"spread-{group.code}",
        caption=_("%(label)s: nyckeltal med 95 %%-intervall och spridning mellan förbund")
        % {"label": group.label},
        columns=[
            Column(_("Fråga"), numeric=False),
            Column(_("Antal svar")),
            Column(_("Nyckeltal")),
            Column(_("95 %-intervall")),
            Column(_("Förbund med minst K svar")),
            Column(_("Nedre kvartil (medel av tre förbund)")),
            Column(_("Median (medel av tre förbund)")),
            Column(_("Övre kvartil (medel av tre förbund)")),
        ],
        rows=rows,
        notes=[
            comparisons.key_figure_note(),
            _(
                "Spridningen räknas på förbundens egna nyckeltal, för förbund med minst %(k)s svar "
                "på frågan, och visas bara när minst %(n)s förbund har det. Nedre kvartil, median "
                "och övre kvartil är vart och ett medelvärdet av de tre förbundsnyckeltal som "
                "ligger närmast kvartilen eller medianen, så att inget enskilt förbunds nyckeltal "
                "syns."
            )
            % {"k": k, "n": MIN_FORBUND_FOR_SPREAD},
            _(
                "”Visas inte” betyder att ett förbunds nyckeltal skulle gå att räkna fram ur "
                "medelvärdena tillsammans med det egna förbundets siffror och de nyckeltal som "
                "finns i öppna data."
            ),
        ],
    )


def _trend_charts(trends: list[tuple], group: GroupSection) -> list[Charts]:
    """A trend chart per question with at least one shown key figure (none: no block)."""
    charts = []
    for question, points in trends:
        if all(point.positive_share is None for point in points):
            continue
        charts.append(
            TrendChart(
                key=f"trend-{group.code}-{question.code}",
                prefix=question_prefix(question),
                text=question.text,
                points=[
                    TrendPoint(
                        period=point.period,
                        share=point.positive_share,
                        low=point.interval[0] if point.interval else None,
                        high=point.interval[1] if point.interval else None,
                        answered=point.answered,
                    )
                    for point in points
                ],
                notes=[point.wording_changed for point in points if point.wording_changed],
            )
        )
    if not charts:
        return []
    heading = _("Nyckeltal per mätperiod i diagram: %(label)s") % {"label": group.label}
    return [Charts(heading=heading, charts=charts)]


def _group_sections(groups, k, series, period) -> tuple[list[Section], list[Section]]:
    """Each group's question section, and its part of the trends section."""
    questions, trend_parts = [], []
    for group in groups:
        heading = _("Frågor till %(label)s") % {"label": group.label.lower()}
        if not group.questions:
            questions.append(
                Section(f"questions-{group.code}", heading, [no_questionnaire_paragraph()])
            )
            continue
        trends = comparisons.question_trends(group, series, period)
        questions.append(
            Section(
                key=f"questions-{group.code}",
                heading=heading,
                blocks=[
                    question_table(group, k),
                    _spread_table(group, k, series, period),
                    comparisons.change_table(trends, group, k, key=f"change-{group.code}"),
                    distribution_charts(group, k),
                ],
            )
        )
        trend_parts += [
            Heading(group.label),
            comparisons.history_table(trends, group, k, key=f"history-{group.code}"),
            *_trend_charts(trends, group),
        ]
    trends_section = []
    if trend_parts:
        trends_section.append(
            Section(
                key="trends",
                heading=_("Utveckling över tid"),
                blocks=[
                    Paragraph(
                        _(
                            "Nyckeltalen för varje mätperiod från 2017 och framåt, med inlämnade "
                            "data. Frågan följs med sin fasta identitet mellan "
                            "instrumentversionerna; där formuleringen skiljer sig står det i en "
                            "not."
                        )
                    ),
                    *trend_parts,
                ],
            )
        )
    return questions, trends_section


def _intro(period: Period, forbund_list, full: bool) -> Section:
    names = ", ".join(name for _id, name, _n in forbund_list)
    count = len(forbund_list)
    insatser = sum(n for _id, _name, n in forbund_list)
    blocks = [
        Paragraph(
            ngettext(
                "Rapporten redovisar mätperiod %(period)s för %(count)s samordningsförbund som "
                "har lämnat in sina data till NNS, med %(insatser)s insatser.",
                "Rapporten redovisar mätperiod %(period)s för %(count)s samordningsförbund som "
                "har lämnat in sina data till NNS, med %(insatser)s insatser.",
                count,
            )
            % {"period": period.label, "count": count, "insatser": format_count(insatser)}
        )
    ]
    if names:
        blocks.append(Paragraph(_("Förbund som ingår: %(names)s.") % {"names": names}))
    blocks += method.caution_paragraphs()
    if not full:
        blocks.append(
            Paragraph(
                _(
                    "Du ser riksnivån. Enskilda förbunds svar redovisas inte; tabell 1 visar bara "
                    "vilka förbund som ingår och hur många som tillfrågades."
                )
            )
        )
    return Section(key="introduction", heading=_("Om rapporten"), blocks=blocks)


# The tables of the 2017 report's structure: Table 1, 2, 3–4 and one per group (5–10).
MAIN_TABLES = ("forbund-asked", "rates", "nonresponse-", "questions-")


def _numbered(sections: list[Section]) -> list[Section]:
    """Captions prefixed "Tabell 1." … in reading order. The tables of the 2017 report's
    structure take whole numbers (with every group present, 1–10 as in 2017); the tables that
    extend one of them follow it as "Tabell 5a.", "Tabell 5b." …"""
    number, letter = 0, 0
    numbered = []
    for section in sections:
        blocks, main_seen = [], False
        for block in section.blocks:
            if isinstance(block, Table):
                if block.key.startswith(MAIN_TABLES) or not main_seen:
                    number, letter = number + 1, 0
                    label = str(number)
                    main_seen = main_seen or block.key.startswith(MAIN_TABLES)
                else:
                    letter += 1
                    label = f"{number}{chr(ord('a') + letter - 1)}"
                block = replace(
                    block,
                    caption=_("Tabell %(number)s. %(caption)s")
                    % {"number": label, "caption": block.caption},
                )
            blocks.append(block)
        numbered.append(replace(section, blocks=blocks))
    return numbered


def build_national_report(*, period: Period, full: bool, min_cell: int | None = None) -> Report:
    """The national report of the period over submitted data; `full` for NNS (with the
    data-quality notes that name förbund and insatser)."""
    k = min_cell_or_default(min_cell)
    series = Series(min_cell=k, submitted_only=True, released=not full)
    current = series.at(period)
    results = current.results
    groups = group_sections(results, current.specs)
    forbund_list = _forbund_insatser(period) if full else _released_forbund(current)

    sections = [_intro(period, forbund_list, full)]
    if forbund_list:
        sections.append(
            Section(
                key="forbund-asked",
                heading=_("Förbund och tillfrågade"),
                blocks=[_table_1(current, forbund_list, groups)],
            )
        )
        rates = rates_table(rate_rows(results))
        conflicts = len(current.conflicts)
        if conflicts and not full:
            # The full report names each place under "Datakvalitet"; this version names no
            # förbund, but still says that some counts do not add up.
            rates = replace(rates, notes=[*rates.notes, _conflicts_note(conflicts)])
        sections.append(
            Section(key="rates", heading=_("Bortfall och svarsfrekvens"), blocks=[rates])
        )
        sections += [nonresponse_section(group) for group in groups if group.is_participant]
        questions, trends = _group_sections(groups, k, series, period)
        sections += questions + trends
        across = comparisons.across_groups_section(period, series)
        if across is not None:
            sections.append(across)
        indicators = comparisons.indicator_section(period, series)
        if indicators is not None:
            sections.append(indicators)
    else:
        sections.append(
            Section(
                key="no-data",
                heading=_("Inga inlämnade data"),
                blocks=[
                    Paragraph(
                        _("Inget förbund har lämnat in data för mätperiod %(period)s ännu.")
                        % {"period": period.label}
                    )
                ],
            )
        )
    sections.append(
        method.method_section(
            k, national=True, participants=[(name, n) for _id, name, n in forbund_list]
        )
    )
    if full and forbund_list:
        warnings = warnings_section(results["warnings"])
        if warnings is not None:
            sections.append(replace(warnings, heading=_("Datakvalitet: att kontrollera")))
    return Report(
        kind="national",
        title=_("Nationell rapport, mätperiod %(label)s") % {"label": period.label},
        summary=[
            _(
                "Indikatorer för finansiell samordning. Instrumentversion %(version)s. Bygger "
                "på inlämnade data; alla siffror är beräknade från registrerade svar och "
                "utdelning."
            )
            % {"version": period.version.code},
            _(
                "Andelar och svarsfördelningar visas inte när färre än %(k)s har svarat på "
                "frågan (–), och uppdelning på kön bara när både kvinnor och män är minst %(k)s."
            )
            % {"k": k},
        ],
        sections=_numbered(sections),
        min_cell=k,
        generated_at=date_format(timezone.localtime(), "j F Y H:i"),
    )
