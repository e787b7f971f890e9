"""Managing users: a förbund administrator manages their own förbund's users, NNS everyone."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from matpunkt.organisations import services
from matpunkt.organisations.models import Membership, Role
from tests.organisations.helpers import messages_of

User = get_user_model()
LIST_URL = reverse("organisations:user_list")
CREATE_URL = reverse("organisations:user_create")

NEW_USER = {
    "username": "sara.svensson",
    "email": "sara@example.org",
    "role": "registrar",
    "password_choice": "generate",
}


def edit_url(user):
    return reverse("organisations:user_edit", args=[user.pk])


def password_url(user):
    return reverse("organisations:user_password", args=[user.pk])


def listed(response) -> list[str]:
    return [user.username for user in response.context["users"]]


def test_forbund_admin_lists_only_own_forbund_users(
    client, forbund_admin, registrar, reader, outsider, nns_admin
):
    client.force_login(forbund_admin)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == ["anna_admin", "lars_lasare", "rut_registrerare"]
    assert "otto_utomstaende" not in response.text
    assert "nina_nns" not in response.text


def test_nns_admin_lists_everyone_and_filters(client, nns_admin, forbund_admin, outsider):
    client.force_login(nns_admin)
    assert listed(client.get(LIST_URL)) == ["anna_admin", "nina_nns", "otto_utomstaende"]
    response = client.get(LIST_URL, {"forbund": outsider.membership.forbund_id})
    assert listed(response) == ["otto_utomstaende"]


def test_created_user_gets_a_one_time_password(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.post(CREATE_URL, NEW_USER)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    password = response.context["password"]
    assert len(password) == 19
    assert password in response.text
    user = User.objects.get(username="sara.svensson")
    assert user.check_password(password)
    assert (user.membership.role, user.membership.forbund) == ("registrar", forbund)
    assert user.is_staff is False
    event = AuditEvent.objects.get(action="user.create")
    assert event.after == {
        "username": "sara.svensson",
        "email": "sara@example.org",
        "is_active": True,
        "role": "registrar",
        "forbund": forbund.pk,
    }
    assert password not in str(event.after)


def test_created_user_with_chosen_password(client, forbund_admin):
    client.force_login(forbund_admin)
    response = client.post(
        CREATE_URL,
        {
            **NEW_USER,
            "password_choice": "set",
            "password1": "tre-blå-kaffekoppar",
            "password2": "tre-blå-kaffekoppar",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert messages_of(response) == ["Användaren skapades."]
    assert User.objects.get(username="sara.svensson").check_password("tre-blå-kaffekoppar")


def test_passwords_must_match(client, forbund_admin):
    client.force_login(forbund_admin)
    response = client.post(
        CREATE_URL,
        {**NEW_USER, "password_choice": "set", "password1": "tre-blå-koppar", "password2": "x"},
    )
    assert response.context["form"].errors["password2"] == ["Lösenorden är inte lika."]
    assert not User.objects.filter(username="sara.svensson").exists()


def test_weak_password_is_refused(client, forbund_admin):
    client.force_login(forbund_admin)
    response = client.post(
        CREATE_URL,
        {**NEW_USER, "password_choice": "set", "password1": "1234", "password2": "1234"},
    )
    assert response.context["form"].errors["password1"] == [
        "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken.",
        "Detta lösenord är alldeles för vanligt.",
        "Detta lösenord är enbart numeriskt.",
    ]
    assert not User.objects.filter(username="sara.svensson").exists()


def test_duplicate_username_is_refused(client, forbund_admin, registrar):
    client.force_login(forbund_admin)
    response = client.post(CREATE_URL, {**NEW_USER, "username": "RUT_registrerare"})
    assert response.context["form"].errors["username"] == [
        "Användarnamnet ”RUT_registrerare” används redan."
    ]


def test_forbund_admin_cannot_create_an_nns_admin(client, forbund_admin):
    client.force_login(forbund_admin)
    response = client.post(CREATE_URL, {**NEW_USER, "role": "nns_admin"})
    assert response.context["form"].errors["role"] == [
        "Välj ett giltigt alternativ. nns_admin finns inte bland tillgängliga alternativ."
    ]
    assert not User.objects.filter(username="sara.svensson").exists()


def test_service_refuses_nns_admin_from_forbund_admin(forbund_admin):
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=forbund_admin, username="x", email="x@example.org", role="nns_admin", forbund=None
        )
    assert not User.objects.filter(username="x").exists()


def test_forged_forbund_on_create_is_ignored(client, forbund_admin, forbund, other_forbund):
    client.force_login(forbund_admin)
    client.post(CREATE_URL, {**NEW_USER, "forbund": other_forbund.pk})
    assert User.objects.get(username="sara.svensson").membership.forbund == forbund


def test_nns_admin_creates_another_nns_admin_with_admin_access(client, nns_admin):
    client.force_login(nns_admin)
    response = client.post(CREATE_URL, {**NEW_USER, "role": "nns_admin", "forbund": ""})
    assert response.status_code == 200
    created = User.objects.get(username="sara.svensson")
    assert created.membership.role == "nns_admin"
    assert created.membership.forbund is None
    assert created.is_staff is True


def test_nns_admin_role_cannot_have_a_forbund(client, nns_admin, forbund):
    client.force_login(nns_admin)
    response = client.post(CREATE_URL, {**NEW_USER, "role": "nns_admin", "forbund": forbund.pk})
    assert response.context["form"].errors["forbund"] == [
        "En NNS-administratör hör inte till något förbund."
    ]


def test_forbund_role_needs_a_forbund(client, nns_admin):
    client.force_login(nns_admin)
    response = client.post(CREATE_URL, {**NEW_USER, "forbund": ""})
    assert response.context["form"].errors["forbund"] == ["Välj det förbund som rollen gäller."]


def test_forbund_admin_changes_role_and_deactivates(client, forbund_admin, registrar):
    client.force_login(forbund_admin)
    response = client.post(edit_url(registrar), {"email": "rut@example.org", "role": "reader"})
    assert response.status_code == 302
    assert messages_of(response) == ["Användaren sparades."]
    registrar.refresh_from_db()
    assert registrar.is_active is False
    assert registrar.email == "rut@example.org"
    assert Membership.objects.get(user=registrar).role == "reader"
    event = AuditEvent.objects.get(action="user.update")
    assert (event.before["role"], event.after["role"]) == ("registrar", "reader")
    assert (event.before["is_active"], event.after["is_active"]) == (True, False)


def test_deactivated_user_loses_access(client, forbund_admin, registrar):
    services.user_update(
        actor=forbund_admin,
        user=registrar,
        email="",
        role="registrar",
        forbund=registrar.membership.forbund,
        is_active=False,
    )
    client.force_login(registrar)
    response = client.get(reverse("organisations:insats_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_nobody_locks_themselves_out(client, forbund_admin):
    client.force_login(forbund_admin)
    response = client.post(
        edit_url(forbund_admin), {"email": "anna@example.org", "role": "reader", "is_active": "on"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Du kan inte ändra din egen roll eller stänga av ditt eget konto. "
        "Be en annan administratör om det."
    ]
    assert Membership.objects.get(user=forbund_admin).role == "forbund_admin"


def test_own_email_can_be_changed(client, forbund_admin):
    client.force_login(forbund_admin)
    response = client.post(
        edit_url(forbund_admin),
        {"email": "anna@example.org", "role": "forbund_admin", "is_active": "on"},
    )
    assert response.status_code == 302
    forbund_admin.refresh_from_db()
    assert forbund_admin.email == "anna@example.org"


def test_forbund_admin_cannot_touch_other_forbunds_or_nns_users(
    client, forbund_admin, outsider, nns_admin
):
    client.force_login(forbund_admin)
    for target in (outsider, nns_admin):
        assert client.get(edit_url(target)).status_code == 404
        assert (
            client.post(edit_url(target), {"email": "x@example.org", "role": "reader"}).status_code
            == 404
        )
        assert client.post(password_url(target), {"password_choice": "generate"}).status_code == 404
    outsider.refresh_from_db()
    assert outsider.is_active is True


def test_nns_admin_demotes_an_nns_admin(client, nns_admin, forbund):
    other = services.user_create(
        actor=nns_admin, username="ny_nns", email="n@example.org", role="nns_admin", forbund=None
    )[0]
    client.force_login(nns_admin)
    response = client.post(
        edit_url(other),
        {"email": "n@example.org", "role": "reader", "forbund": forbund.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.is_staff is False
    assert (other.membership.role, other.membership.forbund) == ("reader", forbund)


@pytest.mark.parametrize("user_fixture", ["reader", "registrar"])
def test_reader_and_registrar_cannot_manage_users(client, request, forbund_admin, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(LIST_URL).status_code == 403
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, NEW_USER).status_code == 403
    assert client.get(edit_url(forbund_admin)).status_code == 403
    assert (
        client.post(password_url(forbund_admin), {"password_choice": "generate"}).status_code == 403
    )
    assert not User.objects.filter(username="sara.svensson").exists()


def test_new_one_time_password(client, forbund_admin, registrar):
    client.force_login(forbund_admin)
    response = client.post(password_url(registrar), {"password_choice": "generate"})
    assert response.status_code == 200
    registrar.refresh_from_db()
    assert registrar.check_password(response.context["password"])
    assert not registrar.check_password("lösenord-för-test")
    event = AuditEvent.objects.get(action="user.set_password")
    assert event.after == {"generated": True}


def test_new_chosen_password(client, forbund_admin, registrar):
    client.force_login(forbund_admin)
    response = client.post(
        password_url(registrar),
        {"password_choice": "set", "password1": "gröna-äpplen-77", "password2": "gröna-äpplen-77"},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Lösenordet ändrades."]
    registrar.refresh_from_db()
    assert registrar.check_password("gröna-äpplen-77")


def test_weak_new_password_is_refused(client, forbund_admin, registrar):
    client.force_login(forbund_admin)
    response = client.post(
        password_url(registrar),
        {
            "password_choice": "set",
            "password1": "rut_registrerare",
            "password2": "rut_registrerare",
        },
    )
    assert response.context["form"].errors["password1"] == [
        "Ditt lösenord är alltför likt användarnamn."
    ]


def test_user_changes_own_password(client, reader):
    client.force_login(reader)
    url = reverse("organisations:own_password")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "old_password": "lösenord-för-test",
            "new_password1": "blåbär-i-skogen",
            "new_password2": "blåbär-i-skogen",
        },
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Ditt lösenord ändrades."]
    reader.refresh_from_db()
    assert reader.check_password("blåbär-i-skogen")


def test_generated_passwords_differ_and_pass_validation():
    first, second = services.generate_password(), services.generate_password()
    assert first != second
    assert first.count("-") == 3


def test_manageable_roles(forbund_admin, nns_admin, reader):
    assert [value for value, _label in services.manageable_roles(forbund_admin)] == [
        Role.FORBUND_ADMIN,
        Role.REGISTRAR,
        Role.READER,
    ]
    assert len(services.manageable_roles(nns_admin)) == 4
    assert services.manageable_roles(reader) == []


def test_wrong_method_is_refused(client, forbund_admin, registrar):
    client.force_login(forbund_admin)
    assert client.post(LIST_URL).status_code == 405
    assert client.delete(edit_url(registrar)).status_code == 405
    assert client.put(password_url(registrar)).status_code == 405
