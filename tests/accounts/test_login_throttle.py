"""Login throttling on django-axes: by account and by address, with a Swedish message, the
address found as the public questionnaire finds it, and an audited unlock by NNS."""

import datetime
import ipaddress

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from tests.accounts.helpers import PASSWORD, password_login
from tests.organisations.helpers import messages_of

LOCKED = (
    "För många misslyckade inloggningar. Inloggningen är spärrad i 15 minuter; varje nytt "
    "försök under tiden börjar om spärren. Kontakta en NNS-administratör om du behöver komma "
    "in tidigare."
)
WRONG = (
    "Ange ett korrekt användarnamn och lösenord. Observera att båda fälten är skiftlägeskänsliga."
)


def test_ten_wrong_passwords_lock_the_account_and_the_right_one_then_fails(forbund_admin):
    client = Client()
    for _attempt in range(9):
        response = password_login(client, "anna_admin", "fel-lösenord-123")
        assert response.status_code == 200
    tenth = password_login(client, "anna_admin", "fel-lösenord-123")
    right = password_login(client, "anna_admin", PASSWORD)

    assert tenth.status_code == 429
    assert right.status_code == 429
    assert LOCKED in right.content.decode()
    assert '<div class="error" role="alert"><p>' + LOCKED in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_password_shows_djangos_swedish_message(forbund_admin):
    response = password_login(Client(), "anna_admin", "fel-lösenord-123")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [WRONG]


def test_the_lock_holds_for_the_account_from_another_address(forbund_admin):
    for _attempt in range(10):
        password_login(Client(), "anna_admin", "fel", REMOTE_ADDR="198.51.100.7")

    response = password_login(Client(), "anna_admin", PASSWORD, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_locked_for_every_account(forbund_admin, reader):
    for number in range(10):
        password_login(Client(), f"gissning{number}", "fel", REMOTE_ADDR="198.51.100.7")

    from_there = password_login(Client(), "lars_lasare", PASSWORD, REMOTE_ADDR="198.51.100.7")
    elsewhere = password_login(Client(), "lars_lasare", PASSWORD, REMOTE_ADDR="203.0.113.9")

    assert from_there.status_code == 429
    assert elsewhere.status_code == 302


def test_behind_one_trusted_proxy_the_forwarded_address_is_counted(settings, reader):
    settings.MATPUNKT_TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for number in range(10):
        password_login(
            Client(), f"gissning{number}", "fel", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
        )

    colleague = password_login(
        Client(), "lars_lasare", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
    )
    guesser = password_login(
        Client(), "lars_lasare", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )

    assert colleague.status_code == 302
    assert guesser.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_without_a_proxy_a_forged_forwarded_address_changes_nothing(settings, reader):
    settings.MATPUNKT_TRUSTED_PROXIES = []
    for number in range(10):
        password_login(
            Client(),
            f"gissning{number}",
            "fel",
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )

    response = password_login(
        Client(),
        "lars_lasare",
        PASSWORD,
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_the_lock_ends_after_the_cool_off(forbund_admin):
    for _attempt in range(10):
        password_login(Client(), "anna_admin", "fel")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    )

    assert password_login(Client(), "anna_admin", PASSWORD).status_code == 302


def test_failed_logins_are_audited_without_the_password(forbund_admin):
    password_login(Client(), "anna_admin", "hemlig-gissning-1")
    password_login(Client(), "anna_admin hemlig-gissning-2", "x")

    events = list(AuditEvent.objects.order_by("pk").values_list("action", "object_id", "after"))
    assert events == [
        ("login.failed", str(forbund_admin.pk), {"username": "anna_admin"}),
        ("login.failed", "", {"username": ""}),
    ]
    assert "hemlig-gissning" not in repr(list(AuditEvent.objects.values()))
    # django-axes keeps the user name typed (to count per account) until the cool-off ends,
    # never the password.
    attempts = repr(list(AccessAttempt.objects.values()))
    assert "hemlig-gissning-1" not in attempts
    assert "password=********************" in attempts


def test_attempts_that_reach_or_meet_the_lock_are_audited_as_locked_out(forbund_admin):
    for _attempt in range(11):
        password_login(Client(), "anna_admin", "fel")
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["login.failed"] * 9 + ["login.locked_out"] * 2


@pytest.fixture
def locked(forbund_admin):
    for _attempt in range(10):
        password_login(Client(), "anna_admin", "fel", REMOTE_ADDR="198.51.100.7")


def test_nns_sees_the_locked_account_and_address_and_unlocks_the_account(
    client, nns_admin, forbund_admin, locked
):
    client.force_login(nns_admin)
    page = client.get(reverse("accounts:lockouts"))
    assert [row["value"] for row in page.context["usernames"]] == ["anna_admin"]
    assert [row["value"] for row in page.context["addresses"]] == ["198.51.100.7"]
    assert [row["failures"] for row in page.context["usernames"]] == [10]

    response = client.post(reverse("accounts:lockout_release"), {"username": "anna_admin"})

    assert response.status_code == 302
    assert messages_of(response) == ["Inloggningen för anna_admin är upplåst."]
    assert (
        password_login(Client(), "anna_admin", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code
        == 302
    )
    event = AuditEvent.objects.get(action="login.unlock")
    assert (event.actor_label, event.object_id, event.forbund) == (
        "nina_nns",
        str(forbund_admin.pk),
        forbund_admin.membership.forbund,
    )
    assert event.after == {"kind": "username", "username": "anna_admin", "cleared_attempts": 1}


def test_unlocking_an_address_names_no_address_in_the_audit(client, nns_admin, locked):
    client.force_login(nns_admin)
    client.post(reverse("accounts:lockout_release"), {"ip_address": "198.51.100.7"})

    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="login.unlock")
    assert event.after == {"kind": "address", "username": "", "cleared_attempts": 1}
    assert "198.51.100.7" not in repr(event.__dict__)


def test_unlock_needs_exactly_one_of_account_and_address(client, nns_admin, locked):
    client.force_login(nns_admin)
    response = client.post(reverse("accounts:lockout_release"), {})
    assert response.status_code == 400
    assert AccessAttempt.objects.count() == 1


@pytest.mark.parametrize("role", ["reader", "registrar", "forbund_admin", "outsider"])
def test_only_nns_may_unlock(client, request, role, db):
    for _attempt in range(10):
        password_login(Client(), "gissning", "fel", REMOTE_ADDR="198.51.100.7")
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("accounts:lockouts")).status_code == 403
    response = client.post(reverse("accounts:lockout_release"), {"username": "gissning"})
    assert response.status_code == 403
    assert AccessAttempt.objects.count() == 1
