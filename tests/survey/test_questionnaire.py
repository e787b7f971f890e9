"""The web questionnaire opened by a one-time code: pages, storing once, and the comment."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from matpunkt.fieldwork.models import DistributionEntry
from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.responses.models import ANSWER_FIELDS, Comment, Response
from matpunkt.results.computation import compute_results
from tests.codes.helpers import issue

AVSLUT = "deltagare_avslut"
PAGAENDE = "deltagare_pagaende"


@pytest.fixture
def code(registrar, insats, period):
    """One unused code of the 2021 avslut questionnaire, with the gender item."""
    return issue(registrar, insats, period, group=AVSLUT, variant="med_kon", count=1)[0].code


def html_of(page) -> str:
    return page.content.decode()


def post(client, code, **data):
    return client.post(f"/e/{code}", data)


# Showing the questionnaire ---------------------------------------------------------------------


def test_the_page_shows_the_versions_texts_verbatim(client, code, period):
    page = client.get(f"/e/{code}")

    html = html_of(page)
    assert page.status_code == 200
    spec = questionnaire_spec(period.version, AVSLUT)
    for question in spec.questions:
        assert question.text.replace("<u>", "").replace("</u>", "") in html.replace(
            "<u>", ""
        ).replace("</u>", "")
    assert (
        '<legend><span class="qnum">4.</span> Har du haft <u>en</u> person eller <u>ett</u> team '
        "som du kunnat vända dig till med dina frågor och behov?</legend>" in html
    )
    assert "<title>Enkät deltagare – AVSLUTSENKÄT – Södra Dalarna</title>" in html
    assert '<html lang="sv" dir="ltr">' in html
    assert "Det här frågeformuläret består av tio frågor." in html
    assert html.count('type="radio" name="f1"') == 6
    assert "<span>Till mycket stor del</span>" in html


def test_the_placeholders_are_filled_with_the_forbund_and_insats(client, code):
    html = html_of(client.get(f"/e/{code}"))

    assert "<p>Verksamhetens namn: Steget vidare</p>" in html
    assert "<p>Kim Kontakt</p>" in html
    assert "<p>Förbundschef, Södra Dalarna</p>" in html
    assert "<p>Telefon: 010-123 45 67, e-mejl: kim@example.org</p>" in html
    assert "[Namn på kontaktperson]" not in html


def test_the_logo_is_shown_through_a_code_scoped_address(client, code, forbund, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    forbund.logo.save("logo.png", SimpleUploadedFile("logo.png", png), save=True)

    html = html_of(client.get(f"/e/{code}"))
    logo = client.get(f"/e/{code}/logotyp")

    assert f'<img class="logo" src="/e/{code}/logotyp" alt="Logotyp för Södra Dalarna">' in html
    assert f'<p class="intro-logo"><img src="/e/{code}/logotyp"' in html
    assert logo.status_code == 200
    assert b"".join(logo.streaming_content) == png
    assert client.get("/e/ZZZZ2222/logotyp").status_code == 404


def test_the_gender_item_is_shown_only_in_the_med_kon_variant(client, registrar, insats, period):
    med, utan = (
        issue(registrar, insats, period, group=AVSLUT, variant=variant, count=1)[0].code
        for variant in ("med_kon", "utan_kon")
    )

    with_item = html_of(client.get(f"/e/{med}"))
    without_item = html_of(client.get(f"/e/{utan}"))

    assert '<fieldset class="question" id="kon-fieldset">' in with_item
    assert "<legend>Om dig:</legend>" in with_item
    for label in ("Kvinna", "Man", "Vill inte svara/inget svarsalternativ passar"):
        assert f"<span>{label}</span>" in with_item
    assert "Om dig:" not in without_item
    assert 'name="kon"' not in without_item


def test_f9_and_f10_follow_f8_and_the_instruction_is_always_visible(client, code):
    html = html_of(client.get(f"/e/{code}"))

    assert '<input type="radio" name="f8" id="f8-1" value="1" data-trigger>' in html
    assert (
        '<p class="instruction" id="instruktion-f9">Om Ja, gå vidare till frågorna 9 och 10.</p>'
        in html
    )
    for number in (9, 10):
        assert f'<fieldset class="question conditional" id="q{number}"' in html
        assert 'data-shown-when-question="f8" data-shown-when-value="1"' in html
    assert html.count("data-shown-when-question") == 2


def test_the_page_says_questions_may_be_skipped(client, code):
    html = html_of(client.get(f"/e/{code}"))

    assert "<strong>Du får hoppa över frågor.</strong>" in html
    assert "Du kan också skicka in enkäten utan svar, precis som på papper." in html


def test_respondent_pages_have_no_staff_navigation(client, code):
    html = html_of(client.get(f"/e/{code}"))

    assert "Huvudmeny" not in html
    assert "Logga ut" not in html
    assert "/static/survey/survey.css" in html


def test_the_comment_is_offered_only_to_participants(client, registrar, insats, period):
    staff = issue(registrar, insats, period, group="personal", count=1)[0].code

    assert '<textarea id="comment"' in html_of(
        client.get(f"/e/{issue(registrar, insats, period, count=1)[0].code}")
    )
    assert "Övriga synpunkter" not in html_of(client.get(f"/e/{staff}"))


def test_a_code_typed_in_lower_case_opens_the_questionnaire(client, code):
    page = client.get(f"/e/{code.lower()}")

    assert page.status_code == 302
    assert page["Location"] == f"/e/{code}"
    assert client.get(f"/e/{code}/")["Location"] == f"/e/{code}"


def test_the_start_page_opens_a_typed_code(client, code):
    assert client.get("/e/").status_code == 200
    assert client.get("/e/", {"kod": f" {code[:4]}-{code[4:].lower()} "})["Location"] == (
        f"/e/{code}"
    )
    page = client.get("/e/", {"kod": "ABC"})
    assert page.status_code == 400
    assert (
        "Koden ska vara 8 tecken: siffrorna 2–9 och bokstäverna A–Z utom I och O. Kontrollera "
        "koden och försök igen." in html_of(page)
    )


def test_pages_are_never_cached(client, code):
    page = client.get(f"/e/{code}")

    assert "no-store" in page["Cache-Control"]


# Submitting ------------------------------------------------------------------------------------


def test_submitting_stores_the_answers_once_and_marks_the_code_used(client, code, insats, period):
    page = post(client, code, kon="kvinna", f1="5", f2="6", f4="1", f8="1", f9="4", f10="5")

    assert page.status_code == 303
    assert page["Location"] == f"/e/{code}/tack"
    stored = Response.objects.get()
    assert (stored.insats, stored.period, stored.group, stored.variant, stored.kon) == (
        insats,
        period,
        AVSLUT,
        "med_kon",
        "kvinna",
    )
    answers = [getattr(stored, name) for name in ANSWER_FIELDS]
    assert answers == [5, 6, None, 1, None, None, None, 1, 4, 5]
    assert stored.source == "web"
    assert stored.recorded_on is None
    entry = DistributionEntry.objects.get(code=code)
    assert entry.used is True


def test_the_response_has_no_link_to_the_code(client, code):
    post(client, code, f1="5")

    fields = {field.name for field in Response._meta.get_fields()}
    assert not any("code" in name or "entry" in name for name in fields)
    stored = Response.objects.values().get()
    assert code not in {str(value) for value in stored.values()}
    assert stored["recorded_on"] is None
    assert DistributionEntry._meta.get_field("used").get_internal_type() == "BooleanField"
    entry_fields = {field.name for field in DistributionEntry._meta.get_fields()}
    assert "used_on" not in entry_fields


def test_the_thank_you_page_clears_the_draft(client, code):
    post(client, code, f1="5")

    page = client.get(f"/e/{code}/tack")

    html = html_of(page)
    assert page.status_code == 200
    assert "<h1>Tack för ditt svar!</h1>" in html
    assert f'data-clear-draft="matpunkt:e:{code}" data-draft-storage="local"' in html


def test_the_thank_you_page_of_an_unused_code_leads_to_the_questionnaire(client, code):
    page = client.get(f"/e/{code}/tack")

    assert (page.status_code, page["Location"]) == (302, f"/e/{code}")


def test_a_blank_questionnaire_may_be_sent_and_is_not_a_response(client, code, insats, period):
    page = post(client, code)

    assert page.status_code == 303
    stored = Response.objects.get()
    assert not stored.is_response()
    assert DistributionEntry.objects.get(code=code).used is True
    figures = compute_results(period=period, insats=insats)["groups"][AVSLUT]
    assert (figures["asked"], figures["responses"]) == (1, 0)


def test_answers_to_f9_f10_after_f8_nej_are_kept_as_sent(client, code):
    post(client, code, f8="2", f9="3", f10="6")

    stored = Response.objects.get()
    assert (stored.f8, stored.f9, stored.f10) == (2, 3, 6)


def test_the_gender_item_alone_is_stored_but_is_no_response(client, code, insats, period):
    post(client, code, kon="man")

    assert Response.objects.get().kon == "man"
    figures = compute_results(period=period, insats=insats)["groups"][AVSLUT]
    assert figures["responses"] == 0


def test_a_posted_gender_is_ignored_in_the_utan_kon_variant(client, registrar, insats, period):
    code = issue(registrar, insats, period, group=AVSLUT, variant="utan_kon", count=1)[0].code

    post(client, code, kon="kvinna", f1="6")

    stored = Response.objects.get()
    assert (stored.variant, stored.kon, stored.f1) == ("utan_kon", "", 6)


def test_a_tampered_answer_is_refused_and_nothing_is_stored(client, code):
    page = post(client, code, f1="9")

    html = html_of(page)
    assert page.status_code == 200
    assert '<a href="#q1">Välj ett av svarsalternativen på fråga 1.</a>' in html
    assert "<title>Fel: Enkät deltagare" in html
    assert Response.objects.count() == 0
    assert DistributionEntry.objects.get(code=code).used is False


def test_the_response_rate_follows_live(client, registrar, insats, period):
    handed_out = datetime.date(2021, 9, 2)
    first, second = (
        entry.code for entry in issue(registrar, insats, period, count=2, handed_out_on=handed_out)
    )

    post(client, first, f1="5")

    figures = compute_results(period=period, insats=insats)["groups"][PAGAENDE]
    assert (figures["asked"], figures["responses"], figures["response_rate"]) == (2, 1, 0.5)
    post(client, second, f2="4")
    figures = compute_results(period=period, insats=insats)["groups"][PAGAENDE]
    assert figures["response_rate"] == 1.0


# A used, voided or unknown code ----------------------------------------------------------------


def test_a_second_submission_stores_nothing_and_says_thank_you(client, code):
    post(client, code, f1="5")

    again = post(client, code, f1="1")
    page = client.get(again["Location"])

    assert (again.status_code, again["Location"]) == (303, f"/e/{code}")
    assert page.status_code == 200
    assert "<h1>Den här koden har redan använts. Tack för ditt svar!</h1>" in html_of(page)
    assert Response.objects.count() == 1
    assert Response.objects.get().f1 == 5


def test_reopening_a_used_code_shows_the_friendly_page_and_clears_the_draft(client, code):
    post(client, code, f1="5")

    page = client.get(f"/e/{code}")

    html = html_of(page)
    assert page.status_code == 200
    assert "Den här koden har redan använts. Tack för ditt svar!" in html
    assert f'data-clear-draft="matpunkt:e:{code}"' in html
    assert "<form" not in html


def test_a_voided_code_cannot_be_used(client, registrar, code):
    from matpunkt.fieldwork.codes import codes_mark

    entry = DistributionEntry.objects.get(code=code)
    codes_mark(
        actor=registrar, distribution=entry.distribution, entry_ids=[entry.pk], action="makulera"
    )

    page = client.get(f"/e/{code}")
    posted = post(client, code, f1="5")

    assert page.status_code == 410
    assert "<h1>Den här koden gäller inte längre</h1>" in html_of(page)
    assert (posted.status_code, posted["Location"]) == (303, f"/e/{code}")
    assert Response.objects.count() == 0


def test_an_unknown_code_gets_a_friendly_not_found_page(client, db):
    page = client.get("/e/ZZZZ2222")

    html = html_of(page)
    assert page.status_code == 404
    assert "<h1>Vi hittar ingen enkät med den koden</h1>" in html
    assert "Koden ZZZZ2222 finns inte." in html
    assert post(client, "ZZZZ2222", f1="5").status_code == 404
    assert client.get("/e/not-a-code").status_code == 404
    assert Response.objects.count() == 0


# The comment -----------------------------------------------------------------------------------


def test_a_comment_is_stored_apart_from_the_response(client, code, insats, period):
    post(client, code, f1="5", comment="  Bra bemötande, men långa väntetider.  ")

    comment = Comment.objects.get()
    assert (comment.insats, comment.period, comment.group, comment.text) == (
        insats,
        period,
        AVSLUT,
        "Bra bemötande, men långa väntetider.",
    )
    assert {f.name for f in Comment._meta.get_fields()} == {
        "id",
        "insats",
        "period",
        "group",
        "text",
    }


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Jag heter Anna, 19850314-1234",
            "Texten ser ut att innehålla ett personnummer. Ta bort det och skicka igen: "
            "svaren ska vara anonyma.",
        ),
        (
            "Ring mig på 070-123 45 67",
            "Texten ser ut att innehålla ett telefonnummer. Ta bort det och skicka igen: "
            "svaren ska vara anonyma.",
        ),
        (
            "Mejla anna.svensson@example.org",
            "Texten ser ut att innehålla en e-postadress. Ta bort den och skicka igen: "
            "svaren ska vara anonyma.",
        ),
    ],
)
def test_a_comment_with_contact_details_is_refused(client, code, text, reason):
    page = post(client, code, f1="5", f2="6", comment=text)

    html = html_of(page)
    message = f"Övriga synpunkter: {reason}"
    assert page.status_code == 200
    assert f'<a href="#comment">{message}</a>' in html
    hidden = '<span class="visually-hidden">Fel: </span>'
    assert f'<p class="field-error" id="comment-fel">{hidden}{message}</p>' in html
    assert 'aria-invalid="true"' in html
    # The page keeps what was answered, and nothing is stored or used.
    assert 'id="f1-5" value="5" checked' in html
    assert 'id="f2-6" value="6" checked' in html
    assert text.split(",")[0].split(" ")[0] in html
    assert (Response.objects.count(), Comment.objects.count()) == (0, 0)
    assert DistributionEntry.objects.get(code=code).used is False


def test_a_too_long_comment_is_refused(client, code):
    page = post(client, code, comment="a" * 2001)

    assert "Övriga synpunkter: Texten får vara högst 2 000 tecken. Nu är den 2001 tecken." in (
        html_of(page)
    )
    assert Comment.objects.count() == 0


def test_a_comment_on_a_staff_questionnaire_is_not_stored(client, registrar, insats, period):
    code = issue(registrar, insats, period, group="personal", count=1)[0].code

    post(client, code, f1="3", comment="Smuggled in")

    assert Response.objects.count() == 1
    assert Comment.objects.count() == 0


def test_the_comment_is_in_no_export_and_no_results(client, code, insats, period, capsys):
    import json

    from django.core.management import call_command

    secret = "Personalen lyssnar alltid på mig xyzzy"
    post(client, code, f1="5", comment=secret)

    call_command("export_responses")
    exported = capsys.readouterr().out
    call_command("export_responses", "--format", "csv", "--delimiter", ",")
    exported += capsys.readouterr().out
    results = json.dumps(compute_results(period=period), ensure_ascii=False)
    results += json.dumps(compute_results(period=period, insats=insats), ensure_ascii=False)

    assert "Steget vidare" in exported
    assert "xyzzy" not in exported
    assert "xyzzy" not in results
    assert Comment.objects.get().text == secret


# The privacy notice ----------------------------------------------------------------------------


def test_the_privacy_notice_says_what_is_stored_in_plain_swedish(client, code):
    page = client.get(f"/e/{code}/integritet")

    html = html_of(page)
    assert page.status_code == 200
    assert "<h1>Så hanteras dina svar</h1>" in html
    assert "Bara dina svar på frågorna." in html
    assert "Att koden är använd, så att samma enkät inte räknas två gånger." in html
    assert "Vilken dag svaren kom in, men inte klockslaget." in html
    assert "Resultaten redovisas så att ingen enskild person kan identifieras." in html
    assert "minst 5 personer" in html
    assert "Kim Kontakt" in html
    assert f'<a class="button" href="/e/{code}">Tillbaka till enkäten</a>' in html


def test_every_respondent_page_links_to_the_privacy_notice(client, code):
    assert f'href="/e/{code}/integritet"' in html_of(client.get(f"/e/{code}"))
    post(client, code)
    assert f'href="/e/{code}/integritet"' in html_of(client.get(f"/e/{code}/tack"))


def test_a_questionnaire_keeps_no_day_on_the_response_or_the_code(code, insats, period):
    from matpunkt.fieldwork.codes import code_scope
    from matpunkt.responses.survey.services import Submission, submit_with_code

    state = submit_with_code(scope=code_scope(code), submission=Submission(kon="", answers={1: 5}))

    assert state == "used_now"
    assert Response.objects.get().recorded_on is None
    assert DistributionEntry.objects.values_list("used", flat=True).get(code=code) is True


# A förbund that has handed in its data -----------------------------------------------------------


def _submit_period(forbund, period):
    from matpunkt.results.models import Submission, SubmissionStatus

    Submission.objects.update_or_create(
        forbund=forbund, period=period, defaults={"status": SubmissionStatus.SUBMITTED}
    )


def test_a_locked_period_takes_no_more_answers(client, code, forbund, period):
    _submit_period(forbund, period)

    page = client.get(f"/e/{code}")
    posted = post(client, code, f1="5")

    assert page.status_code == 409
    assert "<h1>Enkäten tar inte emot fler svar</h1>" in html_of(page)
    assert posted.status_code == 409
    assert Response.objects.count() == 0
    assert DistributionEntry.objects.get(code=code).used is False


def test_a_locked_period_refuses_new_codes(registrar, forbund, insats, period):
    from django.core.exceptions import ValidationError

    _submit_period(forbund, period)

    with pytest.raises(ValidationError) as error:
        issue(registrar, insats, period, count=1)

    assert error.value.code == "locked"
