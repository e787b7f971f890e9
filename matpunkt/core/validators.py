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
