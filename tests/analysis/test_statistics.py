"""The statistics module against scipy and statsmodels, and the verdicts it may give.

No database: these are pure functions.
"""

import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency, fisher_exact
from statsmodels.stats.proportion import proportion_confint

from matpunkt.results.statistics import (
    CHI2,
    DETERIORATION,
    FISHER,
    IMPROVEMENT,
    NO_CLEAR_CHANGE,
    Quartiles,
    chi2_p,
    compare_proportions,
    fisher_exact_p,
    median_and_quartiles,
    wilson_interval,
)

TOLERANCE = 1e-9

# Wilson interval ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("positive", "n"),
    [(0, 1), (1, 1), (0, 5), (5, 5), (3, 5), (1, 12), (385, 528), (74, 74), (1, 1000), (999, 1000)],
)
@pytest.mark.parametrize("confidence", [0.95, 0.9, 0.99])
def test_wilson_interval_equals_statsmodels(positive, n, confidence):
    low, high = wilson_interval(positive, n, confidence)

    expected_low, expected_high = proportion_confint(
        positive, n, alpha=1 - confidence, method="wilson"
    )
    assert low == pytest.approx(expected_low, abs=TOLERANCE)
    assert high == pytest.approx(expected_high, abs=TOLERANCE)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_equals_statsmodels_for_any_counts(counts):
    positive, n = counts

    low, high = wilson_interval(positive, n)

    expected_low, expected_high = proportion_confint(positive, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(expected_low, abs=TOLERANCE)
    assert high == pytest.approx(expected_high, abs=TOLERANCE)
    assert 0 <= low <= positive / n <= high <= 1


def test_wilson_interval_of_no_answers_is_none():
    assert wilson_interval(0, 0) is None


def test_wilson_interval_of_the_2017_reports_first_question():
    low, high = wilson_interval(385, 528)

    assert (round(low, 4), round(high, 4)) == (0.6897, 0.7653)


@pytest.mark.parametrize(("positive", "n"), [(-1, 5), (6, 5), (0, -1)])
def test_wilson_interval_refuses_impossible_counts(positive, n):
    with pytest.raises(ValueError):
        wilson_interval(positive, n)


# Fisher's exact test and chi-square ---------------------------------------------------------------

FISHER_TABLES = [
    (1, 9, 11, 3),
    (8, 2, 1, 5),
    (0, 5, 5, 0),
    (5, 5, 5, 5),
    (3, 7, 7, 3),
    (0, 0, 4, 6),
    (10, 0, 10, 0),
    (2, 3, 200, 150),
    (12, 1, 100, 99),
    (0, 12, 3, 40),
    (7, 12, 0, 5),
    (200, 200, 200, 200),
    (1, 2, 2, 1),
    (30, 3, 27, 6),
]


@pytest.mark.parametrize("table", FISHER_TABLES)
def test_fisher_exact_p_equals_scipy(table):
    a, b, c, d = table

    assert fisher_exact_p(a, b, c, d) == pytest.approx(
        fisher_exact([[a, b], [c, d]]).pvalue, abs=TOLERANCE
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=4, max_size=4))
def test_fisher_exact_p_equals_scipy_for_any_table(cells):
    a, b, c, d = cells

    assert fisher_exact_p(a, b, c, d) == pytest.approx(
        fisher_exact([[a, b], [c, d]]).pvalue, abs=TOLERANCE
    )


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 300), st.integers(0, 300))
def test_fisher_exact_p_counts_tables_as_likely_as_the_observed_one(x, y):
    # A symmetric table has a mirror image exactly as likely: both tails must be summed.
    assert fisher_exact_p(x, y, y, x) == pytest.approx(
        fisher_exact([[x, y], [y, x]]).pvalue, abs=TOLERANCE
    )


@pytest.mark.parametrize(
    "table", [(385, 143, 300, 200), (50, 50, 60, 40), (5, 10, 10, 5), (90, 10, 80, 20)]
)
def test_chi2_p_equals_scipy_without_continuity_correction(table):
    a, b, c, d = table

    expected = chi2_contingency([[a, b], [c, d]], correction=False).pvalue
    assert chi2_p(a, b, c, d) == pytest.approx(expected, abs=TOLERANCE)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 3000), min_size=4, max_size=4))
def test_chi2_p_equals_scipy_for_any_table(cells):
    a, b, c, d = cells

    expected = chi2_contingency([[a, b], [c, d]], correction=False).pvalue
    assert chi2_p(a, b, c, d) == pytest.approx(expected, abs=TOLERANCE)


def test_chi2_p_of_equal_shares_is_one():
    assert chi2_p(50, 50, 100, 100) == 1.0


# Comparing two periods ----------------------------------------------------------------------------


def test_a_clear_rise_is_an_improvement_by_chi_square():
    change = compare_proportions(earlier_positive=50, earlier_n=100, later_positive=70, later_n=100)

    assert change.test == CHI2
    assert change.difference_pp == pytest.approx(20.0, abs=1e-12)
    assert change.p_value == pytest.approx(
        chi2_contingency([[70, 30], [50, 50]], correction=False).pvalue, abs=TOLERANCE
    )
    assert change.significant is True
    assert change.verdict == IMPROVEMENT == "förbättring"


