"""Display text of report cells, Swedish style. Rounding happens here, and only for display."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from matpunkt.results.formatting import DASH, NBSP, format_count, format_percent
from matpunkt.results.reports.model import (
    Blank,
    Cell,
    Count,
    Interval,
    Percent,
    Points,
    PValue,
    Suppressed,
    Text,
    Verdict,
)
from matpunkt.results.statistics import CHI2, FISHER

MINUS = "\u2212"


def _rounded(value: float, places: str) -> Decimal:
    # str() first: the shortest decimal that reads back as the float (0.845, not 0.84499…).
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def whole_percent(value: float) -> str:
    """A share as a whole number of percent without the sign ("73")."""
    return format_percent(value, sign=False)


def format_interval(low: float, high: float) -> str:
    """A 95 % interval as "65–80 %"."""
    return f"{whole_percent(low)}{DASH}{whole_percent(high)}{NBSP}%"


def format_points(value: float) -> str:
    """A change in percentage points with sign and one decimal ("+3,2", "−4,0", "0,0")."""
    rounded = _rounded(value, "0.1")
    text = f"{abs(rounded):.1f}".replace(".", ",")
    if rounded > 0:
        return "+" + text
    if rounded < 0:
        return MINUS + text
    return text


def format_p(value: float) -> str:
    """A p-value with three decimals, or "< 0,001"."""
    if value < 0.001:
        return f"<{NBSP}0,001"
    return f"{_rounded(value, '0.001'):.3f}".replace(".", ",")


def statistical_test_label(test: str) -> str:
    """The short name of a test, as the tables print it."""
    return {FISHER: _("Fishers exakta test"), CHI2: _("chi2-test")}.get(test, test)


def cell_text(cell: Cell) -> str:
    """The display text of a cell; "" for blank and suppressed cells (templates mark those)."""
    match cell:
        case Text(text=text, prefix=prefix):
            return f"{prefix} {text}".strip()
        case Count(value=value):
            return format_count(value)
        case Percent(value=value):
            return format_percent(value)
        case Interval(low=low, high=high):
            return format_interval(low, high)
        case Points(value=value):
            return format_points(value)
        case PValue(value=value):
            return format_p(value)
        case Verdict(text=text):
            return text
        case Suppressed() | Blank():
            return ""
    raise TypeError(cell)
