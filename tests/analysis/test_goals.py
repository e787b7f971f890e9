"""Plan goals: writing them (audited, administrators only) and judging them honestly."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from matpunkt.core.models import AuditEvent
from matpunkt.instrument.models import Measure
from matpunkt.results.goals import (
    goal_create,
    goal_delete,
    goal_fulfilment,
    goal_fulfilment_text,
    goal_update,
)
from matpunkt.results.models import Goal, GoalKind
from matpunkt.results.statistics import wilson_interval
from tests.analysis.conftest import answer

NBSP = "\u00a0"
AVSLUT = "deltagare_avslut"
HANTERA = "Deltagare i individinriktade insatser upplever att de fått hjälp att utveckla sätt att hantera sin situation."  # noqa: E501
STRUKTUR = "Samverkansstrukturen är en fungerande plattform för relationer mellan parterna."


def measure(key):
    return Measure.objects.get(key=key)


def target_goal(forbund, share="0.70", *, group=AVSLUT, key="deltagare_hantera_situation", **kw):
    kw.setdefault("plan_first_year", 2021)
    kw.setdefault("plan_last_year", kw["plan_first_year"])
    return Goal.objects.create(
        forbund=forbund,
        label=kw.pop("label", HANTERA),
        measure=measure(key),
        group=group,
        kind=GoalKind.TARGET_SHARE,
        target_share=Decimal(share),
        **kw,
    )


def higher_goal(forbund, *, group="personal", key="strukturer_relationer", **kw):
    kw.setdefault("plan_first_year", 2021)
    kw.setdefault("plan_last_year", kw["plan_first_year"])
    return Goal.objects.create(
        forbund=forbund,
        label=kw.pop("label", STRUKTUR),
        measure=measure(key),
        group=group,
        kind=GoalKind.HIGHER_THAN_LAST,
        **kw,
    )


# Writing goals ------------------------------------------------------------------------------------


def test_forbund_admin_records_a_goal_and_it_is_audited(forbund, forbund_admin):
    goal = goal_create(
        actor=forbund_admin,
        forbund=forbund,
        label=f"  {HANTERA} ",
        measure=measure("deltagare_hantera_situation"),
        group=AVSLUT,
        kind=GoalKind.TARGET_SHARE,
        target_share=Decimal("0.7"),
        plan_first_year=2022,
        plan_last_year=2024,
    )

    assert (goal.label, goal.target_share, goal.plan_years, goal.active) == (
        HANTERA,
        Decimal("0.7"),
        "2022\u20132024",
        True,
    )
    event = AuditEvent.objects.get(action="goal.create")
    assert (event.actor, event.forbund, event.after) == (
        forbund_admin,
        forbund,
        {
            "label": HANTERA,
            "measure": "deltagare_hantera_situation",
            "group": AVSLUT,
            "kind": "target_share",
            "target_share": "0.700",
            "plan_first_year": 2022,
            "plan_last_year": 2024,
            "active": True,
        },
    )


def test_a_target_goal_needs_its_target(forbund, forbund_admin):
    with pytest.raises(ValidationError) as error:
        goal_create(
            actor=forbund_admin,
            forbund=forbund,
            label=HANTERA,
            measure=measure("deltagare_hantera_situation"),
            group=AVSLUT,
            plan_first_year=2022,
            kind=GoalKind.TARGET_SHARE,
        )

    assert error.value.message_dict == {
        "target_share": ["Ange målnivån som en andel mellan 0 och 1, t.ex. 0,70 för 70 %."]
    }
    assert not Goal.objects.exists()


def test_a_goal_must_use_a_question_asked_of_its_group(forbund, forbund_admin):
    with pytest.raises(ValidationError) as error:
        goal_create(
            actor=forbund_admin,
            forbund=forbund,
            label=HANTERA,
            measure=measure("deltagare_hantera_situation"),
            group="styrelse",
            plan_first_year=2022,
            kind=GoalKind.HIGHER_THAN_LAST,
        )

    assert error.value.message_dict == {
        "measure": [
            "Frågan ”Hjälp att hantera sin situation” ställs inte till gruppen Styrelse i "
            "någon enkät."
        ]
    }


def test_a_goal_text_may_not_hold_a_personnummer(forbund, forbund_admin):
    with pytest.raises(ValidationError) as error:
        goal_create(
            actor=forbund_admin,
            forbund=forbund,
            label="Mål för 19850101-1234",
            measure=measure("strukturer_relationer"),
            group="personal",
            plan_first_year=2022,
            kind=GoalKind.HIGHER_THAN_LAST,
        )

    assert list(error.value.message_dict) == ["label"]


def test_a_higher_than_last_goal_keeps_no_target(forbund, forbund_admin):
    goal = goal_create(
        actor=forbund_admin,
        forbund=forbund,
        label=STRUKTUR,
        measure=measure("strukturer_relationer"),
        group="personal",
        kind=GoalKind.HIGHER_THAN_LAST,
        plan_first_year=2022,
        target_share=Decimal("0.5"),
    )

    assert goal.target_share is None


def test_updating_and_deleting_a_goal_are_audited(forbund, forbund_admin):
    goal = target_goal(forbund)

    goal_update(
        actor=forbund_admin,
        goal=goal,
        label=HANTERA,
        measure=goal.measure,
        group=AVSLUT,
        kind=GoalKind.TARGET_SHARE,
        target_share=Decimal("0.8"),
        plan_first_year=2021,
        active=False,
    )
    goal_delete(actor=forbund_admin, goal=goal)

    update = AuditEvent.objects.get(action="goal.update")
    assert (update.before["target_share"], update.after["target_share"]) == ("0.700", "0.800")
    assert (update.before["active"], update.after["active"]) == (True, False)
    assert AuditEvent.objects.get(action="goal.delete").before["label"] == HANTERA
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("user", "error"),
    [("registrar", PermissionDenied), ("reader", PermissionDenied), ("outsider", Http404)],
)
def test_only_administrators_of_the_forbund_write_goals(forbund, request, user, error):
    actor = request.getfixturevalue(user)
    goal = target_goal(forbund)

    with pytest.raises(error):
        goal_create(
            actor=actor,
            forbund=forbund,
            plan_first_year=2022,
            label=STRUKTUR,
            measure=measure("strukturer_relationer"),
            group="personal",
            kind=GoalKind.HIGHER_THAN_LAST,
        )
    with pytest.raises(error):
        goal_delete(actor=actor, goal=goal)
    assert Goal.objects.count() == 1


# Judging goals ------------------------------------------------------------------------------------


def test_a_target_reached_is_achieved_with_a_caution_when_the_interval_spans_it(
    forbund, insats, p2021
):
    target_goal(forbund)
    answer(insats, p2021, AVSLUT, 5, positive=15, negative=5)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.figure.answered, result.figure.positive, result.figure.positive_share) == (
        20,
        15,
        0.75,
    )
    assert result.figure.interval == wilson_interval(15, 20)
    assert (result.achieved, result.verdict) == (True, "Målet är uppnått")
    assert result.note == (
        f"Målnivån ligger inom 95-procentsintervallet (53–89{NBSP}%), så resultatet kan bero "
        "på slumpen."
    )


def test_a_target_exactly_met_is_achieved(forbund, insats, p2021):
    target_goal(forbund)
    answer(insats, p2021, AVSLUT, 5, positive=14, negative=6)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.achieved, result.verdict) == (True, "Målet är uppnått")


def test_a_target_missed_is_not_achieved(forbund, insats, p2021):
    target_goal(forbund, "0.90")
    answer(insats, p2021, AVSLUT, 5, positive=15, negative=5)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.achieved, result.verdict, result.note) == (
        False,
        "Målet är inte uppnått",
        "",
    )


def test_a_goal_on_fewer_than_k_answers_cannot_be_judged(forbund, insats, p2021):
    target_goal(forbund)
    answer(insats, p2021, AVSLUT, 5, positive=4, negative=0)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.achieved, result.verdict) == (None, "Kan inte bedömas: färre än 5 svar")
    assert (result.figure.answered, result.figure.positive, result.figure.positive_share) == (
        4,
        None,
        None,
    )
    text = goal_fulfilment_text(forbund=forbund, period=p2021)
    assert "100" not in text
    assert "Utfall: 4 svar, för få för att redovisa en andel." in text


def test_suppression_follows_k(forbund, insats, p2021):
    target_goal(forbund)
    answer(insats, p2021, AVSLUT, 5, positive=8, negative=1)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021, min_cell=10)

    assert result.verdict == "Kan inte bedömas: färre än 10 svar"


def test_higher_than_last_needs_a_significant_increase(forbund, insats, p2017, p2021):
    higher_goal(forbund)
    answer(insats, p2017, "personal", 7, positive=10, negative=10)
    answer(insats, p2021, "personal", 7, positive=24, negative=6)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.achieved, result.verdict) == (True, "Högre än förra perioden")
    assert (result.previous_period, result.previous.positive_share) == ("2017", 0.5)
    assert result.change.significant is True
    assert result.difference_text == "+30,0"


def test_a_rise_that_may_be_chance_is_no_clear_change(forbund, insats, p2017, p2021):
    higher_goal(forbund)
    answer(insats, p2017, "personal", 7, positive=5, negative=5)
    answer(insats, p2021, "personal", 7, positive=8, negative=2)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.achieved, result.verdict) == (None, "Ingen säker förändring")
    assert result.change.test == "fisher"
    assert result.change.difference_pp == pytest.approx(30.0)


def test_a_significant_fall_is_lower_than_last_period(forbund, insats, p2017, p2021):
    higher_goal(forbund)
    answer(insats, p2017, "personal", 7, positive=24, negative=6)
    answer(insats, p2021, "personal", 7, positive=10, negative=10)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.achieved, result.verdict) == (False, "Lägre än förra perioden")


def test_higher_than_last_without_an_earlier_period_cannot_be_judged(forbund, insats, p2021):
    higher_goal(forbund)
    answer(insats, p2021, "personal", 7, positive=24, negative=6)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.achieved, result.verdict) == (
        None,
        "Kan inte bedömas: det finns ingen tidigare mätperiod att jämföra med",
    )


def test_higher_than_last_with_few_answers_last_time_cannot_be_judged(
    forbund, insats, p2017, p2021
):
    higher_goal(forbund)
    answer(insats, p2017, "personal", 7, positive=1, negative=2)
    answer(insats, p2021, "personal", 7, positive=24, negative=6)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.achieved, result.verdict, result.change) == (
        None,
        "Kan inte bedömas: färre än 5 svar under mätperiod 2017",
        None,
    )
    assert "33" not in goal_fulfilment_text(forbund=forbund, period=p2021)


def test_a_goal_whose_question_the_period_does_not_ask_cannot_be_judged(forbund, p2021):
    Goal.objects.create(
        forbund=forbund,
        label="Förbundschefen upplever att deltagares erfarenheter tas tillvara.",
        measure=measure("deltagares_erfarenheter"),
        group="forbundschef",
        kind=GoalKind.HIGHER_THAN_LAST,
        plan_first_year=2021,
        plan_last_year=2021,
    )

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.figure, result.verdict) == (
        None,
        "Kan inte bedömas: frågan ställs inte till gruppen i mätperiod 2021",
    )


def test_inactive_goals_and_other_forbunds_goals_are_not_judged(
    forbund, other_forbund, insats, p2021
):
    target_goal(forbund, active=False)
    target_goal(other_forbund)
    higher_goal(forbund)

    results = goal_fulfilment(forbund=forbund, period=p2021)

    assert [r.goal.label for r in results] == [STRUKTUR]


# The paragraph for the annual report --------------------------------------------------------------


def test_goal_fulfilment_text_is_a_paragraph_per_goal(forbund, insats, p2017, p2021):
    target_goal(forbund, plan_first_year=2021, plan_last_year=2022)
    higher_goal(forbund, plan_first_year=2021, plan_last_year=2022)
    answer(insats, p2021, AVSLUT, 5, positive=15, negative=5)
    answer(insats, p2017, "personal", 7, positive=10, negative=10)
    answer(insats, p2021, "personal", 7, positive=24, negative=6)

    text = goal_fulfilment_text(forbund=forbund, period=p2021)

    assert text == (
        f"{HANTERA} Verksamhetsplan 2021\u20132022. Indikator: Mäts med NNS indikatorenkät, "
        "deltagare, inför avslut, fråga F5 "
        "”Har det stöd du fått hjälpt dig att utveckla sätt att hantera din situation?” "
        f"(mätperiod 2021). Målnivå: minst 70{NBSP}% klart positiva svar. Utfall: 75{NBSP}% "
        f"klart positiva svar av 20 svar (95 % konfidensintervall 53–89{NBSP}%). Målet är "
        f"uppnått. Målnivån ligger inom 95-procentsintervallet (53–89{NBSP}%), så resultatet "
        "kan bero på slumpen."
        "\n\n"
        f"{STRUKTUR} Verksamhetsplan 2021\u20132022. Indikator: Mäts med NNS indikatorenkät, "
        "personal, fråga F7 ”Har ni "
        "strukturer för att initiera, upprätthålla och underhålla relationer mellan inblandade "
        "aktörer?” (mätperiod 2021). Mål: högre andel klart positiva svar än förra "
        f"mätperioden. Utfall: 80{NBSP}% klart positiva svar av 30 svar (95 % "
        f"konfidensintervall 63–90{NBSP}%). Mätperioden 2017: 50{NBSP}% av 20 svar, en "
        "skillnad på +30,0 procentenheter. Högre än förra perioden."
    )


def test_goal_fulfilment_text_for_a_yes_no_question_speaks_of_ja(forbund, insats, p2021):
    target_goal(forbund, "0.5", key="da_planering_paborjad", label="Planering finns.")
    answer(insats, p2021, AVSLUT, 8, positive=0, negative=6)

    text = goal_fulfilment_text(forbund=forbund, period=p2021)

    assert f"Målnivå: minst 50{NBSP}% svar ja." in text
    assert f"Utfall: 0{NBSP}% svar ja av 6 svar" in text
    assert text.endswith("Målet är inte uppnått.")


def test_goal_fulfilment_text_without_goals_is_empty(forbund, p2021):
    assert goal_fulfilment_text(forbund=forbund, period=p2021) == ""


def test_goal_fulfilment_text_without_answers_says_so(forbund, p2021):
    target_goal(forbund)

    text = goal_fulfilment_text(forbund=forbund, period=p2021)

    assert text.endswith(
        f"Målnivå: minst 70{NBSP}% klart positiva svar. Utfall: inga svar på frågan. Kan inte "
        "bedömas: färre än 5 svar."
    )


# Goals belong to their plan years ----------------------------------------------------------------


def test_a_goal_is_not_judged_on_data_from_before_its_plan(forbund, insats, p2021):
    target_goal(forbund, plan_first_year=2025, label="Verksamhetsplan 2025: hjälp att hantera.")
    answer(insats, p2021, AVSLUT, 5, positive=20, negative=0)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.figure, result.achieved, result.verdict) == (
        None,
        None,
        "Bedöms inte: målet hör till verksamhetsplanen 2025, och ingen mätperiod under planens "
        "år är mätt ännu",
    )
    assert goal_fulfilment_text(forbund=forbund, period=p2021) == (
        "Verksamhetsplan 2025: hjälp att hantera. Verksamhetsplan 2025. Indikator: Mäts med NNS "
        "indikatorenkät, deltagare, inför avslut, mätperiod 2021. Målnivå: minst "
        f"70{NBSP}% klart positiva svar. Bedöms inte: målet hör till verksamhetsplanen 2025, och "
        "ingen mätperiod under planens år är mätt ännu."
    )


def test_a_goal_outside_the_period_names_the_periods_of_its_plan(
    forbund, insats, p2017, p2019, p2021
):
    target_goal(forbund, plan_first_year=2019, plan_last_year=2021)
    answer(insats, p2017, AVSLUT, 5, positive=20, negative=0)

    (result,) = goal_fulfilment(forbund=forbund, period=p2017)

    assert (result.achieved, result.verdict) == (
        None,
        "Bedöms inte på mätperiod 2017: målet hör till verksamhetsplanen 2019–2021 och bedöms "
        "på mätperiod 2019, 2021",
    )


def test_a_goal_is_judged_on_every_period_of_its_plan_years(forbund, insats, p2019, p2021):
    target_goal(forbund, "0.5", plan_first_year=2019, plan_last_year=2021)
    answer(insats, p2019, AVSLUT, 5, positive=3, negative=7)
    answer(insats, p2021, AVSLUT, 5, positive=8, negative=2)

    (in_2019,) = goal_fulfilment(forbund=forbund, period=p2019)
    (in_2021,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (in_2019.achieved, in_2019.verdict) == (False, "Målet är inte uppnått")
    assert (in_2021.achieved, in_2021.verdict) == (True, "Målet är uppnått")


def test_a_period_without_dates_takes_its_year_from_its_label(forbund, insats):
    from tests.factories import PeriodFactory

    period = PeriodFactory(label="Hösten 2024", starts_on=None, ends_on=None)
    target_goal(forbund, plan_first_year=2024)
    target_goal(forbund, plan_first_year=2025, label="Ett mål för 2025.")

    results = goal_fulfilment(forbund=forbund, period=period)

    assert [r.verdict.startswith("Bedöms inte") for r in results] == [False, True]


def test_a_goal_without_plan_years_is_judged_on_no_period(forbund, insats, p2021):
    target_goal(forbund, plan_first_year=None, plan_last_year=None)
    answer(insats, p2021, AVSLUT, 5, positive=20, negative=0)

    (result,) = goal_fulfilment(forbund=forbund, period=p2021)

    assert (result.achieved, result.verdict) == (
        None,
        "Bedöms inte: verksamhetsplanens år saknas för målet",
    )


def test_a_goal_needs_its_first_plan_year_and_the_last_defaults_to_it(forbund, forbund_admin):
    values = {
        "actor": forbund_admin,
        "forbund": forbund,
        "label": STRUKTUR,
        "measure": measure("strukturer_relationer"),
        "group": "personal",
        "kind": GoalKind.HIGHER_THAN_LAST,
    }
    with pytest.raises(ValidationError) as error:
        goal_create(**values, plan_first_year=None)

    goal = goal_create(**values, plan_first_year=2025)

    assert error.value.message_dict == {
        "plan_first_year": ["Ange det första år som verksamhetsplanen gäller, t.ex. 2025."]
    }
    assert (goal.plan_first_year, goal.plan_last_year, goal.plan_years) == (2025, 2025, "2025")


def test_plan_years_must_be_in_order_and_in_range(forbund, forbund_admin):
    values = {
        "actor": forbund_admin,
        "forbund": forbund,
        "label": STRUKTUR,
        "measure": measure("strukturer_relationer"),
        "group": "personal",
        "kind": GoalKind.HIGHER_THAN_LAST,
    }
    with pytest.raises(ValidationError) as backwards:
        goal_create(**values, plan_first_year=2025, plan_last_year=2023)
    with pytest.raises(ValidationError) as far:
        goal_create(**values, plan_first_year=1990)

    assert backwards.value.message_dict == {
        "plan_last_year": ["Planens sista år (2023) kan inte vara före det första (2025)."]
    }
    assert far.value.message_dict == {
        "plan_first_year": ["Kontrollera att detta värde är större än eller lika med 2000."]
    }
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2022", (2022, 2022)),
        ("2022–2024", (2022, 2024)),
        ("Verksamhetsplan 2025", (2025, 2025)),
        ("VP 2023 - 25", (2023, 2025)),
        ("hösten", None),
        ("", None),
    ],
)
def test_the_migration_reads_plan_years_from_the_old_text(text, years):
    import importlib

    migration = importlib.import_module(
        "matpunkt.results.migrations.0004_goal_plan_years_from_text"
    )

    assert migration.plan_years(text) == years


@pytest.mark.django_db(transaction=True)
def test_migrating_existing_goals_gives_them_the_years_of_their_text():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("results", "0002_submitted_counts")]
    after = [("results", "0005_goal_remove_plan_text")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    forbund = old.get_model("organisations", "Forbund").objects.create(name="Gamla förbundet")
    measure = old.get_model("instrument", "Measure").objects.get(key="strukturer_relationer")
    OldGoal = old.get_model("results", "Goal")
    for text in ("Verksamhetsplan 2025", "2022–2024", "ingen plan"):
        OldGoal.objects.create(
            forbund=forbund,
            label=f"Mål {text}",
            measure=measure,
            group="personal",
            kind="higher_than_last",
            plan_period=text,
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    try:
        assert sorted(Goal.objects.values_list("label", "plan_first_year", "plan_last_year")) == [
            ("Mål 2022–2024", 2022, 2024),
            ("Mål Verksamhetsplan 2025", 2025, 2025),
            ("Mål ingen plan", None, None),
        ]
    finally:
        # The later tests need the latest schema (tables added after 0005 included).
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
