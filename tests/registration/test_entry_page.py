"""What the entry and edit pages say and where the cursor starts: the keys written on the page,
the first field focused, and the code field first when the place's forms carry codes."""

import re
import uuid

import pytest
from django.urls import reverse

from matpunkt.fieldwork.codes import CodeAction, codes_mark
from matpunkt.responses.models import RegistrationToken, Response
from tests.codes.helpers import issue
from tests.factories import DistributionFactory, ResponseFactory

KEYS = [
    "Tab eller ↓: hoppa över frågan (den lämnas obesvarad)",
    "Skift+Tab eller ↑: gå tillbaka till föregående fråga (Backsteg i ett tomt fält gör samma sak)",
    "Backsteg: töm fältet, till exempel ett ogiltigt svar",
]


def entry_url(insats, period, group="deltagare_pagaende", variant="utan_kon"):
    return reverse("responses:registration_entry", args=(insats.pk, period.label, group, variant))


@pytest.fixture
def registrar_client(client, registrar):
    client.force_login(registrar)
    return client


def key_help(html: str) -> list[str]:
    """The key list as text, one "keys: what they do" per entry."""
    block = html[html.index('id="keys-help"') : html.index("</dl>")]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block)
    return [re.sub(r"<[^>]+>", "", f"{keys}: {does}") for keys, does in pairs]


def autofocused(html: str) -> list[str]:
    return re.findall(r'<input[^>]*\bid="([^"]+)"[^>]*\bautofocus', html)


def test_the_keys_to_skip_and_go_back_are_written_on_the_entry_page(
    registrar_client, insats, period
):
    html = registrar_client.get(entry_url(insats, period)).content.decode()

    assert key_help(html) == [*KEYS, "Enter: spara enkäten och öppna nästa tomma"]
    assert "Enkäten sparas inte så länge något fält har ett ogiltigt svar." in html


def test_the_keys_are_written_on_the_edit_page_too(registrar_client, insats, period):
    stored = ResponseFactory(insats=insats, period=period, f1=2)

    html = registrar_client.get(reverse("responses:response_edit", args=(stored.pk,)))
    html = html.content.decode()

    assert key_help(html) == [*KEYS, "Enter: spara ändringarna"]


def test_the_first_question_has_focus_and_the_code_comes_last_without_codes(
    registrar_client, insats, period
):
    html = registrar_client.get(entry_url(insats, period)).content.decode()

    assert autofocused(html) == ["id_f1"]
    assert html.index('id="id_f7"') < html.index('id="id_code"')
    assert "data-code-first" not in html


def test_the_gender_item_has_focus_in_the_variant_with_it(registrar_client, insats, period):
    html = registrar_client.get(entry_url(insats, period, variant="med_kon")).content.decode()

    assert autofocused(html) == ["id_kon"]


def test_the_code_comes_first_with_focus_when_the_place_has_codes(
    registrar_client, registrar, insats, period
):
    issue(registrar, insats, period, count=2)

    html = registrar_client.get(entry_url(insats, period)).content.decode()

    assert autofocused(html) == ["id_code"]
    assert html.index('id="id_code"') < html.index('id="id_f1"')
    assert "Den här insatsens enkäter har koder: skriv först koden som står på enkäten." in html


def test_codes_of_the_other_variant_or_all_voided_do_not_put_the_code_first(
    registrar_client, registrar, insats, period
):
    issue(registrar, insats, period, variant="med_kon", count=1)
    voided = issue(registrar, insats, period, count=1)
    codes_mark(
        actor=registrar, distribution=voided[0].distribution, entry_ids=[voided[0].pk],
        action=CodeAction.VOID,
    )  # fmt: skip

    html = registrar_client.get(entry_url(insats, period)).content.decode()

    assert autofocused(html) == ["id_f1"]


def test_a_crafted_form_with_a_wrong_answer_is_refused_whole(registrar_client, insats, period):
    """The scenario of the issue: F4 is yes/no, "4" was typed there and F5–F7 after it."""
    token = uuid.uuid4()

    page = registrar_client.post(
        entry_url(insats, period),
        {"token": str(token), "f1": "5", "f2": "6", "f3": "4", "f4": "4", "f5": "5", "f6": "6",
         "f7": "1"},
    )  # fmt: skip

    assert page.status_code == 200
    assert Response.objects.count() == 0
    assert not RegistrationToken.objects.exists()
    assert page.context["form"].errors == {
        "f4": ["F4: ogiltigt svar ”4”. Tillåtna svar: j, n eller tomt."]
    }
    html = page.content.decode()
    assert autofocused(html) == ["id_f4"]
    assert 'value="4"' in html
    assert "Enkäten är inte sparad: rätta de markerade svaren." in html


def test_the_page_script_gets_each_fields_name_for_its_refusal(registrar_client, insats, period):
    html = registrar_client.get(entry_url(insats, period)).content.decode()

    assert 'data-code="F4" data-keys="j n"' in html
    assert (
        'data-template="Enkäten är inte sparad: ogiltigt svar i {fields}. Rätta svaret eller töm '
        'fältet med Backsteg."' in html
    )


def test_a_locked_period_is_shown_as_a_refusal_not_as_wrong_answers(
    registrar_client, forbund, forbund_admin, insats, period
):
    from matpunkt.results.submission import submission_submit

    DistributionFactory(insats=insats, period=period, asked=3)
    ResponseFactory(insats=insats, period=period, f1=2)
    submission_submit(actor=forbund_admin, forbund=forbund, period=period)

    page = registrar_client.post(entry_url(insats, period), {"token": str(uuid.uuid4()), "f1": "5"})

    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Förbundets data för mätperiod 2021 är inlämnade och låsta. Be NNS eller förbundets "
        "administratör att öppna dem igen." in html
    )
    assert "rätta de markerade svaren" not in html
    assert Response.objects.count() == 1
