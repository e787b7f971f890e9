"""The respondent pages' own texts, in the respondent's language: {% ui "submit" %}.

The views put the page's `InterfaceTexts` (from `translations.interface_texts`) in the context as
`ui`; this tag prints one of them, escaped, with its %(name)s placeholders filled from the tag's
keyword arguments: {% ui "logo_alt" name=scope.forbund.name %}.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def ui(context, text: str, /, **params) -> str:
    return context["ui"].text(text, **params)
