"""A registrar types a paper form with the keyboard only, in a real browser."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from matpunkt.organisations.models import Membership, Role
from tests.factories import (
    DistributionFactory,
    ForbundFactory,
    InsatsFactory,
    PeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(instrument):
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    period = PeriodFactory(label="2021")
    DistributionFactory(insats=insats, period=period, group="deltagare_pagaende", asked=10)
    user = UserFactory(username="rut_registrerare")
    Membership.objects.create(user=user, role=Role.REGISTRAR, forbund=forbund)
    return forbund, insats, period


def log_in(page, username="rut_registrerare"):
    from playwright.sync_api import expect

    page.goto(reverse("login"))
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type("lösenord-för-test")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("home"))


def participation_row(page, forbund, period, insats):
    """The results page's row for the insats in its table of asked and responses per insats."""
    page.goto(reverse("results:forbund_period", args=(forbund.pk, period.label)))
    table = page.locator("section[aria-labelledby='participation-heading'] table")
    return table.locator("tbody tr").filter(has_text=insats.name).locator("td")


def test_registrar_types_a_paper_form_with_the_keyboard_only(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    forbund, insats, period = setting
    log_in(page)
    # Columns: group, asked, unreachable, responses, non-response, response rate.
    before = participation_row(page, forbund, period, insats)
    expect(before.nth(1)).to_have_text("10")
    expect(before.nth(3)).to_have_text("0")
    page.goto(
        reverse(
            "responses:registration_entry",
            args=(insats.pk, period.label, "deltagare_pagaende", "utan_kon"),
        )
    )
    count = page.locator("#running-count")
    expect(count).to_have_text("Registrerade svar: 0 av 10 tillfrågade (0 %)")
    expect(page.locator("#id_f1")).to_be_focused()

    page.keyboard.type("56")
    expect(page.locator("#id_f3")).to_be_focused()
    expect(page.locator("#echo-f2")).to_have_text("Alltid")

    page.keyboard.type("8")
    expect(page.locator("#error-f3")).to_have_text(
        "F3: ogiltigt svar ”8”. Tillåtna svar: 1–6 eller tomt."
    )
    expect(page.locator("#id_f3")).to_be_focused()
    expect(page.locator("#id_f3")).to_have_value("8")  # the wrong key stays visible, selected
    expect(page.locator("#id_f3")).to_have_attribute("aria-invalid", "true")

    page.keyboard.type("4")
    expect(page.locator("#error-f3")).to_have_text("")
    page.keyboard.type("x")
    expect(page.locator("#error-f4")).to_have_text(
        "F4: ogiltigt svar ”x”. Tillåtna svar: j, n eller tomt."
    )
    page.keyboard.type("j5")
    page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text("Enkät nr 1 sparad.")
    expect(count).to_have_text("Registrerade svar: 1 av 10 tillfrågade (10 %)")
    expect(page.locator("#id_f1")).to_be_focused()
    expect(page.locator("#id_f1")).to_have_value("")
    rows = page.locator("table.stored-forms tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td.num")).to_have_text(["5", "6", "4", "j", "5", "–", "–"])

    after = participation_row(page, forbund, period, insats)
    expect(after.nth(3)).to_have_text("1")
    expect(after.nth(4)).to_have_text("9")
    expect(after.nth(5)).to_have_text(re.compile(r"^10\s?%$"))
