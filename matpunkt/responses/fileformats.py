"""Reading and writing the exchange files: CSV (comma or semicolon, UTF-8 with or without BOM)
and XLSX.

Reading turns a file into a `Table`: the expected columns in a fixed order and one tuple of
cell texts per data row, numbered as a spreadsheet shows them (the header is row 1). Everything
that makes a file unreadable raises `FileFormatError` with a Swedish message for the user.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from matpunkt.core import exporting

# Old binary Excel files (.xls) start with the OLE2 signature; XLSX files are ZIP archives.
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURE = b"PK\x03\x04"
_TEXT_EXTENSIONS = {"", "csv", "txt"}
_XLSX_EXTENSIONS = {"xlsx", "xlsm"}
_TRANSLITERATION = str.maketrans({"å": "a", "ä": "a", "ö": "o", " ": "_", "-": "_"})


class FileFormatError(Exception):
    """The file cannot be read as an exchange file; the message says why, in Swedish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The data rows of an exchange file, each a tuple of cell texts in `columns` order."""

    columns: tuple[str, ...]
    rows: list[tuple[int, tuple[str, ...]]]
    sheet: str | None = None

    def index(self, column: str) -> int:
        return self.columns.index(column)


def normalise_column(name) -> str:
    """A header cell as a lookup key: case, spaces, hyphens and å/ä/ö do not matter."""
    return cell_text(name).casefold().translate(_TRANSLITERATION)


def cell_text(value) -> str:
    """A cell as text: numbers stored as numbers (5.0) become "5", empty cells "" ."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    return str(value).strip()


def human_size(size: int) -> str:
    """A byte count the Swedish way: "50,0 MB", "2 kB"."""
    if size < 1024 * 1024:
        return _("%(size)s kB") % {"size": max(1, round(size / 1024))}
    return _("%(size)s MB") % {"size": f"{size / (1024 * 1024):.1f}".replace(".", ",")}


def read_table(
    file: IO[bytes],
    *,
    filename: str,
    columns: Sequence[str],
    required: Sequence[str],
    max_bytes: int,
) -> Table:
    """Read a CSV or XLSX exchange file with the given columns (in any order, any case).

    The size is checked before anything is read. Columns not in `required` may be left out of
    the file and read as empty. Raises FileFormatError.
    """
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size > max_bytes:
        raise FileFormatError(
            _("Filen är för stor (%(size)s). Största tillåtna storlek är %(max)s.")
            % {"size": human_size(size), "max": human_size(max_bytes)}
        )
    head = file.read(8192)
    file.seek(0)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileFormatError(_("Filen är tom."))
    extension = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if head.startswith(_OLE2_SIGNATURE):
        raise FileFormatError(
            _("Filen är en äldre Excel-fil (.xls). Spara den som XLSX eller CSV och försök igen.")
        )
    if head.startswith(_ZIP_SIGNATURE):
        return _read_xlsx(file, columns=columns, required=required)
    if extension in _XLSX_EXTENSIONS:
        raise FileFormatError(_("Filen kunde inte läsas som en XLSX-fil. Den kan vara skadad."))
    if extension not in _TEXT_EXTENSIONS or b"\x00" in head:
        raise FileFormatError(_not_csv_or_xlsx())
    return _read_csv(file.read(), columns=columns, required=required)


def _not_csv_or_xlsx() -> str:
    return _("Filen är varken en CSV-fil eller en XLSX-fil. Spara den som CSV (UTF-8) eller XLSX.")


def _csv_cell_text(cell: str) -> str:
    """A CSV cell as text; the quote the exporter puts before a formula character goes again."""
    return exporting.restore(cell.strip()).strip()


