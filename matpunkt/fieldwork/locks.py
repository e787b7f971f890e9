"""The period lock: a förbund's data for a period can be written until they are submitted.

One row per förbund and period (`Submission`) is the lock. Every writer of responses,
distribution, codes or open links calls `ensure_open` (or `lock_scopes` for a whole file) inside
the transaction that writes: it creates the row if it is missing, race-free, and takes a shared
row lock on it (PostgreSQL `SELECT … FOR SHARE`), so writers run side by side. Submitting and
reopening take the row's exclusive lock (`lock_for_submission`, `SELECT … FOR UPDATE`): a
submission waits for the writers in flight to commit, and writers arriving later wait for it and
then see the new state and are refused. On SQLite, where every transaction is IMMEDIATE, writers
are serialised anyway and the same calls are plain reads.

A refused write raises ValidationError with code "locked", whose message says that the period is
submitted and locked, by whom and when, and who can reopen it.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from matpunkt.core.logs import log_event
from matpunkt.fieldwork.models import Submission, SubmissionStatus
from matpunkt.organisations.models import Insats


def _select(forbund_id: int, period_id: int, lock: str) -> Submission | None:
    """The lock row, read with a row lock ("SHARE" or "UPDATE") where the database has them."""
    quote = connection.ops.quote_name
    suffix = f" FOR {lock}" if connection.features.has_select_for_update else ""
    sql = (
        f"SELECT * FROM {quote(Submission._meta.db_table)} "
        f"WHERE {quote('forbund_id')} = %s AND {quote('period_id')} = %s{suffix}"
    )
    rows = list(Submission.objects.raw(sql, [forbund_id, period_id]))
    return rows[0] if rows else None


def _queue(forbund_id: int, period_id: int, lock: str) -> None:
    """On PostgreSQL, queue fairly before the row lock: writers take the shared transaction-level
    advisory lock of the förbund and period, a submission the exclusive one. Row locks alone let
    a steady stream of writers' shared locks starve a waiting submission (a new FOR SHARE does not
    wait behind a waiting FOR UPDATE); the advisory lock's queue makes writers that arrive after
    the submission wait for it, and then see the period submitted."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock_shared" if lock == "SHARE" else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [forbund_id, period_id])


def _locked_row(forbund_id: int, period_id: int, lock: str) -> Submission:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The period lock must be taken inside the transaction that writes.")
    _queue(forbund_id, period_id, lock)
    row = _select(forbund_id, period_id, lock)
    if row is None:
        # INSERT … ON CONFLICT DO NOTHING: of parallel first writers one inserts, the others
        # wait for it and insert nothing; then everyone locks the one row.
        Submission.objects.bulk_create(
            [Submission(forbund_id=forbund_id, period_id=period_id)], ignore_conflicts=True
        )
        row = _select(forbund_id, period_id, lock)
    return row


def lock_for_writing(*, forbund_id: int, period_id: int) -> Submission:
    """Take the shared lock of the förbund's data for the period (inside the writing
    transaction) and return its row, whatever its state."""
    return _locked_row(forbund_id, period_id, "SHARE")


def lock_for_submission(*, forbund_id: int, period_id: int) -> Submission:
    """Take the exclusive lock of the förbund's data for the period, for submitting or
    reopening: it waits until every writer in flight has committed."""
    return _locked_row(forbund_id, period_id, "UPDATE")


