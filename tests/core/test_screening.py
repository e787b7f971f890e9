"""Free-text screening: personal data written with look-alike characters, other separators or
spelled out is caught, and ordinary Swedish sentences with numbers pass.

Each row is one kind of variant: (what is written, what reject_contact_details must name).
"""

import pytest
from django.core.exceptions import ValidationError

from matpunkt.core.validators import (
    looks_like_personnummer,
    reject_contact_details,
    reject_personnummer,
    screening_text,
)

PERSONNUMMER = [
    ("850312-4578", "plain hyphen"),
    ("8503124578", "ten digits together"),
    ("19850312-4578", "twelve digits with hyphen"),
    ("198503124578", "twelve digits together"),
    ("850312+4578", "plus (100 years or older)"),
    ("850312 4578", "space"),
    ("850312\u20134578", "en dash"),
    ("850312\u20144578", "em dash"),
    ("850312\u20114578", "non-breaking hyphen U+2011"),
    ("850312\u22124578", "minus sign U+2212"),
    ("850312\u20104578", "hyphen U+2010"),
    ("850312\ufe634578", "small hyphen-minus U+FE63"),
    ("\uff18\uff15\uff10\uff13\uff11\uff12\uff0d\uff14\uff15\uff17\uff18", "full-width"),
    ("850312 \u2013 4578", "spaced en dash"),
    ("85 03 12-4578", "date in pairs"),
    ("85-03-12-4578", "date parts hyphenated"),
    ("1985-03-12-4578", "ISO date and number"),
    ("850312/4578", "slash"),
    ("850312.4578", "dot"),
    ("850312_4578", "underscore"),
    ("850312\u00a04578", "no-break space"),
    ("8503\u200b12-4578", "zero-width space inside"),
    ("850312\u00ad-4578", "soft hyphen"),
    ("8 5 0 3 1 2 4 5 7 8", "every digit spaced out"),
    ("850372-4578", "samordningsnummer (day + 60)"),
    ("\u0668\u0665\u0660\u0663\u0661\u0662-\u0664\u0665\u0667\u0668", "Arabic-Indic digits"),
]

PHONE = [
    ("070-123 45 67", "hyphen and spaces"),
    ("070 123 45 67", "spaces"),
    ("070/123 45 67", "slash after the area code"),
    ("070\u2013123 45 67", "en dash"),
    ("070\u20111234567", "non-breaking hyphen U+2011"),
    ("070\u2212123 45 67", "minus sign U+2212"),
    ("+46 70 123 45 67", "country code"),
    ("+46 (0)70-123 45 67", "country code and bracketed zero"),
    ("0046 70 123 45 67", "00 country code"),
    ("\uff10\uff17\uff10\uff0d\uff11\uff12\uff13 \uff14\uff15 \uff16\uff17", "full-width"),
    ("070.123.45.67", "dots"),
    ("070 - 123 45 67", "spaced hyphen"),
    ("08-123 456 78", "Stockholm number"),
    ("031/12 34 56", "Göteborg number with slash"),
    ("070\u00a0123\u00a045\u00a067", "no-break spaces"),
    ("070\u202f123 45 67", "narrow no-break space"),
    ("\u0660\u0667\u0660\u0661\u0662\u0663 \u0664\u0665 \u0666\u0667", "Arabic-Indic digits"),
]

EMAIL = [
    ("anna@gmail.com", "plain"),
    ("anna @ gmail . com", "spaced"),
    ("anna at gmail dot com", "spelled out"),
    ("ANNA AT GMAIL DOT COM", "spelled out in capitals"),
    ("anna (at) gmail (dot) com", "bracketed words"),
    ("anna [at] gmail [dot] com", "square-bracketed words"),
    ("anna{at}gmail{dot}com", "braced words"),
    ("anna(a)gmail.com", "(a) for @"),
    ("anna snabel-a gmail punkt com", "Swedish words"),
    ("anna at gmail punkt se", "mixed words"),
    ("anna\uff20gmail.com", "full-width @"),
    (
        "\uff41\uff4e\uff4e\uff41\uff20\uff47\uff4d\uff41\uff49\uff4c\uff0e\uff43\uff4f\uff4d",
        "full-width",
    ),
    ("anna\ufe6bgmail.com", "small commercial at U+FE6B"),
    ("anna@gmail\u3002com", "ideographic full stop"),
    ("anna @gmail.com", "space before @"),
    ("anna.svensson@kommun.se", "dotted local part"),
]

