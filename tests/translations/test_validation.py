"""Strict checks of uploaded translation files: every problem, in Swedish, with row and key."""

import io

import pytest
from openpyxl import load_workbook

from matpunkt.core.models import AuditEvent
from matpunkt.instrument.models import QuestionnaireTranslation
from matpunkt.instrument.translations import (
    TranslationFileError,
    export_po,
    export_xlsx,
    translation_upload,
)
from tests.translations.helpers import fill_po, fill_xlsx, translate_group


@pytest.fixture
def group_texts(version_2021):
    return translate_group(version_2021, "deltagare_pagaende")


def problems(version, data, file_name="ar.xlsx", **kwargs) -> list[str]:
    with pytest.raises(TranslationFileError) as caught:
        translation_upload(actor=None, version=version, data=data, file_name=file_name, **kwargs)
    return caught.value.problems


def xlsx(version, texts, **header) -> bytes:
    return fill_xlsx(export_xlsx(version), texts, **header)


def test_missing_placeholder_is_refused(version_2021, group_texts):
    group_texts["deltagare_pagaende.cover_text"] = "اسم النشاط"
    group_texts["deltagare_pagaende.paper_only.1"] = ""  # not in this cover text either

    assert problems(version_2021, xlsx(version_2021, group_texts)) == [
        "Rad 10, deltagare_pagaende.cover_text: Platshållaren ”[namn på aktiviteten]” saknas i "
        "översättningen. Den ska stå kvar oförändrad, med hakparenteserna.",
        "Rad 10, deltagare_pagaende.cover_text: Platshållaren ”[Plats för samordningsförbundets "
        "egen logotyp. Om egen logotyp inte används tas denna textruta bort.]” saknas i "
        "översättningen. Den ska stå kvar oförändrad, med hakparenteserna.",
        "Rad 10, deltagare_pagaende.cover_text: Platshållaren ”[Namn på kontaktperson]” saknas i "
        "översättningen. Den ska stå kvar oförändrad, med hakparenteserna.",
        "Rad 10, deltagare_pagaende.cover_text: Platshållaren ”[Kontaktpersonens funktion samt "
        "samordningsförbundets namn]” saknas i översättningen. Den ska stå kvar oförändrad, med "
        "hakparenteserna.",
        "Rad 10, deltagare_pagaende.cover_text: Platshållaren ”[telefonnummer]” saknas i "
        "översättningen. Den ska stå kvar oförändrad, med hakparenteserna.",
        "Rad 10, deltagare_pagaende.cover_text: Platshållaren ”[e-mejladress]” saknas i "
        "översättningen. Den ska stå kvar oförändrad, med hakparenteserna.",
    ]


def test_translated_placeholder_is_refused(version_2021, group_texts):
    group_texts["deltagare_pagaende.cover_text"] = group_texts[
        "deltagare_pagaende.cover_text"
    ].replace("[namn på aktiviteten]", "[اسم النشاط]")

    assert problems(version_2021, xlsx(version_2021, group_texts)) == [
        "Rad 10, deltagare_pagaende.cover_text: Platshållaren ”[namn på aktiviteten]” saknas i "
        "översättningen. Den ska stå kvar oförändrad, med hakparenteserna.",
        "Rad 10, deltagare_pagaende.cover_text: ”[اسم النشاط]” inom hakparentes finns inte i den "
        "svenska texten. Hakparenteser används bara för platshållarna i den svenska texten.",
    ]


def test_empty_question_of_a_translated_questionnaire_is_refused(version_2021, group_texts):
    group_texts["deltagare_pagaende.F3"] = "   "

    assert problems(version_2021, xlsx(version_2021, group_texts)) == [
        "Rad 18, deltagare_pagaende.F3: Frågetexten är tom. Alla frågor i en översatt enkät ska "
        "översättas.",
    ]


def test_question_row_removed_from_the_file_is_refused(version_2021, group_texts):
    workbook = load_workbook(io.BytesIO(xlsx(version_2021, group_texts)))
    workbook["Översättning"].delete_rows(22)  # deltagare_pagaende.F7
    output = io.BytesIO()
    workbook.save(output)

    assert problems(version_2021, output.getvalue()) == [
        "deltagare_pagaende.F7: Frågetexten är tom. Alla frågor i en översatt enkät ska "
        "översättas.",
    ]


