"""A respondent who picks an approved translation gets the whole page in that language: the
questionnaire's texts and the page's own texts (buttons, notices, errors, the pages after it)."""

import pytest

from matpunkt.fieldwork.codes import codes_mark, open_link_create
from matpunkt.fieldwork.models import DistributionEntry
from matpunkt.instrument.translations.interface import INTERFACE
from matpunkt.responses.models import Response, SubmissionCounter
from matpunkt.results.models import Submission, SubmissionStatus
from tests.codes.helpers import issue
from tests.translations.arabic import INTERFACE as ARABIC
from tests.translations.arabic import approve_arabic

AVSLUT = "deltagare_avslut"
HIDDEN_ERROR = '<span class="visually-hidden">خطأ: </span>'


@pytest.fixture
def arabic(db):
    return approve_arabic()


@pytest.fixture
def code(registrar, insats, period, arabic):
    return issue(registrar, insats, period, group=AVSLUT, variant="med_kon", count=1)[0].code


def html_of(page) -> str:
    return page.content.decode()


def swedish_texts_in(html: str) -> list[str]:
    """The Swedish interface texts (those without placeholders) that a page shows."""
    return [t.source for t in INTERFACE if "%(" not in t.source and f">{t.source}<" in html]


def test_the_questionnaire_in_arabic_is_right_to_left_with_arabic_page_texts(client, code):
    page = client.get(f"/e/{code}?sprak=ar")

    html = html_of(page)
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "<title>استبيان المشاركين – استبيان نهاية النشاط – Södra Dalarna</title>" in html
    assert '<label for="sprak-val">اللغة / Language</label>' in html
    assert '<button type="submit" class="secondary">غيّر اللغة</button>' in html
    assert (
        "<p><strong>يمكنك تخطي الأسئلة.</strong> أجب فقط عما تريد. يمكنك أيضًا إرسال الاستبيان "
        "دون إجابات، كما على الورق.</p>" in html
    )
    assert f'<p><a href="/e/{code}/integritet?sprak=ar">اقرأ كيف نتعامل مع إجاباتك</a></p>' in html
    assert '<h2 id="instruktion-rubrik">كيف تملأ الاستبيان</h2>' in html
    assert (
        '<label for="comment">ملاحظات أخرى <span class="optional">(اختياري)</span></label>' in html
    )
    assert '<button type="submit">أرسل الإجابات</button>' in html
    assert '<p class="hint">بعد الإرسال لا يمكن تغيير الإجابات.</p>' in html
    assert f'<a href="/e/{code}/integritet?sprak=ar">كيف نتعامل مع إجاباتك</a>' in html
    assert '<a class="skip-link" href="#innehall">انتقل إلى المحتوى</a>' in html
    assert swedish_texts_in(html) == []


def test_the_questionnaire_offers_arabic_and_stays_swedish_without_asking(client, code):
    html = html_of(client.get(f"/e/{code}"))

    assert '<html lang="sv" dir="ltr">' in html
    assert '<option value="ar" lang="ar" dir="rtl">العربية (Arabiska)</option>' in html
    assert '<label for="sprak-val">Språk / Language</label>' in html
    assert '<button type="submit">Skicka in svaren</button>' in html
    assert "أرسل الإجابات" not in html


def test_errors_are_shown_in_arabic(client, code):
    page = client.post(
        f"/e/{code}", {"sprak": "ar", "f1": "9", "kon": "okänt", "comment": "Ring 070-123 45 67"}
    )

    html = html_of(page)
    comment = (
        "ملاحظات أخرى: يبدو أن النص يحتوي على رقم هاتف. احذفه وأرسل مرة أخرى: يجب أن تبقى "
        "الإجابات مجهولة الهوية."
    )
    assert page.status_code == 200
    assert "<title>خطأ: استبيان المشاركين – استبيان نهاية النشاط – Södra Dalarna</title>" in html
    assert '<h2 id="felsammanfattning-rubrik">لم يُرسل الاستبيان بعد</h2>' in html
    assert '<li><a href="#kon-fieldset">اختر أحد الخيارات تحت «عنك».</a></li>' in html
    assert '<li><a href="#q1">اختر أحد خيارات الإجابة في السؤال 1.</a></li>' in html
    assert f'<li><a href="#comment">{comment}</a></li>' in html
    assert f'<p class="field-error" id="comment-fel">{HIDDEN_ERROR}{comment}</p>' in html
    assert Response.objects.count() == 0


def test_a_too_long_comment_is_refused_in_arabic(client, code):
    html = html_of(client.post(f"/e/{code}", {"sprak": "ar", "comment": "ب" * 2001}))

    assert "ملاحظات أخرى: يجب ألا يزيد النص على 2 000 حرف. طوله الآن 2001 حرفًا." in html


def test_the_pages_after_sending_are_in_arabic(client, code):
    sent = client.post(f"/e/{code}", {"sprak": "ar", "f1": "5"})
    thanks = client.get(sent["Location"])
    used = client.get(f"/e/{code}?sprak=ar")

    assert sent["Location"] == f"/e/{code}/tack?sprak=ar"
    assert '<html lang="ar" dir="rtl">' in html_of(thanks)
    assert "<h1>شكرًا على إجابتك!</h1>" in html_of(thanks)
    assert "<p>يمكنك إغلاق الصفحة الآن.</p>" in html_of(thanks)
    assert "<h1>هذا الرمز استُخدم من قبل. شكرًا على إجابتك!</h1>" in html_of(used)
    assert swedish_texts_in(html_of(thanks)) == []
    assert swedish_texts_in(html_of(used)) == []
    assert Response.objects.get().f1 == 5


