"""The staff pages for codes and open links: status, issuing, marking, CSV, QR and access."""

import pytest
from django.urls import reverse

from matpunkt.fieldwork.models import DistributionEntry, OpenLink
from tests.codes.helpers import counts, issue

GROUP = "deltagare_pagaende"


def scope_url(period, insats, group=GROUP):
    return reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, group])


def issue_url(period, insats, group=GROUP):
    return reverse("fieldwork:codes_issue", args=[period.pk, insats.pk, group])


def csv_url(period, insats, group=GROUP):
    return reverse("fieldwork:codes_csv", args=[period.pk, insats.pk, group])


def open_url(period, insats, group=GROUP):
    return reverse("fieldwork:open_link_create", args=[period.pk, insats.pk, group])


def messages_of(page):
    return [str(message) for message in page.context["messages"]]


@pytest.fixture
def logged_in(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


# The overview ----------------------------------------------------------------------------------


def test_the_overview_counts_codes_per_insats_and_group(logged_in, registrar, insats, period):
    issued = issue(registrar, insats, period, count=3)
    from django.db import transaction

    from matpunkt.fieldwork.codes import code_use

    with transaction.atomic():
        code_use(code=issued[0].code)

    page = logged_in(registrar).get(reverse("fieldwork:codes_index"), {"period": period.pk})

    html = page.content.decode()
    assert page.status_code == 200
    row = html[html.index("Deltagare, pågående insats</th>") :]
    assert row.startswith(
        'Deltagare, pågående insats</th>\n    <td class="num">3</td>\n    <td class="num">1</td>'
    )
    assert scope_url(period, insats) in html


def test_the_overview_shows_only_the_users_own_forbund(
    logged_in, outsider, insats, other_insats, period
):
    html = logged_in(outsider).get(reverse("fieldwork:codes_index")).content.decode()

    assert "Steget vidare" not in html
    assert "Grannens insats" in html


def test_the_nav_links_to_the_codes(logged_in, reader):
    html = logged_in(reader).get(reverse("home")).content.decode()

    assert f'<a href="{reverse("fieldwork:codes_index")}">Koder och webbenkät</a>' in html


# One group's codes -----------------------------------------------------------------------------


def test_the_list_shows_each_codes_status_and_the_live_rate(logged_in, registrar, insats, period):
    issued = issue(registrar, insats, period, count=4)
    client = logged_in(registrar)
    from django.test import Client

    Client().post(f"/e/{issued[0].code}", {"f1": "5"})
    client.post(scope_url(period, insats), {"kod": [issued[1].pk], "action": "utdelad"})
    client.post(scope_url(period, insats), {"kod": [issued[2].pk], "action": "ej_nabar"})
    client.post(
        scope_url(period, insats), {"kod": [issued[3].pk], "action": "makulera", "bekrafta": "on"}
    )

    html = client.get(scope_url(period, insats)).content.decode()

    statuses = [
        html.split(f'<td class="code">{entry.code}</td>')[1].split('data-status="')[1][:10]
        for entry in issued
    ]
    assert [s.split('"')[0] for s in statuses] == ["anvand", "utdelad", "ej_nabar", "makulerad"]
    for label in ("Använd", "Utdelad", "Ej nåbar", "Makulerad"):
        assert f">{label}</td>" in html
    # Asked 3 (one voided), unreachable 1, one response: 33 %.
    assert (
        '<p class="counter" id="live-figures">Tillfrågade: 3 · Ej nåbara: 1 · Svar: 1 · '
        "Svarsfrekvens: 33\u00a0%</p>" in html
    )
    assert "Utfärdade koder: 4, varav använda 1 och makulerade 1." in html


def test_a_reader_sees_the_status_but_not_the_codes(logged_in, registrar, reader, insats, period):
    issued = issue(registrar, insats, period, count=2)

    page = logged_in(reader).get(scope_url(period, insats))

    html = page.content.decode()
    assert page.status_code == 200
    assert issued[0].code not in html
    assert "Koderna visas bara för den som får registrera enkäter." in html
    assert "Skapa koder" not in html


def test_another_forbunds_codes_page_is_not_found(logged_in, registrar, outsider, insats, period):
    issue(registrar, insats, period, count=1)

    assert logged_in(outsider).get(scope_url(period, insats)).status_code == 404


def test_a_group_without_a_questionnaire_is_not_found(logged_in, registrar, insats, period):
    assert logged_in(registrar).get(scope_url(period, insats, "forbundschef")).status_code == 404


def test_the_page_warns_about_placeholders_not_filled_in(logged_in, registrar, insats, period):
    insats.forbund.contact_phone = ""
    insats.forbund.save()

    html = logged_in(registrar).get(scope_url(period, insats)).content.decode()

    assert "<li>[telefonnummer]</li>" in html


# Issuing ---------------------------------------------------------------------------------------


def test_issuing_codes_from_the_page(logged_in, registrar, insats, period):
    page = logged_in(registrar).post(
        issue_url(period, insats), {"count": "3", "variant": "med_kon"}, follow=True
    )

    assert messages_of(page) == ["3 koder skapades (nummer 1–3)."]
    assert DistributionEntry.objects.filter(variant="med_kon").count() == 3
    # Codes made but not handed out are nobody asked yet.
    assert counts(insats, period) == (0, 0)


def test_staff_codes_need_no_variant_choice(logged_in, registrar, insats, period):
    page = logged_in(registrar).post(
        issue_url(period, insats, "personal"), {"count": "1", "variant": "utan_kon"}, follow=True
    )

    assert messages_of(page) == ["1 kod skapades (nummer 1)."]
    html = logged_in(registrar).get(scope_url(period, insats, "personal")).content.decode()
    assert '<input type="hidden" name="variant" value="utan_kon"' in html


def test_a_bad_count_is_refused_on_the_field(logged_in, registrar, insats, period):
    page = logged_in(registrar).post(
        issue_url(period, insats), {"count": "0", "variant": "utan_kon"}
    )

    assert page.status_code == 200
    assert page.context["issue_form"].errors == {
        "count": ["Antal koder måste vara ett heltal mellan 1 och 1000."]
    }
    assert DistributionEntry.objects.count() == 0


def test_a_reader_cannot_issue_codes(logged_in, reader, insats, period):
    page = logged_in(reader).post(issue_url(period, insats), {"count": "3", "variant": "utan_kon"})

    assert page.status_code == 403
    assert DistributionEntry.objects.count() == 0


def test_another_forbund_cannot_issue_codes(logged_in, outsider, insats, period):
    page = logged_in(outsider).post(
        issue_url(period, insats), {"count": "3", "variant": "utan_kon"}
    )

    assert page.status_code == 404


# Marking ---------------------------------------------------------------------------------------


def test_voiding_needs_a_ticked_confirmation(logged_in, registrar, insats, period):
    import datetime

    issued = issue(registrar, insats, period, count=2, handed_out_on=datetime.date(2021, 9, 2))

    page = logged_in(registrar).post(
        scope_url(period, insats), {"kod": [issued[0].pk], "action": "makulera"}
    )

    assert page.status_code == 200
    assert page.context["errors"] == [
        "Kryssa i rutan ”Jag vill makulera de valda koderna” för att makulera. Makulering går "
        "inte att ångra."
    ]
    assert counts(insats, period) == (2, 0)


def test_handing_out_with_a_date(logged_in, registrar, insats, period):
    import datetime

    issued = issue(registrar, insats, period, count=2)

    page = logged_in(registrar).post(
        scope_url(period, insats),
        {"kod": [e.pk for e in issued], "action": "utdelad", "handed_out_on": "2021-09-20"},
        follow=True,
    )

    assert messages_of(page) == ["2 koder ändrades."]
    assert set(DistributionEntry.objects.values_list("handed_out_on", flat=True)) == {
        datetime.date(2021, 9, 20)
    }


def test_marking_a_used_code_is_refused_with_its_row(logged_in, registrar, insats, period):
    from django.test import Client

    issued = issue(registrar, insats, period, count=1)
    Client().post(f"/e/{issued[0].code}", {"f1": "5"})

    page = logged_in(registrar).post(
        scope_url(period, insats), {"kod": [issued[0].pk], "action": "makulera", "bekrafta": "on"}
    )

    assert page.context["errors"] == [
        f"Kod nr 1 ({issued[0].code}) är redan använd och kan inte makuleras."
    ]


def test_a_reader_cannot_mark_codes(logged_in, registrar, reader, insats, period):
    issued = issue(registrar, insats, period, count=1)

    page = logged_in(reader).post(
        scope_url(period, insats), {"kod": [issued[0].pk], "action": "utdelad"}
    )

    assert page.status_code == 403
    assert DistributionEntry.objects.get().handed_out_on is None


def test_another_forbund_cannot_mark_codes(logged_in, registrar, outsider, insats, period):
    issued = issue(registrar, insats, period, count=1)

    page = logged_in(outsider).post(
        scope_url(period, insats), {"kod": [issued[0].pk], "action": "utdelad"}
    )

    assert page.status_code == 404


def test_a_code_of_another_list_cannot_be_marked(logged_in, registrar, insats, period):
    staff = issue(registrar, insats, period, group="personal", count=1)
    issue(registrar, insats, period, count=1)

    page = logged_in(registrar).post(
        scope_url(period, insats), {"kod": [staff[0].pk], "action": "utdelad"}
    )

    assert page.context["errors"] == ["Någon av de valda koderna finns inte i listan."]


# Downloads -------------------------------------------------------------------------------------


def test_the_csv_lists_usable_codes_with_their_links(
    logged_in, registrar, insats, period, settings
):
    settings.MATPUNKT_PUBLIC_BASE_URL = "https://matpunkt.example.org"
    issued = issue(registrar, insats, period, count=3)
    from django.test import Client

    Client().post(f"/e/{issued[2].code}", {"f1": "5"})

    page = logged_in(registrar).get(csv_url(period, insats))

    assert page.status_code == 200
    assert page["Content-Type"] == "text/csv; charset=utf-8"
    assert page["Content-Disposition"] == (
        f'attachment; filename="koder-2021-{insats.pk}-deltagare_pagaende.csv"'
    )
    assert page.content.decode("utf-8") == (
        "\ufefflopnummer;kod;lank;variant\r\n"
        f"1;{issued[0].code};https://matpunkt.example.org/e/{issued[0].code};utan_kon\r\n"
        f"2;{issued[1].code};https://matpunkt.example.org/e/{issued[1].code};utan_kon\r\n"
    )


def test_without_a_configured_address_links_use_the_requests_host(
    logged_in, registrar, insats, period
):
    issued = issue(registrar, insats, period, count=1)

    content = logged_in(registrar).get(csv_url(period, insats)).content.decode()

    assert f"http://testserver/e/{issued[0].code}" in content


def test_a_reader_cannot_download_codes(logged_in, registrar, reader, insats, period):
    issued = issue(registrar, insats, period, count=1)
    client = logged_in(reader)

    assert client.get(csv_url(period, insats)).status_code == 403
    assert client.get(reverse("fieldwork:code_qr", args=[issued[0].pk])).status_code == 403


def test_another_forbund_cannot_download_codes(logged_in, registrar, outsider, insats, period):
    issued = issue(registrar, insats, period, count=1)
    client = logged_in(outsider)

    assert client.get(csv_url(period, insats)).status_code == 404
    assert client.get(reverse("fieldwork:code_qr", args=[issued[0].pk])).status_code == 404


def test_a_codes_qr_image_holds_its_link(logged_in, registrar, insats, period, settings):
    settings.MATPUNKT_PUBLIC_BASE_URL = "https://matpunkt.example.org"
    issued = issue(registrar, insats, period, count=1)

    page = logged_in(registrar).get(reverse("fieldwork:code_qr", args=[issued[0].pk]))

    assert page["Content-Type"] == "image/svg+xml"
    assert (
        f"<title>https://matpunkt.example.org/e/{issued[0].code}</title>" in page.content.decode()
    )


# Open links ------------------------------------------------------------------------------------


def test_opening_and_closing_a_link_from_the_page(logged_in, registrar, insats, period, settings):
    settings.MATPUNKT_PUBLIC_BASE_URL = "https://matpunkt.example.org"
    client = logged_in(registrar)

    page = client.post(open_url(period, insats), {"variant": "utan_kon"}, follow=True)

    link = OpenLink.objects.get()
    assert messages_of(page) == [
        "Den öppna länken är skapad. Ange antalet tillfrågade för hand på sidan Utdelning."
    ]
    assert f"https://matpunkt.example.org/o/{link.token}" in page.content.decode()
    qr = client.get(reverse("fieldwork:open_link_qr", args=[link.pk]))
    assert f"<title>https://matpunkt.example.org/o/{link.token}</title>" in qr.content.decode()

    closed = client.post(reverse("fieldwork:open_link_close", args=[link.pk]), follow=True)
    assert messages_of(closed) == ["Länken är stängd. Svar som redan lämnats finns kvar."]
    assert not OpenLink.objects.get().active


def test_an_open_link_is_refused_where_codes_count(logged_in, registrar, insats, period):
    issue(registrar, insats, period, count=1)

    page = logged_in(registrar).post(open_url(period, insats), {"variant": "utan_kon"})

    assert page.context["open_link_form"].non_field_errors() == [
        "Gruppen har utdelade koder, som räknar antalet tillfrågade. En öppen länk kan inte "
        "användas samtidigt: makulera koderna först eller dela ut fler koder."
    ]
    assert OpenLink.objects.count() == 0


def test_a_reader_cannot_open_or_close_a_link(logged_in, registrar, reader, insats, period):
    from matpunkt.fieldwork.codes import open_link_create

    link = open_link_create(
        actor=registrar, insats=insats, period=period, group="personal", variant="utan_kon"
    )
    client = logged_in(reader)

    assert client.post(open_url(period, insats), {"variant": "utan_kon"}).status_code == 403
    assert client.post(reverse("fieldwork:open_link_close", args=[link.pk])).status_code == 403
    assert OpenLink.objects.get().active


def test_another_forbund_cannot_open_or_close_a_link(
    logged_in, registrar, outsider, insats, period
):
    from matpunkt.fieldwork.codes import open_link_create

    link = open_link_create(
        actor=registrar, insats=insats, period=period, group="personal", variant="utan_kon"
    )
    client = logged_in(outsider)

    assert client.post(open_url(period, insats), {"variant": "utan_kon"}).status_code == 404
    assert client.post(reverse("fieldwork:open_link_close", args=[link.pk])).status_code == 404
    assert client.get(reverse("fieldwork:open_link_qr", args=[link.pk])).status_code == 404


# The distribution list page keeps working with codes -------------------------------------------


def test_deleting_a_code_row_on_the_list_page_says_why_not(logged_in, registrar, insats, period):
    issued = issue(registrar, insats, period, count=1)

    page = logged_in(registrar).post(
        reverse("fieldwork:distribution_entry_delete", args=[issued[0].pk]), follow=True
    )

    assert messages_of(page) == [
        "Rad 1 har en kod och kan inte tas bort: makulera koden i stället."
    ]
    assert DistributionEntry.objects.count() == 1
