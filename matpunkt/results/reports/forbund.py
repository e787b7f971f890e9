"""The förbund report of a period: the results page, the PDF and the XLSX workbook.

Built once into the report model from the computation module and the analytics built on it:
the förbund's own results (`trends.Series` over its own data), the national figures of the
period (submitted data only), the förbund's earlier periods with the change against the previous
one, and the goal fulfilment. A förbund's report holds no other förbund's figures: the national
figure is an aggregate over every submitted förbund.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from matpunkt.fieldwork.models import Period
from matpunkt.organisations.models import Forbund
from matpunkt.results.computation import min_cell_or_default, participation_from_counts
from matpunkt.results.goals import goal_fulfilment_text
from matpunkt.results.models import NationalRelease
from matpunkt.results.page import GroupSection, group_sections, rate_rows
from matpunkt.results.releases import latest_release
from matpunkt.results.reports import comparisons, method
from matpunkt.results.reports.model import Paragraph, Report, Section
from matpunkt.results.reports.sections import (
    distribution_charts,
    no_questionnaire_paragraph,
    nonresponse_section,
    participation_section,
    question_table,
    rates_section,
    warnings_section,
)
from matpunkt.results.submission import submission_for
from matpunkt.results.trends import Series


def _live_note(k: int) -> str:
    """What a reader of an unsubmitted period's report needs to know about its answer figures."""
    return _(
        "Så länge förbundets data för mätperioden inte är inlämnade uppdateras "
        "svarsfördelningar och andelar i steg om minst %(k)s svar, så att ingen enskilds svar "
        "kan räknas fram genom att jämföra två visningar. Uppdelningen på kön kan därför saknas "
        "tills fler har svarat. Antalet svar per fråga gäller vid det senaste steget, medan "
        "svarsfrekvenserna räknar alla svar som har kommit in."
    ) % {"k": k}


def _summary(forbund: Forbund, period: Period, k: int, live: bool) -> list[str]:
    submission = submission_for(forbund=forbund, period=period)
    if submission is not None and submission.is_locked:
        status = _("Förbundets data för mätperioden är inlämnade till NNS %(date)s.") % {
            "date": date_format(timezone.localtime(submission.submitted_at), "j F Y")
        }
    else:
        status = _(
            "Förbundets data för mätperioden är inte inlämnade till NNS och kan fortfarande ändras."
        )
    return [
        _(
            "Instrumentversion %(version)s. Alla siffror är beräknade från registrerade svar "
            "och utdelning."
        )
        % {"version": period.version.code},
        _(
            "Andelar och svarsfördelningar visas inte när färre än %(k)s har svarat på frågan "
            "(–), och uppdelning på kön visas bara när både kvinnor och män är minst %(k)s, så "
            "att ingen enskild kan identifieras."
        )
        % {"k": k},
        status,
        *([_live_note(k)] if live else []),
    ]


def _group_section(
    group: GroupSection,
    k: int,
    own: Series,
    national: Series,
    period: Period,
    release: NationalRelease | None,
) -> Section:
    heading = _("Frågor till %(label)s") % {"label": group.label.lower()}
    if not group.questions:
        return Section(
            key=f"questions-{group.code}", heading=heading, blocks=[no_questionnaire_paragraph()]
        )
    blocks = [
        question_table(group, k),
        comparisons.national_table(group, k, national.at(period).results, release),
        *comparisons.change_blocks(group, k, own, period),
        distribution_charts(group, k),
    ]
    return Section(key=f"questions-{group.code}", heading=heading, blocks=blocks)


def _goals_section(forbund: Forbund, period: Period, own: Series) -> Section:
    text = goal_fulfilment_text(forbund=forbund, period=period, min_cell=own.min_cell, series=own)
    paragraphs = [Paragraph(part) for part in text.split("\n\n") if part.strip()]
    if not paragraphs:
        paragraphs = [
            Paragraph(
                _(
                    "Förbundet har inte registrerat några mål kopplade till enkätens frågor. "
                    "Mål läggs in under förbundets mål."
                )
            )
        ]
    intro = Paragraph(
        _(
            "Texten nedan kan klistras in i årsredovisningen. Ett mål bedöms bara när "
            "statistiken räcker: färre än %(k)s svar kan inte bedömas, och ”högre än förra "
            "mätperioden” kräver en statistiskt säkerställd ökning."
        )
        % {"k": own.min_cell}
    )
    return Section(key="goals", heading=_("Måluppfyllelse"), blocks=[intro, *paragraphs])


def build_forbund_report(
    *, forbund: Forbund, period: Period, min_cell: int | None = None
) -> Report:
    """The förbund's report for the period, as the report model every format renders."""
    k = min_cell_or_default(min_cell)
    questionnaires: dict = {}
    own = Series(forbund=forbund, min_cell=k, questionnaires=questionnaires)
    national = Series(
        min_cell=k,
        submitted_only=True,
        periods=[period],
        questionnaires=questionnaires,
        released=True,
    )
    current = own.at(period)
    results = current.results
    groups = group_sections(results, current.specs)

    sections: list[Section] = []
    warnings = warnings_section(results["warnings"])
    if warnings is not None:
        sections.append(warnings)
    if groups:
        sections.append(participation_section(participation_from_counts(current.table)))
        sections.append(rates_section(rate_rows(results)))
        sections += [nonresponse_section(group) for group in groups if group.is_participant]
        release = latest_release(period)
        sections += [_group_section(group, k, own, national, period, release) for group in groups]
        across = comparisons.across_groups_section(period, own)
        if across is not None:
            sections.append(across)
    else:
        sections.append(
            Section(
                key="no-data",
                heading=_("Inga data"),
                blocks=[
                    Paragraph(
                        _(
                            "Det finns ingen utdelning och inga svar registrerade för förbundet "
                            "under mätperioden."
                        )
                    )
                ],
            )
        )
    sections.append(_goals_section(forbund, period, own))
    sections.append(method.method_section(k, national=False))
    return Report(
        kind="forbund",
        title=_("Resultat för %(name)s, mätperiod %(label)s")
        % {"name": forbund.name, "label": period.label},
        summary=_summary(forbund, period, k, live=current.live is not None),
        sections=sections,
        min_cell=k,
        generated_at=date_format(timezone.localtime(), "j F Y H:i"),
    )
