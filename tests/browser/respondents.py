"""What the respondent browser tests share: a förbund with codes, answering, and axe scans of
every respondent page in a language."""

import datetime

from matpunkt.fieldwork.codes import codes_mark, open_link_create
from matpunkt.fieldwork.models import DistributionEntry
from matpunkt.organisations.models import Membership, Role
from matpunkt.responses.models import SubmissionCounter
from matpunkt.results.models import Submission, SubmissionStatus
from tests.codes.helpers import issue
from tests.factories import ForbundFactory, InsatsFactory, PeriodFactory, UserFactory

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# What a scan clicks and chooses, in each language it runs in.
SWEDISH = {
    "code": "sv",
    "direction": "ltr",
    "submit": "Skicka in svaren",
    "yes": "Ja",
    "open_group": "styrelse",
}
ARABIC = {
    "code": "ar",
    "direction": "rtl",
    "submit": "أرسل الإجابات",
    "yes": "نعم",
    "name": "العربية (Arabiska)",
    "change": "Byt språk",
    # The test translation covers the participants' avslut questionnaire only.
    "open_group": "deltagare_avslut",
}


def make_setting():
    """A förbund with one insats, the 2021 period and a registrar: (user, insats, period)."""
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    period = PeriodFactory(label="2021")
    user = UserFactory(username="rut_registrerare")
    Membership.objects.create(user=user, role=Role.REGISTRAR, forbund=forbund)
    return user, insats, period


def codes_for(setting, group="deltagare_avslut", variant="med_kon", count=1):
    """Codes handed out today: each counts as asked."""
    user, insats, period = setting
    issued = issue(
        user,
        insats,
        period,
        group=group,
        variant=variant,
        count=count,
        handed_out_on=datetime.date.today(),
    )
    return [entry.code for entry in issued]


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{violation['id']}: {node['target']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


def choose(page, question: int, label: str):
    page.locator(f"#q{question}").get_by_label(label, exact=True).check()


def document_language(page) -> list[str]:
    return page.evaluate("[document.documentElement.lang, document.documentElement.dir]")


def scan_every_respondent_page(page, setting, language: dict) -> tuple[dict, dict]:
    """Open every page a respondent can meet, in the language, and scan each with axe.

    Returns ({page name: violations}, {page name: its main heading}). Each page is checked to be
    in the language (its <html> lang and dir) before it is scanned. Needs the site-wide
    limit of unknown codes at 1 an hour (the throttled page; the device's attempts are then
    forgotten) and locks the period last (the locked page).
    """
    from playwright.sync_api import expect

    user, insats, period = setting
    fresh, used, voided = codes_for(setting, count=3)
    entry = DistributionEntry.objects.get(code=voided)
    codes_mark(actor=user, distribution=entry.distribution, entry_ids=[entry.pk], action="makulera")
    # A group with codes takes no open link, so the tablet stands in another insats.
    tablet = InsatsFactory(forbund=insats.forbund, name="Nya vägar")
    link = open_link_create(
        actor=user, insats=tablet, period=period, group=language["open_group"], variant="utan_kon"
    )
    swedish = language["code"] == "sv"
    query = "" if swedish else f"?sprak={language['code']}"
    checked = {}
    headings = {}

    def scan(name):
        assert document_language(page) == [language["code"], language["direction"]], name
        headings[name] = " ".join(page.locator("h1").inner_text().split())
        checked[name] = axe_violations(page)

    page.goto(f"/e/{query}")
    scan("start")
    page.goto(f"/e/?kod=ABC{query.replace('?', '&')}")
    scan("start with error")
    page.goto(f"/e/{fresh}")
    if not swedish:
        page.get_by_label("Språk / Language").select_option(label=language["name"])
        page.get_by_role("button", name=language["change"]).click()
    scan("questionnaire med_kon")
    choose(page, 8, language["yes"])
    scan("questionnaire with F9–F10 shown")
    page.locator("#comment").fill("Ring 070-123 45 67")
    page.get_by_role("button", name=language["submit"]).click()
    expect(page.locator("#felsammanfattning")).to_be_focused()
    scan("questionnaire with an error")
    page.goto(f"/e/{fresh}/integritet{query}")
    scan("privacy notice")
    page.goto(f"/e/{used}{query}")
    page.get_by_role("button", name=language["submit"]).click()
    scan("thank you")
    page.goto(f"/e/{used}{query}")
    scan("already used")
    if swedish:
        (staff_code,) = codes_for(setting, group="personal", variant="utan_kon")
        page.goto(f"/e/{staff_code}")
        scan("staff questionnaire")
    page.goto(f"/e/{voided}{query}")
    scan("voided code")
    page.goto(f"/e/ZZZZ2222{query}")
    scan("unknown code")
    page.goto(f"/e/ZZZZ2223{query}")
    scan("too many attempts")
    SubmissionCounter.objects.all().delete()
    page.goto(f"/o/{link.token}{query}")
    scan("open link questionnaire")
    page.get_by_role("button", name=language["submit"]).click()
    scan("open link thank you")
    page.goto(f"/o/{link.token}/integritet{query}")
    scan("open link privacy notice")
    page.goto(f"/o/no-such-link{query}")
    scan("closed link")
    SubmissionCounter.objects.all().delete()
    Submission.objects.update_or_create(
        forbund=insats.forbund, period=period, defaults={"status": SubmissionStatus.SUBMITTED}
    )
    page.goto(f"/e/{fresh}{query}")
    scan("locked period")
    return checked, headings
