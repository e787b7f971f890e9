"""Shared fixtures: two förbund and one named user per role, plus an outsider."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from matpunkt.accounts.policy import second_factor_required
from matpunkt.organisations.models import Membership, Role
from matpunkt.responses.survey import throttle
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory


class SignedInClient(Client):
    """`force_login` stands for a complete sign-in: for a person who must use a second factor
    (NNS administrators, superusers) the session has passed it too, with an authenticator app
    made for them if they had none, and so has that of anyone who has an app. Tests of the
    second factor itself use Django's Client."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None and not second_factor_required(user):
            return
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client():
    return SignedInClient()


@pytest.fixture
def forbund(db):
    return ForbundFactory(name="Södra Dalarna")


@pytest.fixture
def other_forbund(db):
    return ForbundFactory(name="Östra Södertörn")


@pytest.fixture
def insats(forbund):
    return InsatsFactory(forbund=forbund, name="Steget vidare")


@pytest.fixture
def other_insats(other_forbund):
    return InsatsFactory(forbund=other_forbund, name="Grannens insats")


@pytest.fixture
def period(db):
    return PeriodFactory(label="2021")


@pytest.fixture
def period_2017(db):
    return PeriodFactory(label="2017")


def _user(username, role, forbund):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, role=role, forbund=forbund)
    return user


@pytest.fixture
def nns_admin(db):
    return _user("nina_nns", Role.NNS_ADMIN, None)


@pytest.fixture
def forbund_admin(forbund):
    return _user("anna_admin", Role.FORBUND_ADMIN, forbund)


@pytest.fixture
def registrar(forbund):
    return _user("rut_registrerare", Role.REGISTRAR, forbund)


@pytest.fixture
def reader(forbund):
    return _user("lars_lasare", Role.READER, forbund)


@pytest.fixture
def outsider(other_forbund):
    """An administrator of another förbund: must never see or change the first förbund's data."""
    return _user("otto_utomstaende", Role.FORBUND_ADMIN, other_forbund)


# 2026-12-04 10:00:00 UTC, the start of a clock hour.
HOUR_START = 1796378400.0


@pytest.fixture
def clock(monkeypatch):
    """The public survey's rate-limit clock, moved by the test: `clock.now` in seconds."""

    class Clock:
        now = HOUR_START

    monkeypatch.setattr(throttle, "_clock", lambda: Clock.now)
    # Each process remembers the hour's salt and when it last purged: start afresh.
    monkeypatch.setattr(throttle, "_salts", {})
    monkeypatch.setattr(throttle, "_last_purged_hour", [0])
    return Clock
