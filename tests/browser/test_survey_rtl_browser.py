"""A respondent answers in a right-to-left language (an approved Arabic test translation).

The same axe-core scan as for Swedish runs on every respondent page in Arabic, and a respondent
picks Arabic, answers with the keyboard only and sends; the response is counted.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from matpunkt.responses.models import Comment, Response
from tests.browser.respondents import (
    ARABIC,
    DESKTOP,
    codes_for,
    document_language,
    make_setting,
    scan_every_respondent_page,
)

pytestmark = pytest.mark.browser

QUESTIONNAIRE = "استبيان المشاركين استبيان نهاية النشاط"


@pytest.fixture
def setting(instrument, arabic_translation):
    return make_setting()


def test_every_respondent_page_in_arabic_passes_axe_with_no_violations(new_page, setting, settings):
    settings.MATPUNKT_SURVEY_MISSES_PER_HOUR = 1

    checked, headings = scan_every_respondent_page(new_page(), setting, ARABIC)

    assert checked == {name: [] for name in checked}
    assert headings == {
        "start": "أجب عن الاستبيان",
        "start with error": "أجب عن الاستبيان",
        "questionnaire med_kon": QUESTIONNAIRE,
        "questionnaire with F9–F10 shown": QUESTIONNAIRE,
        "questionnaire with an error": QUESTIONNAIRE,
        "privacy notice": "كيف نتعامل مع إجاباتك",
        "thank you": "شكرًا على إجابتك!",
        "already used": "هذا الرمز استُخدم من قبل. شكرًا على إجابتك!",
        "voided code": "هذا الرمز لم يعد صالحًا",
        "unknown code": "لا نجد استبيانًا بهذا الرمز",
        "too many attempts": "محاولات كثيرة جدًا",
        "open link questionnaire": QUESTIONNAIRE,
        "open link thank you": "شكرًا على إجابتك!",
        "open link privacy notice": "كيف نتعامل مع إجاباتك",
        "closed link": "الاستبيان غير مفتوح",
        "locked period": "الاستبيان لا يستقبل مزيدًا من الإجابات",
    }


def tab_to(page, selector: str, limit: int = 12):
    """Press Tab until the element is focused (the page is used with the keyboard only)."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement === document.querySelector('{selector}')"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} was never focused")


def test_a_respondent_picks_arabic_answers_with_the_keyboard_and_is_counted(new_page, setting):
    from playwright.sync_api import expect

    user, insats, period = setting
    code, _other = codes_for(setting, variant="utan_kon", count=2)
    page = new_page(DESKTOP)
    page.goto(f"/e/{code}")
    assert document_language(page) == ["sv", "ltr"]

    # The language picker, with the keyboard: the list, the arrow key, then the button.
    tab_to(page, "#sprak-val")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#sprak-val")).to_have_value("ar")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Byt språk")).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url(lambda url: urlsplit(url).query == "sprak=ar")
    assert document_language(page) == ["ar", "rtl"]
    expect(page).to_have_title("استبيان المشاركين – استبيان نهاية النشاط – Södra Dalarna")
    expect(page.locator("#q1 legend")).to_have_text("1. هل حصلت على دعم بطريقة مفيدة جدًا لك؟")
    # Right to left: the question number stands at the right, where the question starts.
    number = page.locator("#q1 .qnum").bounding_box()
    legend = page.locator("#q1 legend").bounding_box()
    assert number["x"] > legend["x"] + legend["width"] / 2

    tab_to(page, "#f1-1")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # F1: أحيانًا (3)
    page.keyboard.press("Tab")
    expect(page.locator("#f2-1")).to_be_focused()
    page.keyboard.press("Tab")  # F2 skipped
    page.keyboard.press("Space")  # F3: 1
    for _ in range(5):
        page.keyboard.press("Tab")  # through F4–F7 without answering
    expect(page.locator("#f8-1")).to_be_focused()
    page.keyboard.press("Space")  # F8: نعم
    expect(page.locator("#q9")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("#f9-1")).to_be_focused()
    page.keyboard.press("ArrowDown")  # F9: 2
    page.keyboard.press("Tab")  # F10 skipped
    page.keyboard.press("Tab")
    expect(page.locator("#comment")).to_be_focused()
    page.keyboard.type("كل شيء عمل بلوحة المفاتيح.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="أرسل الإجابات")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("شكرًا على إجابتك!")
    assert urlsplit(page.url).path == f"/e/{code}/tack"
    assert document_language(page) == ["ar", "rtl"]
    stored = Response.objects.get()
    assert [stored.f1, stored.f2, stored.f3, stored.f8, stored.f9, stored.f10] == [
        3,
        None,
        1,
        1,
        2,
        None,
    ]
    assert (stored.kon, stored.variant, stored.source) == ("", "utan_kon", "web")
    assert Comment.objects.get().text == "كل شيء عمل بلوحة المفاتيح."

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
