"""A password validator for the words an attacker tries first against this service.

NIST SP 800-63B asks to refuse "context-specific words, such as the name of the service".
Django's CommonPasswordValidator knows English passwords, not `Samordning2024!` or
`Matpunkt123`: a password is refused when its letters, once digits and punctuation are taken
away, are only such a word.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTEXT_WORDS = frozenset(
    {
        "matpunkt",
        "mätpunkt",
        "nns",
        "samordning",
        "samordningsförbund",
        "samordningsförbundet",
        "förbund",
        "förbundet",
        "finsam",
        "lösenord",
        "losenord",
        "password",
        "välkommen",
        "valkommen",
        "sommar",
        "vinter",
        "höst",
        "vår",
        "hemligt",
    }
)
_NOT_A_LETTER = re.compile(r"[\W\d_]+")


class ContextWordValidator:
    """Refuses a password that is only the service's name, a word of its domain or a season,
    with digits or punctuation around it."""

    def validate(self, password, user=None):
        letters = _NOT_A_LETTER.sub("", password).casefold()
        if letters in CONTEXT_WORDS:
            raise ValidationError(
                _(
                    "Lösenordet bygger på ett ord som är lätt att gissa här (till exempel "
                    "Mätpunkt, samordning eller en årstid). Välj en längre mening eller "
                    "flera orelaterade ord."
                ),
                code="password_context_word",
            )

    def get_help_text(self):
        return _(
            "Lösenordet får inte bara vara tjänstens namn, ett ord som samordning eller en årstid "
            "med siffror."
        )
