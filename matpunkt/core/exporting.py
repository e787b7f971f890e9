"""The one place that writes CSV and XLSX files.

Every CSV and XLSX file Mätpunkt hands out goes through this module, so that a text cell can
never act as a spreadsheet formula (OWASP "CSV injection"). A text cell that begins with one of
`FORMULA_STARTS` is neutralised: in CSV it gets a single leading quote (`'=1+1`), which the
importer strips again (`restore`); in XLSX it is written as a plain string cell, never as a
formula. Numbers stay numbers: a negative number is not text and is written unchanged.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A CSV cell value: text that a spreadsheet would read as a formula gets a leading quote.

    Text that already starts with quotes before a formula character gets one more, so that
    `restore` gives back exactly the original text.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text of an imported CSV cell: one quote before a formula character goes again."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _csv_row(values: Iterable[Any]) -> list[Any]:
    return ["" if value is None else neutralise(value) for value in values]


def write_csv_rows(
    handle: TextIO,
    header: Sequence[str],
    rows: Iterable[Sequence[Any] | Mapping[str, Any]],
    *,
    delimiter: str = ",",
    lineterminator: str = "\n",
) -> None:
    """Write a header row and data rows to `handle`; a mapping row is read in `header` order."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow(_csv_row(header))
    for row in rows:
        if isinstance(row, Mapping):
            row = [row.get(column, "") for column in header]
        writer.writerow(_csv_row(row))


def write_csv(
    header: Sequence[str],
    rows: Iterable[Sequence[Any] | Mapping[str, Any]],
    *,
    delimiter: str = ";",
    lineterminator: str = "\r\n",
    bom: bool = True,
) -> bytes:
    """A CSV file as UTF-8 bytes, by default with a BOM so that Excel shows å, ä and ö."""
    buffer = io.StringIO(newline="")
    if bom:
        buffer.write("\ufeff")
    write_csv_rows(buffer, header, rows, delimiter=delimiter, lineterminator=lineterminator)
    return buffer.getvalue().encode("utf-8")


def new_workbook(*, write_only: bool = False) -> Workbook:
    """An empty workbook to fill with `set_cell`, `append_row` or `xlsx_row`."""
    return Workbook(write_only=write_only)


def _protect(cell):
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    return cell


def set_cell(sheet, row: int, column: int, value: Any):
    """Write one cell of a worksheet; text is always text, never a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    return _protect(cell)


def append_row(sheet, values: Iterable[Any]) -> None:
    """Append one row to a normal worksheet; text never becomes a formula."""
    values = list(values)
    sheet.append(values)
    for column in range(1, len(values) + 1):
        _protect(sheet.cell(row=sheet._current_row, column=column))


def xlsx_row(sheet, values: Iterable[Any]) -> list[Any]:
    """The values of a write-only row: "" and None are empty, text is plain text."""
    row = []
    for value in values:
        if value == "" or value is None:
            row.append(None)
        elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
            row.append(_protect(WriteOnlyCell(sheet, value=value)))
        else:
            row.append(value)
    return row


def save_workbook(workbook: Workbook) -> bytes:
    """The workbook as XLSX bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
