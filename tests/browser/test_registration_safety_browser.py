"""A registrar cannot save a wrong form, and edits need a reason and cannot overwrite another
registrar's edit: the scenarios of issue 8, walked in a real browser (Debian's Chromium)."""

import pytest
from django.urls import reverse

from matpunkt.core.models import AuditEvent
from matpunkt.organisations.models import Membership, Role
from matpunkt.responses.models import Response
from tests.browser.test_registration_browser import log_in
from tests.codes.helpers import issue
from tests.factories import (
    DistributionFactory,
    ForbundFactory,
    InsatsFactory,
    PeriodFactory,
    ResponseFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

CHANGED = (
    "Svaret har ändrats av någon annan sedan du öppnade det. Dina ändringar är inte sparade. "
    "Svaren nedan är de som är sparade nu: kontrollera dem och gör om ändringen om den "
    "fortfarande behövs."
)


@pytest.fixture
def setting(instrument):
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    period = PeriodFactory(label="2021")
    DistributionFactory(insats=insats, period=period, group="deltagare_pagaende", asked=10)
    for username in ("rut_registrerare", "sara_registrerare"):
        user = UserFactory(username=username)
        Membership.objects.create(user=user, role=Role.REGISTRAR, forbund=forbund)
    return forbund, insats, period


def entry_url(insats, period, variant="utan_kon"):
    return reverse(
        "responses:registration_entry",
        args=(insats.pk, period.label, "deltagare_pagaende", variant),
    )


def test_a_wrong_key_blocks_saving_until_it_is_fixed(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    _forbund, insats, period = setting
    log_in(page)
    page.goto(entry_url(insats, period))
    expect(page.locator("#keys-help")).to_be_visible()
    expect(page.locator("#keys-help dt")).to_have_text(
        ["Tab eller ↓", "Skift+Tab eller ↑", "Backsteg", "Enter"]
    )
    expect(page.locator("#keys-help dd")).to_have_text(
        [
            "hoppa över frågan (den lämnas obesvarad)",
            "gå tillbaka till föregående fråga (Backsteg i ett tomt fält gör samma sak)",
            "töm fältet, till exempel ett ogiltigt svar",
            "spara enkäten och öppna nästa tomma",
        ]
    )
    expect(page.locator("#id_f1")).to_be_focused()

    # The issue's scenario: "4" typed in F4 (yes/no), then Enter.
    page.keyboard.type("5644")
    expect(page.locator("#error-f4")).to_have_text(
        "F4: ogiltigt svar ”4”. Tillåtna svar: j, n eller tomt."
    )
    expect(page.locator("#id_f4")).to_have_value("4")
    page.keyboard.press("Enter")

    blocked = page.locator("#blocked-message")
    expect(blocked).to_be_visible()
    expect(blocked).to_have_text(
        "Enkäten är inte sparad: ogiltigt svar i F4. Rätta svaret eller töm fältet med Backsteg."
    )
    expect(page.locator("#id_f4")).to_be_focused()
    assert Response.objects.count() == 0

    # Skipping past the wrong key does not help either: Enter still goes back to F4.
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_f5")).to_be_focused()
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    expect(page.locator("#id_f4")).to_be_focused()
    assert Response.objects.count() == 0

    # Backspace empties the field and the error goes; then the right key.
    page.keyboard.press("Backspace")
    expect(page.locator("#error-f4")).to_have_text("")
    expect(blocked).to_be_hidden()
    page.keyboard.type("j")
    expect(page.locator("#id_f5")).to_be_focused()
    page.keyboard.type("515")
    page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text("Enkät nr 1 sparad.")
    stored = Response.objects.get()
    assert [getattr(stored, f"f{n}") for n in range(1, 8)] == [5, 6, 4, 1, 5, 1, 5]


def test_the_keys_go_back_and_skip(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    _forbund, insats, period = setting
    log_in(page)
    page.goto(entry_url(insats, period))

    page.keyboard.type("56")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#id_f2")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_f4")).to_be_focused()
    page.keyboard.press("Backspace")
    expect(page.locator("#id_f3")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.type("n")
    page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text("Enkät nr 1 sparad.")
    stored = Response.objects.get()
    assert (stored.f1, stored.f2, stored.f3, stored.f4) == (5, 6, None, 2)


def test_without_javascript_the_server_refuses_a_wrong_key(new_page, setting):
    from playwright.sync_api import expect

    page = new_page(javascript=False)
    _forbund, insats, period = setting
    log_in(page)
    page.goto(entry_url(insats, period))
    expect(page.locator("#keys-help")).to_be_visible()
    expect(page.locator("#id_f1")).to_be_focused()
    for name, key in {"f1": "5", "f2": "6", "f3": "4", "f4": "4", "f5": "5"}.items():
        page.fill(f"#id_{name}", key)
    page.locator("#id_f5").press("Enter")

    expect(page.locator("#error-f4")).to_have_text(
        "F4: ogiltigt svar ”4”. Tillåtna svar: j, n eller tomt."
    )
    expect(page.locator("#form-errors")).to_have_text(
        "Enkäten är inte sparad: rätta de markerade svaren."
    )
    expect(page.locator("#id_f4")).to_be_focused()
    expect(page.locator("#id_f4")).to_have_value("4")
    expect(page.locator("#id_f5")).to_have_value("5")
    assert Response.objects.count() == 0


def test_the_server_refuses_a_crafted_post_that_skips_the_page_script(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    _forbund, insats, period = setting
    log_in(page)
    page.goto(entry_url(insats, period))
    # Set values behind the script's back and submit without the submit event.
    page.evaluate(
        """() => {
            document.getElementById("id_f1").value = "5";
            document.getElementById("id_f4").value = "4";
            const extra = document.createElement("input");
            extra.name = "f9";
            extra.value = "3";
            const form = document.getElementById("id_f1").form;
            form.appendChild(extra);
            form.submit();
        }"""
    )

    expect(page.locator("#error-f4")).to_have_text(
        "F4: ogiltigt svar ”4”. Tillåtna svar: j, n eller tomt."
    )
    expect(page.locator(".paper-section .error").first).to_contain_text(
        "Enkäten har ingen fråga F9, men formuläret skickade svaret ”3”. Enkäten är inte sparad."
    )
    assert Response.objects.count() == 0


def test_the_code_comes_first_when_the_forms_carry_codes(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    _forbund, insats, period = setting
    user = UserFactory._meta.model.objects.get(username="rut_registrerare")
    code = issue(user, insats, period, count=2)[0].code
    log_in(page)
    page.goto(entry_url(insats, period))

    expect(page.locator("#id_code")).to_be_focused()
    page.keyboard.type(code.lower())
    expect(page.locator("#id_f1")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#id_code")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_f1")).to_be_focused()
    page.keyboard.type("5")
    page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text(f"Koden {code} är markerad som använd.")
    expect(page.locator("#id_code")).to_be_focused()
    assert Response.objects.get().f1 == 5


def test_editing_and_deleting_need_a_reason(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    _forbund, insats, period = setting
    stored = ResponseFactory(insats=insats, period=period, f1=3, f2=5)
    log_in(page)
    page.goto(reverse("responses:response_edit", args=(stored.pk,)))
    expect(page.locator("#id_f1")).to_be_focused()
    expect(page.locator("#keys-help dd").last).to_have_text("spara ändringarna")

    page.keyboard.type("6")
    page.keyboard.press("Enter")
    expect(page.locator("#error-reason")).to_have_text(
        "Skriv varför enkäten ändras. Anledningen sparas i loggen."
    )
    stored.refresh_from_db()
    assert stored.f1 == 3

    page.fill("#id_reason", "Felläst, 3 var 6")
    page.get_by_role("button", name="Spara ändringar (Enter)").click()
    expect(page.locator(".messages")).to_contain_text("Enkät nr 1 ändrad.")
    stored.refresh_from_db()
    assert stored.f1 == 6

    page.goto(reverse("responses:response_delete", args=(stored.pk,)))
    page.get_by_role("button", name="Ta bort enkät nr 1").click()
    expect(page.locator("#error-reason")).to_have_text(
        "Skriv varför enkäten tas bort. Anledningen sparas i loggen."
    )
    assert Response.objects.filter(pk=stored.pk).exists()
    page.fill("#id_reason", "Inskriven två gånger")
    page.get_by_role("button", name="Ta bort enkät nr 1").click()

    expect(page.locator(".messages")).to_contain_text("Enkät nr 1 borttagen.")
    assert not Response.objects.filter(pk=stored.pk).exists()
    responses = AuditEvent.objects.filter(object_type="responses.response").order_by("id")
    assert list(responses.values_list("action", "reason")) == [
        ("response.update", "Felläst, 3 var 6"),
        ("response.delete", "Inskriven två gånger"),
    ]


def test_two_registrars_edit_the_same_form_and_nothing_is_lost(new_page, setting):
    from playwright.sync_api import expect

    _forbund, insats, period = setting
    stored = ResponseFactory(insats=insats, period=period, f1=3, f2=5)
    edit = reverse("responses:response_edit", args=(stored.pk,))
    rut = new_page(viewport={"width": 1100, "height": 900})
    sara = new_page(viewport={"width": 1100, "height": 900})
    log_in(rut)
    log_in(sara, "sara_registrerare")
    rut.goto(edit)
    sara.goto(edit)

    rut.fill("#id_f1", "6")
    rut.fill("#id_reason", "Felläst F1")
    rut.get_by_role("button", name="Spara ändringar (Enter)").click()
    expect(rut.locator(".messages")).to_contain_text("Enkät nr 1 ändrad.")

    sara.fill("#id_f2", "2")
    sara.fill("#id_reason", "Felläst F2")
    sara.get_by_role("button", name="Spara ändringar (Enter)").click()

    conflict = sara.locator("#conflict")
    expect(conflict).to_contain_text(CHANGED)
    expect(conflict.locator("li")).to_have_text(
        ["F1: du skrev 3, sparat nu 6", "F2: du skrev 2, sparat nu 5"]
    )
    expect(sara.locator("#id_f1")).to_have_value("6")  # the current answers, Rut's edit
    expect(sara.locator("#id_f2")).to_have_value("5")
    expect(sara.locator("#id_reason")).to_have_value("Felläst F2")
    stored.refresh_from_db()
    assert (stored.f1, stored.f2) == (6, 5)

    sara.fill("#id_f2", "2")
    sara.get_by_role("button", name="Spara ändringar (Enter)").click()
    expect(sara.locator(".messages")).to_contain_text("Enkät nr 1 ändrad.")
    stored.refresh_from_db()
    assert (stored.f1, stored.f2) == (6, 2)
    responses = AuditEvent.objects.filter(object_type="responses.response").order_by("id")
    assert list(responses.values_list("actor__username", "reason")) == [
        ("rut_registrerare", "Felläst F1"),
        ("sara_registrerare", "Felläst F2"),
    ]
