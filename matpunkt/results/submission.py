"""National submission: a förbund hands in its data for a period, which locks it.

The lock itself (the Submission row and `ensure_open`) is fieldwork's (`fieldwork.locks`):
every service that writes responses or distribution for a förbund and period takes its shared
lock in the writing transaction, and submitting and reopening here take its exclusive lock, so
that submitted data cannot change until an administrator reopens it, with a reason that the
audit log keeps. The national report uses
submitted data only: `submitted_scope` says which förbund, `submitted_counts` gives the national
count table of them. Submitting stores the förbund's count table (results.SubmittedCounts) and
reopening deletes it, so the national figures are computed from counts made once per submission.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.core.logs import log_event
from matpunkt.core.models import AuditEvent
from matpunkt.core.validators import reject_personnummer
from matpunkt.fieldwork.integrity import forbund_place_issues
from matpunkt.fieldwork.locks import (  # noqa: F401 - ensure_open and co. were defined here
    ensure_open,
    is_locked,
    lock_for_submission,
    locked_scope_messages,
)
from matpunkt.fieldwork.models import Distribution, Period, Submission, SubmissionStatus
from matpunkt.instrument.selectors import QuestionnaireSpec, questionnaire_specs
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.organisations.permissions import require_manage
from matpunkt.responses.models import Response, answered_q
from matpunkt.results import counts
from matpunkt.results.computation import InsatsParticipation, participation_by_insats
from matpunkt.results.counts import CountTable, load_counts
from matpunkt.results.models import SubmittedCounts

# Submitting and reopening -------------------------------------------------------------------------


def submission_for(*, forbund: Forbund, period: Period) -> Submission | None:
    """The förbund's submission for the period, or None when it has never been submitted."""
    return (
        Submission.objects.filter(forbund=forbund, period=period)
        .exclude(status=SubmissionStatus.OPEN)
        .select_related("submitted_by", "reopened_by")
        .first()
    )


@dataclass(frozen=True)
class SubmissionContents:
    """What a submission locks: the förbund's insatser and groups with their counts."""

    rows: list[InsatsParticipation]
    insatser: int
    responses: int
    asked: int

    @property
    def is_empty(self) -> bool:
        return not self.rows


def submission_contents(*, forbund: Forbund, period: Period) -> SubmissionContents:
    """The insatser, groups, asked and responses of the förbund's data for the period."""
    rows = participation_by_insats(period=period, forbund=forbund)
    return SubmissionContents(
        rows=rows,
        insatser=len({row.insats_id for row in rows}),
        responses=sum(row.responses for row in rows),
        asked=sum(row.asked for row in rows),
    )


def _snapshot(submission: Submission) -> dict:
    return {
        "period": Period.objects.values_list("label", flat=True).get(pk=submission.period_id),
        "status": submission.status,
    }


