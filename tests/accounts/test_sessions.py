"""Sessions end after two hours without a request and ten hours after the login."""

import time
from urllib.parse import urlparse

from django.conf import settings
from django.test import Client
from django.urls import reverse

from matpunkt.accounts.signals import SIGNED_IN_AT
from tests.accounts.helpers import password_login
from tests.organisations.helpers import messages_of


def test_a_session_lives_two_hours_from_the_last_request():
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_every_request_renews_the_session(reader):
    client = Client()
    password_login(client, "lars_lasare")
    first = client.session.get_expiry_date()
    time.sleep(1.1)
    response = client.get(reverse("home"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 7200
    assert client.session.get_expiry_date() > first


def test_the_login_stamps_the_session(reader):
    client = Client()
    before = int(time.time())
    password_login(client, "lars_lasare")
    assert before <= client.session[SIGNED_IN_AT] <= int(time.time())


def test_ten_hours_after_the_login_the_session_ends_however_active(reader):
    client = Client()
    password_login(client, "lars_lasare")
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 10 * 3600 - 1
    session.save()

    response = client.get(reverse("organisations:insats_list"))

    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("login")
    assert response["Location"].endswith("?next=%2Forganisation%2Finsatser%2F")
    assert messages_of(response) == ["Du har varit inloggad i 10 timmar. Logga in igen."]
    assert client.get(reverse("home")).status_code == 302


def test_nine_hours_after_the_login_the_session_still_works(reader):
    client = Client()
    password_login(client, "lars_lasare")
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 9 * 3600
    session.save()
    assert client.get(reverse("home")).status_code == 200