def test_unknown_and_repeated_keys_are_refused(version_2021, group_texts):
    workbook = load_workbook(io.BytesIO(xlsx(version_2021, group_texts)))
    sheet = workbook["Översättning"]
    sheet.append(["deltagare_pagaende.F8", "Finns inte", "لا يوجد"])
    sheet.append(["deltagare_pagaende.F1", sheet["B16"].value, "مرة أخرى"])
    sheet.append([None, None, "بلا مفتاح"])
    last = sheet.max_row
    output = io.BytesIO()
    workbook.save(output)

    assert problems(version_2021, output.getvalue()) == [
        f"Rad {last - 2}, deltagare_pagaende.F8: Nyckeln finns inte i version 2021.",
        f"Rad {last - 1}, deltagare_pagaende.F1: Nyckeln förekommer redan (Rad 16).",
        f"Rad {last}: Nyckel saknas.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "هل لديك <u>شخص واحد",
            ["Taggarna <u> och </u> går inte jämnt ut. Varje <u> ska avslutas med </u>."],
        ),
        (
            "هل لديك شخص</u> <u>واحد",
            ["Taggarna <u> och </u> går inte jämnt ut. Varje <u> ska avslutas med </u>."],
        ),
        (
            "<u>هل <u>لديك</u></u>",
            ["Taggarna <u> och </u> går inte jämnt ut. Varje <u> ska avslutas med </u>."],
        ),
        (
            "هل لديك <b>شخص</b>",
            [
                "Taggen ”<b>” är inte tillåten. Bara <u> och </u> får användas.",
                "Taggen ”</b>” är inte tillåten. Bara <u> och </u> får användas.",
            ],
        ),
    ],
)
def test_markup_other_than_balanced_underlining_is_refused(
    version_2021, group_texts, text, expected
):
    group_texts["deltagare_pagaende.F4"] = text

    assert problems(version_2021, xlsx(version_2021, group_texts)) == [
        f"Rad 19, deltagare_pagaende.F4: {message}" for message in expected
    ]


def test_balanced_underlining_anywhere_is_accepted(version_2021, group_texts):
    group_texts["deltagare_pagaende.F4"] = "هل لديك شخص <u>واحد</u> أو فريق واحد؟"

    translation = translation_upload(
        actor=None, version=version_2021, data=xlsx(version_2021, group_texts), file_name="a.xlsx"
    )

    assert translation.texts["groups"]["deltagare_pagaende"]["questions"]["4"] == (
        "هل لديك شخص <u>واحد</u> أو فريق واحد؟"
    )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            {"language": "arabiska"},
            "Språkkoden ”arabiska” är ogiltig (cell B2). Ange en språkkod enligt BCP 47, "
            "t.ex. ar, fa, ckb, so eller ti.",
        ),
        ({"language": ""}, "Språkkod saknas (cell B2)."),
        (
            {"language": "sv"},
            "Svenska är enkäternas källspråk och kan inte laddas upp som översättning (cell B2).",
        ),
        ({"name": ""}, "Språkets namn på språket saknas (cell B3)."),
        ({"name_sv": ""}, "Språkets namn på svenska saknas (cell B4)."),
        (
            {"direction": "höger"},
            "Skriftriktningen ”höger” är ogiltig (cell B5). Skriv rtl (höger till vänster), "
            "ltr (vänster till höger) eller lämna tomt.",
        ),
    ],
)
def test_wrong_language_header_is_refused(version_2021, group_texts, header, expected):
    assert problems(version_2021, xlsx(version_2021, group_texts, **header)) == [expected]


@pytest.mark.parametrize(
    ("code", "stored", "direction"),
    [
        ("AR", "ar", "rtl"),
        ("ckb", "ckb", "rtl"),
        ("ku_arab", "ku-Arab", "rtl"),
        ("ti", "ti", "ltr"),
    ],
)
def test_language_code_is_stored_in_canonical_form(
    version_2021, group_texts, code, stored, direction
):
    translation = translation_upload(
        actor=None,
        version=version_2021,
        data=xlsx(version_2021, group_texts, language=code),
        file_name="t.xlsx",
    )

    assert (translation.language, translation.direction) == (stored, direction)


