"""The report as a PDF (A4, print quality): the same HTML as the page, laid out by WeasyPrint.

The page's section templates render the report model into a standalone print document; charts
are the same inline SVG (text stays text, so the PDF is searchable and its figures extractable).
"""

import logging
from functools import lru_cache
from pathlib import Path

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation

from matpunkt.results.reports.model import Report

STATIC = Path(__file__).resolve().parent.parent / "static" / "results"
# Charts sit two to a row on A4 (two columns of 86 mm, 6 mm apart).
PRINT_CHART_WIDTH = 240
STYLESHEETS = ("results.css", "report.css", "report-print.css")


class _SvgStyleNoise(logging.Filter):
    """Drops WeasyPrint's "Ignored `fill: …`, unknown property" lines.

    WeasyPrint checks an SVG's style attributes as CSS and logs every SVG-only property (fill,
    stroke, text-anchor …) as unknown, though its SVG renderer draws them: a dozen lines per chart.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.getMessage().startswith("Ignored `")
            and "unknown property" in record.getMessage()
        )


logging.getLogger("weasyprint").addFilter(_SvgStyleNoise())


@lru_cache(maxsize=1)
def _stylesheets() -> tuple[weasyprint.CSS, ...]:
    return tuple(weasyprint.CSS(filename=str(STATIC / name)) for name in STYLESHEETS)


def render_print_html(report: Report) -> str:
    """The standalone print document of the report."""
    return render_to_string(
        "results/reports/print.html",
        {
            "report": report,
            "language": translation.get_language() or "sv",
            "print_width": PRINT_CHART_WIDTH,
        },
    )


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    document = weasyprint.HTML(string=render_print_html(report), base_url=str(STATIC))
    return document.write_pdf(stylesheets=list(_stylesheets()))
