"""The shipped instrument: complete, verbatim from the seeds, and immutable once in use."""

import re
from pathlib import Path

import pytest

from matpunkt.instrument.loader import load_all
from matpunkt.instrument.models import (
    ImmutableVersionError,
    InstrumentVersion,
    Question,
    Questionnaire,
)
from matpunkt.instrument.selectors import questionnaire_spec
from tests.factories import PeriodFactory

SOURCES = Path(__file__).parent / "sources"
BILAGA_2 = (SOURCES / "bilaga2_2021.txt").read_text(encoding="utf-8")
REPORT_2017 = (SOURCES / "rapport_2017.txt").read_text(encoding="utf-8")

EXPECTED_COUNTS = {
    "2017": {
        "deltagare_pagaende": 7,
        "deltagare_avslut": 10,
        "personal": 9,
        "forbundschef": 3,
        "styrelse": 3,
        "chefsgrupp": 2,
    },
    "2021": {
        "deltagare_pagaende": 7,
        "deltagare_avslut": 10,
        "personal": 9,
        "styrelse": 3,
        "chefsgrupp": 4,
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["2017", "2021"])
def test_every_questionnaire_has_the_questions_of_the_seeds(code):
    counts = {
        q.group: q.questions.count() for q in Questionnaire.objects.filter(version__code=code)
    }
    assert counts == EXPECTED_COUNTS[code]


@pytest.mark.django_db
def test_2021_question_texts_stand_verbatim_in_bilaga_2():
    for question in Question.objects.filter(questionnaire__version__code="2021"):
        assert f"{question.number} {question.text}" in BILAGA_2, question


@pytest.mark.django_db
def test_2017_question_texts_stand_verbatim_in_the_2017_report():
    for question in Question.objects.filter(questionnaire__version__code="2017"):
        assert f"Fråga {question.number}: {question.text}" in REPORT_2017, question


@pytest.mark.django_db
def test_2021_cover_and_instruction_paragraphs_stand_verbatim_in_bilaga_2():
    for questionnaire in Questionnaire.objects.filter(version__code="2021"):
        for text in (questionnaire.cover_text, questionnaire.instructions):
            for paragraph in re.split(r"\n+", text):
                assert paragraph in BILAGA_2, paragraph


@pytest.mark.django_db
def test_the_structures_question_is_one_measure_in_three_groups_and_both_versions():
    questions = Question.objects.filter(measure__key="strukturer_relationer")
    assert sorted(
        (q.questionnaire.version.code, q.questionnaire.group, q.number) for q in questions
    ) == [
        ("2017", "chefsgrupp", 1),
        ("2017", "personal", 7),
        ("2017", "styrelse", 1),
        ("2021", "chefsgrupp", 3),
        ("2021", "personal", 7),
        ("2021", "styrelse", 1),
    ]
    assert len({q.text for q in questions}) == 1


@pytest.mark.django_db
def test_identical_wording_within_a_version_always_shares_a_measure():
    for version in InstrumentVersion.objects.all():
        by_text = {}
        for question in Question.objects.filter(questionnaire__version=version):
            by_text.setdefault(question.text, set()).add(question.measure_id)
        assert all(len(measures) == 1 for measures in by_text.values())


@pytest.mark.django_db
def test_f9_and_f10_of_avslut_are_asked_only_after_ja_on_f8():
    spec = questionnaire_spec(InstrumentVersion.objects.get(code="2021"), "deltagare_avslut")
    ja = spec.question(8).parse("ja")
    assert [(q.number, q.condition_number, q.condition_value) for q in spec.questions[7:]] == [
        (8, None, None),
        (9, 8, ja),
        (10, 8, ja),
    ]
    assert spec.question(9).instruction_before == "Om Ja, gå vidare till frågorna 9 och 10."


@pytest.mark.django_db
def test_participant_questionnaires_have_the_gender_item_and_others_do_not():
    version = InstrumentVersion.objects.get(code="2021")
    assert questionnaire_spec(version, "deltagare_pagaende").gender_labels == {
        "kvinna": "Kvinna",
        "man": "Man",
        "ej_uppgett": "Vill inte svara/inget svarsalternativ passar",
    }
    assert questionnaire_spec(version, "personal").has_gender_variant is False


@pytest.mark.django_db
def test_answers_parse_from_codes_and_labels_in_any_case():
    spec = questionnaire_spec(InstrumentVersion.objects.get(code="2021"), "deltagare_pagaende")
    assert spec.question(1).parse("5") == 5
    assert spec.question(1).parse(5.0) == 5
    assert spec.question(1).parse("för det mesta") == 5
    assert spec.question(4).parse("JA") == spec.question(4).parse("Ja")
    assert spec.question(4).parse("") is None


@pytest.mark.django_db
def test_an_invalid_answer_is_refused_with_a_swedish_message():
    spec = questionnaire_spec(InstrumentVersion.objects.get(code="2021"), "deltagare_pagaende")
    with pytest.raises(Exception) as error:
        spec.question(1).parse("7")
    assert error.value.messages == [
        "Ogiltigt svar ”7” på F1. Tillåtna svar: 1, 2, 3, 4, 5, 6 eller tomt."
    ]


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    before = Question.objects.count()
    assert {r.status for r in load_all()} == {"unchanged"}
    assert Question.objects.count() == before


@pytest.mark.django_db
def test_a_version_in_use_cannot_be_edited():
    PeriodFactory(label="2021")
    question = Question.objects.filter(questionnaire__version__code="2021").first()
    question.text = "Omformulerad fråga?"
    with pytest.raises(ImmutableVersionError):
        question.save()
    with pytest.raises(ImmutableVersionError):
        question.delete()


@pytest.mark.django_db
def test_a_changed_data_file_is_refused_for_a_version_in_use(tmp_path):
    from matpunkt.instrument.loader import DATA_DIR

    PeriodFactory(label="2021")
    for name in ("measures.toml", "2021.toml"):
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        if name == "2021.toml":
            text = text.replace("Får stödet ta den tid du behöver?", "Får stödet ta tid?")
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ImmutableVersionError):
        load_all(tmp_path)
    assert Question.objects.filter(text="Får stödet ta den tid du behöver?").exists()
