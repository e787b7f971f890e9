"""Submitted periods on the staff pages: a banner naming the period, who submitted it, when and
who can reopen it; no forms; and every refused write is a message, never a server error."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from matpunkt.fieldwork.locks import ensure_open, locked_message
from matpunkt.fieldwork.middleware import PeriodLockMiddleware
from matpunkt.fieldwork.models import OpenLink, Submission
from matpunkt.responses.models import Response
from matpunkt.results.submission import submission_submit
from tests.codes.helpers import ensure_instrument, issue
from tests.results.helpers import PAGAENDE, distribute, forms, store

LOCKED = (
    "Förbundets data för mätperiod 2021 är inlämnade och låsta. Anna Admin lämnade in dem den "
    "3 december 2021 kl. 10.40. Förbundets administratör eller NNS kan öppna dem igen."
)
READ_ONLY = "Sidan visas bara för läsning: inget kan ändras förrän uppgifterna har öppnats igen."


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def post_forms(response) -> list[str]:
    """The POST forms of the page's main content (the header's log-out and language forms are
    on every page)."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.findall(r"<form[^>]*method=\"post\"[^>]*>", main)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def locked(insats, period, registrar, forbund, forbund_admin):
    """Pågående with codes, personal counted by hand, two stored forms, an open link in
    personal; then submitted by Anna Admin at 10.40 on 3 December 2021."""
    ensure_instrument()
    issue(registrar, insats, period, count=3)
    distribute(insats, period, "personal", 10, 1)
    store(forms(insats, period, "personal", 2, f1=5))
    link = OpenLink.objects.create(
        insats=insats, period=period, group="personal", variant="utan_kon", token="t" * 20
    )
    forbund_admin.first_name, forbund_admin.last_name = "Anna", "Admin"
    forbund_admin.save()
    submission = submission_submit(actor=forbund_admin, forbund=forbund, period=period)
    Submission.objects.filter(pk=submission.pk).update(
        submitted_at=datetime.datetime(2021, 12, 3, 9, 40, tzinfo=datetime.UTC)
    )
    return link


def _pages(insats, period):
    response = Response.objects.filter(insats=insats).first()
    return {
        "registration": reverse(
            "responses:registration_entry", args=[insats.pk, period.label, "personal", "utan_kon"]
        ),
        "edit": reverse("responses:response_edit", args=[response.pk]),
        "delete": reverse("responses:response_delete", args=[response.pk]),
        "distribution": f"{reverse('fieldwork:distribution_list')}?period={period.pk}",
        "list": reverse("fieldwork:distribution_entries", args=[period.pk, insats.pk, PAGAENDE]),
        "codes": reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, PAGAENDE]),
        "links": reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, "personal"]),
        "codes_index": f"{reverse('fieldwork:codes_index')}?period={period.pk}",
        "import": reverse("responses:import"),
    }


@pytest.mark.parametrize(
    "page",
    ["registration", "edit", "delete", "distribution", "list", "codes", "links", "codes_index"],
)
def test_every_page_of_a_locked_period_shows_the_banner_and_no_form(
    client, registrar, locked, insats, period, page
):
    client.force_login(registrar)

    response = client.get(_pages(insats, period)[page])

    assert response.status_code == 200
    assert f"{LOCKED} {READ_ONLY}" in text_of(response)
    assert post_forms(response) == []


def test_the_import_page_shows_the_banner_and_no_form_when_every_period_is_locked(
    client, registrar, locked, insats, period
):
    client.force_login(registrar)

    response = client.get(reverse("responses:import"))

    assert f"{LOCKED} {READ_ONLY}" in text_of(response)
    assert post_forms(response) == []


def test_the_import_page_keeps_its_form_for_the_periods_still_open(
    client, registrar, locked, period_2017
):
    client.force_login(registrar)

    response = client.get(reverse("responses:import"))

    text = text_of(response)
    assert LOCKED in text
    assert READ_ONLY not in text
    assert "Filer med data för en låst mätperiod tas inte emot." in text
    assert len(post_forms(response)) == 1


def test_the_submission_page_shows_the_banner_with_the_reopen_form(
    client, forbund_admin, locked, forbund, period
):
    client.force_login(forbund_admin)

    response = client.get(reverse("results:submission_detail", args=[forbund.pk, "2021"]))

    assert LOCKED in text_of(response)
    assert [re.search(r'action="([^"]+)"', form)[1] for form in post_forms(response)] == [
        reverse("results:submission_reopen", args=[forbund.pk, "2021"])
    ]


def test_the_count_source_page_of_a_locked_period_sends_back_to_the_list(
    client, registrar, locked, insats, period
):
    client.force_login(registrar)
    url = reverse("fieldwork:distribution_source", args=[period.pk, insats.pk, PAGAENDE])

    response = client.post(url, {"source": "angivet", "bekrafta": "on"})

    assert response.status_code == 302
    assert response["Location"] == _pages(insats, period)["list"]
    assert messages_of(response) == [LOCKED]


def test_open_pages_show_no_banner(client, registrar, insats, period):
    ensure_instrument()
    distribute(insats, period, "personal", 10, 1)
    store(forms(insats, period, "personal", 1, f1=5))
    client.force_login(registrar)

    for url in _pages(insats, period).values():
        response = client.get(url)
        assert response.status_code == 200, url
        assert "lock-banner" not in response.content.decode(), url


