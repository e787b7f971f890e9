"""The few texts of a printed copy that are not the instrument's: the code box and page numbers.

They are interface texts, translated with gettext like the rest of the site; a language without a
catalogue shows them in Swedish while the questionnaire itself is in the translation's language.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PrintLabels:
    """`web_answer`, `page` and `continued` are %-format strings with the names shown below."""

    code_heading: str
    web_answer: str
    page: str
    continued: str


def print_labels(language: str) -> PrintLabels:
    """The code box and page texts in a language (Swedish when it has no catalogue)."""
    with translation.override(language):
        return PrintLabels(
            code_heading=_("Din kod"),
            web_answer=_(
                "Du kan svara på papper eller på webben: skanna QR-koden eller skriv in "
                "adressen %(address)s följd av koden ovan."
            ),
            page=_("Sida %(page)s av %(pages)s"),
            continued=_("%(title)s, forts."),
        )
