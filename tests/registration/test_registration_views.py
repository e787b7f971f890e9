"""The registration pages: typing in paper forms, the running count, edit, delete and access."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matpunkt.core.models import AuditEvent
from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.organisations.models import Membership, Role
from matpunkt.responses.models import RegistrationToken, Response
from matpunkt.responses.services import answers_fingerprint, response_delete, response_update
from matpunkt.results.computation import compute_results
from matpunkt.results.submission import submission_submit
from tests.factories import DistributionFactory, ResponseFactory, UserFactory


def entry_url(insats, period, group="deltagare_pagaende", variant="utan_kon"):
    return reverse("responses:registration_entry", args=(insats.pk, period.label, group, variant))


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def post_form(client, url, token=None, **answers):
    data = {"token": str(token or uuid.uuid4()), **answers}
    return client.post(url, data, follow=True)


@pytest.fixture
def registrar_client(client, registrar):
    client.force_login(registrar)
    return client


# Entering a form ------------------------------------------------------------------------------


def test_entry_page_shows_the_questionnaire_from_the_instrument(registrar_client, insats, period):
    page = registrar_client.get(entry_url(insats, period))

    html = page.content.decode()
    assert page.status_code == 200
    spec = questionnaire_spec(period.version, "deltagare_pagaende")
    assert spec.question(1).text in html
    assert (
        "Har du <u>en</u> person eller <u>ett</u> team som du kan vända dig till med dina "
        "frågor och behov?" in html
    )
    assert "1 Aldrig, 2 Sällan, 3 Ibland, 4 Ofta, 5 För det mesta, 6 Alltid" in html
    assert 'name="token"' in html
    assert 'id="id_kon"' not in html
    assert 'id="id_f8"' not in html


def test_entry_page_med_kon_shows_the_gender_item_with_its_keys(registrar_client, insats, period):
    page = registrar_client.get(entry_url(insats, period, variant="med_kon"))

    html = page.content.decode()
    assert "<legend>Om dig:</legend>" in html
    assert "k = Kvinna, m = Man, e = Vill inte svara/inget svarsalternativ passar" in html
    assert 'id="id_kon"' in html


def test_saving_a_form_stores_it_and_opens_the_next_blank_one(registrar_client, insats, period):
    DistributionFactory(insats=insats, period=period, group="deltagare_pagaende", asked=10)
    url = entry_url(insats, period)

    page = post_form(registrar_client, url, f1="5", f2="6", f3="4", f4="j", f5="1")

    assert page.redirect_chain == [(url, 302)]
    assert messages_of(page) == ["Enkät nr 1 sparad."]
    stored = Response.objects.get()
    assert (stored.insats, stored.period, stored.group, stored.variant, stored.kon) == (
        insats,
        period,
        "deltagare_pagaende",
        "utan_kon",
        "",
    )
    assert [stored.f1, stored.f2, stored.f3, stored.f4, stored.f5, stored.f6, stored.f7] == [
        5, 6, 4, 1, 1, None, None,
    ]  # fmt: skip
    assert stored.source == "paper"
    assert stored.recorded_on == timezone.localdate()
    html = page.content.decode()
    assert "Registrerade svar: 1 av 10 tillfrågade (10\u00a0%)" in html
    assert 'value="5"' not in html  # the next form is blank


def test_second_form_gets_the_next_number(registrar_client, insats, period):
    ResponseFactory(insats=insats, period=period, f1=3)

    page = post_form(registrar_client, entry_url(insats, period), f1="2")

    assert messages_of(page) == ["Enkät nr 2 sparad."]


def test_mistyped_value_is_refused_with_the_field_named(registrar_client, insats, period):
    page = post_form(registrar_client, entry_url(insats, period), f1="5", f3="8")

    assert page.status_code == 200
    assert Response.objects.count() == 0
    html = page.content.decode()
    assert "F3: ogiltigt svar ”8”. Tillåtna svar: 1–6 eller tomt." in html
    assert "Enkäten är inte sparad: rätta de markerade svaren." in html
    assert 'value="5"' in html  # what was typed is kept


def test_blank_form_needs_a_second_enter(registrar_client, insats, period):
    page = post_form(registrar_client, entry_url(insats, period, variant="med_kon"), kon="k")

    assert page.status_code == 200
    assert Response.objects.count() == 0
    html = page.content.decode()
    assert (
        "Enkäten är blank. Tryck Enter igen för att spara den som blank enkät "
        "(räknas inte som svar), eller skriv in svaren." in html
    )
    assert '<input type="hidden" name="blank_ok" value="1">' in html


def test_blank_form_is_stored_but_not_counted(registrar_client, insats, period):
    DistributionFactory(insats=insats, period=period, group="deltagare_pagaende", asked=10)

    page = post_form(registrar_client, entry_url(insats, period), blank_ok="1")

    assert messages_of(page) == [
        "Enkät nr 1 sparad.",
        "Blank enkät sparad (räknas inte som svar).",
    ]
    assert Response.objects.count() == 1
    html = page.content.decode()
    assert "Registrerade svar: 0 av 10 tillfrågade (0\u00a0%)" in html
    assert "Blanka enkäter: 1 (räknas inte som svar)" in html


def test_gender_is_stored_only_in_med_kon(registrar_client, insats, period):
    post_form(registrar_client, entry_url(insats, period, variant="med_kon"), kon="k", f1="3")
    refused = post_form(
        registrar_client, entry_url(insats, period, variant="utan_kon"), kon="k", f1="3"
    )

    assert list(Response.objects.order_by("pk").values_list("variant", "kon")) == [
        ("med_kon", "kvinna"),
    ]
    assert (
        "Varianten utan kön har ingen fråga om kön, men formuläret skickade svaret ”k”. "
        "Enkäten är inte sparad." in refused.content.decode()
    )


def test_med_kon_page_does_not_exist_for_a_group_without_gender_item(
    registrar_client, insats, period
):
    page = registrar_client.get(entry_url(insats, period, group="personal", variant="med_kon"))

    assert page.status_code == 404


def test_f9_f10_are_kept_when_f8_is_nej_and_left_out_of_figures(registrar_client, insats, period):
    url = entry_url(insats, period, group="deltagare_avslut")

    page = post_form(registrar_client, url, f1="4", f8="n", f9="3", f10="4")

    assert messages_of(page) == [
        "Enkät nr 1 sparad.",
        "Fråga 8 är besvarad med Nej: svaren på fråga 9–10 sparas men räknas inte.",
    ]
    stored = Response.objects.get()
    assert (stored.f8, stored.f9, stored.f10) == (2, 3, 4)
    # With K = 1 F8 is shown, so F9's number of answers is too: the Nej form's F9 is not counted.
    figures = compute_results(period=period, insats=insats, min_cell=1)["groups"]
    assert figures["deltagare_avslut"]["questions"]["F9"]["answered"] == 0
    assert figures["deltagare_avslut"]["questions"]["F8"]["answered"] == 1


def test_same_form_posted_twice_is_stored_once(registrar_client, insats, period):
    token = uuid.uuid4()
    url = entry_url(insats, period)

    post_form(registrar_client, url, token=token, f1="2")
    again = post_form(registrar_client, url, token=token, f1="2")

    assert Response.objects.count() == 1
    assert RegistrationToken.objects.filter(token=token).count() == 1
    assert messages_of(again) == ["Enkäten var redan sparad."]


def test_form_without_token_is_not_stored(registrar_client, insats, period):
    page = registrar_client.post(entry_url(insats, period), {"f1": "2"})

    assert page.status_code == 200
    assert Response.objects.count() == 0
    assert "Formuläret saknar sin engångsnyckel." in page.content.decode()


def test_refused_form_does_not_use_up_its_token(registrar_client, insats, period):
    token = uuid.uuid4()
    url = entry_url(insats, period)

    post_form(registrar_client, url, token=token, f1="9")
    page = post_form(registrar_client, url, token=token, f1="2")

    assert messages_of(page) == ["Enkät nr 1 sparad."]
    assert Response.objects.count() == 1


def test_count_without_distribution_says_so_and_links_to_it(registrar_client, insats, period):
    ResponseFactory(insats=insats, period=period, f1=3)

    page = registrar_client.get(entry_url(insats, period))

    html = page.content.decode()
    assert "Registrerade svar: 1. Ingen utdelning är registrerad för gruppen." in html
    assert reverse("fieldwork:distribution_list") in html


def test_stored_forms_are_listed_with_their_keys(registrar_client, insats, period):
    ResponseFactory(insats=insats, period=period, f1=5, f4=2)
    ResponseFactory(insats=insats, period=period, group="personal", f1=1)

    page = registrar_client.get(entry_url(insats, period))

    table = page.context["table"]
    assert [(row["number"], row["answers"]) for row in table] == [
        (1, ["5", "", "", "n", "", "", ""]),
    ]


def test_entry_page_404_for_a_group_the_insats_does_not_ask(registrar_client, insats, period):
    insats.groups = ["personal"]
    insats.save()

    page = registrar_client.get(entry_url(insats, period))

    assert page.status_code == 404


def test_entry_page_404_for_a_group_missing_in_the_version(registrar_client, insats, period):
    insats.groups = ["forbundschef"]
    insats.save()

    page = registrar_client.get(entry_url(insats, period, group="forbundschef"))

    assert page.status_code == 404


def test_nns_admin_may_register_for_any_forbund(client, nns_admin, insats, period):
    client.force_login(nns_admin)

    page = post_form(client, entry_url(insats, period), f1="1")

    assert messages_of(page) == ["Enkät nr 1 sparad."]


# Edit and delete ------------------------------------------------------------------------------


@pytest.fixture
def stored(insats, period):
    return ResponseFactory(
        insats=insats, period=period, group="deltagare_avslut", variant="med_kon", kon="man",
        f1=3, f8=1, f9=5,
    )  # fmt: skip


def edit_url(response):
    return reverse("responses:response_edit", args=(response.pk,))


def delete_url(response):
    return reverse("responses:response_delete", args=(response.pk,))


def loaded_fingerprint(client, url) -> str:
    """The fingerprint the edit or delete page carries, as a browser would post it back."""
    return client.get(url).context["form"]["fingerprint"].value()


def test_edit_page_shows_the_stored_keys(registrar_client, stored):
    page = registrar_client.get(edit_url(stored))

    assert page.status_code == 200
    form = page.context["form"]
    assert (form["kon"].value(), form["f1"].value(), form["f8"].value()) == ("m", "3", "j")
    assert form["fingerprint"].value() == answers_fingerprint(stored)
    html = page.content.decode()
    assert "Enkäten har inte ändrats sedan den registrerades." in html
    assert "Varför ändras enkäten? (krävs)" in html


def test_edit_records_before_and_after_codes_only_and_the_reason(
    registrar_client, registrar, stored, insats
):
    url = edit_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)

    page = registrar_client.post(
        url,
        {"kon": "k", "f1": "4", "f8": "j", "f9": "5", "reason": "Fel kön inskrivet",
         "fingerprint": fingerprint},
        follow=True,
    )  # fmt: skip

    assert messages_of(page) == ["Enkät nr 1 ändrad."]
    stored.refresh_from_db()
    assert (stored.kon, stored.f1) == ("kvinna", 4)
    event = AuditEvent.objects.get()
    empty = {f"F{n}": "" for n in range(1, 11)}
    assert event.action == "response.update"
    assert (event.actor, event.forbund, event.object_id) == (
        registrar,
        insats.forbund,
        str(stored.pk),
    )
    assert event.before == {
        **empty, "variant": "med_kon", "kon": "man", "F1": "3", "F8": "ja", "F9": "5",
    }  # fmt: skip
    assert event.after == {
        **empty, "variant": "med_kon", "kon": "kvinna", "F1": "4", "F8": "ja", "F9": "5",
    }  # fmt: skip
    assert event.reason == "Fel kön inskrivet"


def test_edit_page_shows_the_history(registrar_client, stored):
    url = edit_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)
    registrar_client.post(
        url,
        {"kon": "m", "f1": "6", "f8": "j", "f9": "5", "reason": "Felläst",
         "fingerprint": fingerprint},
    )  # fmt: skip

    page = registrar_client.get(url)

    html = page.content.decode()
    assert "<li>F1: 3 → 6</li>" in html
    assert "rut_registrerare" in html
    assert "<td>Felläst</td>" in html


def test_edit_without_changes_says_so_and_records_nothing(registrar_client, stored):
    url = edit_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)

    page = registrar_client.post(
        url,
        {"kon": "m", "f1": "3", "f8": "j", "f9": "5", "reason": "Kontroll",
         "fingerprint": fingerprint},
        follow=True,
    )  # fmt: skip

    assert messages_of(page) == ["Enkät nr 1: inga svar ändrades."]
    assert AuditEvent.objects.count() == 0


def test_edit_refuses_a_mistyped_value(registrar_client, stored):
    url = edit_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)

    page = registrar_client.post(
        url, {"kon": "m", "f1": "7", "reason": "Felläst", "fingerprint": fingerprint}
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "F1: ogiltigt svar ”7”. Tillåtna svar: 1–6 eller tomt." in html
    assert "Enkäten är inte sparad: rätta de markerade svaren." in html
    stored.refresh_from_db()
    assert stored.f1 == 3
    assert AuditEvent.objects.count() == 0


def test_edit_needs_a_reason(registrar_client, stored):
    url = edit_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)

    page = registrar_client.post(
        url, {"kon": "m", "f1": "6", "f8": "j", "reason": "  ", "fingerprint": fingerprint}
    )

    assert page.status_code == 200
    assert page.context["form"].errors == {
        "reason": ["Skriv varför enkäten ändras. Anledningen sparas i loggen."]
    }
    assert "Enkäten är inte sparad: rätta de markerade svaren." not in page.content.decode()
    stored.refresh_from_db()
    assert stored.f1 == 3
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    "reason, message",
    [
        ("Gäller 19850101-1234",
         "Texten ser ut att innehålla ett personnummer. Personnummer får inte sparas i Mätpunkt: "
         "ta bort det och försök igen."),
        ("Ring 070-123 45 67",
         "Texten ser ut att innehålla ett telefonnummer. Ta bort det och skicka igen: svaren ska "
         "vara anonyma."),
        ("Fråga anna@example.org",
         "Texten ser ut att innehålla en e-postadress. Ta bort den och skicka igen: svaren ska "
         "vara anonyma."),
    ],
)  # fmt: skip
def test_edit_reason_refuses_personal_data(registrar_client, stored, reason, message):
    url = edit_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)

    page = registrar_client.post(
        url, {"kon": "m", "f1": "6", "reason": reason, "fingerprint": fingerprint}
    )

    assert page.context["form"].errors == {"reason": [message]}
    stored.refresh_from_db()
    assert stored.f1 == 3


def test_edit_without_fingerprint_is_refused(registrar_client, stored):
    page = registrar_client.post(edit_url(stored), {"kon": "m", "f1": "6", "reason": "Felläst"})

    assert page.context["form"].errors == {
        "fingerprint": [
            "Formuläret saknar uppgift om vilka svar det visade. Ladda om sidan och försök igen."
        ]
    }
    stored.refresh_from_db()
    assert stored.f1 == 3


CHANGED = (
    "Svaret har ändrats av någon annan sedan du öppnade det. Dina ändringar är inte sparade. "
    "Svaren nedan är de som är sparade nu: kontrollera dem och gör om ändringen om den "
    "fortfarande behövs."
)


def test_second_editor_is_told_and_shown_the_current_answers(
    client, registrar_client, registrar, forbund, stored
):
    second = UserFactory(username="sara_registrerare")
    Membership.objects.create(user=second, role=Role.REGISTRAR, forbund=forbund)
    other = Client()
    other.force_login(second)
    url = edit_url(stored)
    first_loaded = loaded_fingerprint(registrar_client, url)
    second_loaded = loaded_fingerprint(other, url)
    registrar_client.post(
        url,
        {"kon": "m", "f1": "6", "f8": "j", "f9": "5", "reason": "Felläst F1",
         "fingerprint": first_loaded},
    )  # fmt: skip

    page = other.post(
        url,
        {"kon": "k", "f1": "3", "f8": "j", "f9": "5", "reason": "Fel kön",
         "fingerprint": second_loaded},
    )  # fmt: skip

    assert page.status_code == 200
    stored.refresh_from_db()
    assert (stored.kon, stored.f1) == ("man", 6)
    assert list(AuditEvent.objects.values_list("actor__username", "reason")) == [
        ("rut_registrerare", "Felläst F1")
    ]
    html = page.content.decode()
    assert CHANGED in html
    assert "<li>Kön: du skrev k, sparat nu m</li>" in html
    assert "<li>F1: du skrev 3, sparat nu 6</li>" in html
    form = page.context["form"]
    assert (form["kon"].value(), form["f1"].value(), form["reason"].value()) == (
        "m",
        "6",
        "Fel kön",
    )
    assert form["fingerprint"].value() == answers_fingerprint(stored)

    again = other.post(
        url,
        {"kon": "k", "f1": "6", "f8": "j", "f9": "5", "reason": "Fel kön",
         "fingerprint": form["fingerprint"].value()},
        follow=True,
    )  # fmt: skip

    assert messages_of(again) == ["Enkät nr 1 ändrad."]
    stored.refresh_from_db()
    assert (stored.kon, stored.f1) == ("kvinna", 6)


def test_edit_of_a_form_deleted_meanwhile_says_so(registrar_client, registrar, stored):
    url = edit_url(stored)
    page_before = registrar_client.get(url)
    response_delete(actor=registrar, response=stored, reason="Dubblett")

    page = registrar_client.post(
        url,
        {"kon": "m", "f1": "6", "reason": "Felläst",
         "fingerprint": page_before.context["form"]["fingerprint"].value()},
    )  # fmt: skip

    assert page.status_code == 404


LOCKED = "Förbundets data för mätperiod 2021 är inlämnade och låsta. anna_admin lämnade in dem den "
REOPEN = "Förbundets administratör eller NNS kan öppna dem igen."


@pytest.fixture
def submit_later(stored, forbund, forbund_admin, insats, period):
    """Submits the period when called: after the page with the form was loaded."""
    DistributionFactory(insats=insats, period=period, group="deltagare_avslut", asked=3)
    return lambda: submission_submit(actor=forbund_admin, forbund=forbund, period=period)


def test_edit_in_a_submitted_period_shows_the_refusal_not_an_error_page(
    registrar_client, stored, submit_later
):
    url = edit_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)
    submit_later()

    page = registrar_client.post(
        url,
        {"kon": "m", "f1": "6", "f8": "j", "f9": "5", "reason": "Felläst",
         "fingerprint": fingerprint},
        follow=True,
    )  # fmt: skip

    assert page.redirect_chain == [(entry_url_of(stored), 302)]
    html = page.content.decode()
    assert LOCKED in html and REOPEN in html
    assert 'id="lock-banner"' in html
    assert "rätta de markerade svaren" not in html
    stored.refresh_from_db()
    assert stored.f1 == 3
    assert AuditEvent.objects.filter(action="response.update").count() == 0


def test_delete_in_a_submitted_period_shows_the_refusal_not_an_error_page(
    registrar_client, stored, submit_later
):
    url = delete_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)
    submit_later()

    page = registrar_client.post(
        url, {"reason": "Dubblett", "fingerprint": fingerprint}, follow=True
    )

    assert page.redirect_chain == [(entry_url_of(stored), 302)]
    assert LOCKED in page.content.decode()
    assert Response.objects.filter(pk=stored.pk).exists()


def entry_url_of(response) -> str:
    return reverse(
        "responses:registration_entry",
        args=[response.insats.pk, response.period.label, response.group, response.variant],
    )


def test_delete_records_the_answers_and_the_reason(registrar_client, registrar, stored):
    url = delete_url(stored)

    confirm = registrar_client.get(url)
    page = registrar_client.post(
        url,
        {"reason": "Inskriven två gånger",
         "fingerprint": confirm.context["form"]["fingerprint"].value()},
        follow=True,
    )  # fmt: skip

    html = confirm.content.decode()
    assert "Ta bort enkät nr 1?" in html
    assert "Varför tas enkäten bort? (krävs)" in html
    assert messages_of(page) == ["Enkät nr 1 borttagen."]
    assert not Response.objects.filter(pk=stored.pk).exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.reason) == (
        "response.delete",
        registrar,
        "Inskriven två gånger",
    )
    assert event.before["F9"] == "5"
    assert event.after is None


def test_delete_needs_a_reason(registrar_client, stored):
    url = delete_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)

    page = registrar_client.post(url, {"reason": "", "fingerprint": fingerprint})

    assert page.status_code == 200
    assert page.context["form"].errors == {
        "reason": ["Skriv varför enkäten tas bort. Anledningen sparas i loggen."]
    }
    assert Response.objects.filter(pk=stored.pk).exists()


def test_delete_refuses_a_personnummer_in_the_reason(registrar_client, stored):
    url = delete_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)

    page = registrar_client.post(
        url, {"reason": "Gäller 19850101-1234", "fingerprint": fingerprint}
    )

    assert page.status_code == 200
    assert "Texten ser ut att innehålla ett personnummer." in page.content.decode()
    assert Response.objects.filter(pk=stored.pk).exists()


def test_delete_of_a_form_changed_since_it_was_shown_is_refused(
    registrar_client, registrar, stored
):
    url = delete_url(stored)
    fingerprint = loaded_fingerprint(registrar_client, url)
    response_update(
        actor=registrar, response=stored, variant="med_kon", kon="man",
        answers={1: 6, 8: 1, 9: 5}, reason="Felläst F1",
    )  # fmt: skip

    page = registrar_client.post(url, {"reason": "Dubblett", "fingerprint": fingerprint})

    assert page.status_code == 200
    assert Response.objects.filter(pk=stored.pk).exists()
    html = page.content.decode()
    assert CHANGED in html
    assert '<tr><th scope="row">F1</th><td>6</td></tr>' in html
    stored.refresh_from_db()
    assert page.context["form"]["fingerprint"].value() == answers_fingerprint(stored)
    assert page.context["form"]["reason"].value() == "Dubblett"


# Start page ------------------------------------------------------------------------------------


def test_start_page_offers_only_own_insatser(registrar_client, insats, other_insats, period):
    page = registrar_client.get(reverse("responses:registration_start"))

    html = page.content.decode()
    assert page.status_code == 200
    assert insats.name in html
    assert other_insats.name not in html
    assert "<optgroup" not in html


def test_start_page_groups_insatser_by_forbund_for_nns_admin(
    client, nns_admin, insats, other_insats, period
):
    client.force_login(nns_admin)

    page = client.get(reverse("responses:registration_start"))

    html = page.content.decode()
    assert '<optgroup label="Södra Dalarna">' in html
    assert '<optgroup label="Östra Södertörn">' in html


def test_start_page_defaults_to_the_newest_period(registrar_client, insats, period, period_2017):
    page = registrar_client.get(reverse("responses:registration_start"))

    assert page.context["selected_period"] == period


def test_start_page_opens_the_entry_page(registrar_client, insats, period):
    page = registrar_client.get(
        reverse("responses:registration_start"),
        {"period": "2021", "insats": insats.pk, "grupp": "deltagare_avslut", "variant": "med_kon"},
    )

    assert page.status_code == 302
    assert page.url == entry_url(insats, period, "deltagare_avslut", "med_kon")


def test_start_page_uses_utan_kon_for_groups_without_gender_item(registrar_client, insats, period):
    page = registrar_client.get(
        reverse("responses:registration_start"),
        {"period": "2021", "insats": insats.pk, "grupp": "personal", "variant": "med_kon"},
    )

    assert page.url == entry_url(insats, period, "personal", "utan_kon")


def test_start_page_asks_for_the_variant_of_participant_groups(registrar_client, insats, period):
    page = registrar_client.get(
        reverse("responses:registration_start"),
        {"period": "2021", "insats": insats.pk, "grupp": "deltagare_pagaende"},
    )

    assert page.status_code == 200
    assert page.context["form"].errors == {
        "variant": [
            "Välj variant för gruppen Deltagare, pågående insats: med eller utan variabeln kön."
        ]
    }


def test_start_page_refuses_a_group_the_insats_does_not_ask(registrar_client, insats, period):
    insats.groups = ["personal"]
    insats.save()

    page = registrar_client.get(
        reverse("responses:registration_start"),
        {"period": "2021", "insats": insats.pk, "grupp": "styrelse"},
    )

    assert page.context["form"].errors == {
        "grupp": ["Insatsen Steget vidare tillfrågar inte gruppen Styrelse."]
    }
    assert [code for code, _label, _gender in page.context["groups"]] == ["personal"]


def test_start_page_refuses_a_group_missing_in_the_periods_version(
    registrar_client, insats, period
):
    insats.groups = ["forbundschef", "personal"]
    insats.save()

    page = registrar_client.get(
        reverse("responses:registration_start"),
        {"period": "2021", "insats": insats.pk, "grupp": "forbundschef"},
    )

    assert page.context["form"].errors == {
        "grupp": ["Mätperiod 2021 har ingen enkät för gruppen Förbundschef."]
    }


def test_start_page_refuses_another_forbunds_insats(registrar_client, other_insats, period):
    page = registrar_client.get(
        reverse("responses:registration_start"),
        {"period": "2021", "insats": other_insats.pk, "grupp": "personal"},
    )

    assert page.status_code == 200
    assert "insats" in page.context["form"].errors


# Access ----------------------------------------------------------------------------------------


def _pages(insats, period, response):
    return [
        ("get", reverse("responses:registration_start")),
        ("get", entry_url(insats, period)),
        ("post", entry_url(insats, period)),
        ("get", reverse("responses:response_edit", args=(response.pk,))),
        ("post", reverse("responses:response_edit", args=(response.pk,))),
        ("get", reverse("responses:response_delete", args=(response.pk,))),
        ("post", reverse("responses:response_delete", args=(response.pk,))),
    ]


def _valid_post(response):
    """Data every page would accept from a registrar: refusals below are about the user."""
    return {
        "token": str(uuid.uuid4()), "f1": "2", "kon": "m", "reason": "Felläst",
        "fingerprint": answers_fingerprint(response),
    }  # fmt: skip


def test_reader_gets_403_everywhere(client, reader, insats, period, stored):
    client.force_login(reader)

    statuses = [
        getattr(client, method)(url, _valid_post(stored)).status_code
        for method, url in _pages(insats, period, stored)
    ]

    assert statuses == [403] * 7
    assert Response.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_outsider_gets_404_for_another_forbunds_data(client, outsider, insats, period, stored):
    client.force_login(outsider)

    statuses = [
        getattr(client, method)(url, _valid_post(stored)).status_code
        for method, url in _pages(insats, period, stored)[1:]
    ]

    assert statuses == [404] * 6
    assert Response.objects.count() == 1
    stored.refresh_from_db()
    assert stored.f1 == 3
    assert AuditEvent.objects.count() == 0


def test_anonymous_is_sent_to_login(client, insats, period, stored):
    for method, url in _pages(insats, period, stored):
        page = getattr(client, method)(url)
        assert page.status_code == 302
        assert page.url == reverse("login") + "?next=" + url


def test_wrong_method_is_refused(registrar_client, insats, period):
    page = registrar_client.put(entry_url(insats, period))

    assert page.status_code == 405


def test_recorded_on_is_a_date_only(registrar_client, insats, period):
    post_form(registrar_client, entry_url(insats, period), f1="1")

    stored = Response.objects.get()
    assert type(stored.recorded_on) is datetime.date
