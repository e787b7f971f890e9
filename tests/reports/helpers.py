"""Reading the report model in tests: tables as rows of display text."""

import re

from matpunkt.results.reports.display import cell_text
from matpunkt.results.reports.model import Report, Suppressed, Table, Text

NBSP = "\u00a0"


def shown(cell) -> str:
    """A cell as a reader sees it: "–" for a suppressed figure, spaces instead of NBSP."""
    if isinstance(cell, Suppressed):
        return "–"
    text = cell_text(cell)
    if isinstance(cell, Text) and cell.question:
        text = re.sub(r"</?u>", "", text)
    return text.replace(NBSP, " ")


def table(report: Report, key: str) -> Table:
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Table) and block.key == key:
                return block
    raise KeyError(key)


def rows(report: Report, key: str) -> list[list[str]]:
    """The table's rows as display text, header cell first."""
    return [[shown(cell) for cell in row.cells] for row in table(report, key).rows]


def short(rows_: list[list[str]], length: int = 12) -> list[list[str]]:
    """Rows with long question texts cut to their first characters, for readable asserts."""
    return [[row[0][:length], *row[1:]] for row in rows_]
