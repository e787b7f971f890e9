"""Template helpers for the results page: Swedish number formats, question text, charts."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from matpunkt.results.charts import distribution_svg
from matpunkt.results.formatting import format_count, format_percent

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """A share as "73 %"; empty for None."""
    return format_percent(value)


@register.filter
def count(value: int | None) -> str:
    """A count as "1 175"; empty for None."""
    return format_count(value)


@register.filter
def question_text(text: str) -> SafeString:
    """A question text, escaped, keeping only the instrument's underlining (<u>…</u>)."""
    escaped = escape(text).replace("&lt;u&gt;", "<u>").replace("&lt;/u&gt;", "</u>")
    return mark_safe(escaped)  # noqa: S308 - everything but <u> and </u> is escaped above


@register.simple_tag
def distribution_chart(question) -> SafeString:
    """The inline SVG chart of a question's (unsuppressed) answer distribution."""
    labels = tuple(option.label for option in question.options)
    counts = tuple(option.count for option in question.options)
    shares = tuple(format_percent(option.share) for option in question.options)
    return mark_safe(distribution_svg(labels, counts, shares))  # noqa: S308 - built from numbers
