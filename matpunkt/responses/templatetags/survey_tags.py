"""Template helpers for the web questionnaire."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or None when the mapping is empty or lacks the key."""
    if not mapping:
        return None
    return mapping.get(key)
