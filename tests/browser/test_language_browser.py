"""Staff pages in a browser set to English: Swedish until the person chooses English in the
header, and English from then on, also after logging out and in from another browser."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from matpunkt.core.models import LanguagePreference
from matpunkt.organisations.models import Membership, Role
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_user(instrument):
    forbund = ForbundFactory(name="Södra Dalarna")
    InsatsFactory(forbund=forbund, name="Steget vidare")
    PeriodFactory(label="2021")
    user = UserFactory(username="anna_admin")
    Membership.objects.create(user=user, role=Role.FORBUND_ADMIN, forbund=forbund)
    return user


@pytest.fixture
def english_browser(chromium, live_server, instrument):
    """Fresh browser contexts whose language is American English (navigator.language and the
    Accept-Language header)."""
    contexts = []

    def make():
        context = chromium.new_context(
            base_url=live_server.url, locale="en-US", viewport={"width": 1100, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def log_in(page):
    page.goto(reverse("login"))
    page.fill("#id_username", "anna_admin")
    page.fill("#id_password", "lösenord-för-test")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("home"))


def test_staff_pages_are_swedish_in_an_english_browser_until_english_is_chosen(
    english_browser, admin_user
):
    from playwright.sync_api import expect

    page = english_browser()
    assert page.evaluate("navigator.language") == "en-US"
    page.goto(reverse("login"))
    expect(page.locator("h1")).to_have_text("Logga in")
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    log_in(page)
    expect(page.locator("h1")).to_have_text("Välkommen till Mätpunkt")
    nav = page.get_by_role("navigation", name="Huvudmeny")
    expect(nav.get_by_role("link", name="Insatser")).to_be_visible()
    expect(nav.get_by_role("link", name="Förbund")).to_be_visible()
    page.goto(reverse("organisations:insats_list"))
    expect(page.locator("h1")).to_have_text("Insatser")

    # The choice in the header, and the page it was made on comes back in English.
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt", exact=True).click()
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("organisations:insats_list"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Activities")
    nav = page.get_by_role("navigation", name="Main menu")
    expect(nav.get_by_role("link", name="Associations")).to_be_visible()
    assert LanguagePreference.objects.get(user=admin_user).language == "en"

    page.get_by_role("button", name="Log out").click()
    expect(page.locator("h1")).to_have_text("Log in")

    # Another browser, with no cookie of its own: the choice comes with the login.
    other = english_browser()
    other.goto(reverse("login"))
    expect(other.locator("h1")).to_have_text("Logga in")
    log_in(other)
    expect(other.locator("h1")).to_have_text("Welcome to Mätpunkt")
    expect(other.get_by_label("Language")).to_have_value("en")

    # And back to Swedish.
    other.get_by_label("Language").select_option("sv")
    other.get_by_role("button", name="Change", exact=True).click()
    expect(other.locator("h1")).to_have_text("Välkommen till Mätpunkt")
    assert LanguagePreference.objects.get(user=admin_user).language == "sv"
