"""Rule 8: a förbund's own answer figures of a period it has not submitted move in steps of K.

Two views of the results page with one web answer in between must show the same answer figures,
or the difference is that answer. The dataset: Södra Dalarna's "Steget vidare", period 2021,
deltagare pågående, asked 40; ten paper forms answer F1 with 6, 6, 6, 6, 5, 5, 3, 3, 3, 3
(10 answers, 6 clearly positive: 60 %). Web answers arrive through an open link.
"""

import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse

from matpunkt.fieldwork.codes import open_link_create
from matpunkt.instrument.models import Measure
from matpunkt.responses.models import Response
from matpunkt.responses.services import response_update
from matpunkt.responses.survey.services import Submission as Answers
from matpunkt.responses.survey.services import submit_with_open_link
from matpunkt.results import disclosure, live
from matpunkt.results.counts import load_counts
from matpunkt.results.goals import goal_fulfilment
from matpunkt.results.models import Goal, GoalKind, LiveFigures
from matpunkt.results.reports.forbund import build_forbund_report
from matpunkt.results.submission import submission_reopen, submission_submit
from matpunkt.results.trends import Series, measure_trend
from tests.reports.helpers import rows, short
from tests.results.helpers import PAGAENDE, distribute, forms, store

# The rule itself ---------------------------------------------------------------------------------


def test_a_vector_stays_until_k_answers_have_changed():
    shown = (4, 0, 4, 0, 2, 4)

    assert disclosure.step(shown, (4, 0, 4, 0, 2, 5), 5) == shown
    assert disclosure.step(shown, (5, 0, 4, 1, 2, 6), 5) == shown
    assert disclosure.step(shown, (5, 0, 5, 1, 2, 6), 5) == (5, 0, 5, 1, 2, 6)


def test_a_changed_answer_counts_as_one_removed_and_one_added():
    assert disclosure.gross_change((4, 0, 4, 0, 2, 4), (4, 0, 3, 0, 2, 5)) == 2
    assert disclosure.step((4, 0, 4, 0, 2, 4), (4, 0, 3, 0, 2, 5), 2) == (4, 0, 3, 0, 2, 5)
    assert disclosure.step((4, 0, 4, 0, 2, 4), (4, 0, 3, 0, 2, 5), 3) == (4, 0, 4, 0, 2, 4)


def test_figures_hidden_below_k_move_freely():
    # Nothing was shown of three answers but their number: the fourth may show at once.
    assert disclosure.step((1, 0, 2, 0, 0, 0), (1, 0, 2, 0, 0, 1), 5) == (1, 0, 2, 0, 0, 1)


def test_nothing_shown_yet_shows_the_current_counts():
    current = {"total": (5, 6), "women": (3, 2), "men": (2, 4), "other": (0, 0)}

    assert disclosure.step_question(None, current, 5) == {**current, "split": True}


def test_the_gender_split_moves_only_with_its_total_and_k_answers_in_each_class():
    shown = {"total": (5, 6), "women": (3, 2), "men": (2, 4), "other": (0, 0), "split": True}
    # Four men and one woman: the total moves by 5, the women by 1, so the split is left out
    # (the women's figures of the two views would give that woman's answer).
    after_five = {"total": (7, 9), "women": (3, 3), "men": (4, 6), "other": (0, 0)}
    # Four more women: women 5 and men 4 since the split was shown, the total 4 since it moved.
    after_nine = {"total": (9, 11), "women": (5, 5), "men": (4, 6), "other": (0, 0)}
    # One more man: every class has changed by none or at least 5, the total by 5.
    after_ten = {"total": (10, 11), "women": (5, 5), "men": (5, 6), "other": (0, 0)}

    first = disclosure.step_question(shown, after_five, 5)
    second = disclosure.step_question(first, after_nine, 5)
    third = disclosure.step_question(second, after_ten, 5)

    held = {"total": (7, 9), "women": (3, 2), "men": (2, 4), "other": (0, 0), "split": False}
    assert first == held
    assert second == held
    assert third == {**after_ten, "split": True}


def test_a_split_whose_total_did_not_move_keeps_its_old_moment():
    shown = {"total": (5, 6), "women": (3, 2), "men": (2, 4), "other": (0, 0), "split": True}
    # A form's gender corrected from woman to man: the total is the same, the split is not.
    corrected = {"total": (5, 6), "women": (2, 2), "men": (3, 4), "other": (0, 0)}

    assert disclosure.step_question(shown, corrected, 5) == shown


# The förbund's pages -----------------------------------------------------------------------------


