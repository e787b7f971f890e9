"""The report model: a plain data structure, built once, that every format renders.

A report is sections of blocks (paragraphs, tables, charts). Table cells are typed values
(a count, a share, an interval, a change in percentage points …) straight from the computation
module and the statistics built on it; the HTML, PDF and XLSX renderers only format them.
A suppressed figure is the `Suppressed` cell: it carries no number, so no renderer can show one.
"""

from dataclasses import dataclass, field

# Cells ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Text in a cell. `question` marks instrument text, which may hold <u>…</u> underlining."""

    text: str
    prefix: str = ""
    question: bool = False
    muted: bool = False


@dataclass(frozen=True)
class Count:
    """A count (asked, responses, answers, förbund …)."""

    value: int


@dataclass(frozen=True)
class Percent:
    """A share as an unrounded fraction (0.729), shown as whole percent."""

    value: float


@dataclass(frozen=True)
class Interval:
    """A 95 % confidence interval of a share, as unrounded fractions."""

    low: float
    high: float


@dataclass(frozen=True)
class Points:
    """A change in percentage points (later − earlier), unrounded."""

    value: float


@dataclass(frozen=True)
class PValue:
    """The p-value of a test and which test it was ("fisher" or "chi2")."""

    value: float
    test: str


@dataclass(frozen=True)
class Verdict:
    """The plain Swedish verdict on a change; `direction` is 1, -1 or 0 (no supported change)."""

    text: str
    direction: int


@dataclass(frozen=True)
class Suppressed:
    """A figure on fewer than K answers: never shown, in any format."""

    min_cell: int


@dataclass(frozen=True)
class Blank:
    """An empty cell."""


Cell = Text | Count | Percent | Interval | Points | PValue | Verdict | Suppressed | Blank

BLANK = Blank()


# Blocks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = True


@dataclass(frozen=True)
class Row:
    """A table row: the first cell is the row's header. `style` is "", "sub" or "total"."""

    cells: list[Cell]
    style: str = ""


@dataclass(frozen=True)
class Table:
    """A table with a caption; `key` names it in anchors and spreadsheet rows."""

    key: str
    caption: str
    columns: list[Column]
    rows: list[Row]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section (rendered as h3)."""

    text: str


@dataclass(frozen=True)
class BulletList:
    items: list[str]
    warning: bool = False


@dataclass(frozen=True)
class Option:
    """One answer option of a distribution chart, with its count and share of the answers."""

    label: str
    count: int
    share: float | None


@dataclass(frozen=True)
class DistributionChart:
    """A question's full answer distribution; `options` is None when it is suppressed."""

    key: str
    prefix: str
    text: str
    answered: int
    options: list[Option] | None
    min_cell: int


@dataclass(frozen=True)
class TrendPoint:
    """One period of a trend: the share and its interval, or None when suppressed or absent."""

    period: str
    share: float | None
    low: float | None
    high: float | None
    answered: int | None


@dataclass(frozen=True)
class TrendChart:
    """A key figure over periods, with a note where the wording differs between versions."""

    key: str
    prefix: str
    text: str
    points: list[TrendPoint]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Charts:
    """A gallery of charts under a sub-heading."""

    heading: str
    charts: list[DistributionChart | TrendChart]


Block = Paragraph | Heading | BulletList | Table | Charts


@dataclass(frozen=True)
class Section:
    """A numbered part of the report; `key` is its anchor (the heading's id is key + "-heading")."""

    key: str
    heading: str
    blocks: list[Block]
    warning: bool = False

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]


@dataclass(frozen=True)
class Report:
    """A whole report: what the HTML page, the PDF and the XLSX workbook all render."""

    kind: str
    title: str
    summary: list[str]
    sections: list[Section]
    min_cell: int
    generated_at: str

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)