@transaction.atomic
def submission_submit(
    *, actor, forbund: Forbund, period: Period, accept_conflicts: bool = False
) -> Submission:
    """Submit the förbund's data for the period, locking it. A förbund or NNS administrator may.

    Refused while any place breaks its invariant (fieldwork.integrity): each such place is named
    with its numbers. NNS also submits for a förbund that does not use Mätpunkt, after importing
    its svarsfil; such data may keep a conflict when NNS says so (`accept_conflicts`), and every
    output then marks it.
    """
    role = require_manage(actor, forbund.pk)
    # Waits for every writer in flight; writers arriving later wait for this transaction.
    submission = lock_for_submission(forbund_id=forbund.pk, period_id=period.pk)
    if submission.is_locked:
        raise ValidationError(
            _("Förbundets data för mätperiod %(period)s är redan inlämnade.")
            % {"period": period.label},
            code="already_submitted",
        )
    contents = submission_contents(forbund=forbund, period=period)
    if contents.is_empty:
        raise ValidationError(
            _(
                "Det finns varken utdelning eller svar för mätperiod %(period)s att lämna in. "
                "Registrera eller importera förbundets data först."
            )
            % {"period": period.label},
            code="empty",
        )
    issues = forbund_place_issues(forbund_id=forbund.pk, period=period)
    if issues and not (accept_conflicts and role.is_national):
        raise ValidationError(
            [
                _(
                    "Mätperiod %(period)s kan inte lämnas in förrän uppgifterna stämmer. Rätta "
                    "de här platserna först:"
                )
                % {"period": period.label}
            ]
            + [issue.message for issue in issues],
            code="inconsistent",
        )
    before = _snapshot(submission) if submission.was_submitted else None
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_by = actor if actor is not None and actor.is_authenticated else None
    submission.submitted_at = timezone.now()
    submission.full_clean(validate_unique=False)
    submission.save()
    store_submitted_counts(submission)
    audit.record(
        actor=actor,
        action="submission.submit",
        obj=submission,
        forbund=forbund,
        before=before,
        after={
            **_snapshot(submission),
            "insatser": contents.insatser,
            "responses": contents.responses,
            "asked": contents.asked,
            **({"conflicts_accepted": [issue.message for issue in issues]} if issues else {}),
        },
    )
    log_event(
        "period.submitted",
        forbund_id=forbund.pk,
        period_id=period.pk,
        actor_id=getattr(actor, "pk", None),
    )
    return submission


@transaction.atomic
def submission_reopen(*, actor, forbund: Forbund, period: Period, reason: str) -> Submission:
    """Reopen submitted data so that it can be corrected. The reason is required and logged."""
    require_manage(actor, forbund.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Skriv varför inlämningen öppnas igen.")}, code="reason_required"
        )
    try:
        reject_personnummer(reason)
    except ValidationError as exc:
        raise ValidationError({"reason": exc.messages}, code="personnummer") from exc
    submission = lock_for_submission(forbund_id=forbund.pk, period_id=period.pk)
    if not submission.is_locked:
        raise ValidationError(
            _("Förbundets data för mätperiod %(period)s är inte inlämnade, så de är redan öppna.")
            % {"period": period.label},
            code="not_submitted",
        )
    before = _snapshot(submission)
    submission.status = SubmissionStatus.REOPENED
    submission.reopened_by = actor if actor is not None and actor.is_authenticated else None
    submission.reopened_at = timezone.now()
    submission.reopen_reason = reason
    submission.full_clean(validate_unique=False)
    submission.save()
    SubmittedCounts.objects.filter(submission=submission).delete()
    audit.record(
        actor=actor,
        action="submission.reopen",
        obj=submission,
        forbund=forbund,
        before=before,
        after=_snapshot(submission),
        reason=reason,
    )
    log_event(
        "period.reopened",
        forbund_id=forbund.pk,
        period_id=period.pk,
        actor_id=getattr(actor, "pk", None),
    )
    return submission


def submission_history(*, submission: Submission | None) -> QuerySet[AuditEvent]:
    """The audit events of a submission, newest first (none when never submitted)."""
    if submission is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(
        object_type=Submission._meta.label_lower, object_id=str(submission.pk)
    ).select_related("actor")


# The submitted scope of the national report -------------------------------------------------------


def submitted_scope(period: Period) -> list[int]:
    """The ids of the förbund whose data for the period are submitted, by förbund name."""
    return list(
        Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED)
        .order_by("forbund__name")
        .values_list("forbund_id", flat=True)
    )


def restrict_counts(table: CountTable, forbund_ids: Iterable[int]) -> CountTable:
    """The count table narrowed to some förbund, without counting again."""
    keep = set(forbund_ids)
    insatser = {pk: info for pk, info in table.insatser.items() if info.forbund_id in keep}
    return replace(
        table,
        insatser=insatser,
        distribution={key: v for key, v in table.distribution.items() if key[0] in insatser},
        cells=[cell for cell in table.cells if cell.insats_id in insatser],
    )


