"""Trends across periods and instrument versions, changes, the spread between förbund, and
questions side by side across groups and indicators."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from scipy.stats import chi2_contingency

from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import Indicator, InstrumentVersion, Measure
from matpunkt.results.releases import release_create
from matpunkt.results.statistics import CHI2, IMPROVEMENT, wilson_interval
from matpunkt.results.submission import (
    submission_reopen,
    submission_submit,
    submitted_fingerprint,
)
from matpunkt.results.trends import (
    Series,
    changes_against_previous,
    forbund_spread,
    indicator_view,
    measure_trend,
    measures_across_groups,
    ordered_periods,
)
from tests.analysis.conftest import answer, forbund_with_answers
from tests.factories import InsatsFactory
from tests.results.helpers import PAGAENDE

OLD_WORDING = "Tar personalen tillvara dina erfarenheter, kunskaper och synpunkter?"
NEW_WORDING = "Upplever du att personalen tar tillvara dina erfarenheter, kunskaper och synpunkter?"


# Periods in time order ----------------------------------------------------------------------------


def test_periods_are_ordered_by_date_and_by_the_year_of_undated_labels(db):
    version = InstrumentVersion.objects.get(code="2021")
    Period.objects.create(label="2024", starts_on=datetime.date(2024, 9, 1), version=version)
    Period.objects.create(label="2019", version=version)
    Period.objects.create(label="Hösten 2022", version=version)
    Period.objects.create(label="2023", ends_on=datetime.date(2023, 11, 30), version=version)

    assert [p.label for p in ordered_periods()] == ["2019", "Hösten 2022", "2023", "2024"]


# Following a question across versions -------------------------------------------------------------


def test_trend_follows_a_reworded_question_across_versions_and_says_so(
    forbund, insats, p2017, p2019, p2021
):
    answer(insats, p2017, PAGAENDE, 7, positive=10, negative=10)
    answer(insats, p2019, PAGAENDE, 7, positive=2, negative=1)
    answer(insats, p2021, PAGAENDE, 7, positive=24, negative=6)

    trend = measure_trend(measure_key="deltagare_erfarenheter", group=PAGAENDE, forbund=forbund)

    note = (
        "Frågans formulering ändrades efter mätperiod 2019: tidigare ”"
        + OLD_WORDING
        + "”, nu ”"
        + NEW_WORDING
        + "”. Jämför med försiktighet."
    )
    assert trend.scope == "Södra Dalarna"
    assert trend.group_label == "Deltagare, pågående insats"
    assert trend.measure_name == "Personalen tar tillvara deltagarens erfarenheter"
    assert trend.notes == [note]
    assert trend.wording_changed is True
    first, middle, last = trend.points
    assert (first.period, first.version, first.question_code, first.question_text) == (
        "2017",
        "2017",
        "F7",
        OLD_WORDING,
    )
    assert (first.answered, first.positive, first.positive_share) == (20, 10, 0.5)
    assert first.interval == wilson_interval(10, 20)
    assert (first.compared_with, first.change, first.wording_changed) == (None, None, None)
    assert first.differs_from_newest is True
    # Three answers: suppressed, and so is any change computed from it.
    assert (middle.period, middle.answered, middle.positive, middle.positive_share) == (
        "2019",
        3,
        None,
        None,
    )
    assert (middle.interval, middle.compared_with, middle.change) == (None, "2017", None)
    assert middle.wording_changed is None
    assert (last.period, last.version, last.question_text) == ("2021", "2021", NEW_WORDING)
    assert (last.answered, last.positive, last.positive_share) == (30, 24, 0.8)
    assert (last.compared_with, last.change) == ("2019", None)
    assert last.wording_changed == note
    assert last.differs_from_newest is False


def test_trend_compares_with_the_nearest_earlier_period_with_answers(
    forbund, insats, p2017, p2019, p2021
):
    answer(insats, p2017, PAGAENDE, 7, positive=10, negative=10)
    answer(insats, p2021, PAGAENDE, 7, positive=24, negative=6)

    trend = measure_trend(measure_key="deltagare_erfarenheter", group=PAGAENDE, forbund=forbund)

    assert [(p.period, p.answered) for p in trend.points] == [
        ("2017", 20),
        ("2019", 0),
        ("2021", 30),
    ]
    last = trend.points[-1]
    assert last.compared_with == "2017"
    assert last.change.difference_pp == pytest.approx(30.0, abs=1e-12)
    assert last.change.test == CHI2
    assert last.change.p_value == pytest.approx(
        chi2_contingency([[24, 6], [10, 10]], correction=False).pvalue, abs=1e-12
    )
    assert last.change.p_value == pytest.approx(0.025891721975398557, abs=1e-12)
    assert last.change.verdict == IMPROVEMENT


def test_trend_follows_a_question_whose_number_changed(forbund, insats, p2017, p2021):
    answer(insats, p2017, "chefsgrupp", 1, positive=6, negative=0)
    answer(insats, p2021, "chefsgrupp", 3, positive=3, negative=3)

    trend = measure_trend(measure_key="strukturer_relationer", group="chefsgrupp", forbund=forbund)

    assert [(p.period, p.question_code, p.positive_share) for p in trend.points] == [
        ("2017", "F1", 1.0),
        ("2021", "F3", 0.5),
    ]
    assert trend.notes == []
    # 6/6 → 3/6 on so few answers: Fisher's exact test, and no sure change.
    assert trend.points[1].change.test == "fisher"
    assert trend.points[1].change.verdict == "ingen säker förändring"


def test_trend_of_a_question_reworded_between_2017_and_2021_for_dp_stod_nytta(
    forbund, insats, p2017, p2021
):
    answer(insats, p2017, PAGAENDE, 1, positive=5, negative=0)
    answer(insats, p2021, PAGAENDE, 1, positive=5, negative=0)

    trend = measure_trend(measure_key="dp_stod_nytta", group=PAGAENDE, forbund=forbund)

    assert [p.question_text for p in trend.points] == [
        "Får du stödet som är till stor nytta för dig?",
        "Får du stöd på ett sätt som är till stor nytta för dig?",
    ]
    assert trend.notes == [
        "Frågans formulering ändrades efter mätperiod 2017: tidigare ”Får du stödet som är till "
        "stor nytta för dig?”, nu ”Får du stöd på ett sätt som är till stor nytta för dig?”. "
        "Jämför med försiktighet."
    ]


def test_trend_leaves_out_periods_whose_version_does_not_ask_the_group(forbund, p2017, p2021):
    trend = measure_trend(measure_key="deltagares_erfarenheter", group="forbundschef")

    assert [p.period for p in trend.points] == ["2017"]
    assert trend.points[0].answered == 0
    assert trend.scope is None


def test_national_trend_of_submitted_data_leaves_out_forbund_not_submitted(nns_admin, p2021):
    forbund_with_answers("Alfa", p2021, PAGAENDE, 7, positive=8, negative=2, submit_as=nns_admin)
    forbund_with_answers("Beta", p2021, PAGAENDE, 7, positive=0, negative=10)

    everyone = measure_trend(measure_key="deltagare_erfarenheter", group=PAGAENDE)
    submitted = measure_trend(
        measure_key="deltagare_erfarenheter", group=PAGAENDE, submitted_only=True
    )

    assert (everyone.points[0].answered, everyone.points[0].positive) == (20, 8)
    assert (submitted.points[0].answered, submitted.points[0].positive) == (10, 8)


def test_trend_respects_a_larger_k(forbund, insats, p2021):
    answer(insats, p2021, PAGAENDE, 7, positive=5, negative=3)

    trend = measure_trend(
        measure_key="deltagare_erfarenheter", group=PAGAENDE, forbund=forbund, min_cell=10
    )

    assert (trend.min_cell, trend.points[0].answered, trend.points[0].positive_share) == (
        10,
        8,
        None,
    )


def test_a_series_for_another_scope_is_refused(forbund, p2021):
    series = Series(forbund=None)

    with pytest.raises(ValueError):
        measure_trend(
            measure_key="deltagare_erfarenheter", group=PAGAENDE, forbund=forbund, series=series
        )


def test_a_shared_series_gives_the_same_trend(forbund, insats, p2017, p2021):
    answer(insats, p2017, PAGAENDE, 7, positive=10, negative=10)
    answer(insats, p2021, PAGAENDE, 7, positive=24, negative=6)
    series = Series(forbund=forbund)

    shared = measure_trend(
        measure_key="deltagare_erfarenheter", group=PAGAENDE, forbund=forbund, series=series
    )

    assert shared == measure_trend(
        measure_key="deltagare_erfarenheter", group=PAGAENDE, forbund=forbund
    )


# Changes against the previous period --------------------------------------------------------------


def test_changes_against_previous_cover_every_figure_of_the_period(forbund, insats, p2017, p2021):
    answer(insats, p2017, PAGAENDE, 7, positive=10, negative=10)
    answer(insats, p2017, "personal", 7, positive=2, negative=2)
    answer(insats, p2021, PAGAENDE, 7, positive=24, negative=6)
    answer(insats, p2021, "personal", 7, positive=9, negative=1)

    changes = changes_against_previous(period=p2021, forbund=forbund)

    assert sorted(changes) == sorted(
        [(PAGAENDE, f"F{n}") for n in range(1, 8)] + [("personal", f"F{n}") for n in range(1, 10)]
    )
    assert changes[(PAGAENDE, "F7")].difference_pp == pytest.approx(30.0, abs=1e-12)
    assert changes[(PAGAENDE, "F7")].verdict == IMPROVEMENT
    # Four answers in 2017: suppressed, so no change is shown.
    assert changes[("personal", "F7")] is None
    assert changes[(PAGAENDE, "F1")] is None


def test_changes_against_previous_in_the_first_period_are_none(forbund, insats, p2017):
    answer(insats, p2017, PAGAENDE, 7, positive=10, negative=10)

    changes = changes_against_previous(period=p2017, forbund=forbund)

    assert set(changes.values()) == {None}
    assert len(changes) == 7


# The spread between förbund -----------------------------------------------------------------------


def test_spread_of_three_forbund_is_their_mean_in_every_quartile(nns_admin, p2021):
    forbund_with_answers("Alfa", p2021, PAGAENDE, 7, positive=8, negative=2, submit_as=nns_admin)
    forbund_with_answers("Beta", p2021, PAGAENDE, 7, positive=5, negative=5, submit_as=nns_admin)
    forbund_with_answers("Gamma", p2021, PAGAENDE, 7, positive=3, negative=3, submit_as=nns_admin)
    forbund_with_answers("Delta", p2021, PAGAENDE, 7, positive=4, negative=0, submit_as=nns_admin)
    # Not submitted: not in the national compilation.
    forbund_with_answers("Epsilon", p2021, PAGAENDE, 7, positive=0, negative=9)

    spread = forbund_spread(period=p2021, group=PAGAENDE, question_number=7)

    assert (spread.forbund_count, spread.too_few_answers, spread.min_cell) == (3, 1, 5)
    # Each quartile is the mean of the three figures nearest it: with three förbund, all
    # three. The old attack (2 · lower quartile − median) gives the mean, no förbund's share.
    mean = (0.5 + 0.5 + 0.8) / 3
    assert (spread.lower_quartile, spread.median, spread.upper_quartile) == (mean, mean, mean)
    assert 2 * spread.lower_quartile - spread.median == pytest.approx(0.6)
    assert spread.withheld is False
    assert (spread.period, spread.question_code, spread.group_label) == (
        "2021",
        "F7",
        "Deltagare, pågående insats",
    )


def test_spread_of_three_forbund_is_withheld_when_open_data_lists_one_of_them(nns_admin, p2021):
    # Delta (4 answers) is left out of open data and, to cover it, Gamma and Alfa (the smallest,
    # Alfa before Beta by id): Beta's figure is listed. A förbund that knows its own figure and
    # Beta's would get the third from the mean, so the spread is withheld.
    forbund_with_answers("Alfa", p2021, PAGAENDE, 7, positive=8, negative=2, submit_as=nns_admin)
    forbund_with_answers("Beta", p2021, PAGAENDE, 7, positive=5, negative=5, submit_as=nns_admin)
    forbund_with_answers("Gamma", p2021, PAGAENDE, 7, positive=3, negative=3, submit_as=nns_admin)
    forbund_with_answers("Delta", p2021, PAGAENDE, 7, positive=4, negative=0, submit_as=nns_admin)
    release_create(actor=nns_admin, period=p2021)

    for series in (
        Series(submitted_only=True, released=True),  # what förbund users see
        Series(submitted_only=True),  # NNS: the same definition
    ):
        spread = forbund_spread(period=p2021, group=PAGAENDE, question_number=7, series=series)

        assert (spread.forbund_count, spread.too_few_answers) == (3, 1)
        assert spread.withheld is True
        assert (spread.lower_quartile, spread.median, spread.upper_quartile) == (None,) * 3


def nine_forbund(period, nns_admin, positives, **small):
    """Förbund with 10 answers to F7 each, `positives[i]` of them positive, made in this order;
    `small` adds one more with fewer than K answers."""
    for index, positive in enumerate(positives):
        forbund_with_answers(
            f"Förbund {index + 1}", period, PAGAENDE, 7, positive=positive,
            negative=10 - positive, submit_as=nns_admin,
        )  # fmt: skip
    if small:
        forbund_with_answers("Litet", period, PAGAENDE, 7, **small, submit_as=nns_admin)
    release_create(actor=nns_admin, period=period)


def test_spread_of_nine_released_forbund_all_in_open_data(nns_admin, p2021):
    nine_forbund(p2021, nns_admin, [5, 6, 1, 2, 4, 7, 8, 9, 10])

    spread = forbund_spread(
        period=p2021,
        group=PAGAENDE,
        question_number=7,
        series=Series(submitted_only=True, released=True),
    )

    # Sorted: 0.1 0.2 0.4 0.5 0.6 0.7 0.8 0.9 1.0. Windows around positions 2, 4 and 6.
    assert spread.forbund_count == 9
    assert spread.lower_quartile == pytest.approx((0.2 + 0.4 + 0.5) / 3)
    assert spread.median == pytest.approx((0.5 + 0.6 + 0.7) / 3)
    assert spread.upper_quartile == pytest.approx((0.7 + 0.8 + 0.9) / 3)


def test_spread_is_withheld_when_open_data_lists_all_but_two_in_a_window(nns_admin, p2021):
    # "Litet" (3 answers) is left out of open data, and with it the two smallest förbund
    # (Förbund 1 and 2 by id, all have 10 answers): figures 0.5 and 0.6, which share the
    # median's window with 0.7. Förbund 2 knows its own 0.6 and open data's 0.7, so the
    # median's mean would give Förbund 1's 0.5.
    nine_forbund(p2021, nns_admin, [5, 6, 1, 2, 4, 7, 8, 9, 10], positive=3, negative=0)

    spread = forbund_spread(
        period=p2021,
        group=PAGAENDE,
        question_number=7,
        series=Series(submitted_only=True, released=True),
    )

    assert (spread.forbund_count, spread.too_few_answers, spread.withheld) == (9, 1, True)


def test_spread_is_suppressed_below_three_forbund_with_k_answers(nns_admin, p2021):
    forbund_with_answers("Alfa", p2021, PAGAENDE, 7, positive=8, negative=2, submit_as=nns_admin)
    forbund_with_answers("Beta", p2021, PAGAENDE, 7, positive=5, negative=5, submit_as=nns_admin)
    forbund_with_answers("Gamma", p2021, PAGAENDE, 7, positive=3, negative=1, submit_as=nns_admin)

    assert forbund_spread(period=p2021, group=PAGAENDE, question_number=7) is None


def test_spread_counts_only_submitted_forbund_unless_told_otherwise(nns_admin, p2021):
    forbund_with_answers("Alfa", p2021, PAGAENDE, 7, positive=8, negative=2, submit_as=nns_admin)
    forbund_with_answers("Beta", p2021, PAGAENDE, 7, positive=5, negative=5)
    forbund_with_answers("Gamma", p2021, PAGAENDE, 7, positive=3, negative=3)

    assert forbund_spread(period=p2021, group=PAGAENDE, question_number=7) is None
    spread = forbund_spread(period=p2021, group=PAGAENDE, question_number=7, submitted_only=False)
    assert (spread.forbund_count, spread.median) == (3, pytest.approx(0.6))


def test_spread_uses_each_forbund_over_all_its_insatser(nns_admin, p2021):
    alfa = forbund_with_answers("Alfa", p2021, PAGAENDE, 7, positive=2, negative=1)
    # Three answers in each of two insatser: six for the förbund, enough.
    answer(InsatsFactory(forbund=alfa, name="Andra"), p2021, PAGAENDE, 7, positive=3, negative=0)
    forbund_with_answers("Beta", p2021, PAGAENDE, 7, positive=5, negative=5)
    forbund_with_answers("Gamma", p2021, PAGAENDE, 7, positive=3, negative=3)

    spread = forbund_spread(period=p2021, group=PAGAENDE, question_number=7, submitted_only=False)

    assert (spread.forbund_count, spread.too_few_answers) == (3, 0)
    assert spread.upper_quartile == pytest.approx((5 / 6 + 0.5 + 0.5) / 3)


# Across groups and indicators ---------------------------------------------------------------------


def test_questions_asked_of_several_groups_side_by_side(forbund, insats, p2021):
    answer(insats, p2021, "personal", 7, positive=6, negative=4)
    answer(insats, p2021, "styrelse", 1, positive=3, negative=3)
    answer(insats, p2021, "chefsgrupp", 3, positive=1, negative=1)

    shared = measures_across_groups(period=p2021, forbund=forbund)

    assert [m.measure_key for m in shared] == [
        "deltagare_hantera_situation",
        "deltagare_redo",
        "deltagare_erfarenheter",
        "strukturer_relationer",
    ]
    structures = shared[3]
    assert structures.measure_name == "Strukturer för relationer mellan aktörer"
    assert [
        (f.group, f.question_code, f.answered, f.positive, f.positive_share)
        for f in structures.figures
    ] == [
        ("personal", "F7", 10, 6, 0.6),
        ("styrelse", "F1", 6, 3, 0.5),
        ("chefsgrupp", "F3", 2, None, None),
    ]
    assert structures.figures[0].interval == wilson_interval(6, 10)
    assert structures.figures[2].interval is None


def test_indicator_view_is_empty_until_nns_enters_indicators(forbund, insats, p2021):
    answer(insats, p2021, "personal", 7, positive=6, negative=4)

    assert indicator_view(period=p2021, forbund=forbund) == []


def test_indicator_view_shows_the_entered_indicators_measures(forbund, insats, p2021):
    answer(insats, p2021, "personal", 7, positive=6, negative=4)
    indicator = Indicator.objects.create(
        code="P3", name="Samverkansstrukturer", level="organisation", kind="process"
    )
    indicator.measures.add(
        Measure.objects.get(key="strukturer_relationer"),
        Measure.objects.get(key="deltagares_erfarenheter"),
        # No question of the period's version measures it: left out.
        Measure.objects.create(key="ny_fraga", name="En fråga som inte finns ännu"),
    )
    Indicator.objects.create(code="E1", name="Utan frågor", level="deltagare", kind="effekt")

    view = indicator_view(period=p2021, forbund=forbund)

    assert [(i.code, i.level_label, i.kind_label) for i in view] == [
        ("E1", "Deltagare", "Effektindikator"),
        ("P3", "Organisation", "Processindikator"),
    ]
    assert view[0].measures == []
    assert [m.measure_key for m in view[1].measures] == [
        "deltagares_erfarenheter",
        "strukturer_relationer",
    ]
    deltagares, structures = view[1].measures
    assert [(f.group, f.question_code) for f in deltagares.figures] == [("personal", "F5")]
    assert [(f.group, f.answered, f.positive_share) for f in structures.figures] == [
        ("personal", 10, 0.6),
        ("styrelse", 0, None),
        ("chefsgrupp", 0, None),
    ]


# Results resting on submitted data are cached until a submission changes --------------------------


def test_national_submitted_results_are_cached_until_a_reopening(nns_admin, p2021):
    alfa = forbund_with_answers(
        "Alfa", p2021, PAGAENDE, 7, positive=8, negative=2, submit_as=nns_admin
    )
    first = measure_trend(measure_key="deltagare_erfarenheter", group=PAGAENDE, submitted_only=True)

    # Served from the cache: the submissions are read, the responses are not counted again.
    with CaptureQueriesContext(connection) as queries:
        again = measure_trend(
            measure_key="deltagare_erfarenheter", group=PAGAENDE, submitted_only=True
        )
    assert again == first
    assert not [q for q in queries.captured_queries if "responses_response" in q["sql"]]
    submission_reopen(actor=nns_admin, forbund=alfa, period=p2021, reason="Rättning")
    answer(alfa.insatser.get(), p2021, PAGAENDE, 7, positive=0, negative=10)
    submission_submit(actor=nns_admin, forbund=alfa, period=p2021, accept_conflicts=True)

    changed = measure_trend(
        measure_key="deltagare_erfarenheter", group=PAGAENDE, submitted_only=True
    )
    assert (changed.points[0].answered, changed.points[0].positive) == (20, 8)


def test_a_forbunds_own_results_are_live_until_submitted(nns_admin, forbund, insats, p2021):
    answer(insats, p2021, PAGAENDE, 7, positive=8, negative=2)

    def answered():
        trend = measure_trend(measure_key="deltagare_erfarenheter", group=PAGAENDE, forbund=forbund)
        return trend.points[0].answered

    assert answered() == 10
    answer(insats, p2021, PAGAENDE, 7, positive=1, negative=0)
    assert answered() == 11
    submission_submit(actor=nns_admin, forbund=forbund, period=p2021, accept_conflicts=True)
    assert answered() == 11
    submission_reopen(actor=nns_admin, forbund=forbund, period=p2021, reason="Rättning")
    answer(insats, p2021, PAGAENDE, 7, positive=1, negative=0)
    assert answered() == 12


def test_renaming_an_insats_changes_the_submitted_fingerprint(nns_admin, p2021):
    alfa = forbund_with_answers(
        "Alfa", p2021, PAGAENDE, 7, positive=8, negative=2, submit_as=nns_admin
    )
    before = submitted_fingerprint(p2021)

    alfa.insatser.update(name="Nytt namn")

    assert submitted_fingerprint(p2021) != before
    assert submitted_fingerprint(p2021, alfa) is not None


def test_a_forbund_that_has_not_submitted_has_no_fingerprint(forbund, p2021):
    assert submitted_fingerprint(p2021, forbund) is None
