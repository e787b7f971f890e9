"""The web questionnaire through an open link (a tablet in the activity room), rate limited."""

import uuid

import pytest

from matpunkt.fieldwork.codes import open_link_close, open_link_create
from matpunkt.responses.models import Comment, RegistrationToken, Response


@pytest.fixture
def link(registrar, insats, period):
    return open_link_create(
        actor=registrar,
        insats=insats,
        period=period,
        group="deltagare_pagaende",
        variant="med_kon",
    )


def start(client, link) -> str:
    """Open the link; returns the address of the blank questionnaire it leads to."""
    page = client.get(f"/o/{link.token}")
    assert page.status_code == 302
    return page["Location"]


def test_each_visit_gets_its_own_one_time_form(client, link):
    first, second = start(client, link), start(client, link)

    assert first.startswith(f"/o/{link.token}/")
    assert first != second
    page = client.get(first)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<legend>Om dig:</legend>" in html
    assert 'data-draft-storage="session"' in html
    assert f'data-draft-key="matpunkt:o:{link.token}:' in html


def test_submitting_stores_one_response_and_the_form_key(client, link, insats, period):
    url = start(client, link)

    page = client.post(url, {"kon": "man", "f1": "4", "comment": "Trevlig personal"})

    assert (page.status_code, page["Location"]) == (303, f"/o/{link.token}/tack")
    stored = Response.objects.get()
    assert (stored.insats, stored.period, stored.group, stored.variant, stored.kon, stored.f1) == (
        insats,
        period,
        "deltagare_pagaende",
        "med_kon",
        "man",
        4,
    )
    assert stored.source == "web"
    assert RegistrationToken.objects.count() == 1
    assert Comment.objects.get().text == "Trevlig personal"


def test_the_thank_you_page_offers_a_new_questionnaire(client, link):
    client.post(start(client, link), {"f1": "4"})

    html = client.get(f"/o/{link.token}/tack").content.decode()

    assert f'<a class="button" href="/o/{link.token}">Fyll i en ny enkät</a>' in html
    assert f'data-clear-draft="matpunkt:o:{link.token}:"' in html


def test_the_same_form_sent_twice_stores_once(client, link):
    url = start(client, link)

    client.post(url, {"f1": "4"})
    again = client.post(url, {"f1": "1"})
    page = client.get(url)

    assert (again.status_code, again["Location"]) == (303, url)
    assert "Den här enkäten är redan skickad. Tack för ditt svar!" in page.content.decode()
    assert Response.objects.count() == 1


def test_a_forged_form_key_leads_to_a_fresh_form(client, link):
    page = client.post(f"/o/{link.token}/{uuid.uuid4().hex}:forged", {"f1": "4"})

    assert (page.status_code, page["Location"]) == (302, f"/o/{link.token}")
    assert Response.objects.count() == 0


def test_a_closed_or_unknown_link_is_not_found(client, registrar, link):
    url = start(client, link)
    open_link_close(actor=registrar, link=link)

    for page in (client.get(f"/o/{link.token}"), client.post(url, {"f1": "4"})):
        assert page.status_code == 404
        assert "<h1>Enkäten är inte öppen</h1>" in page.content.decode()
    assert client.get("/o/no-such-link").status_code == 404
    assert Response.objects.count() == 0


def test_too_many_submissions_from_one_device_get_429_in_swedish(client, link, settings):
    settings.MATPUNKT_OPEN_LINK_PER_DEVICE_PER_MINUTE = 2

    statuses = []
    for _ in range(3):
        statuses.append(client.post(start(client, link), {"f1": "4"}).status_code)

    assert statuses == [303, 303, 429]
    page = client.post(start(client, link), {"f1": "5", "f2": "6"})
    html = page.content.decode()
    assert page.status_code == 429
    assert (
        "För många enkäter har skickats härifrån på kort tid. Dina svar finns kvar: vänta en "
        "minut och skicka igen." in html
    )
    assert 'id="f2-6" value="6" checked' in html
    assert Response.objects.count() == 2


def test_too_many_submissions_through_one_link_get_429(client, link, settings):
    settings.MATPUNKT_OPEN_LINK_PER_MINUTE = 2
    settings.MATPUNKT_OPEN_LINK_PER_DEVICE_PER_MINUTE = 100

    statuses = [
        client.post(start(client, link), {"f1": "4"}, REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(1, 5)
    ]

    assert statuses == [303, 303, 429, 429]
    assert Response.objects.count() == 2