@pytest.fixture
def ten_forms(insats, period):
    distribute(insats, period, PAGAENDE, 40)
    store(
        forms(insats, period, PAGAENDE, 4, f1=6),
        forms(insats, period, PAGAENDE, 2, f1=5),
        forms(insats, period, PAGAENDE, 4, f1=3),
    )
    return period


@pytest.fixture
def link(registrar, insats, ten_forms):
    return open_link_create(
        actor=registrar, insats=insats, period=ten_forms, group=PAGAENDE, variant="utan_kon"
    )


def web_answers(link, *values: int) -> None:
    for value in values:
        submit_with_open_link(
            link=link, form_key=uuid.uuid4(), submission=Answers(kon="", answers={1: value})
        )


def page_report(client, forbund, period):
    response = client.get(reverse("results:forbund_period", args=[forbund.pk, period.label]))
    assert response.status_code == 200
    return response.context["report"]


def answer_figures(report):
    """The question table and the distribution charts of the group: the answer figures."""
    section = report.section(f"questions-{PAGAENDE}")
    return short(rows(report, f"questions-{PAGAENDE}")), section.blocks[-1].charts


def f1_row(report):
    return short(rows(report, f"questions-{PAGAENDE}"))[0]


def test_one_web_answer_between_two_views_changes_no_answer_figure(
    client, reader, forbund, link, ten_forms
):
    client.force_login(reader)
    before = page_report(client, forbund, ten_forms)

    web_answers(link, 1)
    after = page_report(client, forbund, ten_forms)

    assert f1_row(before) == ["Fråga 1: Får", "10", "60 %", ""]
    assert answer_figures(after) == answer_figures(before)
    # Counts that are not answers stay live: the eleventh response is counted.
    assert rows(after, "participation") == [
        ["Steget vidare", "Deltagare, pågående insats", "40", "0", "11", "29", "28 %"]
    ]
    assert Response.objects.filter(source="web").count() == 1


def test_answer_figures_move_once_k_answers_have_arrived(client, reader, forbund, link, ten_forms):
    client.force_login(reader)
    page_report(client, forbund, ten_forms)

    web_answers(link, 1, 1, 2, 2)
    four_later = page_report(client, forbund, ten_forms)
    web_answers(link, 6)
    five_later = page_report(client, forbund, ten_forms)

    assert f1_row(four_later) == ["Fråga 1: Får", "10", "60 %", ""]
    # 15 answers, 7 clearly positive: the exact figures of the moment of the step.
    assert f1_row(five_later) == ["Fråga 1: Får", "15", "47 %", ""]
    chart = five_later.section(f"questions-{PAGAENDE}").blocks[-1].charts[0]
    assert [option.count for option in chart.options] == [2, 2, 4, 0, 2, 5]


@pytest.mark.parametrize(("k", "shown"), [(2, "70 %"), (3, "60 %")])
def test_a_corrected_form_is_a_change_of_two_answers(forbund_admin, forbund, ten_forms, k, shown):
    build_forbund_report(forbund=forbund, period=ten_forms, min_cell=k)
    form = Response.objects.filter(f1=3).first()

    response_update(
        actor=forbund_admin,
        response=form,
        variant="utan_kon",
        kon="",
        answers={1: 6},
        reason="Felregistrerad",
    )
    report = build_forbund_report(forbund=forbund, period=ten_forms, min_cell=k)

    assert f1_row(report) == ["Fråga 1: Får", "10", shown, ""]


def test_own_trends_and_goals_read_the_stepped_figures(forbund, link, ten_forms):
    Goal.objects.create(
        forbund=forbund,
        label="Deltagarna upplever stöd som är till nytta",
        measure=Measure.objects.get(key="dp_stod_nytta"),
        group=PAGAENDE,
        kind=GoalKind.TARGET_SHARE,
        target_share="0.58",
        plan_first_year=2021,
        plan_last_year=2021,
    )
    build_forbund_report(forbund=forbund, period=ten_forms)
    web_answers(link, 1)

    trend = measure_trend(measure_key="dp_stod_nytta", group=PAGAENDE, forbund=forbund)
    (goal,) = goal_fulfilment(forbund=forbund, period=ten_forms)
    exact = Series(forbund=forbund, exact=True).at(ten_forms).results

    assert [(p.answered, p.positive) for p in trend.points] == [(10, 6)]
    # 6 of 10 reach the target of 58 %; the exact 6 of 11 would not.
    assert (goal.figure.answered, goal.figure.positive, goal.achieved) == (10, 6, True)
    assert exact["groups"][PAGAENDE]["questions"]["F1"]["answered"] == 11