def _read_csv(raw: bytes, *, columns: Sequence[str], required: Sequence[str]) -> Table:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileFormatError(
            _(
                "Filen är inte kodad som UTF-8. Spara den i Excel som ”CSV UTF-8”, "
                "eller som XLSX, och försök igen."
            )
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = _numbered(reader, text=_csv_cell_text)
    try:
        _number, header = next(records, (0, []))
        positions = _positions(header, columns=columns, required=required, sheet=None)
        rows = _data_rows(records, positions, len(header), text=_csv_cell_text)
    except csv.Error as error:
        raise FileFormatError(
            _("Rad %(row)s kunde inte läsas som CSV.") % {"row": reader.line_num}
        ) from error
    return Table(columns=tuple(columns), rows=rows)


def _read_xlsx(file: IO[bytes], *, columns: Sequence[str], required: Sequence[str]) -> Table:
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileFormatError(_not_csv_or_xlsx()) from error
    try:
        candidates = []
        for sheet in workbook.worksheets:
            records = _numbered(sheet.iter_rows(values_only=True))
            number, header = next(records, (0, ()))
            found = {normalise_column(cell) for cell in header}
            score = sum(normalise_column(column) in found for column in required)
            candidates.append((score, sheet.title))
            if score == len(required):
                positions = _positions(header, columns=columns, required=required, sheet=sheet)
                rows = _data_rows(records, positions, len(header))
                return Table(columns=tuple(columns), rows=rows, sheet=sheet.title)
        best_score, best_title = max(candidates, default=(0, ""))
        if best_score >= 2:
            sheet = workbook[best_title]
            header = next(_numbered(sheet.iter_rows(values_only=True)), (0, ()))[1]
            _positions(header, columns=columns, required=required, sheet=sheet)
        raise FileFormatError(
            _(
                "Ingen flik i filen har den rubrikrad som behövs. Flikar i filen: %(sheets)s. "
                "Förväntad rubrikrad: %(header)s."
            )
            % {
                "sheets": ", ".join(f"”{title}”" for title in workbook.sheetnames),
                "header": ", ".join(columns),
            }
        )
    finally:
        workbook.close()


def _numbered(records: Iterable[Sequence], *, text=cell_text) -> Iterable[tuple[int, Sequence]]:
    """Rows that hold anything, with their row number in the file; blank rows are skipped.

    `text` turns a cell into text: `cell_text` for XLSX cells, plain `str.strip` for CSV.
    """
    for number, record in enumerate(records, start=1):
        if any(text(cell) for cell in record):
            yield number, record


def _positions(header, *, columns, required, sheet) -> list[int | None]:
    """For each expected column, its position in the file's header (None when absent)."""
    wanted = {normalise_column(column): column for column in columns}
    found: dict[str, int] = {}
    problems = []
    for position, cell in enumerate(header):
        key = normalise_column(cell)
        if not key:
            continue
        column = wanted.get(key)
        if column is None:
            problems.append(
                _("Okänd kolumn ”%(column)s” i rubrikraden.") % {"column": cell_text(cell)}
            )
        elif column in found:
            problems.append(_("Kolumnen ”%(column)s” finns två gånger.") % {"column": column})
        else:
            found[column] = position
    missing = [column for column in required if column not in found]
    if missing:
        problems.insert(
            0,
            _("Kolumnen %(columns)s saknas i rubrikraden.")
            % {"columns": ", ".join(f"”{column}”" for column in missing)}
            if len(missing) == 1
            else _("Kolumnerna %(columns)s saknas i rubrikraden.")
            % {"columns": ", ".join(f"”{column}”" for column in missing)},
        )
    if problems:
        if sheet is not None:
            problems.insert(0, _("Fliken ”%(sheet)s”:") % {"sheet": sheet.title})
        problems.append(_("Förväntad rubrikrad: %(header)s.") % {"header": ", ".join(columns)})
        raise FileFormatError(" ".join(problems))
    return [found.get(column) for column in columns]


def _data_rows(records, positions: list[int | None], header_width: int, text=cell_text) -> list:
    """The rows as tuples in column order; a value under no known column is refused."""
    unused = [i for i in range(header_width) if i not in positions]
    rows = []
    for number, record in records:
        width = len(record)
        values = tuple("" if p is None or p >= width else text(record[p]) for p in positions)
        extra = any(text(record[i]) for i in unused if i < width) or any(
            text(cell) for cell in record[header_width:]
        )
        if extra:
            raise FileFormatError(
                _("Rad %(row)s har värden i kolumner utan rubrik.") % {"row": number}
            )
        rows.append((number, values))
    if not rows:
        raise FileFormatError(_("Filen har en rubrikrad men inga datarader."))
    return rows


def write_csv(header: Sequence[str], rows: Iterable[Sequence], *, delimiter: str = ";") -> bytes:
    """CSV in UTF-8 with BOM, so that Excel shows å, ä and ö; semicolons suit Swedish Excel."""
    return exporting.write_csv(header, rows, delimiter=delimiter)


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str) -> bytes:
    """One sheet with a header row; numbers stay numbers and empty cells stay empty."""
    workbook = exporting.new_workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append(exporting.xlsx_row(sheet, header))
    for row in rows:
        sheet.append(exporting.xlsx_row(sheet, row))
    return exporting.save_workbook(workbook)
