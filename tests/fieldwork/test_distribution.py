"""The distribution page: asked and unreachable counts per insats and group, one form for all."""

import pytest
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork.models import Distribution, DistributionEntry
from tests.factories import DistributionFactory, InsatsFactory
from tests.organisations.helpers import messages_of

URL = reverse("fieldwork:distribution_list")


def field(insats, group, what="asked"):
    return f"{what}-{insats.pk}-{group}"


def rows_of(response) -> list[tuple[str, str]]:
    return [
        (table.insats.name, row.group) for table in response.context["tables"] for row in table.rows
    ]


def test_reader_sees_the_counts_read_only(client, reader, insats, period):
    DistributionFactory(insats=insats, period=period, group="personal", asked=12, unreachable=2)
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["period"] == period
    assert 'name="asked-' not in response.text
    assert "Spara utdelningen" not in response.text
    row = next(r for t in response.context["tables"] for r in t.rows if r.group == "personal")
    assert (row.distribution.asked, row.distribution.unreachable) == (12, 2)


def test_rows_are_the_insats_groups_that_the_period_asks(client, registrar, forbund, period):
    InsatsFactory(
        forbund=forbund, name="Styrgruppen", groups=["styrelse", "forbundschef", "remittenter"]
    )
    client.force_login(registrar)
    response = client.get(URL)
    assert rows_of(response) == [("Styrgruppen", "styrelse")]


def test_newest_period_is_the_default_and_another_can_be_chosen(
    client, registrar, insats, period, period_2017
):
    client.force_login(registrar)
    assert client.get(URL).context["period"] == period
    assert client.get(URL, {"period": period_2017.pk}).context["period"] == period_2017


