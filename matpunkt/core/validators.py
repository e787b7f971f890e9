"""Validators that keep personal data out of the database."""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Text is screened in a normalised form, so that look-alike characters cannot smuggle a
# personnummer, a phone number or an e-mail address past the patterns below: NFKC folds
# full-width and other compatibility forms ("８５０３１２", "＠", "﹫"); every dash (en dash,
# em dash, U+2011, U+2212 minus, ...) becomes "-", every space (no-break, narrow, ideographic,
# tab, line break) one " ", digits of any script ASCII digits, and invisible characters
# (zero-width space, soft hyphen, ...) are dropped.
_EXTRA_DASHES = "\u2212\u2043\u2796\ufe63"  # minus signs and hyphen look-alikes outside Pd
_EXTRA_DOTS = "\u3002\uff61\u2024\ufe52"  # ideographic full stops, one dot leader


@functools.cache
def _screening_table() -> dict[int, str]:
    table = {}
    # The Basic Multilingual Plane: NFKC has already folded the digits and letters beyond it.
    for point in range(0x10000):
        char = chr(point)
        category = unicodedata.category(char)
        if point < 0x80 and char not in "\t\n\r\x0b\x0c":
            continue
        if category == "Pd" or char in _EXTRA_DASHES:
            table[point] = "-"
        elif category == "Nd":
            table[point] = str(unicodedata.digit(char))
        elif category in ("Zs", "Zl", "Zp") or char.isspace():
            table[point] = " "
        elif category == "Cf":
            table[point] = ""
        elif char in _EXTRA_DOTS:
            table[point] = "."
    return table


