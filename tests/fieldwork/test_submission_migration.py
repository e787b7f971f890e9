"""The submission's move from results to fieldwork keeps its table, its rows, its stored counts,
its audit trail and its content type (permissions), forwards and backwards."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork.models import Submission, SubmissionStatus
from matpunkt.results.models import SubmittedCounts
from matpunkt.results.submission import submission_history
from tests.codes.helpers import ensure_instrument
from tests.factories import ForbundFactory, PeriodFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("fieldwork", "0004_code_used_without_date"), ("results", "0005_goal_remove_plan_text")]
AFTER = [
    ("fieldwork", "0005_submission_moved_from_results"),
    ("results", "0006_submission_moved_to_fieldwork"),
]
SUBMITTED_AT = datetime.datetime(2021, 12, 3, 9, 40, tzinfo=datetime.UTC)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def latest_schema_afterwards():
    """Whatever happens in a test, the database ends on the latest migrations again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_submissions_stored_by_the_results_app_survive_the_move():
    ensure_instrument()
    forbund = ForbundFactory(name="Södra Dalarna")
    period = PeriodFactory(label="2021")
    admin = UserFactory(username="anna_admin")
    old = migrate(BEFORE)
    OldSubmission = old.get_model("results", "Submission")
    old_submission = OldSubmission.objects.create(
        forbund_id=forbund.pk,
        period_id=period.pk,
        status="submitted",
        submitted_by_id=admin.pk,
        submitted_at=SUBMITTED_AT,
    )
    old.get_model("results", "SubmittedCounts").objects.create(
        submission_id=old_submission.pk, table='{"columns": []}'
    )
    AuditEvent.objects.create(
        action="submission.submit",
        object_type="results.submission",
        object_id=str(old_submission.pk),
        forbund_id=forbund.pk,
    )
    ContentType.objects.filter(app_label="fieldwork", model="submission").delete()
    ContentType.objects.get_or_create(app_label="results", model="submission")

    migrate(AFTER)

    moved = Submission.objects.get()
    assert (moved.pk, moved.forbund, moved.period, moved.status) == (
        old_submission.pk,
        forbund,
        period,
        SubmissionStatus.SUBMITTED,
    )
    assert (moved.submitted_by, moved.submitted_at) == (admin, SUBMITTED_AT)
    assert SubmittedCounts.objects.get().submission == moved
    assert [event.action for event in submission_history(submission=moved)] == ["submission.submit"]
    assert ContentType.objects.get_for_model(Submission).app_label == "fieldwork"
    assert not ContentType.objects.filter(app_label="results", model="submission").exists()


def test_the_move_can_be_undone():
    ensure_instrument()
    forbund = ForbundFactory(name="Södra Dalarna")
    period = PeriodFactory(label="2021")
    submission = Submission.objects.create(
        forbund=forbund, period=period, status=SubmissionStatus.SUBMITTED
    )
    AuditEvent.objects.create(
        action="submission.submit",
        object_type="fieldwork.submission",
        object_id=str(submission.pk),
        forbund=forbund,
    )

    old = migrate(BEFORE)

    assert list(old.get_model("results", "Submission").objects.values_list("pk", "status")) == [
        (submission.pk, "submitted")
    ]
    assert list(AuditEvent.objects.values_list("object_type", flat=True)) == ["results.submission"]
    migrate(AFTER)
    assert list(AuditEvent.objects.values_list("object_type", flat=True)) == [
        "fieldwork.submission"
    ]
