"""Template helpers for reports: one table cell, and the charts of the report model."""

import re

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from matpunkt.results.charts import distribution_svg
from matpunkt.results.formatting import format_percent
from matpunkt.results.reports.display import cell_text, format_interval, statistical_test_label
from matpunkt.results.reports.model import (
    Blank,
    BulletList,
    Charts,
    DistributionChart,
    Heading,
    Paragraph,
    PValue,
    Suppressed,
    Table,
    Text,
    TrendChart,
    Verdict,
)
from matpunkt.results.reports.trend_chart import trend_svg
from matpunkt.results.templatetags.results_tags import question_text

register = template.Library()

_SIZE = re.compile(r'width="(?P<width>[\d.]+)pt" height="(?P<height>[\d.]+)pt"')


def _content(cell) -> SafeString:
    match cell:
        case Text(question=True, prefix=prefix, text=text):
            if not prefix:
                return question_text(text)
            return format_html("{} {}", prefix, question_text(text))
        case Text(muted=True):
            return format_html('<span class="muted">{}</span>', cell.text)
        case Suppressed(min_cell=k):
            return mark_safe(  # noqa: S308 - a template of the project, no figure inside
                render_to_string("results/_suppressed.html", {"min_cell": k}).strip()
            )
        case Verdict(direction=direction) if direction:
            return format_html(
                '<span class="verdict {}">{} {}</span>',
                "verdict-up" if direction > 0 else "verdict-down",
                "▲" if direction > 0 else "▼",
                cell.text,
            )
        case PValue(test=test):
            return format_html(
                '{}<span class="test"> ({})</span>', cell_text(cell), statistical_test_label(test)
            )
    return format_html("{}", cell_text(cell))


@register.simple_tag
def report_cell(cell, header: bool = False, numeric: bool = False) -> SafeString:
    """A table cell: the row's header as <th scope="row">, numbers right-aligned."""
    content = _content(cell)
    if header:
        return format_html('<th scope="row">{}</th>', content)
    if isinstance(cell, Blank):
        return mark_safe("<td></td>")
    if numeric:
        return format_html('<td class="num">{}</td>', content)
    return format_html("<td>{}</td>", content)


@register.simple_tag
def report_row(row, columns) -> SafeString:
    """The cells of a table row; the first is the row's header."""
    return mark_safe(  # noqa: S308 - every cell is built with format_html above
        "".join(
            report_cell(cell, header=index == 0, numeric=column.numeric)
            for index, (cell, column) in enumerate(zip(row.cells, columns, strict=True))
        )
    )


BLOCK_TEMPLATES = {
    Paragraph: "results/reports/blocks/paragraph.html",
    Heading: "results/reports/blocks/heading.html",
    BulletList: "results/reports/blocks/list.html",
    Table: "results/reports/blocks/table.html",
    Charts: "results/reports/blocks/charts.html",
}


@register.filter
def block_template(block) -> str:
    """The template that renders a block of the report model."""
    return BLOCK_TEMPLATES[type(block)]


@register.simple_tag
def interval(low: float, high: float) -> str:
    """A 95 % interval as "65–80 %"."""
    return format_interval(low, high)


def scaled(svg: str, width_pt: float) -> str:
    """The SVG with its width and height attributes scaled to `width_pt`, keeping the aspect.

    WeasyPrint sizes an inline SVG by these attributes (not by CSS), so the print layout
    scales a chart down to its column this way; the viewBox keeps the drawing and text intact.
    """
    match = _SIZE.search(svg)
    if match is None:
        return svg
    width, height = float(match["width"]), float(match["height"])
    factor = min(1.0, width_pt / width)
    return _SIZE.sub(
        f'width="{width * factor:.1f}pt" height="{height * factor:.1f}pt"', svg, count=1
    )


@register.simple_tag(takes_context=True)
def report_chart(context, chart) -> SafeString:
    """The inline SVG of a distribution chart (only called when it is shown) or a trend chart.

    In the print document (`print_width` in the context, in points) the chart is scaled down
    to the column width.
    """
    if isinstance(chart, DistributionChart):
        labels = tuple(option.label for option in chart.options)
        counts = tuple(option.count for option in chart.options)
        shares = tuple(format_percent(option.share) for option in chart.options)
        svg = distribution_svg(labels, counts, shares)
    elif isinstance(chart, TrendChart):
        svg = trend_svg(chart)
    else:
        raise TypeError(chart)
    if context.get("print_width"):
        svg = scaled(svg, context["print_width"])
    return mark_safe(svg)  # noqa: S308 - drawn from numbers, labels escaped by results.svg


@register.filter
def is_trend(chart) -> bool:
    return isinstance(chart, TrendChart)
