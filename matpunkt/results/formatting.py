"""Display formatting of computed figures: the project's one formatter, `core.formatting`."""

from matpunkt.core.formatting import DASH, NBSP, format_count, format_percent, percent_value

__all__ = ["DASH", "NBSP", "format_count", "format_percent", "percent_value"]
