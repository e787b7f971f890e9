"""A respondent answers the web questionnaire in a real browser (Debian's Chromium).

Accessibility is checked with axe-core (the axe.min.js that axe-playwright-python ships, pinned
in the test extras) on every respondent page: zero violations of WCAG 2.0/2.1 A and AA and of
axe's best practices. Screenshots of a phone (390×844) and a desktop are written to /tmp.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from matpunkt.fieldwork.codes import open_link_create
from matpunkt.responses.models import Comment, Response
from tests.browser.respondents import (
    DESKTOP,
    PHONE,
    SWEDISH,
    choose,
    codes_for,
    make_setting,
    scan_every_respondent_page,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(instrument):
    return make_setting()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


# Answering -------------------------------------------------------------------------------------


def test_a_respondent_answers_and_the_response_rate_appears(new_page, setting):
    from playwright.sync_api import expect

    user, insats, period = setting
    code, _other = codes_for(setting, count=2)
    page = new_page()
    page.goto(f"/e/{code}")

    expect(page).to_have_title("Enkät deltagare – AVSLUTSENKÄT – Södra Dalarna")
    page.locator("#kon-fieldset").get_by_label("Kvinna").check()
    choose(page, 1, "För det mesta")
    choose(page, 5, "Helt och hållet")
    expect(page.locator("#q9")).to_be_hidden()
    choose(page, 8, "Ja")
    expect(page.locator("#q9")).to_be_visible()
    choose(page, 9, "Till stor del")
    page.locator("#comment").fill("Bra bemötande.")
    page.get_by_role("button", name="Skicka in svaren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar!")
    assert urlsplit(page.url).path == f"/e/{code}/tack"
    stored = Response.objects.get()
    assert (stored.kon, stored.f1, stored.f5, stored.f8, stored.f9, stored.source) == (
        "kvinna",
        5,
        6,
        1,
        4,
        "web",
    )
    assert Comment.objects.get().text == "Bra bemötande."
    assert page.evaluate(f"window.localStorage.getItem('matpunkt:e:{code}')") is None

    staff = new_page(DESKTOP)
    staff.goto(reverse("login"))
    staff.fill("#id_username", "rut_registrerare")
    staff.fill("#id_password", "lösenord-för-test")
    staff.keyboard.press("Enter")
    staff.wait_for_url(lambda url: urlsplit(url).path == reverse("home"))
    staff.goto(reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, "deltagare_avslut"]))
    expect(staff.locator("#live-figures")).to_have_text(
        "Tillfrågade: 2 · Ej nåbara: 0 · Svar: 1 · Svarsfrekvens: 50 %"
    )
    expect(staff.locator("td[data-status]").first).to_have_text("Använd")


def test_a_reload_keeps_the_answers_and_the_back_button_cannot_send_twice(new_page, setting):
    from playwright.sync_api import expect

    (code,) = codes_for(setting)
    page = new_page()
    page.goto(f"/e/{code}")
    choose(page, 2, "Ofta")
    page.locator("#comment").fill("Utkast som inte får försvinna")

    page.reload()

    expect(page.locator("#q2").get_by_label("Ofta", exact=True)).to_be_checked()
    expect(page.locator("#comment")).to_have_value("Utkast som inte får försvinna")
    page.get_by_role("button", name="Skicka in svaren").dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar!")

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Den här koden har redan använts. Tack för ditt svar!"
    )
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Den här koden har redan använts. Tack för ditt svar!"
    )
    assert Response.objects.count() == 1
    assert Response.objects.get().f2 == 4


def test_a_lost_connection_loses_no_answers(new_page, setting):
    from playwright.sync_api import Error, expect

    (code,) = codes_for(setting)
    page = new_page()
    page.goto(f"/e/{code}")
    choose(page, 3, "Alltid")
    choose(page, 8, "Nej")

    page.context.set_offline(True)
    try:
        page.get_by_role("button", name="Skicka in svaren").click(no_wait_after=True)
        page.wait_for_timeout(500)
    except Error:
        pass
    assert Response.objects.count() == 0
    page.context.set_offline(False)
    page.goto(f"/e/{code}")

    expect(page.locator("#q3").get_by_label("Alltid", exact=True)).to_be_checked()
    expect(page.locator("#q8").get_by_label("Nej", exact=True)).to_be_checked()
    expect(page.locator("#q9")).to_be_hidden()
    page.get_by_role("button", name="Skicka in svaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar!")
    assert (Response.objects.get().f3, Response.objects.get().f8) == (6, 2)


def test_the_questionnaire_can_be_completed_with_the_keyboard_only(new_page, setting):
    from playwright.sync_api import expect

    (code,) = codes_for(setting, group="deltagare_pagaende", variant="utan_kon")
    page = new_page(DESKTOP)
    page.goto(f"/e/{code}")

    # Tab to the first question's options; arrow keys choose within a question.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "f1":
            break
    expect(page.locator("#f1-1")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # F1: Ibland
    page.keyboard.press("Tab")
    expect(page.locator("#f2-1")).to_be_focused()
    page.keyboard.press("Tab")  # F2 skipped
    page.keyboard.press("Space")  # F3: Aldrig
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # F4: Ja
    for _ in range(4):
        page.keyboard.press("Tab")  # through F5, F6 and F7 without answering
    expect(page.locator("#comment")).to_be_focused()
    page.keyboard.type("Allt fungerade med tangentbordet.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Skicka in svaren")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar!")
    stored = Response.objects.get()
    assert [stored.f1, stored.f2, stored.f3, stored.f4, stored.f5] == [3, None, 1, 1, None]


def test_f9_and_f10_follow_f8_without_javascript(new_page, setting):
    from playwright.sync_api import expect

    (code,) = codes_for(setting)
    page = new_page(javascript=False)
    page.goto(f"/e/{code}")

    expect(page.locator("#instruktion-f9")).to_have_text("Om Ja, gå vidare till frågorna 9 och 10.")
    expect(page.locator("#q9")).to_be_hidden()
    expect(page.locator("#q10")).to_be_hidden()
    choose(page, 8, "Ja")
    expect(page.locator("#q9")).to_be_visible()
    expect(page.locator("#q10")).to_be_visible()
    choose(page, 10, "Delvis")
    choose(page, 8, "Nej")
    expect(page.locator("#q10")).to_be_hidden()
    choose(page, 8, "Ja")
    page.get_by_role("button", name="Skicka in svaren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar!")
    assert (Response.objects.get().f8, Response.objects.get().f10) == (1, 3)


def test_an_open_link_on_a_tablet_starts_a_fresh_form_for_the_next_person(new_page, setting):
    from playwright.sync_api import expect

    user, insats, period = setting
    link = open_link_create(
        actor=user, insats=insats, period=period, group="personal", variant="utan_kon"
    )
    page = new_page({"width": 820, "height": 1180})
    page.goto(f"/o/{link.token}")
    first_form = page.url
    choose(page, 1, "Ofta")
    page.get_by_role("button", name="Skicka in svaren").click()
    page.get_by_role("link", name="Fyll i en ny enkät").click()

    assert page.url != first_form
    expect(page.locator("#q1").get_by_label("Ofta", exact=True)).not_to_be_checked()
    assert Response.objects.count() == 1


# Accessibility and layout ----------------------------------------------------------------------


def test_every_respondent_page_passes_axe_with_no_violations(new_page, setting, settings):
    settings.MATPUNKT_SURVEY_MISSES_PER_HOUR = 1

    checked, headings = scan_every_respondent_page(new_page(), setting, SWEDISH)

    assert checked == {name: [] for name in checked}
    assert headings == {
        "start": "Svara på enkäten",
        "start with error": "Svara på enkäten",
        "questionnaire med_kon": "Enkät deltagare AVSLUTSENKÄT",
        "questionnaire with F9–F10 shown": "Enkät deltagare AVSLUTSENKÄT",
        "questionnaire with an error": "Enkät deltagare AVSLUTSENKÄT",
        "privacy notice": "Så hanteras dina svar",
        "thank you": "Tack för ditt svar!",
        "already used": "Den här koden har redan använts. Tack för ditt svar!",
        "staff questionnaire": "Enkät personal",
        "voided code": "Den här koden gäller inte längre",
        "unknown code": "Vi hittar ingen enkät med den koden",
        "too many attempts": "För många försök",
        "open link questionnaire": "Enkät styrelse",
        "open link thank you": "Tack för ditt svar!",
        "open link privacy notice": "Så hanteras dina svar",
        "closed link": "Enkäten är inte öppen",
        "locked period": "Enkäten tar inte emot fler svar",
    }


def test_the_questionnaire_reflows_and_has_large_targets(new_page, setting):
    (code,) = codes_for(setting)
    page = new_page(PHONE)
    page.goto(f"/e/{code}")
    choose(page, 8, "Ja")
    page.locator("#comment").fill("050-123 45 67")
    page.get_by_role("button", name="Skicka in svaren").click()

    sizes = page.evaluate(
        """Array.from(document.querySelectorAll('label.option, button, .button'))
             .filter(el => el.offsetParent !== null)
             .map(el => { const r = el.getBoundingClientRect(); return [r.width, r.height]; })"""
    )
    assert sizes
    assert all(width >= 44 and height >= 44 for width, height in sizes)
    assert no_horizontal_scroll(page)

    desktop = new_page(DESKTOP)
    desktop.goto(f"/e/{code}")
    # 200 % zoom of a 1280 px window is a 640 px layout; 400 % is 320 px (WCAG 1.4.10).
    for width in (640, 320):
        desktop.set_viewport_size({"width": width, "height": 800})
        assert no_horizontal_scroll(desktop), width


def test_the_page_language_and_direction_are_set(new_page, setting):
    (code,) = codes_for(setting)
    page = new_page()
    page.goto(f"/e/{code}")

    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        "sv",
        "ltr",
    ]
    assert re.search(r"Södra Dalarna$", page.title())
