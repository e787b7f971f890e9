"""The one way Mätpunkt writes a share or a count for people to read.

Every page, export and report formats shares here, so that 23 of 40 reads "58 %" everywhere: a
share is rounded half up (never to even, never through binary floating point), decimals are
written with a Swedish decimal comma, the sign follows a no-break space, and no value is "–".
Figures are computed unrounded (`results.computation`); rounding happens here, and only for display.
"""

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
DASH = "\u2013"


def percent_value(share: float, places: int = 0) -> Decimal:
    """A share (0.575) in percent rounded half up to `places` decimals (Decimal("58"))."""
    # str() first: the shortest decimal that reads back as the float (0.575, not 0.57499…).
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(str(share)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)


def format_percent(share: float | None, places: int = 0, *, sign: bool = True) -> str:
    """A share as Swedish percent: "58 %", "57,5 %" with one decimal, "58" without the sign;
    "–" when there is no value."""
    if share is None:
        return DASH
    text = f"{percent_value(share, places):.{places}f}".replace(".", ",")
    return f"{text}{NBSP}%" if sign else text


def format_count(value: int | None) -> str:
    """A count with a no-break space between thousands, as Swedish print does ("1 175");
    "" for None (a count that is not there is left out, not dashed)."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", NBSP)
