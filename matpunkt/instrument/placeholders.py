"""Filling the placeholders of the instrument's texts for one förbund and insats.

The texts keep the source's placeholders in square brackets. A förbund fills them with its own
details; it never rewords a question. A placeholder without a value is left as written, and
`missing_placeholders` tells the förbund what to complete before handing out questionnaires.
"""

from dataclasses import dataclass

LOGO_PLACEHOLDER = (
    "[Plats för samordningsförbundets egen logotyp. "
    "Om egen logotyp inte används tas denna textruta bort.]"
)
INSATS_NAME = "[namn på aktiviteten]"
CONTACT_NAME = "[Namn på kontaktperson]"
CONTACT_ROLE = "[Kontaktpersonens funktion samt samordningsförbundets namn]"
PHONE = "[telefonnummer]"
EMAIL = "[e-mejladress]"


def placeholder_values(*, forbund, insats=None) -> dict[str, str]:
    """The value of every placeholder for a förbund (and insats); '' where none is known."""
    role = ", ".join(part for part in (forbund.contact_role.strip(), forbund.name) if part)
    return {
        INSATS_NAME: insats.name if insats is not None else "",
        CONTACT_NAME: forbund.contact_name.strip(),
        CONTACT_ROLE: role if forbund.contact_role.strip() else "",
        PHONE: forbund.contact_phone.strip(),
        EMAIL: forbund.contact_email.strip(),
    }


def fill(text: str, *, forbund, insats=None) -> str:
    """The text with every placeholder that has a value replaced by it."""
    for placeholder, value in placeholder_values(forbund=forbund, insats=insats).items():
        if value:
            text = text.replace(placeholder, value)
    return text


def missing_placeholders(text: str, *, forbund, insats=None) -> list[str]:
    """The placeholders in the text that the förbund has not given a value for yet."""
    values = placeholder_values(forbund=forbund, insats=insats)
    return [p for p, value in values.items() if p in text and not value]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of an introduction text: plain text, or the place of the förbund's logo."""

    text: str
    is_logo: bool = False


def paragraphs(text: str, *, forbund, insats=None) -> list[Paragraph]:
    """The filled text split into paragraphs; the logo placeholder becomes a logo paragraph,
    dropped when the förbund has no logo (as the form's own instruction says)."""
    result = []
    for chunk in fill(text, forbund=forbund, insats=insats).split("\n\n"):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk == LOGO_PLACEHOLDER:
            if forbund.logo:
                result.append(Paragraph("", is_logo=True))
            continue
        result.append(Paragraph(chunk))
    return result
