"""Playwright fixtures: Debian's Chromium, driven through the sync API against live_server.

Never run `playwright install`: the test uses the system's /usr/bin/chromium. Without it the
browser tests are skipped, unless MATPUNKT_REQUIRE_BROWSER=1 (as in CI), when they fail.
"""

import os
from pathlib import Path

import pytest

from tests.browser.respondents import PHONE

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are
# still synchronous, so its async-safety check must be relaxed for these tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: the browser tests need Debian's chromium package."
        if os.environ.get("MATPUNKT_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def instrument(transactional_db):
    """The shipped instrument in the live server's database (reloaded if a flush removed it)."""
    from matpunkt.instrument.loader import load_all
    from matpunkt.instrument.models import InstrumentVersion

    if InstrumentVersion.objects.filter(code__in=["2017", "2021"]).count() != 2:
        load_all()


@pytest.fixture
def browser_page(chromium, live_server, instrument):
    context = chromium.new_context(
        base_url=live_server.url, locale="sv-SE", viewport={"width": 1100, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(chromium, live_server, instrument):
    """Pages in fresh browser contexts: a viewport and whether JavaScript runs."""
    contexts = []

    def make(viewport=None, javascript=True):
        context = chromium.new_context(
            base_url=live_server.url,
            locale="sv-SE",
            viewport=viewport or PHONE,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def arabic_translation(instrument):
    """A right-to-left test translation of version 2021 (the avslut questionnaire, the answer
    options and every interface text, in Arabic), uploaded and approved through the services."""
    from tests.translations.arabic import approve_arabic

    return approve_arabic()
