"""The paper form's keys: what a registrar may type, what it means and how a mistype is refused."""

import pytest
from django.template import Context, Template

from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.responses.forms import (
    PaperForm,
    condition_notes,
    entry_fields,
    format_entry,
    gender_field,
    parse_entry,
    question_field,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def avslut(period):
    return questionnaire_spec(period.version, "deltagare_avslut")


@pytest.fixture
def pagaende(period):
    return questionnaire_spec(period.version, "deltagare_pagaende")


def _form(spec, variant, **data):
    return PaperForm(data, spec=spec, variant=variant)


def test_typed_keys_become_stored_values(avslut):
    form = _form(
        avslut, "med_kon", kon="k", f1="5", f2="6", f3="1", f4="j", f5="", f8="n", f9="3", f10="4"
    )

    assert form.is_valid(), form.errors
    assert form.kon == "kvinna"
    assert form.answers == {
        1: 5, 2: 6, 3: 1, 4: 1, 5: None, 6: None, 7: None, 8: 2, 9: 3, 10: 4,
    }  # fmt: skip


def test_full_codes_and_labels_are_accepted_too(avslut):
    form = _form(avslut, "med_kon", kon="Man", f4="nej", f8="Ja", f1="Alltid")

    assert form.is_valid(), form.errors
    assert (form.kon, form.answers[4], form.answers[8], form.answers[1]) == ("man", 2, 1, 6)


def test_gender_digits_follow_the_paper_order(avslut):
    entry = gender_field(avslut)

    assert [parse_entry(entry, key) for key in ("1", "2", "3", "e", "")] == [
        "kvinna",
        "man",
        "ej_uppgett",
        "ej_uppgett",
        "",
    ]


def test_mistyped_scale_value_is_refused_with_the_swedish_message(pagaende):
    form = _form(pagaende, "utan_kon", f1="5", f3="8")

    assert not form.is_valid()
    assert form.errors == {"f3": ["F3: ogiltigt svar ”8”. Tillåtna svar: 1–6 eller tomt."]}


def test_mistyped_yes_no_value_is_refused(pagaende):
    form = _form(pagaende, "utan_kon", f4="x")

    assert not form.is_valid()
    assert form.errors["f4"] == ["F4: ogiltigt svar ”x”. Tillåtna svar: j, n eller tomt."]


def test_mistyped_gender_value_is_refused(pagaende):
    form = _form(pagaende, "med_kon", kon="q")

    assert not form.is_valid()
    assert form.errors["kon"] == ["Kön: ogiltigt svar ”q”. Tillåtna svar: k, m, e, 1–3 eller tomt."]


def test_gender_item_is_a_field_only_in_med_kon(pagaende):
    with_item = PaperForm(spec=pagaende, variant="med_kon")
    without_item = _form(pagaende, "utan_kon", kon="", f1="2")

    assert [entry.name for entry in with_item.entries][:2] == ["kon", "f1"]
    assert "kon" not in without_item.fields
    assert without_item.is_valid()
    assert without_item.kon == ""


def test_a_gender_answer_posted_to_the_variant_without_it_is_refused(pagaende):
    form = _form(pagaende, "utan_kon", kon="k", f1="2")

    assert not form.is_valid()
    assert form.errors == {
        "__all__": [
            "Varianten utan kön har ingen fråga om kön, men formuläret skickade svaret ”k”. "
            "Enkäten är inte sparad."
        ]
    }


def test_questions_the_questionnaire_lacks_are_not_fields(pagaende):
    form = _form(pagaende, "utan_kon", f1="2", f8="")

    assert form.is_valid()
    assert sorted(form.answers) == [1, 2, 3, 4, 5, 6, 7]


def test_an_answer_to_a_question_the_questionnaire_lacks_is_refused(pagaende):
    form = _form(pagaende, "utan_kon", f1="2", f8="j")

    assert not form.is_valid()
    assert form.errors == {
        "__all__": [
            "Enkäten har ingen fråga F8, men formuläret skickade svaret ”j”. "
            "Enkäten är inte sparad."
        ]
    }


def test_an_over_long_value_is_refused_with_the_question_named_and_the_value_shortened(pagaende):
    form = _form(pagaende, "utan_kon", f2="5" * 50)

    assert not form.is_valid()
    assert form.errors == {
        "f2": ["F2: ogiltigt svar ”555555555555…”. Tillåtna svar: 1–6 eller tomt."]
    }


def test_one_wrong_answer_refuses_the_whole_form_and_keeps_nothing_blank(pagaende):
    form = _form(pagaende, "utan_kon", f1="5", f2="6", f3="4", f4="4", f5="5", f6="6", f7="1")

    assert not form.is_valid()
    assert form.errors == {"f4": ["F4: ogiltigt svar ”4”. Tillåtna svar: j, n eller tomt."]}
    assert form.has_answer_errors


def test_blank_form_is_valid_and_blank(pagaende):
    form = _form(pagaende, "utan_kon")

    assert form.is_valid()
    assert form.is_blank()


def test_blank_form_must_be_confirmed_when_asked_for(pagaende):
    unconfirmed = PaperForm({}, spec=pagaende, variant="utan_kon", confirm_blank=True)
    confirmed = PaperForm({"blank_ok": "1"}, spec=pagaende, variant="utan_kon", confirm_blank=True)
    answered = PaperForm({"f2": "3"}, spec=pagaende, variant="utan_kon", confirm_blank=True)

    assert not unconfirmed.is_valid()
    assert unconfirmed.needs_blank_confirmation
    assert confirmed.is_valid()
    assert answered.is_valid()


def test_token_is_required_when_asked_for(pagaende):
    form = PaperForm({"f1": "2"}, spec=pagaende, variant="utan_kon", with_token=True)

    assert not form.is_valid()
    assert form.errors["token"] == [
        "Formuläret saknar sin engångsnyckel. Ladda om sidan och skriv in enkäten igen."
    ]


def test_keys_come_from_the_option_codes(avslut):
    scale = question_field(avslut.question(1))
    yes_no = question_field(avslut.question(8))

    assert (scale.keys_attr, scale.allowed) == ("1 2 3 4 5 6", "1–6")
    assert (yes_no.keys_attr, yes_no.allowed, yes_no.hint()) == ("j n", "j, n", "j = Ja, n = Nej")
    assert scale.hint() == "1 Aldrig, 2 Sällan, 3 Ibland, 4 Ofta, 5 För det mesta, 6 Alltid"


def test_stored_values_show_as_the_keys_typed(avslut):
    fields = {entry.name: entry for entry in entry_fields(avslut, "med_kon")}

    assert format_entry(fields["f8"], 2) == "n"
    assert format_entry(fields["f3"], 4) == "4"
    assert format_entry(fields["kon"], "ej_uppgett") == "e"
    assert format_entry(fields["f9"], None) == ""


def test_f9_f10_after_f8_nej_get_a_note(avslut):
    notes = condition_notes(avslut, {8: 2, 9: 3, 10: None})

    assert notes == ["Fråga 8 är besvarad med Nej: svaren på fråga 9–10 sparas men räknas inte."]


def test_f9_f10_without_f8_get_a_note_and_f8_ja_none(avslut):
    assert condition_notes(avslut, {8: None, 10: 5}) == [
        "Fråga 8 är obesvarad: svaren på fråga 9–10 sparas men räknas inte."
    ]
    assert condition_notes(avslut, {8: 1, 9: 5, 10: 5}) == []
    assert condition_notes(avslut, {8: 2}) == []


def test_form_rows_show_the_f8_note_when_f8_is_nej(avslut):
    form = PaperForm(initial={"f8": "n"}, spec=avslut, variant="utan_kon")
    notes = [row.note for row in form.rows() if row.note]

    assert len(notes) == 1
    assert notes[0]["text"] == (
        "Fråga 8 är besvarad med Nej: svaren på fråga 9–10 sparas men räknas inte."
    )
    assert notes[0]["source"] == "id_f8"


def test_underline_filter_allows_only_paired_u_tags():
    template = Template("{% load paper %}{{ text|underlined }}")
    text = 'Har du <u>en</u> person <script>alert("x")</script> <b>b</b> <u>open'

    html = template.render(Context({"text": text}))

    assert html == (
        "Har du <u>en</u> person &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
        "&lt;b&gt;b&lt;/b&gt; &lt;u&gt;open"
    )