# Refused writes: a message and the read-only page, never a 500 ---------------------------------


def test_editing_a_response_of_a_locked_period_is_refused_with_a_message(
    client, registrar, locked, insats, period
):
    client.force_login(registrar)
    stored = Response.objects.filter(insats=insats).first()
    pages = _pages(insats, period)

    response = client.post(pages["edit"], {"f1": "2"})

    assert response.status_code == 302
    assert response["Location"] == pages["registration"]
    assert messages_of(response) == [LOCKED]
    stored.refresh_from_db()
    assert stored.f1 == 5


def test_deleting_a_response_of_a_locked_period_is_refused_with_a_message(
    client, registrar, locked, insats, period
):
    client.force_login(registrar)
    pages = _pages(insats, period)

    response = client.post(pages["delete"], {"reason": "Dubblett"})

    assert response.status_code == 302
    assert response["Location"] == pages["registration"]
    assert messages_of(response) == [LOCKED]
    assert Response.objects.count() == 2


def test_registering_into_a_locked_period_is_refused_with_a_message(
    client, registrar, locked, insats, period
):
    client.force_login(registrar)
    pages = _pages(insats, period)

    response = client.post(pages["registration"], {"token": "1" * 32, "f1": "5"}, follow=True)

    assert response.redirect_chain == [(pages["registration"], 302)]
    assert messages_of(response) == [LOCKED]
    assert Response.objects.count() == 2


def test_the_edit_service_refuses_when_the_page_was_opened_before_the_submission(
    client, registrar, forbund_admin, insats, period, forbund
):
    """The page showed a live form; the submission came before the save: the service refuses
    inside its transaction, and the view turns that into the message, not a 500."""
    ensure_instrument()
    distribute(insats, period, "personal", 10, 1)
    store(forms(insats, period, "personal", 1, f1=5))
    client.force_login(registrar)
    pages = _pages(insats, period)
    assert post_forms(client.get(pages["edit"]))
    forbund_admin.first_name, forbund_admin.last_name = "Anna", "Admin"
    forbund_admin.save()
    submission_submit(actor=forbund_admin, forbund=forbund, period=period)

    response = client.post(pages["edit"], {"f1": "2"})

    assert response.status_code == 302
    assert messages_of(response)[0].startswith(
        "Förbundets data för mätperiod 2021 är inlämnade och låsta. Anna Admin lämnade in dem den "
    )


def test_closing_an_open_link_of_a_locked_period_is_refused_with_a_message(
    client, registrar, locked, insats, period
):
    client.force_login(registrar)

    response = client.post(reverse("fieldwork:open_link_close", args=[locked.pk]))

    assert response.status_code == 302
    assert response["Location"] == _pages(insats, period)["links"]
    assert messages_of(response) == [LOCKED]
    locked.refresh_from_db()
    assert locked.active is True


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("fieldwork:codes_issue", {"variant": "utan_kon", "count": "2"}),
        ("fieldwork:open_link_create", {"variant": "utan_kon"}),
        ("fieldwork:distribution_entries_add", {"count": "2"}),
    ],
)
def test_other_writes_of_a_locked_period_say_so_and_change_nothing(
    client, registrar, locked, insats, period, name, data
):
    client.force_login(registrar)

    response = client.post(reverse(name, args=[period.pk, insats.pk, PAGAENDE]), data)

    assert response.status_code == 200
    assert LOCKED in text_of(response)
    assert OpenLink.objects.count() == 1
    assert Response.objects.count() == 2


def test_saving_distribution_counts_of_a_locked_period_is_refused_with_a_message(
    client, registrar, locked, insats, period
):
    client.force_login(registrar)
    url = reverse("fieldwork:distribution_list")

    response = client.post(url, {"period": period.pk, f"asked-{insats.pk}-personal": "12"})

    assert response.status_code == 302
    assert messages_of(response) == [LOCKED]


def test_a_lock_refusal_that_no_view_catches_is_a_message_not_a_500(
    registrar, locked, forbund, period
):
    """The middleware under every write path: a POST goes back to its page with the message,
    any other method gets a 409 page saying the same."""
    with pytest.raises(ValidationError) as refusal:
        ensure_open(forbund_id=forbund.pk, period_id=period.pk)
    middleware = PeriodLockMiddleware(lambda request: None)
    factory = RequestFactory()
    post = factory.post("/registrera/x/")
    post.user = registrar
    post.session = {}
    from django.contrib.messages.storage.fallback import FallbackStorage

    post._messages = FallbackStorage(post)

    response = middleware.process_exception(post, refusal.value)

    assert (response.status_code, response["Location"]) == (302, "/registrera/x/")
    assert [str(m) for m in post._messages] == [LOCKED]
    get = factory.get("/registrera/x/")
    get.user = registrar
    page = middleware.process_exception(get, refusal.value)
    assert page.status_code == 409
    assert LOCKED in page.content.decode()
    assert middleware.process_exception(get, ValidationError("Annat fel.")) is None


def test_the_message_names_no_one_when_the_submitter_is_gone(locked, forbund, period):
    submission = Submission.objects.get(forbund=forbund, period=period)
    submission.submitted_by = None

    assert locked_message(submission) == (
        "Förbundets data för mätperiod 2021 är inlämnade och låsta. De lämnades in den "
        "3 december 2021 kl. 10.40. Förbundets administratör eller NNS kan öppna dem igen."
    )
