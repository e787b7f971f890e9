"""Building exchange files for the tests, and running the import commands on them."""

import io
from io import StringIO

from django.core.management import CommandError, call_command
from openpyxl import Workbook

RESPONSE_HEADER = ["forbund", "insats", "period", "grupp", "variant", "kon"] + [
    f"F{n}" for n in range(1, 11)
]
DISTRIBUTION_HEADER = ["forbund", "insats", "period", "grupp", "tillfragade", "ej_nabara"]


def svar(
    grupp="deltagare_pagaende",
    variant="utan_kon",
    kon="",
    answers=(),
    *,
    forbund="Södra Dalarna",
    insats="Steget vidare",
    period="2021",
):
    """One svarsfil row; answers fill F1, F2, ... and the rest stay empty."""
    cells = [str(a) for a in answers] + [""] * (10 - len(answers))
    return [forbund, insats, period, grupp, variant, kon, *cells]


def utdelning(grupp, asked, unreachable, **names):
    """One utdelning row; names (forbund, insats, period) default to the fixtures' own."""
    forbund = names.get("forbund", "Södra Dalarna")
    insats = names.get("insats", "Steget vidare")
    period = names.get("period", "2021")
    return [forbund, insats, period, grupp, str(asked), str(unreachable)]


def csv_bytes(rows, *, header=RESPONSE_HEADER, delimiter=",", bom=False) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def xlsx_bytes(rows, *, header=RESPONSE_HEADER, sheet="Svar", sheets_before=(), numbers=True):
    """An XLSX file; with `numbers`, numeric cells are stored as numbers (5.0), as Excel does."""
    workbook = Workbook()
    first = workbook.active
    for title, content in sheets_before:
        first.title = title
        for line in content:
            first.append(line)
        first = workbook.create_sheet()
    first.title = sheet
    first.append(header)
    for row in rows:
        first.append([_number(cell) if numbers else cell for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number(cell):
    if cell == "":
        return None
    if cell.isdigit():
        return float(cell)
    return cell


def run(command, *args):
    """Run a command: (exit code, stdout, stderr) as a shell would see them."""
    out, err = StringIO(), StringIO()
    try:
        call_command(command, *[str(arg) for arg in args], stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error) + "\n")
        return error.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()