def test_the_report_says_the_figures_move_in_steps_without_a_time(forbund, ten_forms):
    report = build_forbund_report(forbund=forbund, period=ten_forms)

    # No time of the step: it would date the answers that made it (tests/privacy).
    assert report.summary[3] == (
        "Så länge förbundets data för mätperioden inte är inlämnade uppdateras "
        "svarsfördelningar och andelar i steg om minst 5 svar, så att ingen enskilds svar kan "
        "räknas fram genom att jämföra två visningar. Uppdelningen på kön kan därför saknas "
        "tills fler har svarat. Antalet svar per fråga gäller vid det senaste steget, medan "
        "svarsfrekvenserna räknar alla svar som har kommit in."
    )


def test_views_record_a_step_only_when_the_figures_move(forbund, link, ten_forms):
    build_forbund_report(forbund=forbund, period=ten_forms)
    first = LiveFigures.objects.get(forbund=forbund, period=ten_forms)

    web_answers(link, 1)
    build_forbund_report(forbund=forbund, period=ten_forms)

    again = LiveFigures.objects.get(forbund=forbund, period=ten_forms)
    assert (again.shown, again.updated_at) == (first.shown, first.updated_at)
    assert json.loads(again.shown)[f"{PAGAENDE}|F1"] == {
        "total": [0, 0, 4, 0, 2, 4],
        "women": [0, 0, 0, 0, 0, 0],
        "men": [0, 0, 0, 0, 0, 0],
        "other": [0, 0, 4, 0, 2, 4],
        "split": True,
    }


# Submission, reopening and the operator ----------------------------------------------------------


def test_submitting_deletes_the_live_figures_and_shows_exact_ones(
    client, reader, forbund_admin, forbund, link, ten_forms
):
    client.force_login(reader)
    page_report(client, forbund, ten_forms)
    web_answers(link, 1)

    submission_submit(actor=forbund_admin, forbund=forbund, period=ten_forms)
    report = page_report(client, forbund, ten_forms)

    assert not LiveFigures.objects.filter(forbund=forbund, period=ten_forms).exists()
    assert f1_row(report) == ["Fråga 1: Får", "11", "55 %", ""]
    assert len(report.summary) == 3


def test_reopening_starts_from_the_submitted_figures(
    client, reader, forbund_admin, forbund, ten_forms
):
    client.force_login(reader)
    submission_submit(actor=forbund_admin, forbund=forbund, period=ten_forms)
    page_report(client, forbund, ten_forms)
    submission_reopen(actor=forbund_admin, forbund=forbund, period=ten_forms, reason="Rättelse")
    form = Response.objects.filter(f1=3).first()
    response_update(
        actor=forbund_admin,
        response=form,
        variant="utan_kon",
        kon="",
        answers={1: 1},
        reason="Felregistrerad",
    )

    report = page_report(client, forbund, ten_forms)

    # The first view after the reopening shows the submitted figures, not the correction.
    assert f1_row(report) == ["Fråga 1: Får", "10", "60 %", ""]
    assert Response.objects.filter(f1=1).count() == 1


def test_results_command_stays_exact(forbund, link, ten_forms):
    build_forbund_report(forbund=forbund, period=ten_forms)
    web_answers(link, 1)
    out = io.StringIO()

    call_command("results", "--period", "2021", "--forbund", forbund.name, stdout=out)

    figures = json.loads(out.getvalue())["groups"][PAGAENDE]["questions"]["F1"]
    assert (figures["answered"], figures["positive"]) == (11, 6)


def test_other_forbund_have_their_own_live_figures(forbund, other_forbund, other_insats, ten_forms):
    distribute(other_insats, ten_forms, PAGAENDE, 10)
    store(forms(other_insats, ten_forms, PAGAENDE, 6, f1=6))

    build_forbund_report(forbund=forbund, period=ten_forms)
    build_forbund_report(forbund=other_forbund, period=ten_forms)

    assert sorted(LiveFigures.objects.values_list("forbund__name", flat=True)) == [
        "Södra Dalarna",
        "Östra Södertörn",
    ]
    stored = LiveFigures.objects.for_forbund(other_forbund).get()
    assert json.loads(stored.shown)[f"{PAGAENDE}|F1"]["total"] == [0, 0, 0, 0, 0, 6]


def test_start_from_replaces_what_was_shown(forbund, ten_forms):
    build_forbund_report(forbund=forbund, period=ten_forms)
    Response.objects.filter(f1=3).update(f1=1)

    live.start_from(
        forbund=forbund, period=ten_forms, table=load_counts(period=ten_forms, forbund=forbund)
    )

    stored = json.loads(LiveFigures.objects.get(forbund=forbund).shown)
    assert stored[f"{PAGAENDE}|F1"]["total"] == [4, 0, 0, 0, 2, 4]
