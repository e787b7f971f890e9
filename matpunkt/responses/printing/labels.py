"""The few texts of a printed copy that are not the instrument's: the code box and page numbers.

They are interface texts (``interface.print_*``), read through `interface_texts` like the web
questionnaire's: Swedish, or the version's approved translation, whose blank texts fall back to
the site's catalogue for the language (English) or to Swedish.
"""

from dataclasses import dataclass

from matpunkt.instrument.translations.texts import interface_texts


@dataclass(frozen=True)
class PrintLabels:
    """`web_answer`, `page` and `continued` are %-format strings with the names shown below."""

    code_heading: str
    web_answer: str
    page: str
    continued: str


def print_labels(period_or_version, language: str) -> PrintLabels:
    """The code box and page texts of a version's printed copies in a language."""
    ui = interface_texts(period_or_version, language)
    return PrintLabels(
        code_heading=ui["print_code_heading"],
        web_answer=ui["print_web_answer"],  # %(address)s
        page=ui["print_page"],  # %(page)s, %(pages)s
        continued=ui["print_continued"],  # %(title)s
    )
