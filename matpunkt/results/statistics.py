"""Honest statistics for the key figures: intervals, tests of change, and the spread of figures.

Pure Python with no dependency beyond the standard library, so that production needs no
scientific stack; the tests check every function against scipy and statsmodels.

A key figure is the share of clearly positive answers (or Ja) among those who answered a
question: a proportion `positive / n`. Higher is better.
"""

import math
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist
from typing import NamedTuple

# Verdicts on a change, in plain Swedish. Never better or worse unless the test supports it.
IMPROVEMENT = "förbättring"
DETERIORATION = "försämring"
NO_CLEAR_CHANGE = "ingen säker förändring"

FISHER = "fisher"
CHI2 = "chi2"

# Fisher's exact test is used when any expected cell count of the 2×2 table is below this.
MIN_EXPECTED = 5

# Log-probabilities closer than this are compared exactly (rational arithmetic): rounding in
# lgamma must never decide whether a table as likely as the observed one counts.
_TIE_TOLERANCE = 1e-7


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def wilson_interval(positive: int, n: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """The Wilson score interval for the proportion positive / n; None when n == 0.

    Preferred to the normal ("Wald") interval because it stays within 0–1 and keeps its coverage
    for small n and for shares near 0 or 1.
    """
    if n < 0 or positive < 0 or positive > n:
        raise ValueError("need 0 <= positive <= n")
    if n == 0:
        return None
    z = _z(confidence)
    p = positive / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # At 0 and at n the bound is exactly 0 or 1; say so rather than leave a rounding residue.
    low = 0.0 if positive == 0 else max(0.0, centre - half)
    high = 1.0 if positive == n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class Change:
    """A change in a key figure between two periods, with its test and a plain Swedish verdict.

    `difference_pp` is later − earlier in percentage points (unrounded). `test` is "fisher"
    (Fisher's exact test, two-sided) when any expected cell count is below 5, otherwise "chi2"
    (Pearson's chi-square test without continuity correction, the same as the two-proportion
    z test with pooled variance). `verdict` is "förbättring" only when the change is significant
    and the share rose, "försämring" only when significant and it fell, otherwise
    "ingen säker förändring".
    """

    earlier_positive: int
    earlier_n: int
    later_positive: int
    later_n: int
    difference_pp: float
    p_value: float
    test: str
    alpha: float
    significant: bool
    verdict: str

    @property
    def is_improvement(self) -> bool:
        return self.verdict == IMPROVEMENT

    @property
    def is_deterioration(self) -> bool:
        return self.verdict == DETERIORATION


def _expected_cells(a: int, b: int, c: int, d: int) -> list[float]:
    rows = (a + b, c + d)
    columns = (a + c, b + d)
    total = a + b + c + d
    return [r * k / total for r in rows for k in columns]


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_exact_p(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the 2×2 table [[a, b], [c, d]].

    Sums the hypergeometric probabilities of every table with the same margins that is no more
    likely than the observed one, as scipy.stats.fisher_exact and R's fisher.test do. Tables as
    likely as the observed one (ties) are found exactly, whatever the rounding.
    """
    if min(a, b, c, d) < 0:
        raise ValueError("cell counts must be non-negative")
    row1, column1, total = a + b, a + c, a + b + c + d
    low, high = max(0, column1 - (total - row1)), min(row1, column1)
    if low == high:
        return 1.0

    def log_p(x: int) -> float:
        return _log_comb(row1, x) + _log_comb(total - row1, column1 - x) - _log_comb(total, column1)

    def weight(x: int) -> int:
        return math.comb(row1, x) * math.comb(total - row1, column1 - x)

    observed = log_p(a)
    observed_weight = None
    terms = []
    for x in range(low, high + 1):
        value = log_p(x)
        if value < observed - _TIE_TOLERANCE:
            terms.append(math.exp(value))
        elif value <= observed + _TIE_TOLERANCE:
            if observed_weight is None:
                observed_weight = weight(a)
            if weight(x) <= observed_weight:
                terms.append(math.exp(value))
    return min(1.0, math.fsum(terms))


def chi2_p(a: int, b: int, c: int, d: int) -> float:
    """p-value of Pearson's chi-square test (1 df, no continuity correction) for [[a, b], [c, d]].

    Needs every margin above zero.
    """
    rows = (a + b, c + d)
    columns = (a + c, b + d)
    if 0 in rows or 0 in columns:
        raise ValueError("every margin must be positive")
    total = a + b + c + d
    # Exact numerator, so that equal shares give exactly 0 rather than a rounding residue.
    statistic = Fraction(total * (a * d - b * c) ** 2, rows[0] * rows[1] * columns[0] * columns[1])
    # The survival function of chi-square with one degree of freedom.
    return math.erfc(math.sqrt(float(statistic) / 2))


def compare_proportions(
    *,
    earlier_positive: int,
    earlier_n: int,
    later_positive: int,
    later_n: int,
    alpha: float = 0.05,
) -> Change:
    """Test whether the key figure changed between two periods and say so in plain Swedish.

    Uses Fisher's exact test when any expected cell count is below 5, otherwise Pearson's
    chi-square test without continuity correction. Both samples need at least one answer.
    """
    for positive, n in ((earlier_positive, earlier_n), (later_positive, later_n)):
        if n <= 0 or positive < 0 or positive > n:
            raise ValueError("need 0 <= positive <= n and n > 0 for both periods")
    a, b = later_positive, later_n - later_positive
    c, d = earlier_positive, earlier_n - earlier_positive
    if min(_expected_cells(a, b, c, d)) < MIN_EXPECTED:
        test, p_value = FISHER, fisher_exact_p(a, b, c, d)
    else:
        test, p_value = CHI2, chi2_p(a, b, c, d)
    difference = (later_positive / later_n - earlier_positive / earlier_n) * 100
    significant = p_value < alpha
    if significant and later_positive * earlier_n > earlier_positive * later_n:
        verdict = IMPROVEMENT
    elif significant and later_positive * earlier_n < earlier_positive * later_n:
        verdict = DETERIORATION
    else:
        verdict = NO_CLEAR_CHANGE
    return Change(
        earlier_positive=earlier_positive,
        earlier_n=earlier_n,
        later_positive=later_positive,
        later_n=later_n,
        difference_pp=difference,
        p_value=p_value,
        test=test,
        alpha=alpha,
        significant=significant,
        verdict=verdict,
    )


class Quartiles(NamedTuple):
    """The median and the lower and upper quartiles of a set of figures."""

    median: float
    lower: float
    upper: float


def median_and_quartiles(values: list[float]) -> Quartiles | None:
    """(median, lower quartile, upper quartile) of the values; None for an empty list.

    Quantiles by linear interpolation between order statistics (Hyndman and Fan type 7: numpy's
    default "linear", statistics.quantiles(method="inclusive"), Excel's KVARTIL.INK).
    """
    if not values:
        return None
    ordered = sorted(values)

    def quantile(q: float) -> float:
        position = (len(ordered) - 1) * q
        below = math.floor(position)
        above = min(below + 1, len(ordered) - 1)
        fraction = position - below
        return ordered[below] + (ordered[above] - ordered[below]) * fraction

    return Quartiles(median=quantile(0.5), lower=quantile(0.25), upper=quantile(0.75))
