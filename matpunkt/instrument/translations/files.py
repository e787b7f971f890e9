"""Translation files: a blank or filled XLSX or PO file per version, and reading them back.

Both formats carry one text per key (see `entries`), the Swedish source and the translation,
plus the language code, the language's names and the writing direction. Reading only extracts
what the file says; `validation` decides whether it is acceptable.
"""

import io
import zipfile
from dataclasses import dataclass, field

import polib
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from matpunkt.core.exporting import new_workbook, save_workbook, set_cell
from matpunkt.instrument.translations.entries import lookup, source_entries

# The column headers are part of the file format: always Swedish, whatever the page language,
# so a file downloaded in one interface language can be uploaded in the other.
COLUMN_HEADERS = ("Nyckel", "Svensk text", "Översättning", "Var texten används")
SHEET = "Översättning"
INSTRUCTIONS_SHEET = "Instruktioner"
HEADER_ROW = 7
FIRST_ROW = HEADER_ROW + 1
HEADER_CELLS = {"version": "B1", "language": "B2", "name": "B3", "name_sv": "B4", "direction": "B5"}
PO_HEADERS = {
    "version": "X-Matpunkt-Version",
    "language": "Language",
    "name": "X-Language-Name",
    "name_sv": "X-Language-Name-Sv",
    "direction": "X-Direction",
}
GREY = PatternFill("solid", fgColor="E7E7E7")
WRAP = Alignment(wrap_text=True, vertical="top")