def test_registrar_saves_all_rows_at_once(client, registrar, insats, period):
    client.force_login(registrar)
    response = client.post(
        URL,
        {
            "period": period.pk,
            field(insats, "deltagare_pagaende"): "20",
            field(insats, "deltagare_pagaende", "unreachable"): "3",
            field(insats, "personal"): "8",
            field(insats, "personal", "unreachable"): "",
            field(insats, "styrelse"): "",
            field(insats, "styrelse", "unreachable"): "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?period={period.pk}"
    assert messages_of(response) == ["Utdelningen sparades."]
    saved = {
        d.group: (d.asked, d.unreachable)
        for d in Distribution.objects.filter(insats=insats, period=period)
    }
    assert saved == {"deltagare_pagaende": (20, 3), "personal": (8, 0)}
    assert AuditEvent.objects.filter(action="distribution.create").count() == 2


def test_saving_unchanged_counts_says_so(client, registrar, insats, period):
    DistributionFactory(insats=insats, period=period, group="personal", asked=5, unreachable=1)
    client.force_login(registrar)
    response = client.post(
        URL,
        {
            "period": period.pk,
            field(insats, "personal"): "5",
            field(insats, "personal", "unreachable"): "1",
        },
    )
    assert messages_of(response) == ["Inga ändringar att spara."]
    assert not AuditEvent.objects.filter(action__startswith="distribution").exists()


def test_existing_counts_are_updated(client, forbund_admin, insats, period):
    DistributionFactory(insats=insats, period=period, group="personal", asked=5, unreachable=1)
    client.force_login(forbund_admin)
    client.post(
        URL,
        {
            "period": period.pk,
            field(insats, "personal"): "7",
            field(insats, "personal", "unreachable"): "0",
        },
    )
    stored = Distribution.objects.get(insats=insats, period=period, group="personal")
    assert (stored.asked, stored.unreachable) == (7, 0)


@pytest.mark.parametrize("value", ["abc", "-3", "2.5", "1e3"])
def test_counts_must_be_whole_numbers(client, registrar, insats, period, value):
    client.force_login(registrar)
    response = client.post(
        URL,
        {
            "period": period.pk,
            field(insats, "deltagare_pagaende"): "20",
            field(insats, "personal"): value,
        },
    )
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Steget vidare, Personal: tillfrågade måste vara ett heltal, 0 eller större."
    ]
    assert not Distribution.objects.exists()
    assert f'value="{value}"' in response.text


def test_unreachable_cannot_exceed_asked(client, registrar, insats, period):
    client.force_login(registrar)
    response = client.post(
        URL,
        {
            "period": period.pk,
            field(insats, "personal"): "8",
            field(insats, "deltagare_pagaende"): "3",
            field(insats, "deltagare_pagaende", "unreachable"): "5",
        },
    )
    assert response.context["errors"] == [
        "Steget vidare, Deltagare, pågående insats: ej nåbara (5) kan inte vara fler än "
        "tillfrågade (3)."
    ]
    assert not Distribution.objects.exists()


def test_rows_counted_from_a_list_are_read_only(client, registrar, insats, period):
    listed = DistributionFactory(
        insats=insats, period=period, group="personal", asked=1, unreachable=0, from_list=True
    )
    DistributionEntry.objects.create(distribution=listed, pseudonym="1")
    client.force_login(registrar)
    page = client.get(URL)
    assert f'name="{field(insats, "personal")}"' not in page.text
    assert (
        reverse("fieldwork:distribution_entries", args=[period.pk, insats.pk, "personal"])
        in page.text
    )
    response = client.post(URL, {"period": period.pk, field(insats, "personal"): "40"})
    assert response.context["errors"] == [
        "Steget vidare, Personal: antalen räknas från utdelningslistan och ändras i listan."
    ]
    listed.refresh_from_db()
    assert listed.asked == 1


def test_forged_insats_of_another_forbund_is_404(client, registrar, insats, other_insats, period):
    client.force_login(registrar)
    response = client.post(
        URL,
        {
            "period": period.pk,
            field(insats, "personal"): "4",
            field(other_insats, "personal"): "99",
        },
    )
    assert response.status_code == 404
    assert not Distribution.objects.exists()


def test_forged_row_outside_the_table_is_refused(client, registrar, insats, period):
    client.force_login(registrar)
    response = client.post(URL, {"period": period.pk, field(insats, "remittenter"): "4"})
    assert response.context["errors"] == [
        "Steget vidare, Remittenter: raden finns inte i utdelningen för den här mätperioden."
    ]
    assert not Distribution.objects.exists()


def test_reader_cannot_save(client, reader, insats, period):
    client.force_login(reader)
    response = client.post(URL, {"period": period.pk, field(insats, "personal"): "4"})
    assert response.status_code == 403
    assert not Distribution.objects.exists()


def test_outsider_never_sees_the_first_forbunds_rows(
    client, outsider, insats, other_insats, period
):
    DistributionFactory(insats=insats, period=period, group="personal", asked=77)
    client.force_login(outsider)
    response = client.get(URL)
    assert {name for name, _group in rows_of(response)} == {"Grannens insats"}
    assert "Steget vidare" not in response.text


def test_nns_admin_sees_every_forbund_and_filters(client, nns_admin, insats, other_insats, period):
    client.force_login(nns_admin)
    assert {name for name, _g in rows_of(client.get(URL))} == {"Steget vidare", "Grannens insats"}
    response = client.get(URL, {"forbund": other_insats.forbund_id})
    assert {name for name, _g in rows_of(response)} == {"Grannens insats"}


def test_nns_admin_saves_for_any_forbund(client, nns_admin, other_insats, period):
    client.force_login(nns_admin)
    response = client.post(
        URL,
        {
            "period": period.pk,
            "forbund": other_insats.forbund_id,
            field(other_insats, "styrelse"): "9",
        },
    )
    assert response["Location"] == f"{URL}?period={period.pk}&forbund={other_insats.forbund_id}"
    assert Distribution.objects.get(insats=other_insats).asked == 9


def test_finished_insats_shows_only_with_counts(client, registrar, forbund, period):
    finished = InsatsFactory(forbund=forbund, name="Avslutad", active=False, groups=["personal"])
    client.force_login(registrar)
    assert rows_of(client.get(URL)) == []
    DistributionFactory(insats=finished, period=period, group="personal", asked=3)
    assert rows_of(client.get(URL)) == [("Avslutad", "personal")]


def test_page_without_periods_explains(client, registrar, insats):
    client.force_login(registrar)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Det finns ingen mätperiod ännu." in response.text


def test_wrong_method_is_refused(client, registrar):
    client.force_login(registrar)
    assert client.put(URL).status_code == 405
