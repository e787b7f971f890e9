"""Measurement periods: NNS creates and edits them, everyone else reads."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork import services
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import InstrumentVersion
from tests.factories import ResponseFactory
from tests.organisations.helpers import messages_of

LIST_URL = reverse("fieldwork:period_list")
CREATE_URL = reverse("fieldwork:period_create")


def edit_url(period):
    return reverse("fieldwork:period_edit", args=[period.pk])


def version(code):
    return InstrumentVersion.objects.get(code=code)


def test_everyone_with_a_role_reads_the_list(client, reader, period, period_2017):
    client.force_login(reader)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert [p.label for p, _has in response.context["rows"]] == ["2021", "2017"]
    assert CREATE_URL not in response.text
    assert edit_url(period) not in response.text


def test_list_says_which_periods_have_responses(client, nns_admin, insats, period, period_2017):
    ResponseFactory(insats=insats, period=period, f1=5)
    client.force_login(nns_admin)
    rows = client.get(LIST_URL).context["rows"]
    assert [(p.label, has) for p, has in rows] == [("2021", True), ("2017", False)]


def test_nns_admin_creates_a_period(client, nns_admin):
    client.force_login(nns_admin)
    response = client.post(
        CREATE_URL,
        {
            "label": "2024",
            "starts_on": "2024-09-01",
            "ends_on": "2024-11-30",
            "version": version("2021").pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert messages_of(response) == ["Mätperioden sparades."]
    created = Period.objects.get(label="2024")
    assert (created.starts_on, created.ends_on) == (
        datetime.date(2024, 9, 1),
        datetime.date(2024, 11, 30),
    )
    assert AuditEvent.objects.get(action="period.create").after == {
        "label": "2024",
        "starts_on": "2024-09-01",
        "ends_on": "2024-11-30",
        "version": "2021",
    }


def test_end_before_start_is_refused(client, nns_admin):
    client.force_login(nns_admin)
    response = client.post(
        CREATE_URL,
        {
            "label": "2024",
            "starts_on": "2024-09-01",
            "ends_on": "2024-08-01",
            "version": version("2021").pk,
        },
    )
    assert response.context["form"].errors["ends_on"] == [
        "Slutdatum kan inte vara före startdatum."
    ]
    assert not Period.objects.filter(label="2024").exists()


def test_duplicate_label_is_refused(client, nns_admin, period):
    client.force_login(nns_admin)
    response = client.post(CREATE_URL, {"label": "2021", "version": version("2021").pk})
    assert response.context["form"].errors["label"] == [
        "Det finns redan en mätperiod med benämningen ”2021”."
    ]


def test_version_is_required(client, nns_admin):
    client.force_login(nns_admin)
    response = client.post(CREATE_URL, {"label": "2024"})
    assert response.context["form"].errors["version"] == ["Detta fält måste fyllas i."]


def test_version_can_change_while_there_are_no_responses(client, nns_admin, period):
    client.force_login(nns_admin)
    response = client.post(
        edit_url(period),
        {"label": "2021", "starts_on": "2021-09-01", "ends_on": "", "version": version("2017").pk},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.version.code == "2017"
    assert period.ends_on is None


def test_version_is_locked_once_responses_exist(client, nns_admin, insats, period):
    ResponseFactory(insats=insats, period=period, f1=5)
    client.force_login(nns_admin)
    form = client.get(edit_url(period)).context["form"]
    assert form.fields["version"].disabled is True
    assert form.fields["version"].help_text == (
        "Versionen kan inte ändras: det finns redan svar för perioden, och svaren är givna på "
        "den här versionens frågor."
    )
    response = client.post(
        edit_url(period),
        {"label": "Hösten 2021", "starts_on": "", "ends_on": "", "version": version("2017").pk},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.label, period.version.code) == ("Hösten 2021", "2021")


def test_service_refuses_version_change_with_responses(nns_admin, insats, period):
    ResponseFactory(insats=insats, period=period, f1=5)
    with pytest.raises(ValidationError) as caught:
        services.period_update(
            actor=nns_admin, period=period, label="2021", version=version("2017")
        )
    assert caught.value.message_dict["version"] == [
        "Instrumentversionen kan inte ändras eftersom det redan finns svar för mätperioden "
        "2021. Svaren är givna på frågorna i version 2021."
    ]
    period.refresh_from_db()
    assert period.version.code == "2021"


@pytest.mark.parametrize("user_fixture", ["forbund_admin", "registrar", "reader", "outsider"])
def test_only_nns_changes_periods(client, request, period, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    data = {"label": "2030", "version": version("2021").pk}
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, data).status_code == 403
    assert client.get(edit_url(period)).status_code == 403
    assert client.post(edit_url(period), data).status_code == 403
    assert list(Period.objects.values_list("label", flat=True)) == ["2021"]


def test_unknown_period_is_404(client, nns_admin):
    client.force_login(nns_admin)
    assert client.get(reverse("fieldwork:period_edit", args=[999999])).status_code == 404


def test_wrong_method_is_refused(client, nns_admin, period):
    client.force_login(nns_admin)
    assert client.post(LIST_URL).status_code == 405
    assert client.patch(edit_url(period)).status_code == 405
