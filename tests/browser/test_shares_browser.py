"""Shares and contradicting counts as a reader sees them in a real browser: 23 of 40 is 58 %, and
6 responses for 5 asked are shown as that, never as 120 % or a non-response of −1."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from matpunkt.organisations.models import Membership, Role
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory
from tests.results.helpers import PAGAENDE, distribute, forms, store

pytestmark = pytest.mark.browser

CONFLICT = "6 svar men 5 tillfrågade, varav 0 ej nåbara"


@pytest.fixture
def setting(instrument):
    forbund = ForbundFactory(name="Södra Dalarna")
    steg = InsatsFactory(forbund=forbund, name="Steg för steg")
    vidare = InsatsFactory(forbund=forbund, name="Steget vidare")
    period = PeriodFactory(label="2023")
    distribute(steg, period, PAGAENDE, 5)
    distribute(vidare, period, PAGAENDE, 40)
    store(forms(steg, period, PAGAENDE, 6, f1=5), forms(vidare, period, PAGAENDE, 23, f1=5))
    user = UserFactory(username="lars_lasare")
    Membership.objects.create(user=user, role=Role.READER, forbund=forbund)
    return forbund, period


def log_in(page):
    page.goto(reverse("login"))
    page.fill("#id_username", "lars_lasare")
    page.fill("#id_password", "lösenord-för-test")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("home"))


def test_results_page_shows_58_percent_and_the_conflict_instead_of_120(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    forbund, period = setting
    log_in(page)
    page.goto(reverse("results:forbund_period", args=(forbund.pk, period.label)))

    participation = page.locator("section[aria-labelledby='participation-heading'] tbody tr")
    expect(participation.nth(0).locator("td")).to_have_text(
        ["Deltagare, pågående insats", "5", "0", "6", "–", CONFLICT]
    )
    expect(participation.nth(1).locator("td")).to_have_text(
        ["Deltagare, pågående insats", "40", "0", "23", "17", "58\u00a0%"]
    )
    # The group adds up (29 of 45), so it keeps its rate; the place is named under the warnings.
    rates = page.locator("#table-rates tbody tr").first
    expect(rates.locator("td")).to_have_text(["45", "16", "64\u00a0%", "29", "0", "0\u00a0%"])
    expect(
        page.get_by_text(f"Södra Dalarna – Steg för steg – Deltagare, pågående insats: {CONFLICT}")
    ).to_be_visible()
    body = page.locator("main").inner_text()
    assert "120" not in body
    assert "−1" not in body
