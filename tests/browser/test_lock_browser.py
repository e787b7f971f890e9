"""A förbund administrator submits a period in a real browser; afterwards every page where its
data are written shows the lock banner and no form, and says who submitted it and who can
reopen it."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from matpunkt.fieldwork.models import Submission
from matpunkt.organisations.models import Membership, Role
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

LOCKED = "Förbundets data för mätperiod 2021 är inlämnade och låsta. Anna Admin lämnade in dem den "
REOPEN = "Förbundets administratör eller NNS kan öppna dem igen."


@pytest.fixture
def setting(instrument):
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    period = PeriodFactory(label="2021")
    DistributionFactory(insats=insats, period=period, group="personal", asked=10)
    ResponseFactory(insats=insats, period=period, group="personal", f1=5)
    admin = UserFactory(username="anna_admin", first_name="Anna", last_name="Admin")
    Membership.objects.create(user=admin, role=Role.FORBUND_ADMIN, forbund=forbund)
    issue(admin, insats, period, count=2)
    return forbund, insats, period


def pages(insats, period):
    return {
        "registrering": reverse(
            "responses:registration_entry", args=(insats.pk, period.label, "personal", "utan_kon")
        ),
        "utdelning": f"{reverse('fieldwork:distribution_list')}?period={period.pk}",
        "utdelningslista": reverse(
            "fieldwork:distribution_entries", args=(period.pk, insats.pk, "deltagare_pagaende")
        ),
        "koder": reverse(
            "fieldwork:codes_scope", args=(period.pk, insats.pk, "deltagare_pagaende")
        ),
        "import": reverse("responses:import"),
    }


def test_a_submitted_period_shows_the_banner_and_no_form_everywhere(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    forbund, insats, period = setting
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(reverse("login"))
    page.fill("#id_username", "anna_admin")
    page.fill("#id_password", "lösenord-för-test")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("home"))
    forms = page.locator("main form[method='post']")
    for name, url in pages(insats, period).items():
        page.goto(url)
        expect(page.locator("#lock-banner"), name).to_have_count(0)
        assert forms.count() > 0, name

    page.goto(reverse("results:submission_confirm", args=(forbund.pk, period.label)))
    page.get_by_role("button", name="Lämna in och lås").click()
    expect(page.locator("#lock-banner")).to_contain_text(LOCKED)
    assert Submission.objects.get(forbund=forbund, period=period).is_locked

    for name, url in pages(insats, period).items():
        page.goto(url)
        banner = page.locator("#lock-banner")
        expect(banner, name).to_be_visible()
        expect(banner, name).to_contain_text(LOCKED)
        expect(banner, name).to_contain_text(REOPEN)
        expect(banner, name).to_contain_text(
            "Sidan visas bara för läsning: inget kan ändras förrän uppgifterna har öppnats igen."
        )
        expect(forms, name).to_have_count(0)
        expect(page.locator("main input[type='checkbox'], main textarea"), name).to_have_count(0)
    assert errors == []
