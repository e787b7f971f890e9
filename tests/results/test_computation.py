"""The counting rules of shared/domain.md, with the 2017 report's Tables 2–5 as a worked example."""

import pytest

from matpunkt.instrument.selectors import questionnaire_specs
from matpunkt.results.computation import compute_results, participation_by_insats
from tests.factories import InsatsFactory
from tests.results.helpers import AVSLUT, NEJ, PAGAENDE, distribute, forms, store


def test_response_rates_reproduce_table_2_with_correct_totals(report_2017):
    results = compute_results(period=report_2017)

    rows = {
        group: (g["asked"], g["nonresponse"], g["responses"], g["response_rate"])
        for group, g in results["groups"].items()
    }
    assert rows == {
        PAGAENDE: (586, 56, 530, 530 / 586),
        AVSLUT: (182, 83, 99, 99 / 182),
        "personal": (194, 13, 181, 181 / 194),
        "forbundschef": (16, 4, 12, 0.75),
        "styrelse": (79, 5, 74, 74 / 79),
        "chefsgrupp": (118, 18, 100, 100 / 118),
    }
    assert list(results["groups"]) == [
        PAGAENDE,
        AVSLUT,
        "personal",
        "forbundschef",
        "styrelse",
        "chefsgrupp",
    ]
    assert results["totals"] == {
        "participants": {
            "asked": 768,
            "responses": 629,
            "nonresponse": 139,
            "response_rate": 629 / 768,
        },
        "all": {"asked": 1175, "responses": 996, "nonresponse": 179, "response_rate": 996 / 1175},
    }
    assert results["totals"]["participants"]["response_rate"] == pytest.approx(0.819, abs=5e-4)
    assert results["totals"]["all"]["response_rate"] == pytest.approx(0.8477, abs=5e-5)
    assert results["warnings"] == []


def test_group_rows_add_up_to_the_totals(report_2017):
    results = compute_results(period=report_2017)
    groups = results["groups"].values()
    participants = [results["groups"][PAGAENDE], results["groups"][AVSLUT]]

    for key in ("asked", "responses", "nonresponse"):
        assert sum(g[key] for g in groups) == results["totals"]["all"][key]
        assert sum(g[key] for g in participants) == results["totals"]["participants"][key]


def test_gender_and_unreachable_reproduce_tables_3_and_4(report_2017):
    groups = compute_results(period=report_2017)["groups"]

    assert groups[PAGAENDE]["gender"] == {
        "without_gender_item": 218,
        "women": 170,
        "men": 111,
        "not_stated": 31,
    }
    assert groups[PAGAENDE]["unreachable"] == 48
    assert groups[AVSLUT]["gender"] == {
        "without_gender_item": 52,
        "women": 9,
        "men": 10,
        "not_stated": 28,
    }
    assert groups[AVSLUT]["unreachable"] == 11


def test_key_figure_reproduces_table_5_question_1(report_2017):
    f1 = compute_results(period=report_2017)["groups"][PAGAENDE]["questions"]["F1"]

    assert f1 == {
        "answered": 528,
        "positive": 385,
        "positive_share": 385 / 528,
        "distribution": {"1": 8, "2": 20, "3": 42, "4": 73, "5": 182, "6": 203},
        "women": {"answered": 169, "positive_share": 132 / 169},
        "men": {"answered": 110, "positive_share": 68 / 110},
    }
    assert round(f1["positive_share"] * 100) == 73
    assert round(f1["women"]["positive_share"] * 100) == 78
    assert round(f1["men"]["positive_share"] * 100) == 62


def test_every_question_of_the_questionnaire_is_listed(report_2017):
    groups = compute_results(period=report_2017)["groups"]
    specs = questionnaire_specs(report_2017.version)

    for group, figures in groups.items():
        assert list(figures["questions"]) == [q.code for q in specs[group].questions]
    assert groups["chefsgrupp"]["questions"]["F1"]["answered"] == 0
    assert groups["chefsgrupp"]["questions"]["F1"]["positive_share"] is None
    assert groups["forbundschef"]["questions"]["F1"]["positive_share"] == 2 / 12


