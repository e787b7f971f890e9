"""A key figure over the periods as an inline SVG line chart, drawn with matplotlib.

Like the distribution charts (`matpunkt.results.charts`), a trend chart only draws figures that
the computation returned unsuppressed: a period whose share is suppressed or absent is a gap
with "–" under its label. Each point carries its share as text and its 95 % interval as a
vertical bar, so no meaning rests on colour. Charts are cached by their content.
"""

import hashlib
import io
import re

import matplotlib
from django.core.cache import cache

matplotlib.use("Agg")

from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Ellipse  # noqa: E402

from matpunkt.results.reports.display import whole_percent  # noqa: E402
from matpunkt.results.reports.model import TrendChart  # noqa: E402

LINE_COLOUR = "#0b5394"
INK = "#1b1b1f"
GRID = "#c8c8d0"
WIDTH_INCHES = 4.0
HEIGHT_INCHES = 1.9
CHART_VERSION = "3"  # bump when the drawing changes, so cached charts are drawn anew
_BEFORE_SVG = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_IDS = re.compile(r' id="[^"]*"')


def trend_svg(chart: TrendChart) -> str:
    """The SVG of a trend chart, hidden from assistive technology (a table holds the figures)."""
    points = tuple(
        (p.period, p.share, p.low, p.high) if p.share is not None else (p.period, None, None, None)
        for p in chart.points
    )
    key = "report-trend:" + hashlib.sha256(repr((CHART_VERSION, points)).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _draw(points)
        cache.set(key, svg, timeout=None)
    return svg


def _draw(points) -> str:
    # Drawn straight on the figure, without matplotlib's axes (as the distribution charts are):
    # a chart then takes milliseconds instead of a tenth of a second.
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=72)
    FigureCanvasSVG(figure)
    left, right, bottom, top = 0.09, 0.97, 0.24, 0.92

    def x_at(index: int) -> float:
        return left + (right - left) * (index + 0.5) / len(points)

    def y_at(share: float) -> float:
        return bottom + (top - bottom) * share

    def line(xs, ys, **style):
        figure.lines.append(Line2D(xs, ys, transform=figure.transFigure, figure=figure, **style))

    def text(x, y, value, **style):
        figure.text(x, y, value, color=INK, **style)

    # Tick labels without a percent sign, so that only the points read as shares.
    for tick in (0, 25, 50, 75, 100):
        line([left, right], [y_at(tick / 100)] * 2, color=GRID if tick else INK, linewidth=0.6)
        text(left - 0.015, y_at(tick / 100), str(tick), ha="right", va="center", fontsize=9)
    size = 10 if len(points) <= 6 else 7.5
    dot = 0.012  # the point's radius, as a share of the width
    # Consecutive shown periods are joined; a suppressed or absent period breaks the line.
    run_x: list[float] = []
    run_y: list[float] = []
    for index, (label, share, low, high) in enumerate(points):
        x = x_at(index)
        text(x, bottom - 0.05, label, ha="center", va="top", fontsize=size)
        if share is None:
            text(x, bottom - 0.16, "–", ha="center", va="top", fontsize=size)
            if len(run_x) > 1:
                line(run_x, run_y, color=LINE_COLOUR, linewidth=2)
            run_x, run_y = [], []
            continue
        run_x.append(x)
        run_y.append(y_at(share))
        line([x, x], [y_at(low), y_at(high)], color=LINE_COLOUR, linewidth=1, alpha=0.6)
        # A patch, not a marker: markers are <use> references to ids, which are removed below.
        figure.patches.append(
            Ellipse(
                (x, y_at(share)),
                2 * dot,
                2 * dot * WIDTH_INCHES / HEIGHT_INCHES,
                transform=figure.transFigure,
                figure=figure,
                color=LINE_COLOUR,
            )
        )
        text(x, y_at(high) + 0.03, f"{whole_percent(share)}\u00a0%", ha="center", fontsize=size)
    if len(run_x) > 1:
        line(run_x, run_y, color=LINE_COLOUR, linewidth=2)
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = _METADATA.sub("", _BEFORE_SVG.sub("", buffer.getvalue(), count=1), count=1)
    svg = _IDS.sub("", svg)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
