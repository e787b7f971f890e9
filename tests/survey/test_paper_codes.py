"""Entering a paper form by its code on the registration page: the code is used once, whichever
way the form comes back."""

import uuid

import pytest
from django.urls import reverse

from matpunkt.fieldwork.codes import codes_mark
from matpunkt.fieldwork.models import DistributionEntry
from matpunkt.responses.models import Response
from tests.codes.helpers import issue


def entry_url(insats, period, group="deltagare_pagaende", variant="utan_kon"):
    return reverse("responses:registration_entry", args=(insats.pk, period.label, group, variant))


@pytest.fixture
def registrar_client(client, registrar):
    client.force_login(registrar)
    return client


def post_form(client, url, **data):
    return client.post(url, {"token": str(uuid.uuid4()), **data})


def code_errors(page) -> list[str]:
    return page.context["form"].errors.get("code", [])


def test_the_entry_page_has_an_optional_code_field(registrar_client, insats, period):
    html = registrar_client.get(entry_url(insats, period)).content.decode()

    assert '<label for="id_code">Kod (om enkäten har en)</label>' in html
    assert 'name="code"' in html


def test_a_form_with_its_code_marks_the_code_used(registrar_client, registrar, insats, period):
    code = issue(registrar, insats, period, count=2)[0].code

    page = post_form(registrar_client, entry_url(insats, period), f1="5", code=code.lower())

    assert page.status_code == 302
    assert Response.objects.get().source == "paper"
    assert DistributionEntry.objects.get(code=code).used is True
    followed = registrar_client.get(page["Location"])
    messages = [str(m) for m in followed.context["messages"]]
    assert f"Koden {code} är markerad som använd." in messages


def test_a_form_without_a_code_is_stored_as_before(registrar_client, insats, period):
    post_form(registrar_client, entry_url(insats, period), f1="5")

    assert Response.objects.count() == 1


def test_the_web_questionnaire_of_a_code_entered_on_paper_is_refused(
    registrar_client, client, registrar, insats, period
):
    code = issue(registrar, insats, period, count=1)[0].code
    post_form(registrar_client, entry_url(insats, period), f1="5", code=code)

    from django.test import Client

    web = Client().post(f"/e/{code}", {"f1": "1"})

    assert web["Location"] == f"/e/{code}"
    assert Response.objects.count() == 1


def test_a_code_used_on_the_web_is_refused_on_paper(registrar_client, registrar, insats, period):
    from django.test import Client

    code = issue(registrar, insats, period, count=1)[0].code
    Client().post(f"/e/{code}", {"f1": "1"})

    page = post_form(registrar_client, entry_url(insats, period), f1="5", code=code)

    assert page.status_code == 200
    assert code_errors(page) == [
        f"Koden {code} är redan använd: enkäten är redan inskickad eller registrerad och "
        "räknas inte två gånger."
    ]
    assert Response.objects.count() == 1
    assert 'aria-invalid="true" autofocus' in page.content.decode()


def test_a_voided_code_is_refused(registrar_client, registrar, insats, period):
    entry = issue(registrar, insats, period, count=1)[0]
    codes_mark(
        actor=registrar, distribution=entry.distribution, entry_ids=[entry.pk], action="makulera"
    )

    page = post_form(registrar_client, entry_url(insats, period), f1="5", code=entry.code)

    assert code_errors(page) == [f"Koden {entry.code} är makulerad och kan inte användas."]
    assert Response.objects.count() == 0


def test_an_unknown_code_is_refused(registrar_client, insats, period):
    page = post_form(registrar_client, entry_url(insats, period), f1="5", code="ZZZZ2222")

    assert code_errors(page) == ["Det finns ingen kod ZZZZ2222. Kontrollera koden på enkäten."]
    assert Response.objects.count() == 0


def test_a_mistyped_code_is_refused(registrar_client, insats, period):
    page = post_form(registrar_client, entry_url(insats, period), f1="5", code="ABC1")

    assert code_errors(page) == [
        "Kod: ”ABC1” är ingen kod. En kod är 8 tecken: siffrorna 2–9 och bokstäverna A–Z utom "
        "I och O."
    ]


def test_a_code_of_another_group_is_refused(registrar_client, registrar, insats, period):
    code = issue(registrar, insats, period, group="personal", count=1)[0].code

    page = post_form(registrar_client, entry_url(insats, period), f1="5", code=code)

    assert code_errors(page) == [
        f"Koden {code} hör till Steget vidare, Personal, mätperiod 2021: inte till den här "
        "insatsen, gruppen och mätperioden."
    ]
    assert Response.objects.count() == 0
    assert DistributionEntry.objects.get(code=code).used is False


def test_a_code_of_the_other_variant_is_refused(registrar_client, registrar, insats, period):
    code = issue(registrar, insats, period, variant="med_kon", count=1)[0].code

    page = post_form(registrar_client, entry_url(insats, period), f1="5", code=code)

    assert code_errors(page) == [
        f"Koden {code} hör till varianten ”med variabeln kön”. Byt variant och skriv in "
        "enkäten där."
    ]


def test_another_forbunds_code_is_unknown(registrar_client, outsider, other_insats, insats, period):
    code = issue(outsider, other_insats, period, count=1)[0].code

    page = post_form(registrar_client, entry_url(insats, period), f1="5", code=code)

    assert code_errors(page) == [f"Det finns ingen kod {code}. Kontrollera koden på enkäten."]
    assert DistributionEntry.objects.get(code=code).used is False


def test_the_same_form_posted_twice_with_its_code_is_stored_once(
    registrar_client, registrar, insats, period
):
    code = issue(registrar, insats, period, count=1)[0].code
    data = {"token": str(uuid.uuid4()), "f1": "5", "code": code}

    registrar_client.post(entry_url(insats, period), data)
    again = registrar_client.post(entry_url(insats, period), data, follow=True)

    assert "Enkäten var redan sparad." in [str(m) for m in again.context["messages"]]
    assert Response.objects.count() == 1