def test_conditional_questions_count_only_forms_where_f8_is_ja(report_2017, insats):
    store(
        forms(insats, report_2017, AVSLUT, 4, f8=NEJ, f9=6, f10=6),
        forms(insats, report_2017, AVSLUT, 3, f9=1),
    )
    results = compute_results(period=report_2017)
    avslut = results["groups"][AVSLUT]

    assert avslut["questions"]["F9"]["answered"] == 62
    assert avslut["questions"]["F9"]["positive_share"] == 1.0
    assert avslut["questions"]["F10"]["answered"] == 52
    assert avslut["questions"]["F10"]["distribution"] == {
        "1": 0,
        "2": 0,
        "3": 0,
        "4": 52,
        "5": 0,
        "6": 0,
    }
    assert avslut["questions"]["F8"]["answered"] == 75
    assert avslut["responses"] == 106
    assert results["warnings"] == [
        "Södra Dalarna – Steget vidare – Deltagare, inför avslut: 7 formulär har svar på F9, F10 "
        "fast F8 inte är besvarad med ”Ja”. De svaren räknas inte."
    ]


def test_yes_no_question_counts_ja_as_positive_with_ja_nej_keys(report_2017):
    f8 = compute_results(period=report_2017)["groups"][AVSLUT]["questions"]["F8"]

    assert f8["answered"] == 71
    assert f8["positive"] == 62
    assert f8["distribution"] == {"ja": 62, "nej": 9}


def test_gender_split_needs_k_answers_from_both_women_and_men(report_2017):
    questions = compute_results(period=report_2017)["groups"][AVSLUT]["questions"]

    assert questions["F1"]["women"] == {"answered": 9, "positive_share": 1.0}
    assert questions["F1"]["men"] == {"answered": 10, "positive_share": 0.0}
    # F9: 10 men but no women answered it, so neither is shown.
    assert questions["F9"]["women"] is None
    assert questions["F9"]["men"] is None


