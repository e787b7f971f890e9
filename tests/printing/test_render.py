"""The printed questionnaires: every text verbatim from the instrument, codes, copies, pages."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from matpunkt.instrument.models import Kon, Questionnaire
from matpunkt.instrument.placeholders import paragraphs
from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.responses.printing.render import render_questionnaire_pdf
from tests.printing.helpers import (
    BASE_URL,
    normalise,
    page_links,
    page_texts,
    pdf_links,
    pdf_text,
    reader,
)

QUESTIONNAIRES = [
    ("2017", "deltagare_pagaende"),
    ("2017", "deltagare_avslut"),
    ("2017", "personal"),
    ("2017", "forbundschef"),
    ("2017", "styrelse"),
    ("2017", "chefsgrupp"),
    ("2021", "deltagare_pagaende"),
    ("2021", "deltagare_avslut"),
    ("2021", "personal"),
    ("2021", "styrelse"),
    ("2021", "chefsgrupp"),
]
WITH_GENDER_VARIANT = {"deltagare_pagaende", "deltagare_avslut"}
CASES = [
    (version, group, variant)
    for version, group in QUESTIONNAIRES
    for variant in (["utan_kon", "med_kon"] if group in WITH_GENDER_VARIANT else ["utan_kon"])
]
PLACEHOLDER = re.compile(r"\[[^\[\]]+\]")


@pytest.fixture
def insats(insats):
    insats.groups = [group for _version, group in QUESTIONNAIRES]
    insats.save()
    return insats


def period_for(request, version: str):
    return request.getfixturevalue("period_2017" if version == "2017" else "period")


def render(period, insats, group="deltagare_avslut", variant="med_kon", copies=(None,), **kw):
    return render_questionnaire_pdf(
        period=period, insats=insats, group=group, variant=variant, copies=list(copies), **kw
    )


def test_the_cases_cover_every_questionnaire_of_the_shipped_versions(db):
    shipped = set(Questionnaire.objects.values_list("version__code", "group", "has_gender_variant"))

    assert shipped == {
        (version, group, group in WITH_GENDER_VARIANT) for version, group in QUESTIONNAIRES
    }


@pytest.mark.parametrize(("version", "group", "variant"), CASES)
def test_printed_questionnaire_holds_every_text_of_the_instrument_verbatim(
    request, insats, version, group, variant
):
    period = period_for(request, version)
    questionnaire = Questionnaire.objects.get(version__code=version, group=group)
    spec = questionnaire_spec(period.version, group)

    text = pdf_text(render(period, insats, group, variant))

    assert normalise(questionnaire.title) in text
    for question in spec.questions:
        assert normalise(f"{question.number} {question.text}") in text, question.code
        for option in question.options:
            assert normalise(option.label) in text, (question.code, option.label)
        if question.instruction_before:
            assert normalise(question.instruction_before) in text
    for source in (questionnaire.cover_text, questionnaire.instructions):
        for paragraph in paragraphs(source, forbund=insats.forbund, insats=insats):
            for line in paragraph.text.splitlines():
                assert normalise(line.removeprefix("- ")) in text
    if questionnaire.form_label:
        assert questionnaire.form_label in text
    if variant == "med_kon":
        labels = [questionnaire.gender_labels[kon] for kon in Kon.values]
        assert normalise(" ".join([questionnaire.gender_prompt, *labels])) in text
    else:
        assert "Om dig:" not in text
        assert "Vill inte svara" not in text
    assert PLACEHOLDER.findall(text) == []


@pytest.mark.parametrize("group", ["deltagare_pagaende", "deltagare_avslut", "personal"])
def test_the_introduction_page_is_filled_in_for_the_forbund_and_insats(period, insats, group):
    first_page = page_texts(render(period, insats, group, "utan_kon"))[0]

    assert "Verksamhetens namn: Steget vidare" in first_page
    assert "Kim Kontakt Förbundschef, Södra Dalarna" in first_page
    assert "Telefon: 010-123 45 67, e-mejl: kim@example.org" in first_page
    assert "Hur vet vi att det blir bättre?" in first_page
    assert "Tack för Din medverkan! Sida 1 av" in first_page


def test_the_gender_item_is_printed_as_on_the_paper_form(period, insats):
    text = pdf_text(render(period, insats, "deltagare_pagaende", "med_kon"))

    assert "Om dig: Kvinna Man Vill inte svara/inget svarsalternativ passar" in text


def test_without_the_insats_the_activity_placeholder_stays(period, insats):
    text = pdf_text(render(period, None, "deltagare_pagaende", "utan_kon"))

    assert "Verksamhetens namn: [namn på aktiviteten]" in text
    assert "[Plats för samordningsförbundets egen logotyp." not in text


def test_2017_forms_have_no_introduction_page(period_2017, insats):
    pages = page_texts(render(period_2017, insats, "deltagare_pagaende", "utan_kon"))

    assert len(pages) == 1
    assert pages[0].startswith("PÅGÅENDEENKÄT Deltagare pågående Aldrig Sällan")
    assert "Hur vet vi" not in pages[0]


def test_a_print_run_has_one_copy_per_code_each_with_its_own_code_and_link(period, insats):
    codes = ["ABCD2345", "EFGH6789", "JKLM2345"]

    pdf = render(period, insats, copies=codes, base_url=BASE_URL)

    pages = page_texts(pdf)
    text = " ".join(pages)
    assert len(pages) == 9
    assert text.count("Sida 1 av 3") == 3
    assert text.count("Enkät deltagare, forts.") == 3
    for number, code in enumerate(codes):
        assert text.count(code) == 1
        assert code in pages[3 * number]
        assert page_links(reader(pdf).pages[3 * number]) == [f"{BASE_URL}/e/{code}"] * 2
    assert pdf_links(pdf) == {f"{BASE_URL}/e/{code}" for code in codes}
    assert normalise(
        "Din kod ABCD2345 Du kan svara på papper eller på webben: skanna QR-koden eller skriv in "
        "adressen matpunkt.example.se/e/ följd av koden ovan."
    ) in normalise(pages[0])


def test_copies_are_printed_on_a4(period, insats):
    pages = reader(render(period, insats, copies=[None])).pages

    assert {(round(page.mediabox.width), round(page.mediabox.height)) for page in pages} == {
        (595, 842)
    }


def test_blank_copies_have_no_code_and_no_link(period, insats):
    pdf = render(period, insats, copies=[None, None])

    pages = page_texts(pdf)
    assert len(pages) == 6
    assert " ".join(pages).count("Sida 3 av 3") == 2
    assert "Din kod" not in " ".join(pages)
    assert pdf_links(pdf) == set()


def test_copies_keep_their_order_when_blank_and_personalised_mix(period, insats):
    pdf = render(period, insats, copies=["ABCD2345", None, "EFGH6789"], base_url=BASE_URL)

    pages = page_texts(pdf)
    assert len(pages) == 9
    assert "ABCD2345" in pages[0]
    assert "Din kod" not in pages[3]
    assert "EFGH6789" in pages[6]


def test_2017_personalised_copies_carry_the_code_on_the_questionnaire(period_2017, insats):
    pdf = render(period_2017, insats, copies=["ABCD2345", "EFGH6789"], base_url=BASE_URL)

    pages = page_texts(pdf)
    assert len(pages) == 4
    assert pages[0].startswith("Din kod ABCD2345")
    assert pages[2].startswith("Din kod EFGH6789")
    assert "Deltagare avslut, forts." in pages[1]


def test_the_short_link_base_comes_from_the_setting_when_not_given(settings, period, insats):
    settings.MATPUNKT_PUBLIC_BASE_URL = "https://enkat.example.org/"

    pdf = render(period, insats, "styrelse", "utan_kon", copies=["ABCD2345"])

    assert pdf_links(pdf) == {"https://enkat.example.org/e/ABCD2345"}
    assert normalise("enkat.example.org/e/ följd av koden") in page_texts(pdf)[0]


def test_codes_cannot_be_printed_without_a_site_address(settings, period, insats):
    settings.MATPUNKT_PUBLIC_BASE_URL = ""

    with pytest.raises(ValueError, match="site address"):
        render(period, insats, copies=["ABCD2345"])


def test_the_forbunds_logo_stands_where_the_placeholder_is(settings, tmp_path, period, insats):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (0, 0, 0)).save(buffer, format="PNG")
    insats.forbund.logo.save("logo.png", ContentFile(buffer.getvalue()))

    with_logo = reader(render(period, insats, "personal", "utan_kon"))
    insats.forbund.logo = ""
    without_logo = reader(render(period, insats, "personal", "utan_kon"))

    assert len(with_logo.pages[0].images) == 1
    assert len(without_logo.pages[0].images) == 0


def _x_positions(page, wanted: list[str]) -> dict[str, float]:
    """Where on the page (points from the left) each wanted text starts."""
    found = {}

    def visit(text, cm, tm, _font, _size):
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        for item in wanted:
            if item not in found and text.strip().strip("?").startswith(item):
                found[item] = x

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize(("direction", "number_first"), [("ltr", True), ("rtl", False)])
def test_right_to_left_copies_mirror_the_grid(period, insats, direction, number_first):
    pdf = render(period, insats, "personal", "utan_kon", direction=direction)

    x = _x_positions(reader(pdf).pages[1], ["1", "Får stödet", "Inte alls", "hållet"])
    assert (x["1"] < x["Får stödet"]) is number_first
    assert (x["Inte alls"] < x["hållet"]) is number_first
