"""An NNS administrator signs in for the first time with JavaScript off: password, then setting
up the authenticator app from the key on the page, the recovery codes once, and the next login
with a code from the app. Everything with the keyboard and labelled fields."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from matpunkt.organisations.models import Membership, Role
from tests.browser.respondents import DESKTOP
from tests.factories import PeriodFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def nns_user(instrument):
    PeriodFactory(label="2021")
    user = UserFactory(username="nina_nns")
    Membership.objects.create(user=user, role=Role.NNS_ADMIN)
    return user


def _code_for_key(key: str, steps_ahead: int = 0) -> str:
    import base64
    import time

    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(key.replace(" ", "")), 30, 0, 6, 0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def _password_step(page):
    page.goto(reverse("login"))
    page.get_by_label("Användarnamn").fill("nina_nns")
    page.get_by_label("Lösenord").fill("lösenord-för-test")
    page.keyboard.press("Enter")


def test_nns_admin_sets_up_the_app_and_signs_in_with_a_code_without_javascript(new_page, nns_user):
    from playwright.sync_api import expect

    page = new_page(DESKTOP, javascript=False)
    _password_step(page)
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("accounts:two_factor_setup"))
    expect(page.locator("h1")).to_have_text("Ställ in tvåstegsverifiering")
    expect(page.get_by_role("img", name="QR-kod för appen")).to_be_visible()

    # The app refuses nothing else first: the start page sends back here.
    page.goto(reverse("home"))
    expect(page.locator("h1")).to_have_text("Ställ in tvåstegsverifiering")

    key = page.locator("#totp-key").inner_text()
    code = page.get_by_label("Kod")
    code.fill("000000")
    code.press("Enter")
    expect(page.locator(".errorlist")).to_contain_text("Koden stämmer inte.")
    page.get_by_label("Kod").fill(_code_for_key(key))
    page.get_by_role("button", name="Bekräfta").click()

    expect(page.locator("h1")).to_have_text("Dina återställningskoder")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    expect(page.locator("h1")).to_have_text("Välkommen till Mätpunkt")

    page.get_by_role("button", name="Logga ut").click()
    _password_step(page)
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("accounts:verify"))
    expect(page.locator("h1")).to_have_text("Tvåstegsverifiering")
    field = page.get_by_label("Kod")
    expect(field).to_have_attribute("autocomplete", "one-time-code")
    # The first code was used at set-up; the app's next one is accepted within the tolerance.
    field.fill(_code_for_key(key, steps_ahead=1))
    field.press("Enter")
    expect(page.locator("h1")).to_have_text("Välkommen till Mätpunkt")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_contain_text("Administration")