def screening_text(text: str) -> str:
    """The text as it is screened for personal data: folded, with plain dashes, spaces and
    digits, invisible characters gone and runs of spaces made one."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_screening_table())
    return re.sub(r" {2,}", " ", folded)


# Digit groups joined by short separators: "850312-4578", "85 03 12 - 4578", "1985.03.12/4578".
_DIGIT_RUN = re.compile(r"\d+(?:[ \-+./_]{1,3}\d+)*")
# Where the digits of a personnummer may be split: between the parts of the date and before the
# last four (ten digits YYMMDD-NNNN, twelve digits YYYYMMDD-NNNN).
_DATE_CUTS = {10: {2, 4, 6}, 12: {2, 4, 6, 8}}
_DATE_END = {10: 6, 12: 8}


def _is_personnummer(groups: list[str], whole_run: bool) -> bool:
    digits = "".join(groups)
    length = len(digits)
    if length not in _DATE_CUTS:
        return False
    if length == 12 and digits[:2] not in ("19", "20"):
        return False
    cuts, position = set(), 0
    for group in groups[:-1]:
        position += len(group)
        cuts.add(position)
    spaced_out = len(groups) == length  # "8 5 0 3 1 2 4 5 7 8"
    if not spaced_out:
        if not cuts <= _DATE_CUTS[length]:
            return False
        # A date split into its parts ("2024-01-15") is a personnummer only when nothing
        # follows or precedes it: "2024-01-15 – 2024-06-30" is a date range.
        if cuts - {_DATE_END[length]} and not whole_run:
            return False
    date = digits[length - 10 : length - 4]
    month, day = int(date[2:4]), int(date[4:6])
    # Day 61-91 covers samordningsnummer. The check digit is not required: a mistyped
    # personnummer is still one.
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def looks_like_personnummer(text: str) -> bool:
    """True when the text contains something shaped like a Swedish personnummer (or
    samordningsnummer): ten or twelve digits with a plausible date, however they are written."""
    if not text or not _ANY_DIGIT.search(text):
        return False
    for run in _DIGIT_RUN.finditer(screening_text(text)):
        groups = re.findall(r"\d+", run.group())
        for first in range(len(groups)):
            for last in range(first + 1, len(groups) + 1):
                if sum(len(group) for group in groups[first:last]) > 12:
                    break
                whole = first == 0 and last == len(groups)
                if _is_personnummer(groups[first:last], whole):
                    return True
    return False


_ANY_DIGIT = re.compile(r"\d")


def reject_personnummer(value: str) -> None:
    """Refuse a value that looks like a personnummer: such data must never be stored."""
    if looks_like_personnummer(value):
        raise ValidationError(
            _(
                "Texten ser ut att innehålla ett personnummer. Personnummer får inte sparas "
                "i Mätpunkt: ta bort det och försök igen."
            ),
            code="personnummer",
        )


# A löpnummer or an own short code: letters, digits, "-" and "_" with at least one digit.
_PSEUDONYM = re.compile(r"(?=[^\d]*\d)[0-9A-Za-zÅÄÖåäö_-]{1,20}")


def validate_pseudonym(value: str) -> None:
    """Refuse a pseudonym that could be a name: a distribution list holds löpnummer, never who."""
    if not _PSEUDONYM.fullmatch(value or ""):
        raise ValidationError(
            _(
                "Löpnumret ska vara ett nummer eller en egen kod med minst en siffra och utan "
                "mellanslag, till exempel 12 eller SFS-12. Skriv aldrig namn i listan."
            ),
            code="pseudonym",
        )


# A phone number: starts with + or 0 (Swedish numbers are written with a leading 0 or +46),
# then digits separated by spaces, hyphens or brackets, 8 to 15 digits in all, which leaves out
# years, sums of money and short numbers such as "5 av 6"; nor does it start inside a date
# ("2024-01-15 – 2024-06-30"). A slash may follow the area code
# only ("070/123 45 67", not the date "01/10/2024"); dots are taken only with 9 digits or more
# ("070.123.45.67", not the times "08.30-16.00").
_PHONE = re.compile(r"(?<![\w+./\-])(?:\+|0)[\d \-()/.]{6,24}\d(?![\w/])")
_AREA_CODE_SLASH = re.compile(r"\(?0\d{1,3}\)? ?/")

# "@" and "." written out or spaced: "anna at gmail dot com", "anna (at) gmail (punkt) com",
# "anna snabel-a gmail.com", "anna(a)gmail.com", "anna @ gmail . com".
_AT_SPELLED = re.compile(
    r"\s*[(\[{<]\s*(?:at|a|snabel-?a)\s*[)\]}>]\s*|\s+(?:at|snabel-?a)\s+|\s*@\s*", re.IGNORECASE
)
_DOT_SPELLED = re.compile(
    r"\s*[(\[{<]\s*(?:dot|punkt)\s*[)\]}>]\s*|\s+(?:dot|punkt)\s+|\s+\.\s+", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,24}\b", re.IGNORECASE)


def _is_phone_number(candidate: str) -> bool:
    digits = sum(char.isdigit() for char in candidate)
    if not 8 <= digits <= 15:
        return False
    if "/" in candidate and (
        candidate.count("/") > 1 or not _AREA_CODE_SLASH.match(candidate.lstrip("+"))
    ):
        return False
    return "." not in candidate or digits >= 9


def looks_like_phone_number(text: str) -> bool:
    """True when the text contains something shaped like a phone number (8–15 digits)."""
    if not text or not _ANY_DIGIT.search(text):
        return False
    return any(_is_phone_number(match.group()) for match in _PHONE.finditer(screening_text(text)))


def looks_like_email(text: str) -> bool:
    """True when the text contains something shaped like an e-mail address, also written out
    ("anna at gmail dot com") or spaced ("anna @ gmail . com")."""
    folded = _DOT_SPELLED.sub(".", _AT_SPELLED.sub("@", screening_text(text)))
    return _EMAIL.search(folded) is not None


def reject_contact_details(value: str) -> None:
    """Refuse free text with a personnummer, a phone number or an e-mail address in it.

    Answers are anonymous, so free text from a respondent must not carry such details.
    """
    if looks_like_personnummer(value):
        raise ValidationError(
            _(
                "Texten ser ut att innehålla ett personnummer. Ta bort det och skicka igen: "
                "svaren ska vara anonyma."
            ),
            code="personnummer",
        )
    if looks_like_email(value):
        raise ValidationError(
            _(
                "Texten ser ut att innehålla en e-postadress. Ta bort den och skicka igen: "
                "svaren ska vara anonyma."
            ),
            code="email",
        )
    if looks_like_phone_number(value):
        raise ValidationError(
            _(
                "Texten ser ut att innehålla ett telefonnummer. Ta bort det och skicka igen: "
                "svaren ska vara anonyma."
            ),
            code="phone",
        )
