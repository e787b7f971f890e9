"""The SVG writer of the report charts: positions, alignment and escaping."""

import pytest

from matpunkt.results.svg import Drawing


def test_positions_are_shares_from_the_lower_left_corner_in_points():
    drawing = Drawing(200, 100)

    drawing.rect(0.1, 0.2, 0.5, 0.25, fill="#000")
    drawing.line([0, 1], [0.5, 0.5], stroke="#111", width=0.6, opacity=0.6)
    drawing.dot(0.5, 1, 3, fill="#222")

    svg = drawing.svg()
    assert '<rect x="20" y="55" width="100" height="25" fill="#000"/>' in svg
    assert (
        '<polyline points="0,50 200,50" fill="none" stroke="#111" stroke-width="0.6" '
        'stroke-opacity="0.6"/>'
    ) in svg
    assert '<circle cx="100" cy="0" r="3" fill="#222"/>' in svg
    assert svg.startswith(
        '<svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" '
        'width="200pt" height="100pt" viewBox="0 0 200 100" '
    )


@pytest.mark.parametrize(
    ("ha", "va", "anchor", "baseline"),
    [
        ("left", "baseline", "start", "50"),
        ("right", "center", "end", "53.5"),  # 50 + 0.35 × 10
        ("center", "top", "middle", "57.5"),  # 50 + 0.75 × 10
    ],
)
def test_text_is_aligned_as_asked(ha, va, anchor, baseline):
    drawing = Drawing(200, 100)

    drawing.text(0.5, 0.5, "73 %", size=10, fill="#000", ha=ha, va=va)

    assert (
        f'<text x="100" y="{baseline}" font-size="10" text-anchor="{anchor}" fill="#000">'
        "73 %</text>"
    ) in drawing.svg()


def test_text_is_escaped():
    drawing = Drawing(100, 100)

    drawing.text(0, 0, "<b>Ja & nej</b>", size=10, fill="#000")

    assert ">&lt;b&gt;Ja &amp; nej&lt;/b&gt;</text>" in drawing.svg()
    assert "<b>" not in drawing.svg()


def test_an_unknown_vertical_alignment_is_refused():
    with pytest.raises(ValueError, match="Unknown vertical alignment"):
        Drawing(10, 10).text(0, 0, "x", size=10, fill="#000", va="bottom")