def test_a_clear_fall_is_a_deterioration():
    change = compare_proportions(earlier_positive=70, earlier_n=100, later_positive=50, later_n=100)

    assert change.difference_pp == pytest.approx(-20.0, abs=1e-12)
    assert change.verdict == DETERIORATION == "försämring"


def test_a_small_rise_is_no_clear_change():
    change = compare_proportions(earlier_positive=50, earlier_n=100, later_positive=55, later_n=100)

    assert change.significant is False
    assert change.verdict == NO_CLEAR_CHANGE == "ingen säker förändring"


def test_small_counts_use_fishers_exact_test():
    # Expected cells 3.5 < 5: the chi-square approximation does not hold.
    change = compare_proportions(earlier_positive=1, earlier_n=7, later_positive=6, later_n=7)

    assert change.test == FISHER
    assert change.p_value == pytest.approx(fisher_exact([[6, 1], [1, 6]]).pvalue, abs=TOLERANCE)
    assert change.p_value == pytest.approx(0.02913752913752914, abs=TOLERANCE)
    assert change.verdict == IMPROVEMENT


def test_a_large_rise_on_few_answers_is_no_clear_change():
    # 40 % → 80 % sounds large, but on 5 answers each it could be chance.
    change = compare_proportions(earlier_positive=2, earlier_n=5, later_positive=4, later_n=5)

    assert change.test == FISHER
    assert change.difference_pp == pytest.approx(40.0, abs=1e-12)
    assert change.p_value == pytest.approx(fisher_exact([[4, 1], [2, 3]]).pvalue, abs=TOLERANCE)
    assert change.verdict == NO_CLEAR_CHANGE


def test_all_positive_in_both_periods_is_no_clear_change():
    change = compare_proportions(earlier_positive=40, earlier_n=40, later_positive=60, later_n=60)

    assert change.test == FISHER
    assert change.p_value == 1.0
    assert change.difference_pp == 0.0
    assert change.verdict == NO_CLEAR_CHANGE


def test_comparing_with_no_answers_is_refused():
    with pytest.raises(ValueError):
        compare_proportions(earlier_positive=0, earlier_n=0, later_positive=3, later_n=5)


counts = st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=500, deadline=None)
@given(counts, counts, st.sampled_from([0.05, 0.01, 0.1]))
def test_a_change_is_better_or_worse_only_when_significant(earlier, later, alpha):
    change = compare_proportions(
        earlier_positive=earlier[0],
        earlier_n=earlier[1],
        later_positive=later[0],
        later_n=later[1],
        alpha=alpha,
    )

    assert change.significant == (change.p_value < alpha)
    if not change.significant:
        assert change.verdict == NO_CLEAR_CHANGE
    elif change.difference_pp > 0:
        assert change.verdict == IMPROVEMENT
    else:
        assert change.difference_pp < 0
        assert change.verdict == DETERIORATION
    table = [[later[0], later[1] - later[0]], [earlier[0], earlier[1] - earlier[0]]]
    if change.test == FISHER:
        expected = fisher_exact(table).pvalue
    else:
        expected = chi2_contingency(table, correction=False).pvalue
    assert change.p_value == pytest.approx(expected, abs=TOLERANCE)


@settings(max_examples=300, deadline=None)
@given(counts, counts)
def test_the_test_is_fisher_exactly_when_an_expected_cell_is_below_five(earlier, later):
    change = compare_proportions(
        earlier_positive=earlier[0],
        earlier_n=earlier[1],
        later_positive=later[0],
        later_n=later[1],
    )

    table = np.array([[later[0], later[1] - later[0]], [earlier[0], earlier[1] - earlier[0]]])
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    assert (change.test == FISHER) == bool((expected < 5).any())


# Median and quartiles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [[0.5], [0.2, 0.8], [0.1, 0.5, 0.9], [0.7, 0.2, 0.4, 0.9], [0.31, 0.62, 0.55, 0.8, 0.47, 0.66]],
)
def test_median_and_quartiles_use_linear_interpolation_as_numpy(values):
    result = median_and_quartiles(values)

    lower, median, upper = np.quantile(values, [0.25, 0.5, 0.75], method="linear")
    assert result == Quartiles(
        median=pytest.approx(median, abs=TOLERANCE),
        lower=pytest.approx(lower, abs=TOLERANCE),
        upper=pytest.approx(upper, abs=TOLERANCE),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=2, max_size=80))
def test_median_and_quartiles_equal_statistics_quantiles_inclusive(values):
    result = median_and_quartiles(values)

    lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
    assert result.lower == pytest.approx(lower, abs=TOLERANCE)
    assert result.median == pytest.approx(median, abs=TOLERANCE)
    assert result.upper == pytest.approx(upper, abs=TOLERANCE)


def test_median_and_quartiles_of_nothing_is_none():
    assert median_and_quartiles([]) is None


def test_median_and_quartiles_of_four_figures():
    assert median_and_quartiles([0.4, 0.6, 0.5, 0.8]) == (
        pytest.approx(0.55),
        pytest.approx(0.475),
        pytest.approx(0.65),
    )
