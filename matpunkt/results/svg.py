"""A small SVG writer for the report charts: rectangles, lines, dots and text.

The charts are a few bars or points with their numbers written beside them. Positions are given
as shares of the drawing's width and height from the lower left corner (as in matplotlib's figure
coordinates, which the charts were first drawn with); sizes and the output are in points. Text
stays text in the page's font (selectable, and small), and every string is escaped. The drawing
is hidden from assistive technology: each chart's page shows the same numbers in a table.

Why not matplotlib: the reports draw up to 67 charts per page, and matplotlib took 7–18 ms for
each (a third of the time of a national report drawn from scratch) to lay out what these few
elements describe exactly; this takes a tenth of a millisecond.
"""

from html import escape

FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
# Where a line of text sits relative to its baseline, as shares of the font size: the middle of
# its lowercase and capital letters, and the top of the capitals.
_MIDDLE = 0.35
_CAP_HEIGHT = 0.75
_ANCHORS = {"left": "start", "center": "middle", "right": "end"}


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


class Drawing:
    """One SVG drawing, width × height points."""

    def __init__(self, width: float, height: float):
        self.width = width
        self.height = height
        self._elements: list[str] = []

    def _x(self, share: float) -> str:
        return _number(share * self.width)

    def _y(self, share: float) -> str:
        return _number((1 - share) * self.height)

    def rect(self, x: float, y: float, width: float, height: float, *, fill: str) -> None:
        """A filled rectangle; (x, y) is its lower left corner."""
        self._elements.append(
            f'<rect x="{self._x(x)}" y="{self._y(y + height)}" '
            f'width="{_number(width * self.width)}" height="{_number(height * self.height)}" '
            f'fill="{fill}"/>'
        )

    def line(
        self,
        xs: list[float],
        ys: list[float],
        *,
        stroke: str,
        width: float = 1,
        opacity: float = 1,
    ) -> None:
        """A line through the points (xs[i], ys[i])."""
        points = " ".join(f"{self._x(x)},{self._y(y)}" for x, y in zip(xs, ys, strict=True))
        faded = f' stroke-opacity="{_number(opacity)}"' if opacity != 1 else ""
        self._elements.append(
            f'<polyline points="{points}" fill="none" stroke="{stroke}" '
            f'stroke-width="{_number(width)}"{faded}/>'
        )

    def dot(self, x: float, y: float, radius: float, *, fill: str) -> None:
        """A round dot; `radius` in points."""
        self._elements.append(
            f'<circle cx="{self._x(x)}" cy="{self._y(y)}" r="{_number(radius)}" fill="{fill}"/>'
        )

    def text(
        self,
        x: float,
        y: float,
        value: str,
        *,
        size: float,
        fill: str,
        ha: str = "left",
        va: str = "baseline",
    ) -> None:
        """Text at (x, y): `ha` left/center/right, `va` baseline/center/top, as in matplotlib."""
        baseline = (1 - y) * self.height
        if va == "center":
            baseline += _MIDDLE * size
        elif va == "top":
            baseline += _CAP_HEIGHT * size
        elif va != "baseline":
            raise ValueError(f"Unknown vertical alignment {va!r}.")
        self._elements.append(
            f'<text x="{self._x(x)}" y="{_number(baseline)}" font-size="{_number(size)}" '
            f'text-anchor="{_ANCHORS[ha]}" fill="{fill}">{escape(value, quote=False)}</text>'
        )

    def svg(self) -> str:
        """The drawing as an inline SVG element, hidden from assistive technology."""
        width, height = _number(self.width), _number(self.height)
        return (
            f'<svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" '
            f'width="{width}pt" height="{height}pt" viewBox="0 0 {width} {height}" '
            f'font-family="{escape(FONT_FAMILY)}">\n' + "\n".join(self._elements) + "\n</svg>\n"
        )
