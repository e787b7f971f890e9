"""Application logs: one JSON line per event, with counts and ids but never an answer, a code,
a name, an address or a file name."""

import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings

from matpunkt.core.logs import JsonFormatter, log_event, timed
from matpunkt.fieldwork.locks import ensure_open
from matpunkt.results.submission import submission_reopen, submission_submit
from tests.codes.helpers import issue
from tests.imports.files import csv_bytes, run, svar
from tests.results.helpers import distribute


def events(caplog, name):
    """The fields of each logged event `name`, as the JSON line on stderr carries them."""
    formatter = JsonFormatter()
    lines = [json.loads(formatter.format(record)) for record in caplog.records]
    return [
        {key: value for key, value in line.items() if key not in {"time", "level", "logger"}}
        for line in lines
        if line.get("event") == name
    ]


def everything_logged(caplog) -> str:
    formatter = JsonFormatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


@pytest.fixture(autouse=True)
def info_level(caplog):
    caplog.set_level(logging.INFO, logger="matpunkt.events")


def test_an_event_is_one_json_line_with_its_fields(caplog):
    log_event("import.finished", kind="responses", rows=3)

    line = JsonFormatter().format(caplog.records[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "matpunkt.events"
    assert entry["event"] == "import.finished"
    assert (entry["kind"], entry["rows"]) == ("responses", 3)
    assert entry["time"].endswith("+00:00")


def test_an_event_refuses_a_field_that_is_not_a_plain_value():
    with pytest.raises(TypeError, match="Log field 'answers' must be a plain value"):
        log_event("survey.submitted", answers={"f1": 5})


def test_a_timed_block_logs_its_duration_and_the_kind_of_error(caplog):
    with pytest.raises(ValueError), timed("report.rendered", fmt="pdf"):
        raise ValueError("secret detail")

    (entry,) = events(caplog, "report.rendered")
    assert entry["fmt"] == "pdf"
    assert (entry["outcome"], entry["error"]) == ("error", "ValueError")
    assert entry["duration_ms"] >= 0
    assert "secret detail" not in everything_logged(caplog)


def test_an_import_logs_its_counts_and_not_its_file_or_answers(caplog, tmp_path, insats, period):
    path = tmp_path / "svar-anna-andersson.csv"
    path.write_bytes(csv_bytes([svar("personal", "utan_kon", "", [1, 2, 3, 4, 5, 6, 1, 2, 3])] * 3))

    code, _out, _err = run("import_responses", path)

    assert code == 0
    (entry,) = events(caplog, "import.finished")
    del entry["duration_ms"]
    assert entry == {
        "event": "import.finished",
        "actor_id": None,
        "kind": "responses",
        "outcome": "stored",
        "rows": 3,
        "stored": 3,
        "updated": 0,
        "replaced": 0,
        "problems": 0,
    }
    assert "anna" not in everything_logged(caplog)
    assert "Steget vidare" not in everything_logged(caplog)


def test_a_refused_import_logs_the_number_of_problems(caplog, tmp_path, insats, period):
    path = tmp_path / "svar.csv"
    path.write_bytes(csv_bytes([svar("personal", "utan_kon", "", [9])]))

    run("import_responses", path)

    (entry,) = events(caplog, "import.finished")
    assert (entry["outcome"], entry["stored"], entry["problems"]) == ("refused", 0, 1)


def test_a_web_answer_is_logged_without_its_code_place_or_answers(
    caplog, client, registrar, insats, period, instrument
):
    code = issue(registrar, insats, period, group="deltagare_avslut", count=1)[0].code

    page = client.post(f"/e/{code}", {"kon": "kvinna", "f1": "5", "f2": "6"})

    assert page.status_code == 303
    assert events(caplog, "survey.submitted") == [
        {"event": "survey.submitted", "channel": "code", "state": "used_now"}
    ]
    (request,) = [e for e in events(caplog, "request.finished") if e["method"] == "POST"]
    assert (request["view"], request["route"], request["status"]) == (
        "survey:code",
        "e/<str:code>",
        303,
    )
    logged = everything_logged(caplog)
    assert code not in logged
    assert "Steget vidare" not in logged
    assert "kvinna" not in logged
    assert f'"insats_id": {insats.pk}' not in logged


@override_settings(MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE=1)
def test_throttling_logs_the_bucket_and_never_the_address(caplog, client, instrument):
    client.get("/e/GISSNING1", REMOTE_ADDR="203.0.113.9")
    page = client.get("/e/GISSNING2", REMOTE_ADDR="203.0.113.9")
    client.get("/e/GISSNING3", REMOTE_ADDR="203.0.113.9")

    assert page.status_code == 429
    # Once per device and minute, however many more requests it makes.
    assert events(caplog, "survey.throttled") == [{"event": "survey.throttled", "bucket": "device"}]
    logged = everything_logged(caplog)
    assert "203.0.113.9" not in logged
    assert "GISSNING" not in logged


def test_submitting_and_reopening_a_period_are_logged(
    caplog, forbund_admin, nns_admin, forbund, insats, period
):
    distribute(insats, period, "personal", 10)
    submission_submit(actor=forbund_admin, forbund=forbund, period=period)
    submission_reopen(actor=nns_admin, forbund=forbund, period=period, reason="Rättelse")

    assert events(caplog, "period.submitted") == [
        {
            "event": "period.submitted",
            "forbund_id": forbund.pk,
            "period_id": period.pk,
            "actor_id": forbund_admin.pk,
        }
    ]
    assert events(caplog, "period.reopened") == [
        {
            "event": "period.reopened",
            "forbund_id": forbund.pk,
            "period_id": period.pk,
            "actor_id": nns_admin.pk,
        }
    ]


def test_a_write_refused_by_the_lock_is_logged_and_a_page_check_is_not(
    caplog, instrument, forbund_admin, forbund, insats, period
):
    # `instrument` makes this test transactional: a page's check runs outside any transaction.
    distribute(insats, period, "personal", 10)
    submission_submit(actor=forbund_admin, forbund=forbund, period=period)

    with pytest.raises(ValidationError):
        ensure_open(forbund_id=forbund.pk, period_id=period.pk)  # a page deciding on a form
    with pytest.raises(ValidationError), transaction.atomic():
        ensure_open(forbund_id=forbund.pk, period_id=period.pk)  # a writer

    assert events(caplog, "period.write_refused") == [
        {"event": "period.write_refused", "forbund_id": forbund.pk, "period_id": period.pk}
    ]


def test_logins_are_logged_by_user_id_and_failures_without_the_name(caplog, client, reader):
    client.post("/logga-in/", {"username": "lars_lasare", "password": "fel-lösenord"})
    client.post("/logga-in/", {"username": "lars_lasare", "password": "lösenord-för-test"})

    assert events(caplog, "auth.login_failed") == [{"event": "auth.login_failed"}]
    assert events(caplog, "auth.login") == [{"event": "auth.login", "user_id": reader.pk}]
    logged = everything_logged(caplog)
    assert "lars_lasare" not in logged
    assert "fel-lösenord" not in logged
