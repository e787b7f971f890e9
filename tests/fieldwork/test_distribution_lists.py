"""Distribution lists: pseudonymous rows whose count gives asked and unreachable."""

import datetime

import pytest
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork import services
from matpunkt.fieldwork.models import Distribution, DistributionEntry
from matpunkt.fieldwork.selectors import list_entries
from tests.factories import DistributionFactory
from tests.organisations.helpers import messages_of

PERSONNUMMER_MESSAGE = (
    "Texten ser ut att innehålla ett personnummer. Personnummer får inte sparas i Mätpunkt: "
    "ta bort det och försök igen."
)


def list_url(period, insats, group="personal"):
    return reverse("fieldwork:distribution_entries", args=[period.pk, insats.pk, group])


def add_url(period, insats, group="personal"):
    return reverse("fieldwork:distribution_entries_add", args=[period.pk, insats.pk, group])


def clear_url(period, insats, group="personal"):
    return reverse("fieldwork:distribution_list_clear", args=[period.pk, insats.pk, group])


def delete_url(entry):
    return reverse("fieldwork:distribution_entry_delete", args=[entry.pk])


def make_list(actor, insats, period, count=5, group="personal"):
    services.distribution_list_add_entries(
        actor=actor, insats=insats, period=period, group=group, count=count
    )
    return Distribution.objects.get(insats=insats, period=period, group=group)


def entry_values(distribution) -> dict:
    """The posted fields of every row as they are now, to change some in a test."""
    data = {}
    for entry in distribution.entries.all():
        data[f"pseudonym-{entry.pk}"] = entry.pseudonym
        data[f"handed_out_on-{entry.pk}"] = (
            entry.handed_out_on.isoformat() if entry.handed_out_on else ""
        )
        if entry.unreachable:
            data[f"unreachable-{entry.pk}"] = "on"
    return data


def entry(distribution, pseudonym):
    return distribution.entries.get(pseudonym=pseudonym)


def test_empty_list_page_warns_against_names(client, registrar, insats, period):
    client.force_login(registrar)
    response = client.get(list_url(period, insats))
    assert response.status_code == 200
    assert "Skriv aldrig namn eller personnummer i listan." in response.text
    assert "Listan är tom." in response.text
    assert add_url(period, insats) in response.text


def test_adding_ten_rows_numbers_them_and_counts_from_the_list(client, registrar, insats, period):
    client.force_login(registrar)
    response = client.post(add_url(period, insats), {"count": "10", "handed_out_on": "2021-09-15"})
    assert response.status_code == 302
    assert response["Location"] == list_url(period, insats)
    assert messages_of(response) == ["10 rader lades till (nummer 1–10)."]
    distribution = Distribution.objects.get(insats=insats, period=period, group="personal")
    assert (distribution.asked, distribution.unreachable, distribution.from_list) == (10, 0, True)
    page = client.get(list_url(period, insats))
    assert [e.pseudonym for e in page.context["entries"]] == [str(n) for n in range(1, 11)]
    assert {e.handed_out_on for e in page.context["entries"]} == {datetime.date(2021, 9, 15)}
    event = AuditEvent.objects.get(action="distribution_list.add")
    assert event.after["added"] == [str(n) for n in range(1, 11)]
    assert (event.after["asked"], event.after["from_list"]) == (10, True)


def test_more_rows_continue_the_numbering(client, registrar, insats, period):
    make_list(registrar, insats, period, count=10)
    client.force_login(registrar)
    response = client.post(add_url(period, insats), {"count": "1"})
    assert messages_of(response) == ["1 rad lades till (nummer 11)."]
    assert Distribution.objects.get(insats=insats, period=period).asked == 11


def test_a_list_never_replaces_counts_entered_by_hand(registrar, insats, period):
    DistributionFactory(insats=insats, period=period, group="personal", asked=40, unreachable=4)
    distribution = make_list(registrar, insats, period, count=3)
    assert (distribution.asked, distribution.unreachable, distribution.from_list) == (40, 4, False)


def test_a_list_counts_a_place_without_entered_counts(registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=3)
    assert (distribution.asked, distribution.unreachable, distribution.from_list) == (3, 0, True)