def store_submitted_counts(
    submission: Submission,
    *,
    specs: dict[str, QuestionnaireSpec] | None = None,
    table: CountTable | None = None,
) -> SubmittedCounts:
    """Store the submitted förbund's count table for the period: `table` when the caller has
    counted it already, else counted now."""
    if table is None:
        table = load_counts(period=submission.period, forbund=submission.forbund, specs=specs)
    stored, _created = SubmittedCounts.objects.update_or_create(
        submission=submission,
        defaults={"table": json.dumps(counts.freeze(table), separators=(",", ":"))},
    )
    return stored


def submitted_counts(
    *, period: Period, specs: dict[str, QuestionnaireSpec] | None = None
) -> CountTable:
    """The national count table of the period, over submitted förbund only.

    Made of the count tables stored at submission. Submissions without one (submitted before
    counts were stored) or with one counted in other columns (the computation has changed since)
    are counted now and their tables stored: one förbund by itself, several in one national
    count split by förbund.
    """
    specs = counts.usable_specs(questionnaire_specs(period.version) if specs is None else specs)
    submissions = _with_counts(
        Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED)
    )
    return _from_stored(period, specs, submissions, forbund=None)


def forbund_counts(
    *, period: Period, forbund: Forbund, specs: dict[str, QuestionnaireSpec] | None = None
) -> CountTable:
    """The förbund's count table of the period: the one stored at submission while the period
    is submitted (its data are locked, so that is what counting again would give), else counted
    from the responses now."""
    specs = counts.usable_specs(questionnaire_specs(period.version) if specs is None else specs)
    submissions = _with_counts(
        Submission.objects.filter(period=period, forbund=forbund, status=SubmissionStatus.SUBMITTED)
    )
    if not submissions:
        return load_counts(period=period, forbund=forbund, specs=specs)
    return _from_stored(period, specs, submissions, forbund=forbund)


def _with_counts(submissions: QuerySet[Submission]) -> list[Submission]:
    return list(submissions.select_related("counts", "forbund", "period").order_by("forbund__name"))


def _from_stored(
    period: Period,
    specs: dict[str, QuestionnaireSpec],
    submissions: list[Submission],
    *,
    forbund: Forbund | None,
) -> CountTable:
    """The count table of the submissions, put together from their stored count tables."""
    columns = counts.count_columns(specs)
    conditions = counts.condition_numbers(specs)
    tables = {}
    for submission in submissions:
        stored = getattr(submission, "counts", None)
        data = None if stored is None else stored.data
        if data is not None and data["columns"] == columns and data["conditions"] == conditions:
            tables[submission.pk] = data
    missing = [submission for submission in submissions if submission.pk not in tables]
    if len(missing) == 1:
        tables[missing[0].pk] = store_submitted_counts(missing[0], specs=specs).data
    elif missing:
        national = counts.forbund_tables(load_counts(period=period, specs=specs))
        for submission in missing:
            own = national.get(submission.forbund_id)
            stored = store_submitted_counts(submission, specs=specs, table=own)
            tables[submission.pk] = stored.data

    shared = {name: index for index, name in enumerate(columns)}
    cells, distribution = [], {}
    for submission in submissions:
        more_cells, more_distribution = counts.thaw(tables[submission.pk], shared)
        cells += more_cells
        distribution.update(more_distribution)
    return counts.assembled(
        period=period,
        forbund=forbund,
        specs=specs,
        insatser=counts.insats_info(
            Insats.objects.filter(forbund_id__in=[s.forbund_id for s in submissions])
        ),
        cells=cells,
        distribution=distribution,
    )


