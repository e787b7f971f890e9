"""The text source: Swedish from the instrument data, other languages from approved translations."""

import dataclasses

import pytest

from matpunkt.instrument.models import Questionnaire, TranslationStatus
from matpunkt.instrument.translations import (
    Language,
    available_languages,
    direction_for,
    questionnaire_texts,
)
from tests.translations.conftest import ARABIC

SWEDISH = Language("sv", "Svenska", "Svenska", "ltr")


def test_swedish_texts_equal_the_instrument_data(version_2021):
    questionnaire = Questionnaire.objects.get(version=version_2021, group="deltagare_avslut")
    texts = questionnaire_texts(version_2021, "deltagare_avslut")

    assert texts.language == "sv"
    assert texts.direction == "ltr"
    assert texts.fallback is False
    assert texts.missing == ()
    assert texts.version_code == "2021"
    assert texts.title == questionnaire.title == "Enkät deltagare"
    assert texts.form_label == "AVSLUTSENKÄT"
    assert texts.cover_text == questionnaire.cover_text
    assert texts.instructions == questionnaire.instructions
    assert texts.has_gender_variant is True
    assert texts.gender_prompt == "Om dig:"
    assert texts.gender_labels == {
        "kvinna": "Kvinna",
        "man": "Man",
        "ej_uppgett": "Vill inte svara/inget svarsalternativ passar",
    }
    stored = list(questionnaire.questions.order_by("number"))
    assert [(q.number, q.text, q.instruction_before) for q in texts.questions] == [
        (q.number, q.text, q.instruction_before) for q in stored
    ]
    assert [q.code for q in texts.questions] == [f"F{n}" for n in range(1, 11)]
    assert texts.question(9).instruction_before == "Om Ja, gå vidare till frågorna 9 och 10."
    assert texts.question(8).options == [(1, "ja", "Ja", True), (2, "nej", "Nej", False)]
    assert [(o.value, o.code, o.label, o.is_positive) for o in texts.question(1).options] == [
        (o.value, o.code, o.label, o.is_positive) for o in stored[0].scale.options.order_by("value")
    ]


def test_swedish_texts_accept_a_period(period):
    assert questionnaire_texts(period, "styrelse").questions == (
        questionnaire_texts(period.version, "styrelse").questions
    )


def test_group_without_questionnaire_in_the_version_raises(version_2021):
    with pytest.raises(Questionnaire.DoesNotExist):
        questionnaire_texts(version_2021, "forbundschef")


def test_approved_translation_gives_translated_texts_right_to_left(make_translation, version_2021):
    make_translation()

    texts = questionnaire_texts(version_2021, "deltagare_pagaende", "ar")

    assert texts.language == "ar"
    assert texts.direction == "rtl"
    assert texts.fallback is False
    assert texts.title == "استبيان المشاركين"
    assert texts.cover_text == "اسم النشاط: [namn på aktiviteten]"
    assert texts.gender_labels == {"kvinna": "امرأة", "man": "رجل", "ej_uppgett": "لا أريد الإجابة"}
    assert [q.text for q in texts.questions] == [
        ARABIC[f"deltagare_pagaende.F{n}"] for n in range(1, 8)
    ]
    assert texts.question(4).options == [(1, "ja", "نعم", True), (2, "nej", "لا", False)]


def test_missing_option_labels_fall_back_to_swedish(make_translation, version_2021):
    make_translation()

    texts = questionnaire_texts(version_2021, "deltagare_pagaende", "ar")

    assert [o.label for o in texts.question(1).options] == [
        "أبدًا",
        "Sällan",
        "Ibland",
        "Ofta",
        "För det mesta",
        "دائمًا",
    ]
    assert [o.label for o in texts.question(5).options] == [
        "Inte alls",
        "Till liten del",
        "Delvis",
        "Till stor del",
        "Till mycket stor del",
        "Helt och hållet",
    ]
    assert texts.missing == (
        "scale.frekvens.2",
        "scale.frekvens.3",
        "scale.frekvens.4",
        "scale.frekvens.5",
        "scale.omfattning.1",
        "scale.omfattning.2",
        "scale.omfattning.3",
        "scale.omfattning.4",
        "scale.omfattning.5",
        "scale.omfattning.6",
        "deltagare_pagaende.paper_only.1",
    )
    assert texts.fallback is False


@pytest.mark.parametrize(
    "status",
    [TranslationStatus.UPLOADED, TranslationStatus.WITHDRAWN, TranslationStatus.SUPERSEDED],
)
def test_a_translation_that_is_not_approved_falls_back_to_swedish(
    make_translation, version_2021, status
):
    make_translation(status=status)

    texts = questionnaire_texts(version_2021, "deltagare_pagaende", "ar")

    assert texts.fallback is True
    assert texts.language == "sv"
    assert texts.direction == "ltr"
    swedish = questionnaire_texts(version_2021, "deltagare_pagaende")
    assert texts == dataclasses.replace(swedish, fallback=True)
    assert available_languages(version_2021) == [SWEDISH]


def test_a_group_the_translation_does_not_cover_falls_back_to_swedish(
    make_translation, version_2021
):
    make_translation()

    texts = questionnaire_texts(version_2021, "deltagare_avslut", "ar")

    assert texts.fallback is True
    assert texts.title == "Enkät deltagare"
    assert texts.question(1).text == "Har du fått stöd på ett sätt som är till stor nytta för dig?"


def test_unknown_language_falls_back_to_swedish(version_2021):
    texts = questionnaire_texts(version_2021, "personal", "so")

    assert (texts.language, texts.direction, texts.fallback) == ("sv", "ltr", True)


def test_translation_of_another_version_is_not_used(make_translation, version_2017):
    make_translation()

    assert questionnaire_texts(version_2017, "deltagare_pagaende", "ar").fallback is True
    assert available_languages(version_2017) == [SWEDISH]


def test_available_languages_lists_swedish_first_then_approved_by_swedish_name(
    make_translation, version_2021, period
):
    make_translation(language="fa")
    make_translation(language="ar")
    make_translation(language="so", status=TranslationStatus.UPLOADED)

    expected = [
        SWEDISH,
        Language("ar", "العربية", "Arabiska", "rtl"),
        Language("fa", "فارسی", "Persiska", "rtl"),
    ]
    assert available_languages(version_2021) == expected
    assert available_languages(period) == expected
    assert available_languages(version_2021, group="deltagare_pagaende") == expected
    assert available_languages(version_2021, group="personal") == [SWEDISH]
    assert expected[1].is_rtl is True


@pytest.mark.parametrize(
    ("code", "direction"),
    [
        ("ar", "rtl"),
        ("fa", "rtl"),
        ("ckb", "rtl"),
        ("he", "rtl"),
        ("ur", "rtl"),
        ("ps", "rtl"),
        ("prs", "rtl"),
        ("ku-Arab", "rtl"),
        ("en", "ltr"),
        ("so", "ltr"),
        ("ti", "ltr"),
        ("uk", "ltr"),
        ("kmr", "ltr"),
        ("ar-Latn", "ltr"),
    ],
)
def test_direction_follows_the_language_code(code, direction):
    assert direction_for(code) == direction
