"""The report as an XLSX workbook: a front sheet, then one sheet per section.

Counts and shares are written as numbers with a display format, so that they can be used in
further calculations; everything else as the same text the HTML shows. A share is written
rounded as the report shows it (a whole percent: 0.58 for 23 of 40, never 0.575), and a change
in percentage points to one decimal, so that the file holds no more than the page: an unrounded
share could be combined with other figures to recover what suppression hides. A suppressed
cell is "–" and carries no number. Nothing here computes a figure.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matpunkt.core.exporting import new_workbook, save_workbook, set_cell
from matpunkt.results.formatting import percent_value
from matpunkt.results.reports.display import cell_text, format_interval, statistical_test_label
from matpunkt.results.reports.model import (
    Blank,
    BulletList,
    Charts,
    Count,
    DistributionChart,
    Heading,
    Paragraph,
    Percent,
    Points,
    PValue,
    Report,
    Section,
    Suppressed,
    Table,
    Text,
    TrendChart,
)

SUPPRESSED = "–"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")
_TAGS = re.compile(r"</?u>")
PERCENT = "0%"
POINTS = "+0.0;-0.0;0.0"


def plain(text: str) -> str:
    """Instrument text without its underlining markup."""
    return _TAGS.sub("", text)


def shown_share(share: float) -> float:
    """A share as the report shows it, a whole percent, as a fraction (0.575 → 0.58)."""
    return float(percent_value(share) / 100)


def shown_points(points: float) -> float:
    """A change in percentage points as the report shows it, one decimal (18.6957 → 18.7)."""
    return float(Decimal(str(points)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _value(cell):
    """The spreadsheet value and number format of a report cell."""
    match cell:
        case Count(value=value):
            return value, "# ##0"
        case Percent(value=value):
            return shown_share(value), PERCENT
        case Points(value=value):
            return shown_points(value), POINTS
        case PValue(value=value, test=test):
            return f"{cell_text(cell)} ({statistical_test_label(test)})", None
        case Suppressed():
            return SUPPRESSED, None
        case Blank():
            return None, None
        case Text(text=text, prefix=prefix):
            return plain(f"{prefix} {text}".strip()), None
    return cell_text(cell), None


class _Sheet:
    """Writes blocks down a worksheet, one row after another."""

    def __init__(self, sheet: Worksheet):
        self.sheet = sheet
        self.row = 1
        self.widths: dict[int, int] = {}

    def write(self, column: int, value, number_format=None, font=None, wrap=False):
        cell = set_cell(self.sheet, self.row, column, value)
        if number_format:
            cell.number_format = number_format
        if font:
            cell.font = font
        if wrap:
            cell.alignment = WRAP
        if isinstance(value, str) and not wrap:
            self.widths[column] = max(self.widths.get(column, 0), min(len(value), 60))
        return cell

    def line(self, text: str, font=None):
        self.write(1, text, font=font)
        self.row += 1

    def skip(self):
        self.row += 1

    def table(self, table: Table):
        self.line(table.caption, BOLD)
        for index, column in enumerate(table.columns, start=1):
            self.write(index, column.label, font=BOLD)
        self.row += 1
        for row in table.rows:
            for index, cell in enumerate(row.cells, start=1):
                value, number_format = _value(cell)
                font = BOLD if row.style == "total" else None
                self.write(index, value, number_format, font=font)
            self.row += 1
        for note in table.notes:
            self.line(note)
        self.skip()

    def charts(self, charts: Charts):
        self.line(charts.heading, BOLD)
        for chart in charts.charts:
            if isinstance(chart, DistributionChart):
                self.distribution(chart)
            elif isinstance(chart, TrendChart):
                self.trend(chart)
        self.skip()

    def distribution(self, chart: DistributionChart):
        self.write(1, plain(f"{chart.prefix} {chart.text}"), font=BOLD)
        self.write(2, chart.answered, "# ##0")
        self.write(3, _("svar"))
        self.row += 1
        if chart.options is None:
            self.line(
                _("Svarsfördelningen visas inte: färre än %(k)s svar.") % {"k": chart.min_cell}
            )
            return
        for option in chart.options:
            self.write(1, option.label)
            self.write(2, option.count, "# ##0")
            if option.share is not None:
                self.write(3, shown_share(option.share), PERCENT)
            self.row += 1

    def trend(self, chart: TrendChart):
        self.write(1, plain(f"{chart.prefix} {chart.text}"), font=BOLD)
        self.row += 1
        for point in chart.points:
            self.write(1, point.period)
            self.write(2, point.answered, "# ##0")
            if point.share is None:
                self.write(3, SUPPRESSED)
            else:
                self.write(3, shown_share(point.share), PERCENT)
                self.write(4, format_interval(point.low, point.high))
            self.row += 1
        for note in chart.notes:
            self.line(note)

    def finish(self):
        self.sheet.column_dimensions["A"].width = max(self.widths.get(1, 40), 40)
        for column, width in self.widths.items():
            if column > 1:
                self.sheet.column_dimensions[get_column_letter(column)].width = max(12, width + 2)


def _sheet_title(heading: str, taken: set[str]) -> str:
    base = _INVALID_SHEET.sub("", heading)[:28].strip() or _("Avsnitt")
    title, number = base, 2
    while title.casefold() in taken:
        title = f"{base[:26]} {number}"
        number += 1
    taken.add(title.casefold())
    return title


def _section(sheet: _Sheet, section: Section):
    sheet.line(section.heading, TITLE)
    sheet.skip()
    for block in section.blocks:
        if isinstance(block, Paragraph):
            sheet.write(1, block.text, wrap=True)
            sheet.row += 1
        elif isinstance(block, Heading):
            sheet.line(block.text, BOLD)
        elif isinstance(block, BulletList):
            for item in block.items:
                sheet.write(1, item, wrap=True)
                sheet.row += 1
            sheet.skip()
        elif isinstance(block, Table):
            sheet.table(block)
        elif isinstance(block, Charts):
            sheet.charts(block)
    sheet.finish()


def render_xlsx(report: Report) -> bytes:
    """The report as an XLSX workbook (bytes): a front sheet and one sheet per section."""
    workbook = new_workbook()
    front = _Sheet(workbook.active)
    workbook.active.title = _("Rapport")
    taken = {workbook.active.title.casefold()}
    front.line(report.title, TITLE)
    for line in report.summary:
        front.write(1, line, wrap=True)
        front.row += 1
    front.line(_("Skapad %(when)s") % {"when": report.generated_at})
    front.skip()
    front.line(_("Innehåll"), BOLD)
    for section in report.sections:
        front.line(section.heading)
    front.finish()
    front.sheet.column_dimensions["A"].width = 100
    for section in report.sections:
        _section(_Sheet(workbook.create_sheet(_sheet_title(section.heading, taken))), section)
    return save_workbook(workbook)
