"""The insats pages: list, create and edit, within the user's own förbund."""

import pytest
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from matpunkt.organisations.models import Insats
from tests.factories import InsatsFactory
from tests.organisations.helpers import messages_of

LIST_URL = reverse("organisations:insats_list")
CREATE_URL = reverse("organisations:insats_create")

NEW_INSATS = {
    "name": "Vägen framåt",
    "orientation": "individ",
    "groups": ["deltagare_pagaende", "personal"],
    "active": "on",
}


def edit_url(insats):
    return reverse("organisations:insats_edit", args=[insats.pk])


def listed_names(response) -> list[str]:
    return [insats.name for insats, _labels in response.context["rows"]]


def test_list_shows_only_the_users_forbund(client, reader, insats, other_insats):
    client.force_login(reader)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert listed_names(response) == ["Steget vidare"]
    assert "Grannens insats" not in response.text


def test_reader_sees_no_create_or_edit_links(client, reader, insats):
    client.force_login(reader)
    response = client.get(LIST_URL)
    assert CREATE_URL not in response.text
    assert edit_url(insats) not in response.text


def test_list_shows_group_names(client, forbund_admin, insats):
    client.force_login(forbund_admin)
    response = client.get(LIST_URL)
    assert response.context["rows"][0][1] == [
        "Deltagare, pågående insats",
        "Deltagare, inför avslut",
        "Personal",
        "Styrelse",
        "Parternas chefsgrupp",
    ]


def test_nns_admin_sees_all_and_filters_by_forbund(client, nns_admin, insats, other_insats):
    client.force_login(nns_admin)
    assert listed_names(client.get(LIST_URL)) == ["Steget vidare", "Grannens insats"]
    response = client.get(LIST_URL, {"forbund": other_insats.forbund_id})
    assert listed_names(response) == ["Grannens insats"]


def test_forbund_admin_creates_an_insats_in_own_forbund(client, forbund_admin, forbund):
    client.force_login(forbund_admin)
    response = client.post(CREATE_URL, NEW_INSATS)
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert messages_of(response) == ["Insatsen sparades."]
    created = Insats.objects.get(name="Vägen framåt")
    assert created.forbund == forbund
    assert created.groups == ["deltagare_pagaende", "personal"]
    assert created.active is True
    event = AuditEvent.objects.get(action="insats.create")
    assert event.after == {
        "name": "Vägen framåt",
        "orientation": "individ",
        "groups": ["deltagare_pagaende", "personal"],
        "active": True,
    }


def test_forged_forbund_on_create_is_ignored(client, forbund_admin, forbund, other_forbund):
    client.force_login(forbund_admin)
    client.post(CREATE_URL, {**NEW_INSATS, "forbund": other_forbund.pk})
    assert Insats.objects.get(name="Vägen framåt").forbund == forbund
    assert not Insats.objects.filter(forbund=other_forbund).exists()


def test_nns_admin_must_choose_a_forbund(client, nns_admin, other_forbund):
    client.force_login(nns_admin)
    response = client.post(CREATE_URL, NEW_INSATS)
    assert response.context["form"].errors["forbund"] == ["Detta fält måste fyllas i."]
    response = client.post(CREATE_URL, {**NEW_INSATS, "forbund": other_forbund.pk})
    assert response.status_code == 302
    assert Insats.objects.get(name="Vägen framåt").forbund == other_forbund


def test_duplicate_name_in_same_forbund_is_refused(client, forbund_admin, insats):
    client.force_login(forbund_admin)
    response = client.post(CREATE_URL, {**NEW_INSATS, "name": "steget vidare"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Förbundet har redan en insats med namnet ”steget vidare”."
    ]


def test_same_name_in_another_forbund_is_fine(client, outsider, insats):
    client.force_login(outsider)
    response = client.post(CREATE_URL, {**NEW_INSATS, "name": "Steget vidare"})
    assert response.status_code == 302
    assert Insats.objects.filter(name="Steget vidare").count() == 2


def test_unknown_group_is_refused(client, forbund_admin):
    client.force_login(forbund_admin)
    response = client.post(CREATE_URL, {**NEW_INSATS, "groups": ["grannar"]})
    assert response.context["form"].errors["groups"] == [
        "Välj ett giltigt alternativ. grannar finns inte bland tillgängliga alternativ."
    ]


def test_personnummer_in_name_is_refused(client, forbund_admin):
    client.force_login(forbund_admin)
    response = client.post(CREATE_URL, {**NEW_INSATS, "name": "Insats 850709-9805"})
    assert response.context["form"].errors["name"] == [
        "Texten ser ut att innehålla ett personnummer. Personnummer får inte sparas i Mätpunkt: "
        "ta bort det och försök igen."
    ]
    assert not Insats.objects.filter(name__startswith="Insats 85").exists()


def test_forbund_admin_edits_an_insats(client, forbund_admin, insats):
    client.force_login(forbund_admin)
    response = client.post(
        edit_url(insats),
        {"name": "Steget vidare 2", "orientation": "struktur", "groups": ["styrelse"]},
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Insatsen sparades."]
    insats.refresh_from_db()
    assert (insats.name, insats.orientation, insats.groups, insats.active) == (
        "Steget vidare 2",
        "struktur",
        ["styrelse"],
        False,
    )
    event = AuditEvent.objects.get(action="insats.update")
    assert event.before["name"] == "Steget vidare"
    assert event.after["active"] is False


def test_edit_form_is_prefilled(client, forbund_admin, insats):
    client.force_login(forbund_admin)
    form = client.get(edit_url(insats)).context["form"]
    assert form.initial["name"] == "Steget vidare"
    assert form.initial["groups"] == insats.groups
    assert "forbund" not in form.fields


@pytest.mark.parametrize("user_fixture", ["reader", "registrar"])
def test_reader_and_registrar_cannot_change_insatser(client, request, insats, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, NEW_INSATS).status_code == 403
    assert client.get(edit_url(insats)).status_code == 403
    assert client.post(edit_url(insats), NEW_INSATS).status_code == 403
    insats.refresh_from_db()
    assert insats.name == "Steget vidare"
    assert not Insats.objects.filter(name="Vägen framåt").exists()


def test_outsider_gets_404_for_another_forbunds_insats(client, outsider, insats):
    client.force_login(outsider)
    assert client.get(edit_url(insats)).status_code == 404
    assert client.post(edit_url(insats), NEW_INSATS).status_code == 404
    insats.refresh_from_db()
    assert insats.name == "Steget vidare"


def test_nns_admin_edits_any_insats(client, nns_admin, other_insats):
    client.force_login(nns_admin)
    response = client.post(edit_url(other_insats), {**NEW_INSATS, "name": "Grannens nya"})
    assert response.status_code == 302
    other_insats.refresh_from_db()
    assert other_insats.name == "Grannens nya"


def test_inactive_insats_is_listed_as_finished(client, reader, forbund):
    InsatsFactory(forbund=forbund, name="Gammal insats", active=False)
    client.force_login(reader)
    response = client.get(LIST_URL)
    assert "Avslutad" in response.text


def test_wrong_method_is_refused(client, forbund_admin, insats):
    client.force_login(forbund_admin)
    assert client.post(LIST_URL).status_code == 405
    assert client.put(edit_url(insats)).status_code == 405