class TranslationFileError(ValueError):
    """The file cannot be accepted; `problems` lists every reason, in Swedish."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class FileEntry:
    """One text as read from a file; `where` names its row or entry for messages."""

    where: str
    key: str
    source: str
    translation: str
    fuzzy: bool = False


@dataclass
class TranslationFile:
    """What a translation file says, before validation."""

    version: str
    language: str
    name: str
    name_sv: str
    direction: str
    entries: list[FileEntry]
    header_where: dict[str, str] = field(default_factory=dict)


def _headers(version, translation) -> dict[str, str]:
    values = {"version": version.code, "language": "", "name": "", "name_sv": "", "direction": ""}
    if translation is not None:
        values.update(
            language=translation.language,
            name=translation.name,
            name_sv=translation.name_sv,
            direction=translation.direction,
        )
    return values


# XLSX ------------------------------------------------------------------------------------------


def _instructions(version) -> list[str]:
    params = {"version": version.code}
    return [
        _("Översättning av NNS indikatorenkäter, version %(version)s") % params,
        "",
        _("Så här fyller du i filen"),
        _(
            "1. Gå till fliken ”Översättning”. Fyll i språkkoden i cell B2 (enligt BCP 47, "
            "t.ex. ar för arabiska, fa för persiska, ckb för kurdiska (sorani), so för somaliska, "
            "ti för tigrinja)."
        ),
        _(
            "2. Skriv språkets namn på språket självt i cell B3 (t.ex. العربية) och på svenska "
            "i cell B4."
        ),
        _(
            "3. Skriftriktningen i B5 är rtl (höger till vänster) eller ltr (vänster till höger). "
            "Lämna den tom så bestäms den av språkkoden."
        ),
        _(
            "4. Skriv översättningen av varje text i kolumn C. Kolumn A (nyckel) och B (svensk "
            "text) får inte ändras; de är låsta."
        ),
        "",
        _("Regler"),
        _(
            "• Text inom hakparentes, t.ex. [namn på aktiviteten], är en platshållare som "
            "förbundet fyller i. Den ska stå kvar exakt som i den svenska texten, på svenska och "
            "med hakparenteserna."
        ),
        _(
            "• Understrykningar skrivs <u>så här</u>. Varje <u> ska avslutas med </u>. "
            "Inga andra taggar är tillåtna."
        ),
        _(
            "• Översätter du en enkät måste alla dess frågor översättas. Texter som saknar "
            "översättning visas på svenska. Du behöver inte översätta alla enkäter."
        ),
        _(
            "• Frågorna får inte omformuleras: översättningen ska säga samma sak som den svenska "
            "frågan, så att svaren kan jämföras."
        ),
        _("• En tom rad mellan stycken i den svenska texten ska finnas kvar i översättningen."),
        _(
            "• Nycklar som slutar på paper_only.1 är en mening ur försättsbladet som bara gäller "
            "pappersenkäten (som ”Returnera enkäten i det bifogade kuvertet.”). Skriv den exakt "
            "som den står i din översättning av försättsbladet. Webbenkäten visar i stället "
            "texten interface.send_instruction, medan den utskrivna enkäten behåller meningen."
        ),
        _(
            "• De sista raderna, med nycklar som börjar med interface., är texterna runt frågorna: "
            "knappar, rubriker och meddelanden i webbenkäten och rutan med koden och sidnumren på "
            "pappersenkäten. En platshållare som %(address)s fyller Mätpunkt i (här en "
            "webbadress); den ska stå kvar exakt så. Lämnas en sådan text tom visas den på "
            "svenska, eller på engelska i en översättning till engelska."
        ),
        "",
        _("Efter uppladdningen"),
        _(
            "En NNS-administratör laddar upp filen i Mätpunkt. Filen kontrolleras och alla fel "
            "listas med rad och nyckel. Översättningen visas för de svarande först när en "
            "NNS-administratör har granskat och godkänt den."
        ),
    ]


def export_xlsx(version, translation=None) -> bytes:
    """An XLSX file with every text of the version; blank, or filled from a translation."""
    workbook = new_workbook()
    guide = workbook.active
    guide.title = INSTRUCTIONS_SHEET
    guide.column_dimensions["A"].width = 110
    for row, line in enumerate(_instructions(version), start=1):
        cell = set_cell(guide, row, 1, line)
        cell.alignment = WRAP
        if row == 1:
            cell.font = Font(bold=True, size=14)
        elif line and not line[0].isdigit() and not line.startswith("•") and len(line) < 40:
            cell.font = Font(bold=True)
    guide.protection.sheet = True

    sheet = workbook.create_sheet(SHEET)
    labels = {
        "version": _("Instrumentversion"),
        "language": _("Språkkod (t.ex. ar, fa, ckb, so, ti)"),
        "name": _("Språkets namn på språket (t.ex. العربية)"),
        "name_sv": _("Språkets namn på svenska (t.ex. Arabiska)"),
        "direction": _("Skriftriktning: rtl eller ltr (tomt = efter språkkoden)"),
    }
    values = _headers(version, translation)
    for name, address in HEADER_CELLS.items():
        row = int(address[1:])
        label = set_cell(sheet, row, 1, labels[name])
        label.font = Font(bold=True)
        cell = set_cell(sheet, row, sheet[address].column, values[name] or None)
        if name == "version":
            cell.fill = GREY
        else:
            cell.protection = Protection(locked=False)
    directions = DataValidation(type="list", formula1='"rtl,ltr"', allow_blank=True)
    sheet.add_data_validation(directions)
    directions.add(HEADER_CELLS["direction"])

    for column, title in enumerate(COLUMN_HEADERS, start=1):
        set_cell(sheet, HEADER_ROW, column, title).font = Font(bold=True)
    texts = translation.texts if translation is not None else {}
    for row, entry in enumerate(source_entries(version), start=FIRST_ROW):
        set_cell(sheet, row, 1, entry.key).fill = GREY
        source = set_cell(sheet, row, 2, entry.source)
        source.fill = GREY
        source.alignment = WRAP
        target = set_cell(sheet, row, 3, lookup(texts, entry.key) or None)
        target.alignment = WRAP
        target.protection = Protection(locked=False)
        set_cell(sheet, row, 4, entry.description).fill = GREY
    for column, width in zip("ABCD", (34, 60, 60, 36), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    return save_workbook(workbook)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise(str(value))


def normalise(text: str) -> str:
    """Line endings as \\n and no surrounding white space, as the instrument stores texts."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def read_xlsx(data: bytes) -> TranslationFile:
    """Read a translation XLSX. Raises TranslationFileError when it is not one."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise TranslationFileError([_("Filen kunde inte läsas som en XLSX-fil.")]) from exc
    if SHEET not in workbook.sheetnames:
        raise TranslationFileError(
            [
                _(
                    "Filen saknar fliken ”%(sheet)s”. Utgå från en tom översättningsfil "
                    "från Mätpunkt."
                )
                % {"sheet": SHEET}
            ]
        )
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    workbook.close()

    def cell(row: int, column: int) -> str:
        if row > len(rows) or column > len(rows[row - 1]):
            return ""
        return _cell_text(rows[row - 1][column - 1])

    if cell(HEADER_ROW, 1) != COLUMN_HEADERS[0] or cell(HEADER_ROW, 3) != COLUMN_HEADERS[2]:
        raise TranslationFileError(
            [
                _(
                    "Fliken ”%(sheet)s” har inte den väntade uppställningen (rubrikerna på rad "
                    "%(row)s saknas). Utgå från en tom översättningsfil från Mätpunkt."
                )
                % {"sheet": SHEET, "row": HEADER_ROW}
            ]
        )
    headers = {name: cell(int(a[1:]), 2) for name, a in HEADER_CELLS.items()}
    entries = []
    for number in range(FIRST_ROW, len(rows) + 1):
        key, source, translation = cell(number, 1), cell(number, 2), cell(number, 3)
        if key or source or translation:
            where = _("Rad %(row)s") % {"row": number}
            entries.append(FileEntry(where, key, source, translation))
    return TranslationFile(
        entries=entries,
        header_where={name: _("cell %(cell)s") % {"cell": a} for name, a in HEADER_CELLS.items()},
        **headers,
    )


# PO --------------------------------------------------------------------------------------------


def export_po(version, translation=None) -> bytes:
    """A PO file with every text of the version: msgctxt is the key, msgid the Swedish source,
    msgstr the translation (empty in a blank file)."""
    po = polib.POFile(wrapwidth=0)
    values = _headers(version, translation)
    po.metadata = {
        "Project-Id-Version": f"Mätpunkt {version.code}",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        **{PO_HEADERS[name]: value for name, value in values.items()},
    }
    po.header = _(
        "Översättning av NNS indikatorenkäter, version %(version)s. Fyll i Language (språkkod), "
        "X-Language-Name (språkets namn på språket), X-Language-Name-Sv (på svenska) och "
        "eventuellt X-Direction (rtl eller ltr). Platshållare inom hakparentes ska stå kvar "
        "oförändrade; <u>…</u> ska gå jämnt ut. Nycklarna interface.… är texterna runt "
        "frågorna; deras platshållare, som %%(address)s, ska stå kvar exakt."
    ) % {"version": version.code}
    texts = translation.texts if translation is not None else {}
    for entry in source_entries(version):
        po.append(
            polib.POEntry(
                msgctxt=entry.key,
                msgid=entry.source,
                msgstr=lookup(texts, entry.key),
                comment=entry.description,
            )
        )
    return str(po).encode("utf-8")


def read_po(data: bytes) -> TranslationFile:
    """Read a translation PO file. Raises TranslationFileError when it is not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TranslationFileError([_("PO-filen är inte kodad i UTF-8.")]) from exc
    unreadable = TranslationFileError([_("Filen kunde inte läsas som en PO-fil.")])
    # polib treats a one-line argument that names an existing file as a path: never let an
    # uploaded text make it open a file on the server.
    if "\n" not in text:
        raise unreadable
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise unreadable from exc
    entries = []
    number = 0
    for entry in po:
        if entry.obsolete:
            continue
        number += 1
        entries.append(
            FileEntry(
                where=_("Post %(number)s") % {"number": number},
                key=normalise(entry.msgctxt or ""),
                source=normalise(entry.msgid),
                translation=normalise(entry.msgstr),
                fuzzy="fuzzy" in entry.flags,
            )
        )
    headers = {name: normalise(po.metadata.get(h, "")) for name, h in PO_HEADERS.items()}
    return TranslationFile(
        entries=entries,
        header_where={
            name: _("filhuvudet %(header)s") % {"header": h} for name, h in PO_HEADERS.items()
        },
        **headers,
    )
