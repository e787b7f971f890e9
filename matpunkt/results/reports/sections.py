"""Report sections that the förbund report and the national report share.

Each function arranges figures that the computation module already computed (through
`page.group_sections` and `page.rate_rows`) into the report model. A share on fewer than K
answers arrives here as None and leaves as a `Suppressed` cell.
"""

from typing import Any

from django.utils.translation import gettext as _

from matpunkt.results.computation import InsatsParticipation
from matpunkt.results.page import GroupSection, QuestionSection, RateRow
from matpunkt.results.reports.model import (
    BLANK,
    BulletList,
    Cell,
    Charts,
    Column,
    Count,
    DistributionChart,
    Interval,
    Option,
    Paragraph,
    Percent,
    Row,
    Section,
    Suppressed,
    Table,
    Text,
)
from matpunkt.results.statistics import wilson_interval


def question_prefix(question: QuestionSection) -> str:
    return _("Fråga %(number)s:") % {"number": question.number}


def question_cell(question: QuestionSection) -> Text:
    return Text(question.text, prefix=question_prefix(question), question=True)


def share_cell(share: float | None, k: int) -> Percent | Suppressed:
    """A key figure, or the suppressed cell when it was computed on fewer than K answers."""
    return Suppressed(k) if share is None else Percent(share)


def answers_cell(answered: int | None, k: int) -> Count | Suppressed:
    """A number of answers; hidden where it would give away another answer (a conditional
    question's answers count its condition's "Ja")."""
    return Suppressed(k) if answered is None else Count(answered)


def interval_cell(figures: dict[str, Any], k: int) -> Interval | Suppressed:
    """The Wilson 95 % interval of a question's key figure, suppressed with the figure."""
    if figures["positive"] is None or not figures["answered"]:
        return Suppressed(k)
    low, high = wilson_interval(figures["positive"], figures["answered"])
    return Interval(low, high)


def suppression_note(k: int) -> str:
    return _(
        "– = färre än %(k)s svar; visas inte. ”Varav kvinnor” och ”Varav män” visas bara när "
        "båda är minst %(k)s."
    ) % {"k": k}


def rate_cells(nonresponse: int | None, rate: float | None, conflict: str) -> tuple[Cell, Cell]:
    """The non-response and response-rate cells of a row, or, when the row's counts contradict
    each other, a dash and the conflict's note in their place: never a rate above 100 % or a
    negative non-response."""
    if conflict:
        return Text("–", muted=True), Text(conflict)
    return Count(nonresponse), _optional_percent(rate)


def conflict_table_note() -> str:
    return _(
        "Där svaren är fler än de tillfrågade som gick att nå visas ingen svarsfrekvens och inget "
        "bortfall, bara siffrorna som inte går ihop; se ”Att kontrollera”."
    )


def warnings_section(warnings: list[str]) -> Section | None:
    if not warnings:
        return None
    return Section(
        key="warnings",
        heading=_("Att kontrollera"),
        blocks=[BulletList(list(warnings), warning=True)],
        warning=True,
    )


def participation_section(rows: list[InsatsParticipation]) -> Section:
    """Asked, unreachable and responses per insats and group: counts, never answer figures."""
    table_rows = [
        Row(
            [
                Text(row.insats),
                Text(row.group_label),
                Count(row.asked)
                if row.has_distribution
                else Text(_("ingen utdelning"), muted=True),
                Count(row.unreachable),
                Count(row.responses),
                *rate_cells(row.nonresponse, row.response_rate, row.conflict),
            ]
        )
        for row in rows
    ]
    return Section(
        key="participation",
        heading=_("Tillfrågade per insats"),
        blocks=[
            Table(
                key="participation",
                caption=_("Tillfrågade, ej nåbara och svar per insats och respondentgrupp"),
                columns=[
                    Column(_("Insats"), numeric=False),
                    Column(_("Respondentgrupp"), numeric=False),
                    Column(_("Tillfrågade")),
                    Column(_("Ej nåbara")),
                    Column(_("Antal svar")),
                    Column(_("Bortfall")),
                    Column(_("Svarsfrekvens")),
                ],
                rows=table_rows,
                notes=[conflict_table_note()] if any(row.conflict for row in rows) else [],
            )
        ],
    )


def _optional_percent(value: float | None):
    return BLANK if value is None else Percent(value)


def _rates_row(row: RateRow) -> Row:
    nonresponse, rate = rate_cells(row.nonresponse, row.response_rate, row.conflict)
    return Row(
        [
            Text(row.label),
            Count(row.asked),
            nonresponse,
            rate,
            Count(row.responses),
            Count(row.unreachable),
            _optional_percent(row.unreachable_share),
        ],
        style="total" if row.is_total else "",
    )