def test_direction_in_the_file_and_on_the_form_override_the_language_code(
    version_2021, group_texts
):
    from_file = translation_upload(
        actor=None,
        version=version_2021,
        data=xlsx(version_2021, group_texts, language="ku", direction="rtl"),
        file_name="t.xlsx",
    )
    from_form = translation_upload(
        actor=None,
        version=version_2021,
        data=xlsx(version_2021, group_texts, language="fa", direction="rtl"),
        file_name="t.xlsx",
        direction="ltr",
    )

    assert (from_file.direction, from_form.direction) == ("rtl", "ltr")


def test_file_of_another_version_is_refused(version_2021, version_2017, group_texts):
    data = xlsx(version_2021, group_texts)

    assert problems(version_2017, data) == [
        "Filen gäller instrumentversion 2021, inte 2017 (cell B1). Utgå från en tom "
        "översättningsfil för version 2017."
    ]


def test_changed_swedish_source_is_refused(version_2021, group_texts):
    workbook = load_workbook(io.BytesIO(xlsx(version_2021, group_texts)))
    workbook["Översättning"]["B16"] = "Får du stöd?"
    output = io.BytesIO()
    workbook.save(output)

    assert problems(version_2021, output.getvalue()) == [
        "Rad 16, deltagare_pagaende.F1: Den svenska texten stämmer inte med version 2021. Utgå "
        "från en ny tom översättningsfil och ändra inte den svenska texten.",
    ]


def test_file_without_any_questionnaire_translated_is_refused(version_2021):
    data = xlsx(version_2021, {"scale.ja_nej.ja": "نعم"})

    assert problems(version_2021, data) == [
        "Filen översätter ingen enkät. Fyll i översättningen av minst en enkäts texter och frågor."
    ]


@pytest.mark.parametrize(
    ("data", "file_name", "expected"),
    [
        (b"not a workbook", "ar.xlsx", "Filen kunde inte läsas som en XLSX-fil."),
        (b'msgid "x\nmsgstr', "ar.po", "Filen kunde inte läsas som en PO-fil."),
        (b"/etc/passwd", "ar.po", "Filen kunde inte läsas som en PO-fil."),
        ('msgid "å"\n'.encode("latin-1"), "ar.po", "PO-filen är inte kodad i UTF-8."),
        (b"a;b", "ar.csv", "Filen ska vara en XLSX- eller PO-fil (.xlsx eller .po)."),
    ],
)
def test_unreadable_file_is_refused(version_2021, data, file_name, expected):
    assert problems(version_2021, data, file_name) == [expected]


def test_workbook_without_the_translation_sheet_is_refused(version_2021):
    workbook = load_workbook(io.BytesIO(export_xlsx(version_2021)))
    workbook["Översättning"].title = "Blad1"
    output = io.BytesIO()
    workbook.save(output)

    assert problems(version_2021, output.getvalue()) == [
        "Filen saknar fliken ”Översättning”. Utgå från en tom översättningsfil från Mätpunkt."
    ]


def test_po_problems_name_the_entry_and_header(version_2021, group_texts):
    group_texts["deltagare_pagaende.F2"] = ""
    group_texts["deltagare_pagaende.F6"] = "هل تشعر بأنك <u>أكثر استعدادًا"
    data = fill_po(export_po(version_2021), group_texts, language="", name_sv="")

    assert problems(version_2021, data, "ar.po") == [
        "Språkkod saknas (filhuvudet Language).",
        "Språkets namn på svenska saknas (filhuvudet X-Language-Name-Sv).",
        "Post 14, deltagare_pagaende.F6: Taggarna <u> och </u> går inte jämnt ut. Varje <u> "
        "ska avslutas med </u>.",
        "Post 10, deltagare_pagaende.F2: Frågetexten är tom. Alla frågor i en översatt enkät ska "
        "översättas.",
    ]


def test_fuzzy_po_entry_is_refused(version_2021, group_texts):
    data = fill_po(export_po(version_2021), group_texts).decode()
    data = data.replace(
        'msgctxt "deltagare_pagaende.F1"', '#, fuzzy\nmsgctxt "deltagare_pagaende.F1"'
    )

    assert problems(version_2021, data.encode(), "ar.po") == [
        "Post 9, deltagare_pagaende.F1: Översättningen är markerad som osäker (fuzzy). Granska "
        "den och ta bort markeringen.",
    ]


def test_refused_file_stores_nothing(version_2021, group_texts):
    group_texts["deltagare_pagaende.F3"] = ""

    problems(version_2021, xlsx(version_2021, group_texts))

    assert QuestionnaireTranslation.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="translation.").count() == 0
