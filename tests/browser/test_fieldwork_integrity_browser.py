"""A förbund's administrator keeps a place's records true, in a real browser: entered counts
survive codes, a form too many is refused, a broken place stops the submission, and codes are
made only while the period runs."""

import datetime
import uuid
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from matpunkt.fieldwork import codes
from matpunkt.fieldwork.models import Distribution
from matpunkt.fieldwork.services import distribution_set
from matpunkt.organisations.models import Membership, Role
from matpunkt.responses.models import Response
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory

pytestmark = pytest.mark.browser

GROUP = "deltagare_pagaende"


@pytest.fixture
def setting(instrument):
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steg för steg")
    period = PeriodFactory(label="2021")
    user = UserFactory(username="anna_admin")
    Membership.objects.create(user=user, role=Role.FORBUND_ADMIN, forbund=forbund)
    return forbund, insats, period, user


def log_in(page, username="anna_admin"):
    page.goto(reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "lösenord-för-test")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("home"))


def test_a_code_never_replaces_the_counts_typed_by_hand(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    forbund, insats, period, user = setting
    log_in(page)
    page.goto(f"{reverse('fieldwork:distribution_list')}?period={period.pk}")
    page.fill(f"#asked-{insats.pk}-{GROUP}", "36")
    page.fill(f"#unreachable-{insats.pk}-{GROUP}", "2")
    page.get_by_role("button", name="Spara utdelningen").click()
    expect(page.locator(".messages")).to_contain_text("Utdelningen sparades.")

    page.goto(reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, GROUP]))
    page.fill("#id_count", "1")
    page.get_by_label("Utan variabeln kön").first.check()
    page.get_by_role("button", name="Skapa koder").click()
    expect(page.locator(".messages")).to_contain_text("1 kod skapades (nummer 1).")
    figures = page.locator("#live-figures")
    expect(figures).to_contain_text("Tillfrågade: 36 · Ej nåbara: 2 · Svar: 0")
    source = page.locator("#antal-som-galler")
    expect(source).to_contain_text("Antalen som gäller är de angivna.")
    expect(source).to_contain_text("Utdelningslistan ger 0 tillfrågade och 0 ej nåbara")

    page.locator("input[name='kod']").first.check()
    page.locator("input[name='bekrafta']").check()
    page.get_by_role("button", name="Makulera").click()
    expect(page.locator(".messages")).to_contain_text("1 kod ändrades.")
    expect(figures).to_contain_text("Tillfrågade: 36 · Ej nåbara: 2")

    # Choosing the list's counts is explicit, shows both, and can be undone.
    page.get_by_role("link", name="Räkna från utdelningslistan i stället").click()
    expect(page.locator("table")).to_contain_text("Angivna antal")
    page.get_by_role("button", name="Bekräfta bytet").click()
    expect(page.locator("#fel")).to_contain_text("Kryssa i rutan för att bekräfta bytet.")
    assert Distribution.objects.get().asked == 36
    page.locator("input[name='bekrafta']").check()
    page.get_by_role("button", name="Bekräfta bytet").click()
    expect(page.locator(".messages")).to_contain_text("Nu gäller antalen från utdelningslistan.")
    assert (Distribution.objects.get().asked, Distribution.objects.get().unreachable) == (0, 0)
    page.get_by_role("link", name="Räkna med de angivna antalen i stället").click()
    page.locator("input[name='bekrafta']").check()
    page.get_by_role("button", name="Bekräfta bytet").click()
    expect(page.locator(".messages")).to_contain_text("Nu gäller de angivna antalen.")
    assert (Distribution.objects.get().asked, Distribution.objects.get().unreachable) == (36, 2)


def test_a_form_too_many_is_refused_and_the_period_cannot_be_submitted(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    forbund, insats, period, user = setting
    distribution_set(actor=user, insats=insats, period=period, group=GROUP, asked=5, unreachable=1)
    for _ in range(4):
        codes.paper_response_register(
            actor=user,
            token=uuid.uuid4(),
            code="",
            insats=insats,
            period=period,
            group=GROUP,
            variant="utan_kon",
            answers={1: 5},
        )
    log_in(page)
    page.goto(
        reverse("responses:registration_entry", args=(insats.pk, period.label, GROUP, "utan_kon"))
    )
    page.keyboard.type("5")
    page.keyboard.press("Enter")

    expect(page.locator("body")).to_contain_text(
        "Steg för steg, Deltagare, pågående insats, 2021: 5 svar men bara 4 som kunde svara "
        "(5 tillfrågade, varav 1 ej nåbara)."
    )
    assert Response.objects.count() == 4

    # A place broken another way (forms typed where no distribution is recorded) is listed on
    # the submission page with a link to put it right, and the period cannot be submitted.
    codes.paper_response_register(
        actor=user,
        token=uuid.uuid4(),
        code="",
        insats=insats,
        period=period,
        group="deltagare_avslut",
        variant="utan_kon",
        answers={1: 5},
    )
    page.goto(reverse("results:submission_confirm", args=(forbund.pk, period.label)))
    issues = page.locator("#att-ratta")
    expect(issues).to_contain_text(
        "Steg för steg, Deltagare, inför avslut, 2021: 1 svar men ingen utdelning registrerad."
    )
    expect(page.get_by_role("button", name="Lämna in och lås")).to_have_count(0)
    issues.get_by_role("link", name="Rätta utdelningen").click()
    expect(page).to_have_url(
        f"{reverse('fieldwork:distribution_list')}?period={period.pk}&forbund={forbund.pk}".replace(
            " ", ""
        )
    )


def test_codes_are_made_only_while_the_period_runs(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    forbund, insats, period, user = setting
    period.ends_on = datetime.date(2021, 10, 31)
    period.save()
    log_in(page)
    page.goto(reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, GROUP]))

    expect(page.locator("#issue-heading + p")).to_have_text(
        "Mätperiod 2021 slutade 2021-10-31. Nya koder och öppna länkar kan bara skapas medan "
        "mätperioden pågår."
    )
    expect(page.get_by_role("button", name="Skapa koder")).to_have_count(0)
    expect(page.get_by_role("button", name="Skapa öppen länk")).to_have_count(0)