def submitted_fingerprint(period: Period, forbund: Forbund | None = None) -> str | None:
    """A digest of the period's submitted data (of one förbund, or of all): a cache key.

    Submitted data are locked, so which förbund submitted when (a reopening and a new submission
    change the time), with the names the figures are labelled by, identifies them. For a förbund
    that has not submitted the period, None: its data may still change.
    """
    submissions = Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED)
    if forbund is not None:
        submissions = submissions.filter(forbund=forbund)
    submitted = list(
        submissions.order_by("forbund_id").values_list(
            "forbund_id", "forbund__name", "submitted_at"
        )
    )
    if forbund is not None and not submitted:
        return None
    insatser = list(
        Insats.objects.filter(forbund_id__in=[row[0] for row in submitted])
        .order_by("pk")
        .values_list("pk", "name")
    )
    content = json.dumps(
        [period.pk, period.label, period.version_id, submitted, insatser],
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


# NNS's overview -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewCell:
    """One förbund in one period: submission status and how much data it holds."""

    period: Period
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    insatser: int
    responses: int

    @property
    def is_locked(self) -> bool:
        return self.status == SubmissionStatus.SUBMITTED


@dataclass(frozen=True)
class OverviewRow:
    forbund: Forbund
    cells: list[OverviewCell]


NOT_SUBMITTED = "not_submitted"


def submission_overview(*, periods: list[Period]) -> list[OverviewRow]:
    """Every förbund × the given periods: status, insatser with data and responses."""
    answered_any = answered_q()
    period_ids = [p.pk for p in periods]
    responses = {
        (row["insats__forbund_id"], row["period_id"]): row["responses"]
        for row in Response.objects.filter(period_id__in=period_ids)
        .values("insats__forbund_id", "period_id")
        .annotate(responses=Count("pk", filter=answered_any))
        .order_by()
    }
    places: dict[tuple[int, int], set[int]] = {}
    for forbund_id, period_id, insats_id in (
        Response.objects.filter(period_id__in=period_ids)
        .filter(answered_any)
        .values_list("insats__forbund_id", "period_id", "insats_id")
        .distinct()
        .order_by()
    ):
        places.setdefault((forbund_id, period_id), set()).add(insats_id)
    for forbund_id, period_id, insats_id in (
        Distribution.objects.filter(period_id__in=period_ids)
        .values_list("insats__forbund_id", "period_id", "insats_id")
        .distinct()
        .order_by()
    ):
        places.setdefault((forbund_id, period_id), set()).add(insats_id)
    submissions = {
        (s.forbund_id, s.period_id): s
        for s in Submission.objects.filter(period_id__in=period_ids).exclude(
            status=SubmissionStatus.OPEN
        )
    }
    rows = []
    for forbund in Forbund.objects.order_by("name"):
        cells = []
        for period in periods:
            submission = submissions.get((forbund.pk, period.pk))
            cells.append(
                OverviewCell(
                    period=period,
                    status=submission.status if submission else NOT_SUBMITTED,
                    status_label=(
                        submission.get_status_display() if submission else _("Ej inlämnad")
                    ),
                    submitted_at=submission.submitted_at if submission else None,
                    insatser=len(places.get((forbund.pk, period.pk), ())),
                    responses=responses.get((forbund.pk, period.pk), 0),
                )
            )
        rows.append(OverviewRow(forbund=forbund, cells=cells))
    return rows


@dataclass(frozen=True)
class IncludedForbund:
    """A förbund whose submitted data a national compilation uses, and what it contributes."""

    forbund_id: int
    name: str
    insatser: int
    responses: int
    submitted_at: datetime.datetime | None


def included_forbund(period: Period) -> list[IncludedForbund]:
    """The förbund in the national compilation of the period (submitted data), by name."""
    rows = submission_overview(periods=[period])
    return [
        IncludedForbund(
            forbund_id=row.forbund.pk,
            name=row.forbund.name,
            insatser=row.cells[0].insatser,
            responses=row.cells[0].responses,
            submitted_at=row.cells[0].submitted_at,
        )
        for row in rows
        if row.cells[0].is_locked
    ]
