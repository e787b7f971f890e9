"""Validators that keep personal data out of the database."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Ten or twelve digits, optionally with a separator (-, + or a space) before the last four. The
# date part must be a plausible date; day 61-91 covers samordningsnummer. The check digit is not
# required: a mistyped personnummer is still one.
_PERSONNUMMER = re.compile(
    r"(?<!\d)(?:(?:19|20)?\d{2})(?P<month>\d{2})(?P<day>\d{2})\s?[-+ ]?\s?\d{4}(?!\d)"
)


def looks_like_personnummer(text: str) -> bool:
    """True when the text contains something shaped like a Swedish personnummer."""
    for match in _PERSONNUMMER.finditer(text or ""):
        month, day = int(match["month"]), int(match["day"])
        if 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91):
            return True
    return False


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
# then digits separated by spaces, hyphens or brackets. 8 to 15 digits in all, which leaves out
# years, sums of money and short numbers such as "5 av 6"; dots and slashes are not separators,
# so times ("08.30-16.00") and dates ("01/10") are not taken for phone numbers.
_PHONE = re.compile(r"(?<![\w+])(?:\+|0)[\d \-()]{6,22}\d(?!\w)")

# user@domain.tld, also with the common obfuscation " at " / "(at)" / "[at]" for @.
_EMAIL = re.compile(
    r"[\w.+\-]+\s*(?:@|\(at\)|\[at\]|\s+at\s+)\s*[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,24}\b",
    re.IGNORECASE,
)


def looks_like_phone_number(text: str) -> bool:
    """True when the text contains something shaped like a phone number (8–15 digits)."""
    for match in _PHONE.finditer(text or ""):
        digits = sum(char.isdigit() for char in match.group())
        if 8 <= digits <= 15:
            return True
    return False


def looks_like_email(text: str) -> bool:
    """True when the text contains something shaped like an e-mail address."""
    return _EMAIL.search(text or "") is not None


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
