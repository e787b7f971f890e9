"""Three participants answer with their codes; the staff then look for who answered what."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from matpunkt.organisations.models import Membership, Role
from tests.browser.respondents import DESKTOP, choose
from tests.codes.helpers import issue
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory

pytestmark = pytest.mark.browser
GROUP = "deltagare_pagaende"


@pytest.fixture
def setting(instrument):
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    today = timezone.localdate()
    period = PeriodFactory(
        label=str(today.year),
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=30),
    )
    for username, role in (("rut_registrerare", Role.REGISTRAR), ("lars_lasare", Role.READER)):
        user = UserFactory(username=username)
        Membership.objects.create(user=user, role=role, forbund=forbund)
    registrar = Membership.objects.get(role=Role.REGISTRAR).user
    codes = [entry.code for entry in issue(registrar, insats, period, group=GROUP, count=3)]
    return insats, period, codes


def log_in(page, username):
    page.goto(reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "lösenord-för-test")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("home"))


def test_staff_see_that_codes_were_used_but_never_which_answer_came_from_which(new_page, setting):
    from playwright.sync_api import expect

    insats, period, codes = setting
    respondent = new_page()
    for code, label in zip(codes, ["Alltid", "Aldrig", "Ibland"], strict=True):
        respondent.goto(f"/e/{code}")
        choose(respondent, 1, label)
        respondent.get_by_role("button", name="Skicka in svaren").click()
        expect(respondent.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar!")

    staff = new_page(DESKTOP)
    log_in(staff, "rut_registrerare")
    staff.goto(f"/svar/registrera/{insats.pk}/{period.label}/{GROUP}/utan_kon/")
    expect(staff.locator("#other-sources")).to_have_text(
        "3 webbenkäter har kommit in. Webbsvar visas bara som antal, aldrig ett och ett, så att "
        "ingen kan koppla ett svar till en kod eller länk."
    )
    expect(staff.locator("table.stored-forms")).to_have_count(0)
    expect(staff.get_by_text("Inga pappersenkäter är registrerade här ännu.")).to_be_visible()

    staff.goto(reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, GROUP]))
    expect(staff.locator("td[data-status]")).to_have_text(["Använd", "Använd", "Använd"])
    assert timezone.localdate().isoformat() not in staff.content()

    reader = new_page(DESKTOP)
    log_in(reader, "lars_lasare")
    answer = reader.goto("/svar/exportera/svarsfil.csv")
    assert answer.status == 403
    expect(reader.get_by_role("heading", level=1)).to_have_text("Åtkomst nekad")
    expect(reader.locator("main")).to_contain_text(
        "Därför kan bara förbundets administratörer och NNS-administratörer ladda ner den."
    )
