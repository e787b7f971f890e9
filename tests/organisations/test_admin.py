"""The Django admin: open to NNS administrators with staff accounts and to superusers only."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from matpunkt.instrument.models import Indicator, Measure
from tests.factories import DistributionFactory, ResponseFactory

User = get_user_model()

MATPUNKT_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"core", "instrument", "organisations", "fieldwork", "responses"}
]


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.org", "hemligt-lösenord-1")


@pytest.fixture
def staff_nns_admin(nns_admin):
    nns_admin.is_staff = True
    nns_admin.save()
    return nns_admin


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_domain_model_is_registered():
    registered = {model._meta.label for model in MATPUNKT_MODELS}
    assert {
        "core.AuditEvent",
        "organisations.Forbund",
        "organisations.Insats",
        "organisations.Membership",
        "fieldwork.Period",
        "fieldwork.Distribution",
        "fieldwork.DistributionEntry",
        "responses.Response",
        "responses.ImportBatch",
        "instrument.InstrumentVersion",
        "instrument.Questionnaire",
        "instrument.Question",
        "instrument.Scale",
        "instrument.ScaleOption",
        "instrument.Measure",
        "instrument.Indicator",
    } <= registered


@pytest.mark.parametrize("user_fixture", ["superuser", "staff_nns_admin"])
def test_admin_lists_open_for_nns(client, request, user_fixture, insats, period):
    DistributionFactory(insats=insats, period=period)
    ResponseFactory(insats=insats, period=period, f1=5)
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("admin:index")).status_code == 200
    for model in MATPUNKT_MODELS:
        assert client.get(changelist(model)).status_code == 200, model


def test_nns_admin_without_staff_flag_is_sent_to_admin_login(client, nns_admin):
    client.force_login(nns_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_account_of_a_forbund_is_kept_out(client, forbund_admin):
    forbund_admin.is_staff = True
    forbund_admin.save()
    client.force_login(forbund_admin)
    assert client.get(reverse("admin:index")).status_code == 302
    response = client.get(changelist(apps.get_model("organisations", "Forbund")))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_no_indicators_are_shipped(db):
    assert Indicator.objects.count() == 0
    assert Measure.objects.count() > 0


def test_nns_admin_enters_an_indicator_with_its_measures(client, staff_nns_admin):
    measures = list(Measure.objects.order_by("key")[:2])
    client.force_login(staff_nns_admin)
    response = client.post(
        reverse("admin:instrument_indicator_add"),
        {
            "code": "P1",
            "name": "Deltagarna får stöd som är till nytta",
            "level": "deltagare",
            "kind": "process",
            "description": "",
            "measures": [m.pk for m in measures],
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="P1")
    assert set(indicator.measures.all()) == set(measures)
    event = AuditEvent.objects.get(action="admin.add", object_type="instrument.indicator")
    assert event.actor == staff_nns_admin
    assert sorted(event.after["measures"]) == sorted(m.pk for m in measures)


def test_measure_name_is_editable_but_not_its_key(client, superuser):
    measure = Measure.objects.get(key="dp_stod_nytta")
    client.force_login(superuser)
    url = reverse("admin:instrument_measure_change", args=[measure.pk])
    response = client.post(
        url,
        {
            "key": "annan",
            "name": "Stödet är till stor nytta",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.key, measure.name) == ("dp_stod_nytta", "Stödet är till stor nytta")


@pytest.mark.parametrize(
    "model_name", ["instrumentversion", "questionnaire", "question", "scale", "scaleoption"]
)
def test_instrument_is_read_only_and_says_why(client, superuser, model_name):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:instrument_{model_name}_add")).status_code == 403
    response = client.get(reverse(f"admin:instrument_{model_name}_changelist"))
    assert "Instrumentet är data: det läses in från versionsfilerna" in response.text


def test_responses_are_read_only_codes(client, superuser, insats, period):
    stored = ResponseFactory(insats=insats, period=period, f1=6, f2=2)
    client.force_login(superuser)
    assert client.get(reverse("admin:responses_response_add")).status_code == 403
    change = client.get(reverse("admin:responses_response_change", args=[stored.pk]))
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    post = client.post(reverse("admin:responses_response_change", args=[stored.pk]), {"f1": "1"})
    assert post.status_code == 403
    stored.refresh_from_db()
    assert stored.f1 == 6
    delete = client.post(
        reverse("admin:responses_response_delete", args=[stored.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403


def test_audit_log_is_read_only(client, superuser, forbund):
    event = AuditEvent.objects.create(action="x", object_type="y")
    client.force_login(superuser)
    url = reverse("admin:core_auditevent_change", args=[event.pk])
    assert client.post(url, {"action": "z"}).status_code == 403
    event.refresh_from_db()
    assert event.action == "x"


def test_period_version_locked_in_admin_once_responses_exist(client, superuser, insats, period):
    client.force_login(superuser)
    url = reverse("admin:fieldwork_period_change", args=[period.pk])
    assert "version" in client.get(url).context["adminform"].form.fields
    ResponseFactory(insats=insats, period=period, f1=5)
    assert "version" not in client.get(url).context["adminform"].form.fields


def test_admin_change_of_a_forbund_is_audited(client, superuser, forbund):
    client.force_login(superuser)
    url = reverse("admin:organisations_forbund_change", args=[forbund.pk])
    response = client.post(
        url,
        {
            "name": "Södra Dalarna",
            "members": "",
            "agreement_status": "uppsagt",
            "agreement_since": "",
            "contact_name": "",
            "contact_role": "",
            "contact_phone": "",
            "contact_email": "",
            "insatser-TOTAL_FORMS": "0",
            "insatser-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    forbund.refresh_from_db()
    assert forbund.agreement_status == "uppsagt"
    event = AuditEvent.objects.get(action="admin.change")
    assert event.forbund == forbund
    assert (event.before["agreement_status"], event.after["agreement_status"]) == (
        "avtal",
        "uppsagt",
    )
