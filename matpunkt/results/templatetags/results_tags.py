"""Template helpers for results: Swedish number formats and question text."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
