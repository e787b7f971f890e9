"""The period lock under load: hundreds of web submissions racing one submission.

Each worker thread has its own database connection (as gunicorn workers do) and sends its share
of 400 questionnaires answered with one-time codes; once a good part of them are stored, an
administrator submits the period in another thread. No response may commit into the period
after the submission locked it: the responses in the database, the counts stored at submission
and a fresh count of the locked data must all agree, and every refused questionnaire must have
been refused with the locked state (ValidationError code "locked"), never an error.

On PostgreSQL this fails when `ensure_open` is a plain read (a writer that read "open" before the
submission committed stores its response after the counts were taken). On SQLite the same code
path runs on a file copy of the test database with IMMEDIATE transactions.
"""

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from matpunkt.fieldwork.codes import code_scope
from matpunkt.fieldwork.models import DistributionEntry, Submission, SubmissionStatus
from matpunkt.organisations.models import Membership, Role
from matpunkt.responses.models import Response
from matpunkt.responses.survey.services import Submission as Answers
from matpunkt.responses.survey.services import submit_with_code
from matpunkt.results.counts import freeze, load_counts
from matpunkt.results.models import SubmittedCounts
from matpunkt.results.submission import submission_contents, submission_submit
from tests.codes.helpers import ensure_instrument, issue
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory
from tests.survey.test_concurrency import in_a_thread, in_threads, own_connections  # noqa: F401

CODES = 400
WORKERS = 20
# The submission starts once this many questionnaires are stored, so that it races the rest.
SUBMIT_AFTER = 120

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(transactional_db):
    ensure_instrument()
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    period = PeriodFactory(label="2021")
    registrar = UserFactory(username="rut_registrerare")
    admin = UserFactory(username="anna_admin")
    Membership.objects.create(user=registrar, role=Role.REGISTRAR, forbund=forbund)
    Membership.objects.create(user=admin, role=Role.FORBUND_ADMIN, forbund=forbund)
    codes = [entry.code for entry in issue(registrar, insats, period, count=CODES)]
    return forbund, period, admin, codes


def _race(forbund, period, admin, codes):
    """Send every code's questionnaire from WORKERS threads while one more thread submits."""
    scopes = [code_scope(code) for code in codes]
    stored = threading.Semaphore(0)
    outcomes: list[str] = []
    submitted: dict = {}

    def submit():
        for _ in range(SUBMIT_AFTER):
            stored.acquire()
        submission = submission_submit(actor=admin, forbund=forbund, period=period)
        submitted["responses"] = Response.objects.count()
        submitted["pk"] = submission.pk

    def answer(worker):
        mine = []
        for scope in scopes[worker::WORKERS]:
            try:
                state = submit_with_code(scope=scope, submission=Answers(kon="", answers={1: 5}))
            except ValidationError as error:
                state = f"refused:{error.code}"
            mine.append(state)
            if state == "used_now":
                stored.release()
        return mine

    def task(index):
        if index == WORKERS:
            return submit()
        return answer(index)

    for result in in_threads(task, count=WORKERS + 1):
        outcomes += result or []
    return Counter(outcomes), submitted


def test_no_response_commits_into_a_period_once_it_is_submitted(setting, own_connections):  # noqa: F811
    forbund, period, admin, codes = setting
    own_connections()
    if connection.vendor == "sqlite":
        # 21 writers queue for SQLite's one write lock; on a loaded test machine a writer can
        # wait longer than sqlite3's default 5 s, which is a test artefact, not a lock failure.
        current = connections.settings["default"]
        options = {**current.get("OPTIONS", {}), "timeout": 60}
        connections.settings["default"] = {**current, "OPTIONS": options}

    outcomes, submitted = _race(forbund, period, admin, codes)

    def state_after():
        submission = Submission.objects.get(pk=submitted["pk"])
        stored = SubmittedCounts.objects.get(submission=submission).data
        fresh = freeze(load_counts(period=period, forbund=forbund))
        return (
            submission.status,
            Response.objects.count(),
            DistributionEntry.objects.filter(used=True).count(),
            submission_contents(forbund=forbund, period=period).responses,
            stored,
            fresh,
        )

    status, live, used, counted, stored, fresh = in_a_thread(state_after)
    assert set(outcomes) == {"used_now", "refused:locked"}
    assert outcomes["used_now"] + outcomes["refused:locked"] == CODES
    assert SUBMIT_AFTER <= outcomes["used_now"] < CODES
    assert status == SubmissionStatus.SUBMITTED
    # Live count == count at submission == fresh count of the locked data; a refused
    # questionnaire left its code unused.
    assert live == submitted["responses"] == counted == used == outcomes["used_now"]
    assert stored == fresh
