"""Answer-distribution charts as inline SVG, drawn with matplotlib (Agg backend, SVG output).

A chart only draws counts that the computation module returned; suppressed distributions never
reach this module. Every bar carries its count and share as text, so no meaning rests on colour.
Bars and labels are drawn straight on the figure, without axes: a chart then renders in a few
milliseconds. A drawn chart is kept in Django's cache by its content, so that every worker
process shares it and a page is drawn again only where its figures changed.
"""

import hashlib
import io
import re
from functools import lru_cache

import matplotlib
from django.core.cache import cache

matplotlib.use("Agg")

from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

BAR_COLOUR = "#0b5394"
INK = "#1b1b1f"
ROW_INCHES = 0.4
MARGIN_INCHES = 0.15
WIDTH_INCHES = 5.2  # narrow enough that the text stays legible when a phone scales it down
LABEL_SIZE = 13
VALUE_SIZE = 12
VALUE_ROOM = 0.21  # share of the width kept right of the longest bar for "203 (38 %)"
_BEFORE_SVG = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
# matplotlib numbers its elements (id="patch_1") in every SVG; inlined side by side they would
# repeat ids on the page. Nothing in these charts refers to an id, so they are left out.
_IDS = re.compile(r' id="[^"]*"')


CHART_VERSION = "1"  # bump when the drawing changes, so cached charts are drawn anew


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
    label_end = (longest * 0.6 * LABEL_SIZE + 10) / (WIDTH_INCHES * 72)
    bar_span = 0.98 - label_end - VALUE_ROOM
    rows = len(labels)
    height = ROW_INCHES * rows + 2 * MARGIN_INCHES
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=72)
    FigureCanvasSVG(figure)
    row_height = ROW_INCHES / height
    for index, (label, count, share) in enumerate(zip(labels, counts, shares, strict=True)):
        middle = 1 - (MARGIN_INCHES / height) - row_height * (index + 0.5)
        width = bar_span * count / largest
        figure.patches.append(
            Rectangle(
                (label_end, middle - row_height * 0.3),
                width,
                row_height * 0.6,
                transform=figure.transFigure,
                figure=figure,
                color=BAR_COLOUR,
            )
        )
        figure.text(
            label_end - 0.02, middle, label, ha="right", va="center", fontsize=LABEL_SIZE, color=INK
        )
        figure.text(
            label_end + width + 0.01,
            middle,
            f"{count} ({share})",
            va="center",
            fontsize=VALUE_SIZE,
            color=INK,
        )
    figure.lines.append(
        Line2D(
            [label_end, label_end],
            [MARGIN_INCHES / height, 1 - MARGIN_INCHES / height],
            transform=figure.transFigure,
            figure=figure,
            color=INK,
            linewidth=1,
        )
    )
    buffer = io.StringIO()
    # Text stays text (the page's font, selectable, smaller) instead of glyph outlines.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = _METADATA.sub("", _BEFORE_SVG.sub("", buffer.getvalue(), count=1), count=1)
    svg = _IDS.sub("", svg)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
