"""A right-to-left translation prints right to left, in Arabic, from a test text source."""

import dataclasses

import pytest

from matpunkt.instrument.translations.texts import questionnaire_texts
from matpunkt.responses.printing.render import render_questionnaire_pdf
from tests.printing.helpers import BASE_URL, normalise, page_texts, reader
from tests.printing.test_render import _x_positions

TITLE = "استبيان المشاركين"
QUESTION = "هل تحصل على الدعم بطريقة مفيدة لك"
ORDINALS = [
    "الأول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
    "العاشر",
]
INSTRUCTION = "إذا كانت الإجابة نعم، انتقل إلى السؤالين التاليين"
OPTIONS = {
    "1": "أبدا",
    "2": "نادرا",
    "3": "أحيانا",
    "4": "غالبا",
    "5": "كثيرا",
    "6": "دائما",
    "ja": "نعم",
    "nej": "لا",
}
GENDER = {"kvinna": "امرأة", "man": "رجل", "ej_uppgett": "لا أريد الإجابة"}
COVER = "اسم النشاط: [namn på aktiviteten]\n\nكيف نعرف أن الأمور تتحسن؟\n\nشكرا لمشاركتك!"


def question_text(number: int) -> str:
    return f"{QUESTION} {ORDINALS[number - 1]}؟"


def arabic_texts(period, group, language):
    """A synthetic Arabic translation made from the Swedish texts, for this test only."""
    swedish = questionnaire_texts(period, group)
    questions = [
        question._replace(
            text=question_text(question.number),
            instruction_before=INSTRUCTION if question.instruction_before else "",
            options=[option._replace(label=OPTIONS[option.code]) for option in question.options],
        )
        for question in swedish.questions
    ]
    return dataclasses.replace(
        swedish,
        language="ar",
        direction="rtl",
        title=TITLE,
        form_label="استبيان",
        cover_text=COVER,
        instructions="ضع علامة في المربع.",
        gender_prompt="عنك:",
        gender_labels=GENDER,
        questions=questions,
    )


@pytest.fixture
def arabic_pdf(period, insats):
    return render_questionnaire_pdf(
        period=period,
        insats=insats,
        group="deltagare_avslut",
        variant="med_kon",
        copies=["ABCD2345"],
        language="ar",
        base_url=BASE_URL,
        text_source=arabic_texts,
    )


def test_the_arabic_copy_holds_the_translated_texts(arabic_pdf):
    text = " ".join(page_texts(arabic_pdf))

    assert TITLE in text
    for number in range(1, 11):
        assert normalise(question_text(number)) in text
    for label in [*OPTIONS.values(), *GENDER.values(), "عنك"]:
        assert label in text
    assert normalise(INSTRUCTION) in text
    assert "Steget vidare" in text
    assert "كيف نعرف أن الأمور تتحسن؟" in text
    assert text.count("ABCD2345") == 1
    assert "Enkät deltagare" not in text


def test_the_arabic_copy_runs_right_to_left(arabic_pdf):
    questionnaire_page = reader(arabic_pdf).pages[1]

    x = _x_positions(questionnaire_page, ["1", QUESTION])

    assert x["1"] > x[QUESTION]


def test_arabic_is_set_in_a_font_with_arabic_letters(arabic_pdf):
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader(arabic_pdf).pages
        for font in page["/Resources"]["/Font"].values()
    }

    assert {"DejaVu-Sans", "DejaVu-Sans-Bold", "Liberation-Sans"} <= fonts
