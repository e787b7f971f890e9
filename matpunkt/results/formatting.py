"""Display formatting of computed figures: rounding happens here, and only for display."""

from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"


def format_percent(value: float | None) -> str:
    """A share as Swedish-style whole percent ("73 %", half rounded up), or "" for None."""
    if value is None:
        return ""
    # str() first: the shortest decimal that reads back as the float (0.845, not 0.84499…).
    whole = (Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{whole}{NBSP}%"


def format_count(value: int | None) -> str:
    """A count with a thin space between thousands, as Swedish print does ("1 175")."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", NBSP)
