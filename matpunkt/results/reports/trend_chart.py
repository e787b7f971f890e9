"""A key figure over the periods as an inline SVG line chart (`matpunkt.results.svg`).

Like the distribution charts (`matpunkt.results.charts`), a trend chart only draws figures that
the computation returned unsuppressed: a period whose share is suppressed or absent is a gap
with "–" under its label. Each point carries its share as text and its 95 % interval as a
vertical bar, so no meaning rests on colour. Charts are cached by their content.
"""

import hashlib

from django.core.cache import cache

from matpunkt.results.formatting import format_percent
from matpunkt.results.reports.model import TrendChart
from matpunkt.results.svg import Drawing

LINE_COLOUR = "#0b5394"
INK = "#1b1b1f"
GRID = "#c8c8d0"
WIDTH_INCHES = 4.0
HEIGHT_INCHES = 1.9
POINTS_PER_INCH = 72
CHART_VERSION = "4"  # bump when the drawing changes, so cached charts are drawn anew


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
    drawing = Drawing(WIDTH_INCHES * POINTS_PER_INCH, HEIGHT_INCHES * POINTS_PER_INCH)
    left, right, bottom, top = 0.09, 0.97, 0.24, 0.92

    def x_at(index: int) -> float:
        return left + (right - left) * (index + 0.5) / len(points)

    def y_at(share: float) -> float:
        return bottom + (top - bottom) * share

    # Tick labels without a percent sign, so that only the points read as shares.
    for tick in (0, 25, 50, 75, 100):
        y = y_at(tick / 100)
        drawing.line([left, right], [y, y], stroke=GRID if tick else INK, width=0.6)
        drawing.text(left - 0.015, y, str(tick), size=9, fill=INK, ha="right", va="center")
    size = 10 if len(points) <= 6 else 7.5
    radius = 0.012 * WIDTH_INCHES * POINTS_PER_INCH
    # Consecutive shown periods are joined; a suppressed or absent period breaks the line.
    runs: list[list[tuple[float, float]]] = [[]]
    dots = []
    for index, (label, share, low, high) in enumerate(points):
        x = x_at(index)
        drawing.text(x, bottom - 0.05, label, size=size, fill=INK, ha="center", va="top")
        if share is None:
            drawing.text(x, bottom - 0.16, "–", size=size, fill=INK, ha="center", va="top")
            runs.append([])
            continue
        runs[-1].append((x, y_at(share)))
        drawing.line([x, x], [y_at(low), y_at(high)], stroke=LINE_COLOUR, width=1, opacity=0.6)
        dots.append((x, y_at(share)))
        drawing.text(x, y_at(high) + 0.03, format_percent(share), size=size, fill=INK, ha="center")
    for run in runs:
        if len(run) > 1:
            drawing.line([x for x, _y in run], [y for _x, y in run], stroke=LINE_COLOUR, width=2)
    for x, y in dots:
        drawing.dot(x, y, radius, fill=LINE_COLOUR)
    return drawing.svg()
