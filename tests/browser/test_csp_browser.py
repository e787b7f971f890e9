"""The Content-Security-Policy blocks nothing Mätpunkt itself needs: staff pages, one with its
script, and the web questionnaire from start to thanks run in Chromium without a single policy
violation or console error.

The results page is left out while the national figures of issue 9 are being finished (it
fails on main for want of a national release table in the browser tests' database)."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.browser.respondents import choose, codes_for, make_setting
from tests.factories import DistributionFactory

pytestmark = pytest.mark.browser

# Playwright's init scripts run outside the page's policy, so this listener sees every violation.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def watch(page) -> list[str]:
    """Console errors and warnings of the page, as they arrive."""
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(f"{message.type}: {message.text}")
            if message.type in {"error", "warning"}
            else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return messages


def violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_staff_pages_run_their_scripts_without_violations(browser_page, instrument):
    from playwright.sync_api import expect

    page = browser_page
    user, insats, period = make_setting()
    DistributionFactory(insats=insats, period=period, group="deltagare_pagaende", asked=10)
    console = watch(page)
    page.goto(reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "lösenord-för-test")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("home"))
    assert violations(page) == []

    page.goto(
        reverse(
            "responses:registration_entry",
            args=(insats.pk, period.label, "deltagare_pagaende", "utan_kon"),
        )
    )
    # registration.js moves the focus from answer to answer: the script ran.
    expect(page.locator("#id_f1")).to_be_focused()
    page.keyboard.type("5")
    expect(page.locator("#id_f2")).to_be_focused()
    assert violations(page) == []

    page.goto(reverse("fieldwork:codes_index"))
    expect(page.locator("h1")).to_be_visible()
    assert violations(page) == []
    page.goto("/finns-inte/")
    expect(page.locator("h1")).to_have_text("Sidan finns inte")

    assert violations(page) == []
    assert [m for m in console if "404" not in m] == []


def test_the_web_questionnaire_runs_without_violations(new_page, instrument):
    from playwright.sync_api import expect

    setting = make_setting()
    (code,) = codes_for(setting)
    page = new_page()
    console = watch(page)

    page.goto(f"/e/{code}")
    # survey.js shows the conditional questions once F8 is Ja: the script ran.
    expect(page.locator("#q9")).to_be_hidden()
    choose(page, 8, "Ja")
    expect(page.locator("#q9")).to_be_visible()
    choose(page, 1, "Alltid")
    assert violations(page) == []
    page.get_by_role("button", name="Skicka in svaren").click()
    page.wait_for_url(lambda url: urlsplit(url).path == f"/e/{code}/tack")

    assert violations(page) == []
    assert console == []
