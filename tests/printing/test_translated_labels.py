"""The code box and page labels of a printed copy follow the copy's approved translation."""

import pytest

from matpunkt.instrument.models import InstrumentVersion
from matpunkt.instrument.translations import export_xlsx, translation_approve, translation_upload
from matpunkt.responses.printing.render import render_questionnaire_pdf
from tests.printing.helpers import BASE_URL, normalise, page_texts, pdf_links
from tests.translations.arabic import INTERFACE as ARABIC_INTERFACE
from tests.translations.arabic import approve_arabic
from tests.translations.helpers import fill_xlsx, translate_group

FINNISH_LABELS = {
    "interface.print_code_heading": "Koodisi",
    "interface.print_web_answer": (
        "Voit vastata paperilla tai verkossa: skannaa QR-koodi tai kirjoita osoite %(address)s "
        "ja sen perään yllä oleva koodi."
    ),
    "interface.print_page": "Sivu %(page)s (%(pages)s)",
    "interface.print_continued": "%(title)s, jatkuu",
}


def approve_finnish():
    """A left-to-right test translation, its questionnaire texts marked "FI "."""
    version = InstrumentVersion.objects.get(code="2021")
    texts = translate_group(version, "deltagare_avslut", "FI ") | FINNISH_LABELS
    data = fill_xlsx(export_xlsx(version), texts, language="fi", name="suomi", name_sv="Finska")
    translation = translation_upload(actor=None, version=version, data=data, file_name="fi.xlsx")
    return translation_approve(actor=None, translation=translation)


def render(period, insats, language: str, codes=("ABCD2345",)) -> list[str]:
    pdf = render_questionnaire_pdf(
        period=period,
        insats=insats,
        group="deltagare_avslut",
        variant="med_kon",
        copies=list(codes),
        language=language,
        base_url=BASE_URL,
    )
    return page_texts(pdf)


def test_the_code_box_and_page_labels_are_in_the_translation(period, insats):
    approve_finnish()

    pages = render(period, insats, "fi")

    assert pages[0].startswith(
        normalise(
            "Koodisi ABCD2345 Voit vastata paperilla tai verkossa: skannaa QR-koodi tai kirjoita "
            "osoite matpunkt.example.se/e/ ja sen perään yllä oleva koodi."
        )
    )
    assert [page.endswith(f"Sivu {number} (3)") for number, page in enumerate(pages, 1)] == [
        True,
        True,
        True,
    ]
    assert "FI Enkät deltagare, jatkuu" in pages[2]
    text = " ".join(pages)
    assert ("Din kod" in text, "Sida" in text, "forts." in text) == (False, False, False)


def test_the_labels_of_a_right_to_left_copy_are_in_arabic(period, insats):
    approve_arabic()

    pages = render(period, insats, "ar")

    # pypdf gives each line's runs in their visual (right-to-left) order, so the Arabic sentence
    # is looked for run by run.
    assert "رمزك ABCD2345" in pages[0]
    runs = ["يمكنك الإجابة على الورق أو على الإنترنت", "أو اكتب العنوان", "متبوعًا بالرمز أعلاه"]
    assert [run in pages[0] for run in runs] == [True, True, True]
    assert "matpunkt.example.se" in pages[0]
    assert [page.endswith(f"3 من{number} الصفحة") for number, page in enumerate(pages, 1)] == [
        True,
        True,
        True,
    ]
    assert "استبيان المشاركين، تابع" in pages[2]
    text = " ".join(pages)
    assert ("Din kod" in text, "Sida" in text, "forts." in text) == (False, False, False)


def test_a_blank_label_falls_back_to_swedish(period, insats):
    blank = {
        name: text
        for name, text in ARABIC_INTERFACE.items()
        if name not in ("print_code_heading", "print_page")
    }
    approve_arabic(interface=blank)

    pages = render(period, insats, "ar")

    assert "Din kod ABCD2345" in pages[0]
    assert "متبوعًا بالرمز أعلاه" in pages[0]
    assert pages[0].endswith("Sida 1 av 3")
    assert "استبيان المشاركين، تابع" in pages[2]


@pytest.mark.parametrize("language", ["sv", "fa"])
def test_swedish_and_untranslated_languages_keep_the_swedish_labels(period, insats, language):
    approve_arabic()

    pages = render(period, insats, language)

    assert pages[0].startswith("Din kod ABCD2345 Du kan svara på papper eller på webben")
    assert pages[0].endswith("Sida 1 av 3")
    assert "Enkät deltagare, forts." in pages[2]


def test_the_qr_code_of_a_translated_copy_opens_the_questionnaire_in_its_language(period, insats):
    approve_finnish()

    pdf = render_questionnaire_pdf(
        period=period,
        insats=insats,
        group="deltagare_avslut",
        variant="med_kon",
        copies=["ABCD2345"],
        language="fi",
        base_url=BASE_URL,
    )

    assert pdf_links(pdf) == {f"{BASE_URL}/e/ABCD2345?sprak=fi"}
