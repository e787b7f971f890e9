"""Logins, logouts, password and role changes and the admin's changes to users are in the audit
trail, readable by NNS; deleting a user keeps the name on what they did."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from matpunkt.core import audit
from matpunkt.core.models import AuditEvent
from tests.accounts.helpers import PASSWORD, password_login

User = get_user_model()


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "hemligt-lösenord-1")


def test_login_and_logout_are_audited(reader):
    client = Client()
    password_login(client, "lars_lasare")
    client.post(reverse("logout"))

    events = list(
        AuditEvent.objects.order_by("pk").values_list(
            "action", "actor_label", "object_id", "forbund__name"
        )
    )
    assert events == [
        ("login", "lars_lasare", str(reader.pk), "Södra Dalarna"),
        ("logout", "lars_lasare", str(reader.pk), "Södra Dalarna"),
    ]


def test_changing_ones_own_password_is_audited_without_the_password(client, reader):
    client.force_login(reader)
    response = client.post(
        reverse("organisations:own_password"),
        {
            "old_password": PASSWORD,
            "new_password1": "en-ny-lång-mening-2025",
            "new_password2": "en-ny-lång-mening-2025",
        },
    )

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.get(action="user.password_change")
    assert (event.actor, event.object_id, event.before, event.after) == (
        reader,
        str(reader.pk),
        None,
        None,
    )
    assert "en-ny-lång-mening" not in repr(list(AuditEvent.objects.values()))


def test_a_role_change_on_the_users_page_is_audited(client, forbund_admin, registrar):
    client.force_login(forbund_admin)
    client.post(
        reverse("organisations:user_edit", args=[registrar.pk]),
        {"email": "rut@example.org", "role": "reader", "is_active": "on"},
    )
    event = AuditEvent.objects.get(action="user.update")
    assert (event.before["role"], event.after["role"]) == ("registrar", "reader")


def test_a_role_change_in_the_admin_is_audited(client, superuser, registrar):
    client.force_login(superuser)
    membership = registrar.membership
    response = client.post(
        reverse("admin:organisations_membership_change", args=[membership.pk]),
        {"user": registrar.pk, "role": "reader", "forbund": membership.forbund_id},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.change")
    assert (event.before["role"], event.after["role"]) == ("registrar", "reader")


def _user_form(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "10:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_making_someone_superuser_and_staff_in_the_admin_is_audited(client, superuser, reader):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_change", args=[reader.pk]),
        _user_form(reader, is_staff="on", is_superuser="on"),
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.user_change")
    assert (event.actor_label, event.object_id) == ("root", str(reader.pk))
    assert (event.before["is_superuser"], event.after["is_superuser"]) == (False, True)
    assert (event.before["is_staff"], event.after["is_staff"]) == (False, True)
    assert "password" not in event.after
    assert "md5$" not in repr(event.before) + repr(event.after)


def test_a_password_set_in_the_admin_is_audited(client, superuser, reader):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[reader.pk]),
        {
            "password1": "ett-helt-nytt-lösenord",
            "password2": "ett-helt-nytt-lösenord",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.set_password")
    assert (event.actor_label, event.object_id, event.after) == (
        "root",
        str(reader.pk),
        {"generated": False, "via": "admin"},
    )


def test_deleting_a_user_keeps_their_name_on_what_they_did(client, superuser, forbund_admin):
    audit.record(actor=forbund_admin, action="insats.create", object_type="organisations.insats")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_delete", args=[forbund_admin.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(username="anna_admin").exists()
    earlier = AuditEvent.objects.get(action="insats.create")
    assert (earlier.actor, earlier.actor_label) == (None, "anna_admin")
    deleted = AuditEvent.objects.get(action="admin.user_delete")
    assert (deleted.actor_label, deleted.before["username"]) == ("root", "anna_admin")


def test_nns_reads_the_account_events_in_the_admin(client, nns_admin, reader):
    nns_admin.is_staff = True
    nns_admin.save()
    password_login(Client(), "lars_lasare", "fel-lösenord")
    password_login(Client(), "lars_lasare")
    client.force_login(nns_admin)

    page = client.get(reverse("admin:core_auditevent_changelist"), {"action": "login.failed"})

    assert page.status_code == 200
    assert [event.action for event in page.context["cl"].result_list] == ["login.failed"]


def test_every_event_stores_the_actors_user_name(reader):
    assert audit.record(actor=reader, action="test.action", object_type="x").actor_label == (
        "lars_lasare"
    )
    assert audit.record(actor=None, action="test.action", object_type="x").actor_label == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_the_user_name_onto_earlier_events():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets or executor.loader.graph.leaf_nodes())
        return executor.loader.project_state(targets or executor.loader.graph.leaf_nodes()).apps

    apps = migrate([("core", "0002_language_preference")])
    try:
        user = apps.get_model("auth", "User").objects.create(username="gamla_gustav")
        apps.get_model("core", "AuditEvent").objects.create(
            actor_id=user.pk, action="insats.create", object_type="organisations.insats"
        )
    finally:
        migrate(None)
    assert AuditEvent.objects.values_list("actor_label", flat=True).get() == "gamla_gustav"
