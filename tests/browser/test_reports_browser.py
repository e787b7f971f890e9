"""The report pages in a real browser: tables, contents, downloads, keyboard and a phone screen."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from matpunkt.organisations.models import Membership, Role
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory
from tests.reports.conftest import release, submit
from tests.results.helpers import PAGAENDE, distribute, forms, store

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(instrument):
    forbund = ForbundFactory(name="Södra Dalarna")
    other = ForbundFactory(name="Östra Södertörn")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    other_insats = InsatsFactory(forbund=other, name="Grannens insats")
    third = ForbundFactory(name="Norra Berget")
    bron = InsatsFactory(forbund=third, name="Bron")
    period = PeriodFactory(label="2021")
    distribute(insats, period, PAGAENDE, 20, 2)
    distribute(other_insats, period, PAGAENDE, 12)
    distribute(bron, period, PAGAENDE, 10)
    store(
        forms(insats, period, PAGAENDE, 12, f1=6, f4=1),
        forms(insats, period, PAGAENDE, 4, f1=2, f4=2),
        forms(other_insats, period, PAGAENDE, 10, f1=5, f4=1),
        forms(bron, period, PAGAENDE, 5, f1=5, f4=1),
        forms(bron, period, PAGAENDE, 5, f1=1, f4=2),
    )
    for who in (forbund, other, third):
        submit(who, period)
    # Förbund users see national figures only as NNS releases them, from three förbund up.
    release(period)
    user = UserFactory(username="lars_lasare")
    Membership.objects.create(user=user, role=Role.READER, forbund=forbund)
    return forbund, period


def log_in(page):
    page.goto(reverse("login"))
    page.fill("#id_username", "lars_lasare")
    page.fill("#id_password", "lösenord-för-test")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == reverse("home"))


def test_forbund_report_page_reads_with_the_keyboard_and_on_a_phone(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    forbund, period = setting
    log_in(page)
    page.goto(reverse("results:forbund_period", args=(forbund.pk, period.label)))

    expect(page.locator("h1")).to_have_text("Resultat för Södra Dalarna, mätperiod 2021")
    participation = page.locator("section[aria-labelledby='participation-heading'] tbody tr")
    expect(participation.first.locator("td")).to_have_text(
        ["Deltagare, pågående insats", "20", "2", "16", "4", "80\u00a0%"]
    )
    national = page.locator("#table-national-deltagare_pagaende tbody tr").first
    expect(national.locator("td")).to_have_text(
        ["16", "75\u00a0%", "51–90\u00a0%", "75\u00a0%", "59–86\u00a0%", "36"]
    )
    # The table of contents jumps to a section.
    page.get_by_role("link", name="Frågor till deltagare, pågående insats").click()
    expect(page).to_have_url(re.compile(r"#questions-deltagare_pagaende-heading$"))
    # The downloads are links a keyboard reaches.
    pdf_link = page.get_by_role("link", name="Ladda ner som PDF")
    pdf_link.focus()
    expect(pdf_link).to_be_focused()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "resultat-sodra-dalarna-2021.pdf"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0


def test_national_report_page_for_a_forbund_user(browser_page, setting):
    from playwright.sync_api import expect

    page = browser_page
    log_in(page)
    page.goto(reverse("results:national"))

    expect(page.locator("h1")).to_have_text("Nationell rapport, mätperiod 2021")
    table_1 = page.locator("#table-forbund-asked")
    expect(table_1.locator("caption")).to_have_text(
        "Tabell 1. Samordningsförbund, antal insatser och antal tillfrågade per respondentgrupp"
    )
    expect(table_1.locator("tbody tr")).to_have_count(4)
    expect(
        page.get_by_text("Siffrorna är riksresultaten så som NNS publicerade dem 10 december 2021")
    ).to_be_visible()
    expect(page.get_by_text("Datakvalitet")).to_have_count(0)
    expect(page.get_by_role("link", name="Ladda ner som Excel (XLSX)")).to_be_visible()
