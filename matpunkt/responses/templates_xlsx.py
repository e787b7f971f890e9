"""Downloadable XLSX templates for the svarsfil and the utdelning, with drop-down lists.

Allowed values come from the instrument data and the user's own förbund, insatser and periods;
no question text appears in them.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from matpunkt.core.exporting import append_row, new_workbook, save_workbook, set_cell
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import Group, Kon, Question, Variant
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.responses.importing import DISTRIBUTION_COLUMNS, RESPONSE_COLUMNS
from matpunkt.responses.models import QUESTION_NUMBERS

# Rows of the data sheet that carry the drop-down lists.
TEMPLATE_ROWS = 5000
LISTS_SHEET = "Listor"


def allowed_answer_codes() -> dict[int, list[str]]:
    """For each column F1..F10, every answer code some questionnaire accepts there."""
    codes: dict[int, set[str]] = {n: set() for n in QUESTION_NUMBERS}
    for number, code in Question.objects.values_list("number", "scale__options__code"):
        codes[number].add(code)
    return {
        n: sorted(found, key=lambda c: (not c.isdigit(), int(c) if c.isdigit() else 0, c))
        for n, found in codes.items()
    }


def _names(user) -> dict[str, list[str]]:
    forbund = Forbund.objects.all() if user is None else Forbund.objects.for_user(user)
    insatser = Insats.objects.all() if user is None else Insats.objects.for_user(user)
    return {
        "forbund": list(forbund.values_list("name", flat=True)),
        "insats": sorted(set(insatser.values_list("name", flat=True))),
        "period": list(Period.objects.order_by("label").values_list("label", flat=True)),
    }


def _inline_list(values: Sequence[str]) -> str:
    return '"' + ",".join(values) + '"'


def _validation(sheet, column: str, formula: str, *, strict: bool, prompt: str) -> None:
    position = get_column_letter(RESPONSE_COLUMNS.index(column) + 1)
    _add_validation(sheet, position, "list", formula, strict=strict, prompt=prompt)


def _add_validation(sheet, letter, kind, formula, *, strict, prompt, operator=None) -> None:
    validation = DataValidation(
        type=kind,
        formula1=formula,
        operator=operator,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        # Names may be new (imported with "skapa saknade"): warn, do not stop.
        errorStyle="stop" if strict else "warning",
        errorTitle=_("Ogiltigt värde"),
        error=prompt,
        prompt=prompt,
    )
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(validation)


def _header(sheet, columns: Sequence[str]) -> None:
    append_row(sheet, list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for position, column in enumerate(columns, start=1):
        width = 28 if column in ("forbund", "insats") else max(8, len(column) + 4)
        sheet.column_dimensions[get_column_letter(position)].width = width


def _lists_sheet(workbook, names: dict[str, list[str]]) -> dict[str, str]:
    """A sheet with the förbund, insats and period names; returns a range formula per column."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    formulas = {}
    for position, (column, values) in enumerate(names.items(), start=1):
        letter = get_column_letter(position)
        set_cell(sheet, 1, position, column).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            # Stored as text: a name such as "=x" must not turn into a formula.
            set_cell(sheet, row, position, value)
        if values:
            formulas[column] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    return formulas


def _name_validations(sheet, formulas: dict[str, str], columns: Sequence[str]) -> None:
    prompts = {
        "forbund": _("Förbundets namn. Ett nytt namn kräver ”skapa saknade”."),
        "insats": _("Insatsens namn. Ett nytt namn kräver ”skapa saknade”."),
        "period": _("Mätperioden, t.ex. 2024."),
    }
    for column, formula in formulas.items():
        letter = get_column_letter(columns.index(column) + 1)
        _add_validation(sheet, letter, "list", formula, strict=False, prompt=prompts[column])


def _save(workbook) -> bytes:
    return save_workbook(workbook)


def responses_template(*, user=None) -> bytes:
    """An empty svarsfil with drop-down lists for every column and a sheet of instructions."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Svar"
    _header(sheet, RESPONSE_COLUMNS)
    _validation(
        sheet, "grupp", _inline_list(Group.values), strict=True, prompt=_("Respondentgrupp.")
    )
    _validation(
        sheet,
        "variant",
        _inline_list(Variant.values),
        strict=True,
        prompt=_("med_kon eller utan_kon (enkäter utan frågan om kön)."),
    )
    _validation(
        sheet,
        "kon",
        _inline_list(Kon.values),
        strict=True,
        prompt=_("kvinna, man, ej_uppgett eller tomt. Tomt när varianten är utan_kon."),
    )
    for number, codes in allowed_answer_codes().items():
        _validation(
            sheet,
            f"F{number}",
            _inline_list(codes),
            strict=True,
            prompt=_("Svar på fråga F%(number)s: %(codes)s eller tomt.")
            % {"number": number, "codes": ", ".join(codes)},
        )
    _name_validations(sheet, _lists_sheet(workbook, _names(user)), RESPONSE_COLUMNS)
    _instructions_sheet(workbook)
    return _save(workbook)


def distribution_template(*, user=None) -> bytes:
    """An empty utdelning file with drop-down lists and whole-number checks."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Utdelning"
    _header(sheet, DISTRIBUTION_COLUMNS)
    letter = {c: get_column_letter(i) for i, c in enumerate(DISTRIBUTION_COLUMNS, start=1)}
    _add_validation(
        sheet,
        letter["grupp"],
        "list",
        _inline_list(Group.values),
        strict=True,
        prompt=_("Respondentgrupp."),
    )
    _add_validation(
        sheet,
        letter["tillfragade"],
        "whole",
        "0",
        operator="greaterThanOrEqual",
        strict=True,
        prompt=_("Antal tillfrågade: ett heltal, 0 eller mer."),
    )
    asked, unreachable = letter["tillfragade"], letter["ej_nabara"]
    _add_validation(
        sheet,
        unreachable,
        "custom",
        f"AND(ISNUMBER({unreachable}2),{unreachable}2>=0,"
        f"{unreachable}2=INT({unreachable}2),{unreachable}2<={asked}2)",
        strict=True,
        prompt=_("Antal ej nåbara: ett heltal från 0 till antalet tillfrågade."),
    )
    _name_validations(sheet, _lists_sheet(workbook, _names(user)), DISTRIBUTION_COLUMNS)
    return _save(workbook)


def _instructions_sheet(workbook) -> None:
    """Which answer columns each group's questionnaire has, per version, and their codes."""
    sheet = workbook.create_sheet(_("Anvisningar"))
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 80
    append_row(sheet, [_("En rad per inlämnad enkät. Tom cell = frågan obesvarad.")])
    append_row(sheet, [_("Frågor som gruppens enkät inte har lämnas tomma.")])
    append_row(sheet, [])
    append_row(sheet, [_("Version"), _("Grupp"), _("Frågor och tillåtna svar")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    questions = Question.objects.select_related("questionnaire__version").prefetch_related(
        "scale__options"
    )
    described: dict[tuple[str, str], list[str]] = {}
    for question in questions.order_by(
        "questionnaire__version__code", "questionnaire__group", "number"
    ):
        codes = ", ".join(
            o.code for o in sorted(question.scale.options.all(), key=lambda o: o.value)
        )
        key = (question.questionnaire.version.code, question.questionnaire.group)
        described.setdefault(key, []).append(f"F{question.number}: {codes}")
    for (version, group), parts in described.items():
        append_row(sheet, [version, group, "; ".join(parts)])