@pytest.mark.parametrize("count", ["0", "abc", "501", ""])
def test_number_of_rows_must_be_between_1_and_500(client, registrar, insats, period, count):
    client.force_login(registrar)
    response = client.post(add_url(period, insats), {"count": count})
    assert response.status_code == 200
    assert response.context["add_form"].errors["count"] == [
        "Antal rader måste vara ett heltal mellan 1 och 500."
    ]
    assert not DistributionEntry.objects.exists()


def test_group_without_questionnaire_in_the_period_is_refused(client, registrar, insats, period):
    client.force_login(registrar)
    response = client.post(add_url(period, insats, "forbundschef"), {"count": "2"})
    assert response.context["add_form"].non_field_errors() == [
        "Mätperiodens instrumentversion har ingen enkät för gruppen Förbundschef."
    ]
    assert not Distribution.objects.exists()


def test_editing_rows_recounts_unreachable(client, registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=5)
    data = entry_values(distribution)
    data[f"unreachable-{entry(distribution, '2').pk}"] = "on"
    data[f"unreachable-{entry(distribution, '4').pk}"] = "on"
    data[f"pseudonym-{entry(distribution, '5').pk}"] = "B-5"
    data[f"handed_out_on-{entry(distribution, '1').pk}"] = "2021-09-20"
    client.force_login(registrar)
    response = client.post(list_url(period, insats), data)
    assert response.status_code == 302
    assert messages_of(response) == ["Utdelningslistan sparades."]
    distribution.refresh_from_db()
    assert (distribution.asked, distribution.unreachable) == (5, 2)
    assert sorted(distribution.entries.values_list("pseudonym", flat=True)) == [
        "1",
        "2",
        "3",
        "4",
        "B-5",
    ]
    assert entry(distribution, "1").handed_out_on == datetime.date(2021, 9, 20)
    assert AuditEvent.objects.filter(action="distribution_entry.update").count() == 4


def test_unchanged_list_says_so(client, registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=2)
    client.force_login(registrar)
    response = client.post(list_url(period, insats), entry_values(distribution))
    assert messages_of(response) == ["Inga ändringar att spara."]


def test_personnummer_as_pseudonym_is_refused_and_nothing_saved(client, registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=3)
    data = entry_values(distribution)
    data[f"unreachable-{entry(distribution, '1').pk}"] = "on"
    data[f"pseudonym-{entry(distribution, '3').pk}"] = "19850709-9805"
    client.force_login(registrar)
    response = client.post(list_url(period, insats), data)
    assert response.status_code == 200
    assert response.context["errors"] == [f"Rad 3: {PERSONNUMMER_MESSAGE}"]
    distribution.refresh_from_db()
    assert distribution.unreachable == 0
    assert sorted(distribution.entries.values_list("pseudonym", flat=True)) == ["1", "2", "3"]


def test_duplicate_pseudonym_is_refused(client, registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=3)
    data = entry_values(distribution)
    data[f"pseudonym-{entry(distribution, '3').pk}"] = "1"
    client.force_login(registrar)
    response = client.post(list_url(period, insats), data)
    assert response.context["errors"] == ["Rad 3: Löpnumret ”1” finns redan i listan."]


def test_empty_pseudonym_is_refused(client, registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=2)
    data = entry_values(distribution)
    data[f"pseudonym-{entry(distribution, '2').pk}"] = "  "
    client.force_login(registrar)
    response = client.post(list_url(period, insats), data)
    assert response.context["errors"] == ["Rad 2: Löpnumret får inte vara tomt."]


def test_bad_date_is_refused(client, registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=2)
    data = entry_values(distribution)
    data[f"handed_out_on-{entry(distribution, '2').pk}"] = "15/9"
    client.force_login(registrar)
    response = client.post(list_url(period, insats), data)
    assert response.context["errors"] == ["Rad 2: skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-09-15."]


def test_deleting_a_row_recounts(client, registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=3)
    third = entry(distribution, "3")
    client.force_login(registrar)
    confirm = client.get(delete_url(third))
    assert confirm.status_code == 200
    assert "Ta bort rad 3?" in confirm.text
    response = client.post(delete_url(third))
    assert response["Location"] == list_url(period, insats)
    assert messages_of(response) == ["Rad 3 togs bort."]
    distribution.refresh_from_db()
    assert (distribution.asked, distribution.from_list) == (2, True)
    assert AuditEvent.objects.get(action="distribution_entry.delete").before["pseudonym"] == "3"


