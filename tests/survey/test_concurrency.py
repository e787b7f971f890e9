"""Exactly once under load: the same code (or open-link form) sent by 20 parallel requests is
stored once. Runs on the test database of either backend, each thread on its own connection."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from matpunkt.fieldwork.codes import code_scope, open_link_create
from matpunkt.fieldwork.models import DistributionEntry
from matpunkt.organisations.models import Membership, Role
from matpunkt.responses.models import Response
from matpunkt.responses.survey.services import Submission, submit_with_code
from tests.codes.helpers import issue
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory

PARALLEL = 20

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(instrument):
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    period = PeriodFactory(label="2021")
    user = UserFactory(username="rut_registrerare")
    Membership.objects.create(user=user, role=Role.REGISTRAR, forbund=forbund)
    return user, insats, period


@pytest.fixture
def own_connections(setting, tmp_path):
    """Call it once the data is set up: from then on, worker threads get their own database
    connections, as gunicorn workers do.

    SQLite's test database is in memory with a shared cache, where a second connection that
    meets a lock fails at once ("database table is locked") instead of waiting as it does on a
    real database file. So on SQLite the threads use a file copy of the test database (made with
    sqlite3's backup API), with the production settings: WAL, BEGIN IMMEDIATE and a busy timeout.
    PostgreSQL threads use the test database itself.
    """
    original = connections.settings["default"]

    def start():
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return
        path = tmp_path / "parallel.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        connections.settings["default"] = {**original, "NAME": str(path)}

    yield start
    connections.settings["default"] = original


def in_threads(task, count: int = PARALLEL) -> list:
    """Run `task(i)` in `count` threads that start together; each closes its connection."""
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait()
            return task(index)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def in_a_thread(task):
    return in_threads(lambda _index: task(), count=1)[0]


def stored_state(code: str):
    """(responses stored, whether the code is used) read over the threads' own database."""
    return in_a_thread(
        lambda: (
            Response.objects.count(),
            DistributionEntry.objects.get(code=code).used,
        )
    )


def test_twenty_parallel_service_calls_store_one_response(setting, own_connections):
    user, insats, period = setting
    code = issue(user, insats, period, count=1)[0].code
    scope = code_scope(code)
    own_connections()

    def submit(index):
        return submit_with_code(scope=scope, submission=Submission(kon="", answers={1: 5}))

    states = in_threads(submit)

    assert sorted(states) == ["already_used"] * (PARALLEL - 1) + ["used_now"]
    responses, used = stored_state(code)
    assert responses == 1
    assert used is True


def test_twenty_parallel_posts_of_one_code_store_one_response(setting, own_connections):
    user, insats, period = setting
    code = issue(user, insats, period, count=1)[0].code
    own_connections()

    def post(index):
        page = Client().post(f"/e/{code}", {"f1": str(1 + index % 6), "f2": "4"})
        return page.status_code, page["Location"]

    results = in_threads(post)

    assert results.count((303, f"/e/{code}/tack")) == 1
    assert results.count((303, f"/e/{code}")) == PARALLEL - 1
    assert stored_state(code)[0] == 1


def test_twenty_parallel_posts_of_one_open_link_form_store_one_response(setting, own_connections):
    user, insats, period = setting
    link = open_link_create(
        actor=user, insats=insats, period=period, group="personal", variant="utan_kon"
    )
    form_url = Client().get(f"/o/{link.token}")["Location"]
    own_connections()

    def post(index):
        page = Client().post(form_url, {"f1": "3"}, REMOTE_ADDR=f"10.0.0.{index + 1}")
        return page.status_code, page["Location"]

    results = in_threads(post)

    assert results.count((303, f"/o/{link.token}/tack")) == 1
    assert results.count((303, form_url)) == PARALLEL - 1
    assert in_a_thread(Response.objects.count) == 1