def test_the_privacy_notice_is_in_arabic(client, code, forbund):
    html = html_of(client.get(f"/e/{code}/integritet?sprak=ar"))

    assert "<h1>كيف نتعامل مع إجاباتك</h1>" in html
    assert (
        "<p>يستخدم Södra Dalarna والشبكة الوطنية لاتحادات التنسيق (NNS) الإجابات لمتابعة النشاط "
        "وتحسينه.</p>" in html
    )
    assert "لا تُعرض النسب والتوزيعات إلا إذا أجاب عن السؤال 5 أشخاص على الأقل." in html
    assert f'<a class="button" href="/e/{code}?sprak=ar">العودة إلى الاستبيان</a>' in html
    assert swedish_texts_in(html) == []


def test_a_voided_code_and_a_locked_period_say_so_in_arabic(client, registrar, code, forbund):
    other = issue(registrar, *_scope(code), group=AVSLUT, variant="med_kon", count=1)[0].code
    entry = DistributionEntry.objects.get(code=other)
    codes_mark(
        actor=registrar, distribution=entry.distribution, entry_ids=[entry.pk], action="makulera"
    )
    voided = client.get(f"/e/{other}?sprak=ar")
    Submission.objects.update_or_create(
        forbund=forbund,
        period=entry.distribution.period,
        defaults={"status": SubmissionStatus.SUBMITTED},
    )
    locked = client.get(f"/e/{code}?sprak=ar")

    assert voided.status_code == 410
    assert "<h1>هذا الرمز لم يعد صالحًا</h1>" in html_of(voided)
    assert locked.status_code == 409
    assert "<h1>الاستبيان لا يستقبل مزيدًا من الإجابات</h1>" in html_of(locked)
    assert '<html lang="ar" dir="rtl">' in html_of(locked)


def _scope(code):
    distribution = DistributionEntry.objects.get(code=code).distribution
    return distribution.insats, distribution.period


def test_pages_that_know_no_questionnaire_follow_the_asked_language(client, arabic, settings):
    settings.MATPUNKT_SURVEY_MISSES_PER_HOUR = 1
    start = client.get("/e/?sprak=ar")
    unknown = client.get("/e/ZZZZ2222?sprak=ar")
    throttled = client.get("/e/ZZZZ2223?sprak=ar")
    SubmissionCounter.objects.all().delete()
    closed = client.get("/o/no-such-link?sprak=ar")

    assert '<html lang="ar" dir="rtl">' in html_of(start)
    assert "<h1>أجب عن الاستبيان</h1>" in html_of(start)
    assert '<input type="hidden" name="sprak" value="ar">' in html_of(start)
    assert '<option value="ar" lang="ar" dir="rtl" selected>العربية (Arabiska)</option>' in (
        html_of(start)
    )
    assert (unknown.status_code, throttled.status_code, closed.status_code) == (404, 429, 404)
    assert "<p>الرمز ZZZZ2222 غير موجود." in html_of(unknown)
    assert '<a class="button" href="/e/?sprak=ar">اكتب الرمز مرة أخرى</a>' in html_of(unknown)
    assert "<h1>محاولات كثيرة جدًا</h1>" in html_of(throttled)
    assert "<h1>الاستبيان غير مفتوح</h1>" in html_of(closed)


def test_a_code_typed_on_the_arabic_start_page_opens_in_arabic(client, code):
    malformed = client.get("/e/", {"kod": "ABC", "sprak": "ar"})
    opened = client.get("/e/", {"kod": code.lower(), "sprak": "ar"})

    assert malformed.status_code == 400
    assert (
        '<li><a href="#kod">يتكون الرمز من 8 رموز: الأرقام 2–9 والحروف A–Z باستثناء I و O. تحقق '
        "من الرمز وحاول مرة أخرى.</a></li>" in html_of(malformed)
    )
    assert opened["Location"] == f"/e/{code}?sprak=ar"


def test_an_open_link_in_arabic(client, registrar, insats, period, arabic, settings):
    settings.MATPUNKT_OPEN_LINK_PER_DEVICE_PER_MINUTE = 0
    link = open_link_create(
        actor=registrar, insats=insats, period=period, group=AVSLUT, variant="utan_kon"
    )
    form = client.get(f"/o/{link.token}?sprak=ar", follow=True)
    throttled = client.post(form.redirect_chain[-1][0], {"sprak": "ar", "f1": "5"})

    assert '<button type="submit">أرسل الإجابات</button>' in html_of(form)
    assert throttled.status_code == 429
    assert (
        "<li>أُرسل عدد كبير من الاستبيانات من هنا في وقت قصير. إجاباتك محفوظة: انتظر دقيقة وأرسل "
        "مرة أخرى.</li>" in html_of(throttled)
    )


def test_a_blank_interface_text_is_shown_in_swedish(client, registrar, insats, period):
    approve_arabic(interface={k: v for k, v in ARABIC.items() if k not in ("submit", "skip_link")})
    code = issue(registrar, insats, period, group=AVSLUT, variant="med_kon", count=1)[0].code

    html = html_of(client.get(f"/e/{code}?sprak=ar"))

    assert '<html lang="ar" dir="rtl">' in html
    assert '<button type="submit">Skicka in svaren</button>' in html
    assert '<a class="skip-link" href="#innehall">Hoppa till innehållet</a>' in html
    assert '<p class="hint">بعد الإرسال لا يمكن تغيير الإجابات.</p>' in html
    assert swedish_texts_in(html) == ["Hoppa till innehållet", "Skicka in svaren"]