def test_deleting_the_last_row_returns_to_manual_counts(registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=1)
    services.distribution_entry_delete(actor=registrar, entry=entry(distribution, "1"))
    distribution.refresh_from_db()
    assert (distribution.asked, distribution.unreachable, distribution.from_list) == (0, 0, False)


def test_removing_the_list_keeps_the_counts(client, registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=4)
    services.distribution_entry_update(
        actor=registrar,
        entry=entry(distribution, "2"),
        pseudonym="2",
        handed_out_on=None,
        unreachable=True,
    )
    client.force_login(registrar)
    assert client.get(clear_url(period, insats)).status_code == 200
    response = client.post(clear_url(period, insats))
    assert response["Location"] == f"{reverse('fieldwork:distribution_list')}?period={period.pk}"
    assert messages_of(response) == [
        "Utdelningslistan togs bort. Antalen finns kvar och kan nu ändras direkt i utdelningen."
    ]
    distribution.refresh_from_db()
    assert (distribution.asked, distribution.unreachable, distribution.from_list) == (4, 1, False)
    assert not distribution.entries.exists()
    table = client.get(reverse("fieldwork:distribution_list"))
    assert f'name="asked-{insats.pk}-personal" value="4"' in table.text


def test_clearing_a_manual_distribution_is_404(client, registrar, insats, period):
    DistributionFactory(insats=insats, period=period, group="personal", asked=4)
    client.force_login(registrar)
    assert client.post(clear_url(period, insats)).status_code == 404


def test_reader_sees_the_list_read_only(client, registrar, reader, insats, period):
    distribution = make_list(registrar, insats, period, count=2)
    first = entry(distribution, "1")
    client.force_login(reader)
    page = client.get(list_url(period, insats))
    assert page.status_code == 200
    assert 'name="pseudonym-' not in page.text
    assert add_url(period, insats) not in page.text
    assert client.post(add_url(period, insats), {"count": "3"}).status_code == 403
    assert client.post(list_url(period, insats), entry_values(distribution)).status_code == 403
    assert client.get(delete_url(first)).status_code == 403
    assert client.post(delete_url(first)).status_code == 403
    assert client.post(clear_url(period, insats)).status_code == 403
    distribution.refresh_from_db()
    assert (distribution.asked, distribution.from_list) == (2, True)


def test_outsider_gets_404_everywhere(client, registrar, outsider, insats, period):
    distribution = make_list(registrar, insats, period, count=2)
    first = entry(distribution, "1")
    client.force_login(outsider)
    assert client.get(list_url(period, insats)).status_code == 404
    assert client.post(add_url(period, insats), {"count": "3"}).status_code == 404
    assert client.post(list_url(period, insats), entry_values(distribution)).status_code == 404
    assert client.post(delete_url(first)).status_code == 404
    assert client.post(clear_url(period, insats)).status_code == 404
    distribution.refresh_from_db()
    assert distribution.asked == 2


def test_rows_of_another_list_cannot_be_edited_through_this_one(client, registrar, insats, period):
    personal = make_list(registrar, insats, period, count=2, group="personal")
    styrelse = make_list(registrar, insats, period, count=2, group="styrelse")
    forged = {f"pseudonym-{e.pk}": "X" for e in styrelse.entries.all()}
    client.force_login(registrar)
    client.post(list_url(period, insats, "personal"), {**entry_values(personal), **forged})
    assert sorted(styrelse.entries.values_list("pseudonym", flat=True)) == ["1", "2"]


def test_unknown_group_is_404(client, registrar, insats, period):
    client.force_login(registrar)
    assert client.get(list_url(period, insats, "grannar")).status_code == 404


def test_numbers_sort_naturally(registrar, insats, period):
    distribution = make_list(registrar, insats, period, count=12)
    services.distribution_entry_update(
        actor=registrar,
        entry=entry(distribution, "12"),
        pseudonym="A1",
        handed_out_on=None,
        unreachable=False,
    )
    assert [e.pseudonym for e in list_entries(distribution)] == [
        *[str(n) for n in range(1, 12)],
        "A1",
    ]
    assert services.next_list_number(distribution) == 12


def test_wrong_method_is_refused(client, registrar, insats, period):
    client.force_login(registrar)
    assert client.get(add_url(period, insats)).status_code == 405
    assert client.put(list_url(period, insats)).status_code == 405
