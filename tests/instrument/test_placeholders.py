import pytest

from matpunkt.instrument.models import Questionnaire
from matpunkt.instrument.placeholders import (
    LOGO_PLACEHOLDER,
    fill,
    missing_placeholders,
    paragraphs,
)
from tests.factories import ForbundFactory, InsatsFactory


@pytest.fixture
def cover_text(db):
    return Questionnaire.objects.get(version__code="2021", group="deltagare_pagaende").cover_text


def test_the_2021_cover_text_holds_every_placeholder_of_the_paper_form(cover_text):
    assert cover_text.startswith("Verksamhetens namn: [namn på aktiviteten]\n\n" + LOGO_PLACEHOLDER)
    for placeholder in ("[Namn på kontaktperson]", "[telefonnummer]", "[e-mejladress]"):
        assert placeholder in cover_text


def test_fill_puts_in_the_forbund_and_insats_details(cover_text):
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    text = fill(cover_text, forbund=forbund, insats=insats)
    assert "Verksamhetens namn: Steget vidare" in text
    assert "Kim Kontakt" in text
    assert "Förbundschef, Södra Dalarna" in text
    assert "Telefon: 010-123 45 67, e-mejl: kim@example.org" in text
    assert missing_placeholders(cover_text, forbund=forbund, insats=insats) == []


def test_a_placeholder_without_a_value_stays_and_is_reported(cover_text):
    forbund = ForbundFactory(name="Utan kontakt", contact_phone="", contact_email="")
    text = fill(cover_text, forbund=forbund)
    assert "Telefon: [telefonnummer], e-mejl: [e-mejladress]" in text
    assert missing_placeholders(cover_text, forbund=forbund) == [
        "[namn på aktiviteten]",
        "[telefonnummer]",
        "[e-mejladress]",
    ]


def test_the_logo_paragraph_is_dropped_without_a_logo(cover_text):
    forbund = ForbundFactory(name="Utan logotyp")
    parts = paragraphs(cover_text, forbund=forbund)
    assert not any(p.is_logo for p in parts)
    assert all(LOGO_PLACEHOLDER not in p.text for p in parts)
    assert parts[1].text == "Hur vet vi att det blir bättre?"
