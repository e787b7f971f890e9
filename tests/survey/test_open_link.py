"""The web questionnaire through an open link (a tablet in the activity room), rate limited."""

import uuid

import pytest

from matpunkt.fieldwork.codes import open_link_close, open_link_create
from matpunkt.responses.models import Comment, RegistrationToken, Response, SubmissionCounter
from matpunkt.responses.survey import throttle


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


# The counter itself ----------------------------------------------------------------------------


def test_the_counter_counts_per_key_and_minute(db):
    assert [throttle.count_hit("k", minute=100) for _ in range(3)] == [1, 2, 3]
    assert throttle.count_hit("other", minute=100) == 1
    assert throttle.count_hit("k", minute=101) == 1


def test_old_minutes_are_deleted_as_new_ones_begin(db):
    throttle.count_hit("k", minute=100)
    throttle.count_hit("k", minute=101)

    throttle.count_hit("k", minute=103)

    assert sorted(SubmissionCounter.objects.values_list("minute", flat=True)) == [103]


def test_allow_refuses_once_the_limit_is_passed(db):
    assert [throttle.allow("k", 2, minute=7) for _ in range(4)] == [True, True, False, False]


def test_a_device_is_counted_by_a_keyed_hash_not_its_address(rf, db):
    request = rf.get("/", REMOTE_ADDR="192.0.2.44")

    key = throttle.device_key(request, "open")

    assert key.startswith("open:d:")
    assert "192.0.2.44" not in key
    assert key == throttle.device_key(rf.get("/", REMOTE_ADDR="192.0.2.44"), "open")
    assert key != throttle.device_key(rf.get("/", REMOTE_ADDR="192.0.2.45"), "open")


def test_behind_trusted_proxies_the_forwarded_address_counts(rf, settings):
    settings.MATPUNKT_TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")

    assert throttle.client_address(request) == "198.51.100.7"
    settings.MATPUNKT_TRUSTED_PROXIES = 0
    assert throttle.client_address(request) == "10.0.0.1"
