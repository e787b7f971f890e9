"""Answer-distribution charts as inline SVG (`matpunkt.results.svg`).

A chart only draws counts that the computation module returned; suppressed distributions never
reach this module. Every bar carries its count and share as text, so no meaning rests on colour.
A drawn chart is kept in Django's cache by its content, so that every worker process shares it
and a page is drawn again only where its figures changed.
"""

import hashlib
from functools import lru_cache

from django.core.cache import cache

from matpunkt.results.svg import Drawing

BAR_COLOUR = "#0b5394"
INK = "#1b1b1f"
ROW_INCHES = 0.4
MARGIN_INCHES = 0.15
WIDTH_INCHES = 5.2  # narrow enough that the text stays legible when a phone scales it down
POINTS_PER_INCH = 72
LABEL_SIZE = 13
VALUE_SIZE = 12
VALUE_ROOM = 0.21  # share of the width kept right of the longest bar for "203 (38 %)"


CHART_VERSION = "2"  # bump when the drawing changes, so cached charts are drawn anew


@lru_cache(maxsize=1024)
def distribution_svg(
    labels: tuple[str, ...], counts: tuple[int, ...], shares: tuple[str, ...]
) -> str:
    """An inline SVG bar chart of one question's answer distribution.

    Takes the option labels, their counts and their shares as display text ("73 %").
    The SVG is hidden from assistive technology: the page shows the same numbers in a table.
    """
    content = repr((CHART_VERSION, labels, counts, shares)).encode()
    key = "results-chart:" + hashlib.sha256(content).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _draw(labels, counts, shares)
        cache.set(key, svg, timeout=None)
    return svg


def _draw(labels: tuple[str, ...], counts: tuple[int, ...], shares: tuple[str, ...]) -> str:
    largest = max(max(counts, default=0), 1)
    # Option labels take about 0.6 em per character; bars start right after the longest one.
    longest = max((len(label) for label in labels), default=0)
    label_end = (longest * 0.6 * LABEL_SIZE + 10) / (WIDTH_INCHES * POINTS_PER_INCH)
    bar_span = 0.98 - label_end - VALUE_ROOM
    rows = len(labels)
    height = ROW_INCHES * rows + 2 * MARGIN_INCHES
    drawing = Drawing(WIDTH_INCHES * POINTS_PER_INCH, height * POINTS_PER_INCH)
    row_height = ROW_INCHES / height
    for index, (label, count, share) in enumerate(zip(labels, counts, shares, strict=True)):
        middle = 1 - (MARGIN_INCHES / height) - row_height * (index + 0.5)
        width = bar_span * count / largest
        drawing.rect(label_end, middle - row_height * 0.3, width, row_height * 0.6, fill=BAR_COLOUR)
        drawing.text(
            label_end - 0.02, middle, label, size=LABEL_SIZE, fill=INK, ha="right", va="center"
        )
        drawing.text(
            label_end + width + 0.01,
            middle,
            f"{count} ({share})",
            size=VALUE_SIZE,
            fill=INK,
            va="center",
        )
    drawing.line(
        [label_end, label_end],
        [MARGIN_INCHES / height, 1 - MARGIN_INCHES / height],
        stroke=INK,
    )
    return drawing.svg()
