"""Detectors that keep contact details out of free text: personnummer, phone, e-mail."""

import pytest
from django.core.exceptions import ValidationError

from matpunkt.core.validators import (
    looks_like_email,
    looks_like_phone_number,
    reject_contact_details,
)


@pytest.mark.parametrize(
    "text",
    [
        "070-123 45 67",
        "0701234567",
        "+46 70 123 45 67",
        "ring 0046 70 123 45 67 efter fem",
        "08-123 456 78",
        "(08) 123 45 67",
        "tel 031-12 34 56",
    ],
)
def test_phone_numbers_are_recognised(text):
    assert looks_like_phone_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jag har varit här i 2 år",
        "Det kostade 1 500 kr",
        "2024-10-01",
        "5 av 6 gånger",
        "0,5 procent",
        "kl 08.30-16.00",
        "10 000 kronor",
        "",
    ],
)
def test_ordinary_numbers_are_not_phone_numbers(text):
    assert not looks_like_phone_number(text)


@pytest.mark.parametrize(
    "text",
    ["anna@example.org", "skriv till Anna.Svensson+x@kommun.se!", "a.b at gmail.com", "a(at)b.se"],
)
def test_email_addresses_are_recognised(text):
    assert looks_like_email(text)


@pytest.mark.parametrize("text", ["Jag är @ hemma", "hej.då", "kl. 10.30", ""])
def test_ordinary_text_is_not_an_email_address(text):
    assert not looks_like_email(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("850314-1234", "personnummer"),
        ("Mitt nummer är 070 123 45 67", "phone"),
        ("kim@example.org", "email"),
    ],
)
def test_reject_contact_details_names_what_it_found(text, code):
    with pytest.raises(ValidationError) as error:
        reject_contact_details(text)

    assert error.value.code == code


def test_plain_feedback_passes():
    reject_contact_details("Bra stöd! Jag fick hjälp 3 gånger i veckan under 2024.")
