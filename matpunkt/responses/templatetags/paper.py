"""Template filters for showing instrument texts the way the paper form prints them."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_UNDERLINE = re.compile(r"&lt;u&gt;(.*?)&lt;/u&gt;", re.DOTALL)


@register.filter
def underlined(text) -> str:
    """Escape the text, then let through only paired <u>…</u> tags (the paper's underlining)."""
    return mark_safe(_UNDERLINE.sub(r"<u>\1</u>", escape(text or "")))