def _who(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _when(moment) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return _("den %(date)s kl. %(time)s") % {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H.i"),
    }


def locked_message(submission: Submission, period_label: str | None = None) -> str:
    """Why a write is refused: the period is submitted and locked, by whom and when, and who can
    reopen it."""
    label = period_label or submission.period.label
    who, when = _who(submission.submitted_by), _when(submission.submitted_at)
    if who:
        handed_in = _("%(who)s lämnade in dem %(when)s.") % {"who": who, "when": when}
    else:
        handed_in = _("De lämnades in %(when)s.") % {"when": when}
    return _(
        "Förbundets data för mätperiod %(period)s är inlämnade och låsta. %(handed_in)s "
        "Förbundets administratör eller NNS kan öppna dem igen."
    ) % {"period": label, "handed_in": handed_in}


def ensure_open(*, forbund_id: int, period_id: int) -> None:
    """Raise ValidationError (code "locked") when the förbund's data for the period are locked.

    Inside a transaction it takes the period's shared lock, held until the transaction ends, so
    that the data cannot be submitted between this check and the write. Outside one (a page
    deciding whether to show a form) it only reads.
    """
    writing = transaction.get_connection().in_atomic_block
    if writing:
        row = lock_for_writing(forbund_id=forbund_id, period_id=period_id)
    else:
        row = Submission.objects.filter(forbund_id=forbund_id, period_id=period_id).first()
    if row is not None and row.is_locked:
        if writing:
            log_event("period.write_refused", forbund_id=forbund_id, period_id=period_id)
        raise ValidationError(locked_message(_with_relations(row)), code="locked")


def _with_relations(row: Submission) -> Submission:
    return Submission.objects.select_related("forbund", "period", "submitted_by").get(pk=row.pk)


def is_locked(forbund_id: int, period_id: int) -> bool:
    """Whether the förbund's data for the period are submitted, and so may not change.

    A plain read, for pages: writers call `ensure_open` in their transaction instead.
    """
    return Submission.objects.filter(
        forbund_id=forbund_id, period_id=period_id, status=SubmissionStatus.SUBMITTED
    ).exists()


def submission_lock(*, forbund_id: int, period_id: int) -> Submission | None:
    """The submitted lock of the förbund's data for the period (with who submitted it), or None
    when they are open: what a page's banner shows."""
    return (
        Submission.objects.filter(
            forbund_id=forbund_id, period_id=period_id, status=SubmissionStatus.SUBMITTED
        )
        .select_related("forbund", "period", "submitted_by")
        .first()
    )


def lock_scopes(pairs: Iterable[tuple[int, int]]) -> list[str]:
    """Take the shared lock of every (förbund id, period id) pair inside the writing
    transaction; one message per locked pair (an empty list means the write may go on).

    Pairs are locked in one order, so that two files never wait for each other.
    """
    messages = []
    for forbund_id, period_id in sorted(set(pairs)):
        row = lock_for_writing(forbund_id=forbund_id, period_id=period_id)
        if row.is_locked:
            messages.append(_scope_message(_with_relations(row)))
    return messages


def _scope_message(submission: Submission) -> str:
    return _("%(forbund)s: %(message)s") % {
        "forbund": submission.forbund.name,
        "message": locked_message(submission),
    }


def locked_scope_messages(scopes: Iterable[tuple[int, int] | None]) -> list[str]:
    """One message per locked förbund and period among (insats id, period id) pairs.

    For importers checking a file before they store it: pass every row's existing (insats,
    period); None (a new insats or period) is skipped. A plain read: the storing transaction
    takes the locks with `lock_scopes`.
    """
    pairs = {scope for scope in scopes if scope is not None}
    if not pairs:
        return []
    forbund_of = dict(
        Insats.objects.filter(pk__in={insats_id for insats_id, _period in pairs}).values_list(
            "pk", "forbund_id"
        )
    )
    wanted = {(forbund_of[insats_id], period_id) for insats_id, period_id in pairs}
    locked = Submission.objects.filter(
        status=SubmissionStatus.SUBMITTED,
        forbund_id__in={forbund_id for forbund_id, _period in wanted},
        period_id__in={period_id for _forbund, period_id in wanted},
    ).select_related("forbund", "period", "submitted_by")
    return [
        _scope_message(submission)
        for submission in sorted(locked, key=lambda s: (s.forbund.name, s.period.label))
        if (submission.forbund_id, submission.period_id) in wanted
    ]


def lock_notices(*, period_id: int, forbund_ids: Iterable[int] | None = None) -> list[str]:
    """The banner texts of a page: one per förbund (of `forbund_ids`, or all) whose data for the
    period are submitted and locked, by förbund name."""
    locked = Submission.objects.filter(
        period_id=period_id, status=SubmissionStatus.SUBMITTED
    ).select_related("forbund", "period", "submitted_by")
    if forbund_ids is not None:
        forbund_ids = set(forbund_ids)
        locked = locked.filter(forbund_id__in=forbund_ids)
    locked = sorted(locked, key=lambda s: s.forbund.name)
    if forbund_ids is not None and len(forbund_ids) == 1:
        return [locked_message(submission) for submission in locked]
    return [_scope_message(submission) for submission in locked]


def lock_notice(*, forbund_id: int, period_id: int) -> str | None:
    """The banner text of a page about one förbund and period, or None while they are open."""
    submission = submission_lock(forbund_id=forbund_id, period_id=period_id)
    return None if submission is None else locked_message(submission)


def is_lock_refusal(error: ValidationError) -> bool:
    """Whether a ValidationError (or any error inside it) is the period lock's refusal."""
    if hasattr(error, "error_dict"):
        errors = [e for field in error.error_dict.values() for e in field]
    else:
        errors = error.error_list
    return any(getattr(e, "code", None) == "locked" for e in errors)


def locked_forbund(*, period_id: int) -> set[int]:
    """The ids of the förbund whose data for the period are submitted and locked."""
    return set(
        Submission.objects.filter(
            period_id=period_id, status=SubmissionStatus.SUBMITTED
        ).values_list("forbund_id", flat=True)
    )


def forbund_lock_notices(*, forbund_id: int) -> list[str]:
    """The banner texts of every period the förbund has submitted, newest period first."""
    locked = (
        Submission.objects.filter(forbund_id=forbund_id, status=SubmissionStatus.SUBMITTED)
        .select_related("forbund", "period", "submitted_by")
        .order_by("-period__label")
    )
    return [locked_message(submission) for submission in locked]