VARIANTS = (
    [(text, "personnummer", kind) for text, kind in PERSONNUMMER]
    + [(text, "phone", kind) for text, kind in PHONE]
    + [(text, "email", kind) for text, kind in EMAIL]
)

ORDINARY = [
    "Jag har varit här i 2 år och fått hjälp 3 gånger i veckan.",
    "Det kostade 1 500 kr, men 10 000 kronor hade varit för mycket.",
    "Insatsen pågick 2024-01-15 – 2024-06-30.",
    "Mellan 2019 och 2021 deltog 120 personer.",
    "Under 2023-2024 var 85 % nöjda, mot 72,5 % året innan.",
    "Öppet kl. 08.30–16.00 måndag till fredag.",
    "Vi träffades 01/10 och 15/11.",
    "5 av 6 gånger kom handläggaren i tid.",
    "Målet är att 70 procent ska gå vidare till arbete eller studier senast 2026.",
    "0,5 procent fler än förra året.",
    "Jag är @ hemma de flesta dagar.",
    "Bra stöd. Punkt slut.",
    "Det var en viktig punkt i planen.",
    "Sedan 2015-03-01 har jag haft kontakt med 4 olika personer.",
    "Rum 12, våning 3, hus 45.",
    "Jag var 19 år när jag började, nu är jag 23.",
    "Betyg 4 av 5 – tack för allt!",
    "Vecka 38–47 delades enkäten ut.",
    "Kl. 10.30 varje tisdag.",
    "",
]


@pytest.mark.parametrize(("text", "code", "kind"), VARIANTS, ids=[v[2] for v in VARIANTS])
def test_contact_details_are_caught_however_they_are_written(text, code, kind):
    with pytest.raises(ValidationError) as error:
        reject_contact_details(f"Hej! {text} hör av dig")

    assert error.value.code == code


@pytest.mark.parametrize(("text", "kind"), PERSONNUMMER, ids=[v[1] for v in PERSONNUMMER])
def test_every_free_text_field_refuses_a_personnummer_however_written(text, kind):
    with pytest.raises(ValidationError) as error:
        reject_personnummer(f"Deltagare {text}")

    assert error.value.messages == [
        "Texten ser ut att innehålla ett personnummer. Personnummer får inte sparas i Mätpunkt: "
        "ta bort det och försök igen."
    ]


def test_the_table_holds_at_least_48_kinds_of_variant():
    assert (len(PERSONNUMMER), len(PHONE), len(EMAIL)) == (26, 17, 16)
    assert len(VARIANTS) >= 48


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentences_with_numbers_pass(text):
    reject_contact_details(text)
    reject_personnummer(text)


def test_the_comment_message_names_an_en_dash_personnummer():
    with pytest.raises(ValidationError) as error:
        reject_contact_details("Mitt nummer är 850312\u20134578")

    assert error.value.messages == [
        "Texten ser ut att innehålla ett personnummer. Ta bort det och skicka igen: svaren ska "
        "vara anonyma."
    ]


def test_a_date_range_is_no_personnummer_but_a_lone_split_date_with_a_number_is():
    assert not looks_like_personnummer("2024-01-15 - 2024-06-30")
    assert looks_like_personnummer("1985-03-12-4578")
    assert not looks_like_personnummer("1985-13-12-4578")  # no month 13
    assert not looks_like_personnummer("85031245781")  # eleven digits


def test_screening_folds_dashes_spaces_digits_and_invisible_characters():
    assert screening_text("８５\u200b０３１２\u2011４５７８\u00a0\u00a0x") == "850312-4578 x"