@pytest.mark.parametrize(("n", "shown"), [(4, False), (5, True)])
def test_answer_figures_are_suppressed_below_k(insats, period, n, shown):
    distribute(insats, period, "styrelse", 10)
    store(forms(insats, period, "styrelse", n, f1=6))

    f1 = compute_results(period=period)["groups"]["styrelse"]["questions"]["F1"]

    assert f1["answered"] == n
    if shown:
        assert (f1["positive"], f1["positive_share"]) == (n, 1.0)
        assert f1["distribution"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": n}
    else:
        assert (f1["positive"], f1["positive_share"], f1["distribution"]) == (None, None, None)


@pytest.mark.parametrize(("women", "men", "shown"), [(5, 4, False), (4, 5, False), (5, 5, True)])
def test_gender_split_suppressed_when_one_sex_has_fewer_than_k(insats, period, women, men, shown):
    distribute(insats, period, PAGAENDE, 20)
    store(
        forms(insats, period, PAGAENDE, women, f1=5, variant="med_kon", kon="kvinna"),
        forms(insats, period, PAGAENDE, men, f1=1, variant="med_kon", kon="man"),
    )

    f1 = compute_results(period=period)["groups"][PAGAENDE]["questions"]["F1"]

    if shown:
        assert f1["women"] == {"answered": 5, "positive_share": 1.0}
        assert f1["men"] == {"answered": 5, "positive_share": 0.0}
    else:
        assert (f1["women"], f1["men"]) == (None, None)
    assert f1["positive_share"] == women / (women + men)


def test_counts_are_never_suppressed(insats, period):
    distribute(insats, period, PAGAENDE, 3, 1)
    store(forms(insats, period, PAGAENDE, 2, f1=5, variant="med_kon", kon="kvinna"))

    group = compute_results(period=period)["groups"][PAGAENDE]

    assert (group["asked"], group["unreachable"], group["responses"]) == (3, 1, 2)
    assert group["gender"]["women"] == 2
    assert group["questions"]["F1"]["answered"] == 2


def test_min_cell_argument_and_setting(insats, period, settings):
    distribute(insats, period, "styrelse", 10)
    store(forms(insats, period, "styrelse", 3, f1=6))

    assert (
        compute_results(period=period, min_cell=3)["groups"]["styrelse"]["questions"]["F1"][
            "positive"
        ]
        == 3
    )
    settings.MATPUNKT_MIN_CELL = 3
    results = compute_results(period=period)
    assert results["min_cell"] == 3
    assert results["groups"]["styrelse"]["questions"]["F1"]["positive"] == 3


def test_blank_form_is_not_a_response(insats, period):
    distribute(insats, period, "personal", 5)
    store(forms(insats, period, "personal", 2), forms(insats, period, "personal", 1, f3=2))

    group = compute_results(period=period)["groups"]["personal"]

    assert group["responses"] == 1
    assert group["nonresponse"] == 4
    assert group["gender"]["without_gender_item"] == 1


def test_gender_item_alone_is_not_a_response(insats, period):
    distribute(insats, period, PAGAENDE, 5)
    store(forms(insats, period, PAGAENDE, 2, variant="med_kon", kon="man"))

    group = compute_results(period=period)["groups"][PAGAENDE]

    assert group["responses"] == 0
    assert group["gender"] == {"without_gender_item": 0, "women": 0, "men": 0, "not_stated": 0}


def test_group_with_only_blank_forms_and_no_distribution_is_not_listed(insats, period):
    distribute(insats, period, "personal", 5)
    store(forms(insats, period, "styrelse", 2))

    assert list(compute_results(period=period)["groups"]) == ["personal"]


def test_scope_narrows_to_one_forbund(insats, other_insats, period, forbund):
    distribute(insats, period, "styrelse", 10)
    distribute(other_insats, period, "styrelse", 7)
    store(
        forms(insats, period, "styrelse", 6, f1=6),
        forms(other_insats, period, "styrelse", 5, f1=1),
    )

    results = compute_results(period=period, forbund=forbund)
    nation = compute_results(period=period)

    assert results["scope"] == {"forbund": "Södra Dalarna", "insats": None}
    assert results["groups"]["styrelse"]["asked"] == 10
    assert results["groups"]["styrelse"]["questions"]["F1"]["positive"] == 6
    assert nation["scope"] == {"forbund": None, "insats": None}
    assert nation["groups"]["styrelse"]["asked"] == 17
    assert nation["groups"]["styrelse"]["questions"]["F1"]["positive"] == 6


def test_scope_narrows_to_one_insats_and_names_its_forbund(insats, forbund, period):
    second = InsatsFactory(forbund=forbund, name="Andra steget")
    distribute(insats, period, "personal", 10)
    distribute(second, period, "personal", 20)
    store(forms(insats, period, "personal", 8, f1=2), forms(second, period, "personal", 9, f1=2))

    results = compute_results(period=period, insats=second)

    assert results["scope"] == {"forbund": "Södra Dalarna", "insats": "Andra steget"}
    assert (results["groups"]["personal"]["asked"], results["groups"]["personal"]["responses"]) == (
        20,
        9,
    )


def test_insats_of_another_forbund_is_refused(insats, other_forbund, period):
    with pytest.raises(ValueError):
        compute_results(period=period, forbund=other_forbund, insats=insats)


def test_more_responses_than_asked_is_a_conflict_not_a_figure(insats, period):
    distribute(insats, period, "personal", 2)
    store(forms(insats, period, "personal", 3, f1=4))

    results = compute_results(period=period)

    personal = results["groups"]["personal"]
    assert (personal["asked"], personal["unreachable"], personal["responses"]) == (2, 0, 3)
    assert (personal["nonresponse"], personal["response_rate"]) == (None, None)
    assert results["totals"]["all"] == {
        "asked": 2,
        "responses": 3,
        "nonresponse": None,
        "response_rate": None,
    }
    assert results["warnings"] == [
        "Södra Dalarna – Steget vidare – Personal: 3 svar men 2 tillfrågade, varav 0 ej nåbara. "
        "Svaren kan inte vara fler än de tillfrågade som gick att nå, så svarsfrekvens och "
        "bortfall visas inte."
    ]


def test_a_group_whose_sum_adds_up_keeps_its_rate_and_names_the_conflicting_place(
    insats, forbund, period
):
    second = InsatsFactory(forbund=forbund, name="Andra steget")
    distribute(insats, period, "personal", 5)
    distribute(second, period, "personal", 20)
    store(forms(insats, period, "personal", 6, f1=4), forms(second, period, "personal", 4, f1=4))

    results = compute_results(period=period)

    assert results["groups"]["personal"]["nonresponse"] == 15
    assert results["groups"]["personal"]["response_rate"] == 10 / 25
    assert results["warnings"] == [
        "Södra Dalarna – Steget vidare – Personal: 6 svar men 5 tillfrågade, varav 0 ej nåbara. "
        "Svaren kan inte vara fler än de tillfrågade som gick att nå, så svarsfrekvens och "
        "bortfall visas inte."
    ]


def test_responses_without_distribution_are_warned(insats, period):
    distribute(insats, period, "styrelse", 5)
    store(forms(insats, period, "personal", 3, f1=4))

    results = compute_results(period=period)

    assert results["groups"]["personal"]["asked"] == 0
    assert results["groups"]["personal"]["response_rate"] is None
    assert results["warnings"] == [
        "Södra Dalarna – Steget vidare – Personal: 3 svar men ingen utdelning registrerad."
    ]


def test_unreachable_above_nonresponse_is_a_conflict_not_a_figure(insats, period):
    distribute(insats, period, PAGAENDE, 10, 4)
    store(forms(insats, period, PAGAENDE, 8, f1=4))

    results = compute_results(period=period)

    group = results["groups"][PAGAENDE]
    assert (group["nonresponse"], group["response_rate"]) == (None, None)
    assert results["warnings"] == [
        "Södra Dalarna – Steget vidare – Deltagare, pågående insats: 8 svar men 10 tillfrågade, "
        "varav 4 ej nåbara. Svaren kan inte vara fler än de tillfrågade som gick att nå, så "
        "svarsfrekvens och bortfall visas inte."
    ]


def test_period_without_distribution_is_warned(insats, forbund, period):
    store(forms(insats, period, "styrelse", 1, f1=4))

    results = compute_results(period=period, forbund=forbund)

    assert results["warnings"] == [
        "Ingen utdelning är registrerad för mätperiod 2021 i Södra Dalarna.",
        "Södra Dalarna – Steget vidare – Styrelse: 1 svar men ingen utdelning registrerad.",
    ]


def test_empty_period_has_no_groups_and_null_rates(period):
    results = compute_results(period=period)

    assert results["groups"] == {}
    assert results["totals"]["all"] == {
        "asked": 0,
        "responses": 0,
        "nonresponse": 0,
        "response_rate": None,
    }
    assert results["warnings"] == [
        "Ingen utdelning är registrerad för mätperiod 2021 i hela landet."
    ]


def test_response_rate_is_null_when_asked_is_zero(insats, period):
    distribute(insats, period, "styrelse", 0)

    group = compute_results(period=period)["groups"]["styrelse"]

    assert (group["asked"], group["response_rate"]) == (0, None)
    assert group["questions"]["F1"]["positive_share"] is None


def test_answer_to_a_question_the_group_does_not_have_is_left_out(insats, period):
    distribute(insats, period, "styrelse", 10)
    store(forms(insats, period, "styrelse", 6, f1=5, f7=5))

    results = compute_results(period=period)

    assert list(results["groups"]["styrelse"]["questions"]) == ["F1", "F2", "F3"]
    assert results["warnings"] == [
        "Södra Dalarna – Steget vidare – Styrelse: 6 svar på F7 räknas inte eftersom enkäten "
        "för gruppen inte har den frågan."
    ]


def test_group_without_a_questionnaire_in_the_version_is_listed_without_questions(insats, period):
    distribute(insats, period, "forbundschef", 3)
    store(forms(insats, period, "forbundschef", 2, f1=5))

    results = compute_results(period=period)

    assert results["groups"]["forbundschef"]["responses"] == 2
    assert results["groups"]["forbundschef"]["questions"] == {}
    assert results["warnings"] == [
        "Förbundschef: instrumentversion 2021 har ingen enkät för gruppen, så svaren "
        "redovisas inte per fråga."
    ]


def test_results_json_has_exactly_the_contract_keys(report_2017):
    results = compute_results(period=report_2017)

    assert list(results) == ["period", "scope", "min_cell", "groups", "totals", "warnings"]
    group = results["groups"][PAGAENDE]
    assert list(group) == [
        "asked",
        "unreachable",
        "responses",
        "nonresponse",
        "response_rate",
        "gender",
        "questions",
    ]
    assert list(group["questions"]["F1"]) == [
        "answered",
        "positive",
        "positive_share",
        "distribution",
        "women",
        "men",
    ]
    assert (results["period"], results["min_cell"]) == ("2017", 5)


def test_participation_by_insats_lists_counts_per_insats_and_group(insats, forbund, period):
    second = InsatsFactory(forbund=forbund, name="Andra steget")
    distribute(insats, period, PAGAENDE, 10, 1)
    distribute(second, period, PAGAENDE, 4)
    store(forms(insats, period, PAGAENDE, 7, f1=5), forms(second, period, "personal", 2, f1=5))

    rows = participation_by_insats(period=period, forbund=forbund)

    assert [
        (
            r.insats,
            r.group,
            r.asked,
            r.unreachable,
            r.responses,
            r.nonresponse,
            r.response_rate,
            r.conflict,
        )
        for r in rows
    ] == [
        ("Andra steget", PAGAENDE, 4, 0, 0, 4, 0.0, ""),
        (
            "Andra steget",
            "personal",
            0,
            0,
            2,
            None,
            None,
            "2 svar men 0 tillfrågade, varav 0 ej nåbara",
        ),
        ("Steget vidare", PAGAENDE, 10, 1, 7, 3, 0.7, ""),
    ]