def rates_table(rows: list[RateRow]) -> Table:
    """The 2017 report's Table 2, with the unreachable (ej nåbara) beside the non-response."""
    notes = [
        _(
            "Ett svar är en returnerad enkät där minst en fråga är besvarad. Bortfall = "
            "tillfrågade − svar. Ej nåbara är en del av bortfallet."
        )
    ]
    if any(row.conflict for row in rows):
        notes.append(conflict_table_note())
    return Table(
        key="rates",
        caption=_("Tillfrågade, bortfall, svarsfrekvens och antal svar per respondentgrupp"),
        columns=[
            Column(_("Respondentgrupp"), numeric=False),
            Column(_("Tillfrågade")),
            Column(_("Bortfall")),
            Column(_("Svarsfrekvens")),
            Column(_("Antal svar")),
            Column(_("Ej nåbara")),
            Column(_("Ej nåbara, andel av tillfrågade")),
        ],
        rows=[_rates_row(row) for row in rows],
        notes=notes,
    )


def rates_section(rows: list[RateRow]) -> Section:
    return Section(key="rates", heading=_("Svarsfrekvens"), blocks=[rates_table(rows)])


def nonresponse_section(group: GroupSection) -> Section:
    """The 2017 report's Tables 3–4 for a participant group: responses by gender, non-response."""
    figures, gender = group.figures, group.figures["gender"]
    nonresponse, rate = rate_cells(figures["nonresponse"], figures["response_rate"], group.conflict)

    def sub(label, value):
        return Row([Text(label), Count(value), BLANK], style="sub")

    rows = [
        Row([Text(_("Tillfrågade under mätperioden")), Count(figures["asked"]), BLANK]),
        Row([Text(_("Enkätsvar (minst en fråga besvarad)")), Count(figures["responses"]), rate]),
        sub(_("varav enkät utan variabeln kön"), gender["without_gender_item"]),
        sub(_("varav kvinna"), gender["women"]),
        sub(_("varav man"), gender["men"]),
        sub(_("varav ej uppgett kön"), gender["not_stated"]),
        Row(
            [
                Text(_("Bortfall (tillfrågade som inte svarat)")),
                nonresponse,
                Text("–", muted=True)
                if group.conflict
                else _optional_percent(group.nonresponse_share),
            ]
        ),
        Row(
            [
                Text(_("Ej nåbara under mätperioden")),
                Count(figures["unreachable"]),
                _optional_percent(group.unreachable_share),
            ]
        ),
    ]
    return Section(
        key=f"nonresponse-{group.code}",
        heading=_("Svar, kön och bortfall: %(label)s") % {"label": group.label},
        blocks=[
            Table(
                key=f"nonresponse-{group.code}",
                caption=_("%(label)s: tillfrågade, svar per kön, bortfall och ej nåbara")
                % {"label": group.label},
                columns=[
                    Column("", numeric=False),
                    Column(_("Antal")),
                    Column(_("Andel av tillfrågade")),
                ],
                rows=rows,
            )
        ],
    )


def question_table(group: GroupSection, k: int) -> Table:
    """The 2017 report's Tables 5–10: answers and key figure per question, split by gender
    when both women and men have at least K answers."""
    yes_no = group.has_yes_no
    columns = [
        Column(_("Fråga"), numeric=False),
        Column(_("Antal svar")),
        Column(_("Klart positiva svar")),
    ]
    if yes_no:
        columns.append(Column(_("Svar ja")))

    def cells(question, answered, value):
        key_figure = share_cell(value, k)
        if not yes_no:
            return [answers_cell(answered, k), key_figure]
        if question.is_yes_no:
            return [answers_cell(answered, k), BLANK, key_figure]
        return [answers_cell(answered, k), key_figure, BLANK]

    rows = []
    for question in group.questions:
        figures = question.figures
        rows.append(
            Row(
                [question_cell(question)]
                + cells(question, figures["answered"], figures["positive_share"])
            )
        )
        if figures["women"]:
            for label, key in ((_("Varav kvinnor"), "women"), (_("Varav män"), "men")):
                sex = figures[key]
                rows.append(
                    Row(
                        [Text(label)] + cells(question, sex["answered"], sex["positive_share"]),
                        style="sub",
                    )
                )
    return Table(
        key=f"questions-{group.code}",
        caption=_("%(label)s: antal svar och klart positiva svar per fråga")
        % {"label": group.label},
        columns=columns,
        rows=rows,
        notes=[suppression_note(k)],
    )


def distribution_charts(group: GroupSection, k: int) -> Charts:
    """One chart per question of the full answer distribution (None options when suppressed)."""
    charts = []
    for question in group.questions:
        figures = question.figures
        options = None
        if figures["distribution"] is not None:
            options = [Option(o.label, o.count, o.share) for o in question.options]
        charts.append(
            DistributionChart(
                key=f"{group.code}-{question.code}",
                prefix=question_prefix(question),
                text=question.text,
                answered=figures["answered"],
                options=options,
                min_cell=k,
            )
        )
    return Charts(heading=_("Svarsfördelning: %(label)s") % {"label": group.label}, charts=charts)


def no_questionnaire_paragraph() -> Paragraph:
    return Paragraph(_("Mätperiodens instrumentversion har ingen enkät för gruppen."))
