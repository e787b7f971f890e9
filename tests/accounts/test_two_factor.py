"""The second factor: TOTP on django-otp with recovery codes; required for NNS administrators
and superusers, available to everyone, reset by NNS with a reason."""

import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from matpunkt.core.models import AuditEvent
from tests.accounts.helpers import app_code, confirmed_device, password_login
from tests.organisations.helpers import messages_of

User = get_user_model()

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:verify")
WRONG_CODE = "Koden stämmer inte. Försök igen."


@pytest.fixture(autouse=True)
def no_wait_after_a_wrong_code(settings):
    """django-otp makes the next try wait 1, 2, 4 ... seconds; these tests enter a wrong code
    and then the right one at once. The throttle has a test of its own."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _path(response) -> str:
    return urlparse(response["Location"]).path


def _recovery_codes(response) -> list[str]:
    return re.findall(
        r'<code class="one-time-password">([a-z2-7]{4}-[a-z2-7]{4})</code>',
        response.content.decode(),
    )


def test_an_nns_admin_without_an_app_is_sent_to_set_one_up_and_reaches_nothing_else(nns_admin):
    client = Client()
    login = password_login(client, "nina_nns")

    assert login.status_code == 302
    assert login["Location"] == f"{SETUP}?next=%2F"
    for url in [
        reverse("home"),
        reverse("organisations:user_list"),
        "/admin/",
        reverse("accounts:account"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert _path(response) == SETUP
    assert client.get(SETUP).status_code == 200


def test_setting_up_the_app_shows_ten_recovery_codes_once_and_opens_the_app(nns_admin):
    client = Client()
    password_login(client, "nina_nns")
    page = client.get(SETUP)
    device = TOTPDevice.objects.get(user=nns_admin, confirmed=False)
    key = page.context["key"].replace(" ", "")
    assert len(key) == 32
    assert "<svg" in page.content.decode()

    wrong = client.post(SETUP, {"token": "000000", "next": "/"})
    assert wrong.context["form"].errors["token"] == [
        "Koden stämmer inte. Skriv den kod som appen visar just nu; kontrollera att telefonens "
        "klocka går rätt."
    ]
    done = client.post(SETUP, {"token": app_code(device), "next": "/"})

    assert done.status_code == 200
    codes = _recovery_codes(done)
    assert len(codes) == 10
    assert done["Cache-Control"].startswith("max-age=0")
    assert client.get(reverse("home")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=nns_admin).count() == 10
    event = AuditEvent.objects.get(action="two_factor.enable")
    assert (event.actor_label, event.after) == ("nina_nns", {"recovery_codes": 10})
    assert not any(
        code.replace("-", "") in repr(AuditEvent.objects.values_list()) for code in codes
    )


def test_an_nns_admin_with_an_app_enters_a_code_after_the_password(nns_admin):
    device = confirmed_device(nns_admin)
    client = Client()
    login = password_login(client, "nina_nns")
    assert login["Location"] == f"{VERIFY}?next=%2F"
    assert _path(client.get(reverse("results:index"))) == VERIFY

    wrong = client.post(VERIFY, {"token": "123456", "next": "/"})
    assert wrong.context["form"].errors["token"] == [WRONG_CODE]
    right = client.post(VERIFY, {"token": app_code(device), "next": "/resultat/"})

    assert right.status_code == 302
    assert right["Location"] == "/resultat/"
    assert client.get(reverse("home")).status_code == 200
    assert list(AuditEvent.objects.order_by("pk").values_list("action", "after")) == [
        ("login", {"second_factor": True}),
        ("login.second_factor_failed", {"method": None, "recovery_codes_left": 0}),
        ("login.second_factor", {"method": "totp", "recovery_codes_left": 0}),
    ]


def test_the_next_page_must_be_on_this_site(nns_admin):
    device = confirmed_device(nns_admin)
    client = Client()
    password_login(client, "nina_nns")
    response = client.post(VERIFY, {"token": app_code(device), "next": "https://example.org/"})
    assert response["Location"] == "/"


def test_a_code_works_only_once(nns_admin):
    device = confirmed_device(nns_admin)
    code = app_code(device)
    first, second = Client(), Client()
    password_login(first, "nina_nns")
    password_login(second, "nina_nns")
    assert first.post(VERIFY, {"token": code}).status_code == 302
    assert second.post(VERIFY, {"token": code}).context["form"].errors["token"] == [WRONG_CODE]


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(nns_admin):
    client = Client()
    password_login(client, "nina_nns")
    device = TOTPDevice.objects.get(user=nns_admin) if client.get(SETUP) else None
    codes = _recovery_codes(client.post(SETUP, {"token": app_code(device)}))
    client.post(reverse("logout"))

    password_login(client, "nina_nns")
    response = client.post(VERIFY, {"token": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302
    assert messages_of(response) == [
        "Du loggade in med en återställningskod. Du har 9 koder kvar: skapa nya på sidan Mitt "
        "konto."
    ]
    client.post(reverse("logout"))
    password_login(client, "nina_nns")
    again = client.post(VERIFY, {"token": codes[0]})
    assert again.context["form"].errors["token"] == [WRONG_CODE]
    assert AuditEvent.objects.filter(action="login.second_factor").values_list(
        "after", flat=True
    ).get() == {"method": "recovery_code", "recovery_codes_left": 9}


def test_wrong_codes_make_the_next_try_wait(settings, nns_admin):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = confirmed_device(nns_admin)
    client = Client()
    password_login(client, "nina_nns")
    client.post(VERIFY, {"token": "000000"})

    response = client.post(VERIFY, {"token": app_code(device)})

    assert response.context["form"].errors["token"] == [
        "För många felaktiga koder i rad. Vänta en stund och försök igen."
    ]
    assert client.get(reverse("home")).status_code == 302


def test_a_superuser_without_a_role_must_use_a_second_factor(db):
    User.objects.create_superuser("root", "root@example.org", "hemligt-lösenord-1")
    client = Client()
    response = password_login(client, "root", "hemligt-lösenord-1")
    assert _path(response) == SETUP


def test_a_forbund_user_signs_in_with_the_password_alone(reader):
    client = Client()
    response = password_login(client, "lars_lasare")
    assert response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.get(action="login").after == {"second_factor": False}


def test_anyone_may_turn_it_on_from_the_account_page_and_then_needs_the_code(reader):
    client = Client()
    password_login(client, "lars_lasare")
    account = client.get(reverse("accounts:account")).content.decode()
    assert "Tvåstegsverifiering är av." in account
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=reader)
    client.post(SETUP, {"token": app_code(device)})
    assert (
        "Tvåstegsverifiering är på. Du har 10 oanvända återställningskoder."
        in client.get(reverse("accounts:account")).content.decode()
    )
    client.post(reverse("logout"))

    login = password_login(client, "lars_lasare")

    assert _path(login) == VERIFY
    assert _path(client.get(reverse("home"))) == VERIFY


def test_a_forbund_user_may_turn_it_off_again(client, reader):
    confirmed_device(reader)
    client.force_login(reader)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=reader).persistent_id
    session.save()

    response = client.post(reverse("accounts:two_factor_disable"))

    assert messages_of(response) == ["Tvåstegsverifiering är avstängd."]
    assert not TOTPDevice.objects.filter(user=reader).exists()
    assert AuditEvent.objects.filter(action="two_factor.disable").count() == 1
    assert client.get(reverse("home")).status_code == 200


def test_an_nns_admin_may_not_turn_it_off(client, nns_admin):
    client.force_login(nns_admin)
    response = client.post(reverse("accounts:two_factor_disable"))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=nns_admin, confirmed=True).exists()


def test_a_password_alone_cannot_replace_the_app(nns_admin):
    """Someone with the password but not the phone is sent to enter a code, not to set up a
    new app."""
    confirmed_device(nns_admin)
    client = Client()
    password_login(client, "nina_nns")

    for response in [client.get(SETUP), client.post(SETUP, {"token": "123456"})]:
        assert _path(response) == VERIFY
    assert TOTPDevice.objects.filter(user=nns_admin).count() == 1


def test_a_new_app_replaces_the_old_one_and_its_codes(client, nns_admin):
    client.force_login(nns_admin)
    old = TOTPDevice.objects.get(user=nns_admin)
    client.get(SETUP)
    new = TOTPDevice.objects.get(user=nns_admin, confirmed=False)
    client.post(SETUP, {"token": app_code(new)})

    assert list(TOTPDevice.objects.filter(user=nns_admin).values_list("pk", flat=True)) == [new.pk]
    assert old.pk != new.pk
    assert AuditEvent.objects.filter(action="two_factor.replace").count() == 1


def test_new_recovery_codes_replace_the_old_ones(client, nns_admin):
    client.force_login(nns_admin)
    first = _recovery_codes(client.post(reverse("accounts:recovery_codes")))
    second = _recovery_codes(client.post(reverse("accounts:recovery_codes")))

    assert len(second) == 10
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in second}
    assert not stored & {code.replace("-", "") for code in first}
    assert AuditEvent.objects.filter(action="two_factor.recovery_codes").count() == 2


def test_new_recovery_codes_need_an_app_first(client, reader):
    client.force_login(reader)
    response = client.post(reverse("accounts:recovery_codes"))
    assert response.status_code == 302
    assert messages_of(response) == ["Slå på tvåstegsverifiering först."]


# Reset by NNS ---------------------------------------------------------------------------------


def test_nns_resets_someones_second_factor_with_a_reason(client, nns_admin, registrar):
    confirmed_device(registrar)
    client.force_login(nns_admin)
    url = reverse("accounts:two_factor_reset", args=[registrar.pk])
    assert client.get(url).status_code == 200

    empty = client.post(url, {"reason": " "})
    assert empty.context["form"].errors["reason"] == [
        "Skriv varför tvåstegsverifieringen återställs."
    ]
    response = client.post(url, {"reason": "Tappade telefonen, kontrollerat per telefon."})

    assert response.status_code == 302
    assert messages_of(response) == [
        "Tvåstegsverifieringen för rut_registrerare återställdes. Personen ställer in en ny app "
        "vid nästa inloggning."
    ]
    assert not TOTPDevice.objects.filter(user=registrar).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert (event.actor_label, event.object_id, event.reason, event.before, event.after) == (
        "nina_nns",
        str(registrar.pk),
        "Tappade telefonen, kontrollerat per telefon.",
        {"second_factor": True},
        {"second_factor": False},
    )


def test_after_a_reset_an_nns_admin_sets_up_a_new_app_at_login(client, nns_admin, db):
    other = User.objects.create_user("nils_nns", password="ett-annat-lösenord")
    from matpunkt.organisations.models import Membership

    Membership.objects.create(user=other, role="nns_admin")
    confirmed_device(other)
    client.force_login(nns_admin)
    client.post(reverse("accounts:two_factor_reset", args=[other.pk]), {"reason": "Ny telefon"})

    response = password_login(Client(), "nils_nns", "ett-annat-lösenord")

    assert _path(response) == SETUP


def test_nobody_resets_their_own(client, nns_admin):
    client.force_login(nns_admin)
    response = client.post(
        reverse("accounts:two_factor_reset", args=[nns_admin.pk]), {"reason": "Test"}
    )
    assert response.context["form"].non_field_errors() == [
        "Du kan inte återställa din egen tvåstegsverifiering. Ställ in en ny app på sidan Mitt "
        "konto, eller be en annan NNS-administratör."
    ]
    assert TOTPDevice.objects.filter(user=nns_admin).exists()


@pytest.mark.parametrize("role", ["reader", "registrar", "forbund_admin", "outsider"])
def test_only_nns_resets(client, request, role, registrar):
    confirmed_device(registrar)
    client.force_login(request.getfixturevalue(role))
    url = reverse("accounts:two_factor_reset", args=[registrar.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert TOTPDevice.objects.filter(user=registrar).exists()


def test_the_login_steps_work_without_javascript_markup(nns_admin):
    """Plain forms with labels: no script on the login, code and setup pages."""
    client = Client()
    for page in [client.get(reverse("login"))]:
        assert "<script" not in page.content.decode()
    password_login(client, "nina_nns")
    setup = client.get(SETUP).content.decode()
    assert "<script" not in setup
    assert '<label for="id_token">Kod:</label>' in setup
    assert 'autocomplete="one-time-code"' in setup


def test_the_admins_login_page_sends_people_to_the_one_login(db):
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/logga-in/?next=/admin/"
