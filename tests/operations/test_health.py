"""The health check answers for the database, the instrument data and the cache."""

import json

import pytest
from django.db import connection
from django.test import override_settings

from matpunkt.core import views


def test_a_healthy_site_answers_200_with_every_part(client, instrument):
    response = client.get("/halsa/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "instrument": "ok", "cache": "ok"},
    }


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_a_cache_that_keeps_nothing_answers_503_naming_the_cache(client, instrument):
    response = client.get("/halsa/")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "checks": {"database": "ok", "instrument": "ok", "cache": "error: LookupError"},
    }


def test_a_broken_database_answers_503_with_the_kind_of_error_only(client, db, monkeypatch):
    class Unreachable(Exception):
        pass

    def broken():
        # The message names a host and a user, as a driver's message would.
        raise Unreachable("connection to server at db.example.org, user matpunkt failed")

    monkeypatch.setitem(views.HEALTH_CHECKS, "database", broken)

    response = client.get("/halsa/")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "checks": {"database": "error: Unreachable"},
    }
    assert b"db.example.org" not in response.content


def test_the_database_check_really_queries(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        views.HEALTH_CHECKS["database"]()
    assert connection.is_usable()


@pytest.mark.parametrize("method", ["post", "put"])
def test_the_health_check_needs_no_login_and_stays_a_read(client, instrument, method):
    response = getattr(client, method)("/halsa/")

    assert response.status_code == 200
