"""Importing a svarsfil from the command line: formats, every kind of bad row, idempotency,
--replace and --create-missing. Rows are numbered as a spreadsheet shows them (header = 1).
"""

import io
import zipfile

import pytest
from django.utils import timezone

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork.models import Period
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.responses.models import ImportBatch, Response, Source
from tests.factories import ResponseFactory
from tests.imports.files import csv_bytes, run, svar, xlsx_bytes

HINT = "Kontrollera stavningen, eller importera med ”skapa saknade” (--create-missing)."

THREE_ROWS = [
    svar("deltagare_pagaende", "med_kon", "kvinna", [5, 6, 4, "ja", 3, 2, 1]),
    svar("personal", "utan_kon", "", [1, 2, 3, 4, 5, 6, 1, 2, 3]),
    svar("deltagare_avslut", "utan_kon", "", ["Alltid", "för det mesta", "", "NEJ", "", "", "",
                                              "Ja", "helt och hållet", "2"]),
]  # fmt: skip


def stored():
    """The stored responses as comparable tuples, in a stable order."""
    rows = Response.objects.order_by("group", "pk").values_list(
        "insats__name", "period__label", "group", "variant", "kon",
        "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10",
    )  # fmt: skip
    return list(rows)


EXPECTED_THREE = [
    ("Steget vidare", "2021", "deltagare_avslut", "utan_kon", "", 6, 5, None, 2, None, None, None,
     1, 6, 2),
    ("Steget vidare", "2021", "deltagare_pagaende", "med_kon", "kvinna", 5, 6, 4, 1, 3, 2, 1, None,
     None, None),
    ("Steget vidare", "2021", "personal", "utan_kon", "", 1, 2, 3, 4, 5, 6, 1, 2, 3, None),
]  # fmt: skip


@pytest.fixture
def setup(insats, period):
    return insats, period


def write(tmp_path, content, name="svar.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


# --- Formats ------------------------------------------------------------------------------------


def test_csv_with_commas_stores_every_row(tmp_path, setup):
    code, out, err = run("import_responses", write(tmp_path, csv_bytes(THREE_ROWS)))

    assert (code, out, err) == (0, "3 svar importerade för 1 insats.\n", "")
    assert sorted(stored()) == EXPECTED_THREE
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.filename, batch.row_count, batch.forbund.name) == (
        "responses",
        "svar.csv",
        3,
        "Södra Dalarna",
    )
    assert set(Response.objects.values_list("source", "recorded_on", "import_batch")) == {
        (Source.IMPORT, timezone.localdate(), batch.pk)
    }


def test_csv_with_semicolons_and_bom_stores_every_row(tmp_path, setup):
    content = csv_bytes(THREE_ROWS, delimiter=";", bom=True)
    assert content.startswith(b"\xef\xbb\xbf")

    code, out, _err = run("import_responses", write(tmp_path, content))

    assert (code, out) == (0, "3 svar importerade för 1 insats.\n")
    assert sorted(stored()) == EXPECTED_THREE


def test_xlsx_with_numbers_stored_as_numbers_stores_every_row(tmp_path, setup):
    code, out, _err = run("import_responses", write(tmp_path, xlsx_bytes(THREE_ROWS), "svar.xlsx"))

    assert (code, out) == (0, "3 svar importerade för 1 insats.\n")
    assert sorted(stored()) == EXPECTED_THREE


def test_xlsx_with_the_data_on_a_later_sheet_is_read_from_that_sheet(tmp_path, setup):
    content = xlsx_bytes(THREE_ROWS, sheets_before=[("Om filen", [["Svar från hösten"]])])

    code, out, _err = run("import_responses", write(tmp_path, content, "svar.xlsx"))

    assert (code, out) == (0, "3 svar importerade för 1 insats.\n")


def test_xlsx_without_a_sheet_with_the_header_names_the_sheets_and_the_header(tmp_path, setup):
    content = xlsx_bytes(
        [["Steget vidare", "12"]],
        header=["insats", "antal"],
        sheet="Summering",
        sheets_before=[("Om filen", [["Svar från hösten"]])],
    )

    code, out, err = run("import_responses", write(tmp_path, content, "svar.xlsx"))

    assert code == 1
    assert err == (
        "Ingen flik i filen har den rubrikrad som behövs. Flikar i filen: ”Om filen”, "
        "”Summering”. Förväntad rubrikrad: forbund, insats, period, grupp, variant, kon, F1, F2, "
        "F3, F4, F5, F6, F7, F8, F9, F10.\n"
        "Inget lagrades: filen har 1 problem.\n"
    )


def test_header_matches_whatever_the_case_and_swedish_letters(tmp_path, setup):
    header = ["Förbund", "Insats", "Period", "Grupp", "Variant", "Kön"] + [
        f"f{n}" for n in range(1, 11)
    ]
    content = csv_bytes([THREE_ROWS[0]], header=header)

    code, out, _err = run("import_responses", write(tmp_path, content))

    assert (code, out) == (0, "1 svar importerat för 1 insats.\n")


# --- Bad rows: nothing stored, every problem listed --------------------------------------------


def assert_refused(tmp_path, rows_or_content, expected_problems, name="svar.csv", *args):
    content = rows_or_content if isinstance(rows_or_content, bytes) else csv_bytes(rows_or_content)
    code, out, err = run("import_responses", write(tmp_path, content, name), *args)
    count = len(expected_problems)
    assert (code, out) == (1, "")
    assert err.splitlines() == [*expected_problems, f"Inget lagrades: filen har {count} problem."]
    assert Response.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_bad_answer_code_is_refused_naming_row_and_column(tmp_path, setup):
    rows = [THREE_ROWS[0], svar("deltagare_pagaende", answers=[1, 2, 8])]
    assert_refused(
        tmp_path,
        rows,
        ["Rad 3, kolumn F3: ogiltigt svar ”8”. Tillåtna svar: 1, 2, 3, 4, 5, 6 eller tomt."],
    )


def test_bad_yes_no_answer_lists_the_yes_no_codes(tmp_path, setup):
    rows = [svar("deltagare_pagaende", answers=[1, 2, 3, "kanske"])]
    assert_refused(
        tmp_path,
        rows,
        ["Rad 2, kolumn F4: ogiltigt svar ”kanske”. Tillåtna svar: ja, nej eller tomt."],
    )


def test_every_problem_in_the_file_is_listed(tmp_path, setup):
    rows = [
        svar("deltagare_pagaende", answers=[7, 0]),
        THREE_ROWS[1],
        svar("styrelse", "med_kon", "man", [1, 2, 3, 4]),
        svar("personal", answers=[1], period="1999", insats="Okänd"),
    ]
    assert_refused(
        tmp_path,
        rows,
        [
            "Rad 2, kolumn F1: ogiltigt svar ”7”. Tillåtna svar: 1, 2, 3, 4, 5, 6 eller tomt.",
            "Rad 2, kolumn F2: ogiltigt svar ”0”. Tillåtna svar: 1, 2, 3, 4, 5, 6 eller tomt.",
            "Rad 4, kolumn variant: enkäten för gruppen styrelse har ingen variant med kön.",
            "Rad 4, kolumn F4: enkäten för gruppen styrelse har ingen fråga F4: lämna den tom.",
            "Rad 5, kolumn insats: förbundet Södra Dalarna har ingen insats ”Okänd”. " + HINT,
            "Rad 5, kolumn period: okänd mätperiod ”1999”. " + HINT,
        ],
    )


def test_unknown_group_is_refused_listing_the_groups(tmp_path, setup):
    assert_refused(
        tmp_path,
        [svar("deltagare", answers=[1])],
        [
            "Rad 2, kolumn grupp: okänd grupp ”deltagare”. Tillåtna grupper: deltagare_pagaende, "
            "deltagare_avslut, personal, forbundschef, styrelse, chefsgrupp, remittenter."
        ],
    )


def test_group_without_questionnaire_in_the_period_version_is_refused(tmp_path, setup):
    assert_refused(
        tmp_path,
        [svar("forbundschef", answers=[1])],
        [
            "Rad 2, kolumn grupp: mätperiodens instrumentversion har ingen enkät för gruppen "
            "forbundschef."
        ],
    )


def test_kon_given_with_utan_kon_is_refused(tmp_path, setup):
    assert_refused(
        tmp_path,
        [svar("deltagare_pagaende", "utan_kon", "kvinna", [1])],
        ["Rad 2, kolumn kon: kön ska vara tomt när varianten är utan_kon."],
    )


def test_bad_variant_and_kon_values_are_refused(tmp_path, setup):
    assert_refused(
        tmp_path,
        [svar("deltagare_pagaende", "kanske", "annan", [1])],
        [
            "Rad 2, kolumn variant: variant måste vara med_kon eller utan_kon, inte ”kanske”.",
            "Rad 2, kolumn kon: kön måste vara kvinna, man, ej_uppgett eller tomt, inte ”annan”.",
        ],
    )


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (svar(answers=[1], insats="Steget 19850101-1234"), "insats"),
        (svar(answers=[1], forbund="Förbund 850101-1234"), "forbund"),
        (svar(answers=["19850101-1234"]), "F1"),
    ],
)
def test_personnummer_in_a_cell_is_refused_and_never_echoed(tmp_path, setup, row, column):
    content = csv_bytes([row])
    code, out, err = run("import_responses", write(tmp_path, content))

    assert code == 1
    assert err.splitlines() == [
        f"Rad 2, kolumn {column}: värdet ser ut att innehålla ett personnummer. Personnummer får "
        "inte finnas i filen: ta bort det och försök igen.",
        "Inget lagrades: filen har 1 problem.",
    ]
    assert "1234" not in err
    assert Response.objects.count() == 0


def test_empty_file_is_refused(tmp_path, setup):
    assert_refused(tmp_path, b"", ["Filen är tom."])


def test_file_with_only_a_header_is_refused(tmp_path, setup):
    assert_refused(tmp_path, csv_bytes([]), ["Filen har en rubrikrad men inga datarader."])


def test_missing_required_column_is_named(tmp_path, setup):
    header = ["forbund", "insats", "period", "grupp", "kon", "F1"]
    row = ["Södra Dalarna", "Steget vidare", "2021", "personal", "", "1"]
    assert_refused(
        tmp_path,
        csv_bytes([row], header=header),
        [
            "Kolumnen ”variant” saknas i rubrikraden. Förväntad rubrikrad: forbund, insats, "
            "period, grupp, variant, kon, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10."
        ],
    )


def test_unknown_column_is_refused(tmp_path, setup):
    header = [*csv_bytes([]).decode().strip().split(","), "Namn"]
    row = [*THREE_ROWS[1], "Kim"]
    assert_refused(
        tmp_path,
        csv_bytes([row], header=header),
        [
            "Okänd kolumn ”Namn” i rubrikraden. Förväntad rubrikrad: forbund, insats, period, "
            "grupp, variant, kon, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10."
        ],
    )


def test_file_that_is_neither_csv_nor_xlsx_is_refused(tmp_path, setup):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100)
    assert_refused(
        tmp_path,
        png,
        ["Filen är varken en CSV-fil eller en XLSX-fil. Spara den som CSV (UTF-8) eller XLSX."],
        "bild.png",
    )


def test_old_excel_file_is_refused_with_advice(tmp_path, setup):
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    assert_refused(
        tmp_path,
        xls,
        ["Filen är en äldre Excel-fil (.xls). Spara den som XLSX eller CSV och försök igen."],
        "svar.xls",
    )


def test_csv_not_in_utf8_is_refused_with_advice(tmp_path, setup):
    content = csv_bytes(THREE_ROWS).decode("utf-8").encode("cp1252")
    assert_refused(
        tmp_path,
        content,
        [
            "Filen är inte kodad som UTF-8. Spara den i Excel som ”CSV UTF-8”, eller som XLSX, "
            "och försök igen."
        ],
    )


def test_50_mb_garbage_file_gives_a_clear_error(tmp_path, setup):
    path = tmp_path / "svar.csv"
    with path.open("wb") as file:
        file.write(b"\x00\xff" * (25 * 1024 * 1024))

    code, _out, err = run("import_responses", path)

    assert code == 1
    assert err.splitlines() == [
        "Filen är varken en CSV-fil eller en XLSX-fil. Spara den som CSV (UTF-8) eller XLSX.",
        "Inget lagrades: filen har 1 problem.",
    ]


def test_50_mb_text_without_line_breaks_gives_a_clear_error(tmp_path, setup):
    path = tmp_path / "svar.csv"
    path.write_bytes(b"forbund" * (50 * 1024 * 1024 // 7))

    code, _out, err = run("import_responses", path)

    assert code == 1
    assert err.splitlines() == [
        "Rad 1 kunde inte läsas som CSV.",
        "Inget lagrades: filen har 1 problem.",
    ]


def test_missing_file_is_a_command_error(tmp_path):
    code, _out, err = run("import_responses", tmp_path / "finns-inte.csv")

    assert code == 1
    assert err == f"Filen {tmp_path / 'finns-inte.csv'} kunde inte öppnas.\n"


# --- Unknown förbund, insats and period ---------------------------------------------------------


def test_unknown_forbund_insats_and_period_are_refused_without_create_missing(tmp_path, setup):
    rows = [
        svar(answers=[1], forbund="Norra Norrland"),
        svar(answers=[1], insats="Ny start"),
        svar(answers=[1], period="2030"),
    ]
    assert_refused(
        tmp_path,
        rows,
        [
            "Rad 2, kolumn forbund: okänt förbund ”Norra Norrland”. " + HINT,
            "Rad 3, kolumn insats: förbundet Södra Dalarna har ingen insats ”Ny start”. " + HINT,
            "Rad 4, kolumn period: okänd mätperiod ”2030”. " + HINT,
        ],
    )
    assert not Forbund.objects.filter(name="Norra Norrland").exists()
    assert not Period.objects.filter(label="2030").exists()


def test_names_match_whatever_the_case_and_spacing(tmp_path, setup):
    row = svar(answers=[1], forbund="södra  dalarna", insats="STEGET VIDARE")
    code, out, _err = run("import_responses", write(tmp_path, csv_bytes([row])))

    assert (code, out) == (0, "1 svar importerat för 1 insats.\n")
    assert Insats.objects.count() == 1


def test_create_missing_creates_forbund_insats_and_period_with_the_newest_version(tmp_path, setup):
    rows = [
        svar("deltagare_pagaende", answers=[1], forbund="Norra Norrland", insats="Ny start",
             period="2030"),
        svar("personal", answers=[1], forbund="Norra Norrland", insats="Ny start", period="2030"),
    ]  # fmt: skip
    code, out, _err = run("import_responses", write(tmp_path, csv_bytes(rows)), "--create-missing")

    assert (code, out) == (
        0,
        "2 svar importerade för 1 insats. Nya förbund: Norra Norrland. Nya insatser: Ny start. "
        "Nya mätperioder: 2030 (instrumentversion 2021).\n",
    )
    new_insats = Insats.objects.get(name="Ny start")
    assert new_insats.forbund.name == "Norra Norrland"
    assert new_insats.groups == ["deltagare_pagaende", "personal"]
    assert Period.objects.get(label="2030").version.code == "2021"
    assert list(
        AuditEvent.objects.filter(action__in=["forbund.create", "insats.create", "period.create"])
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["forbund.create", "insats.create", "period.create"]


def test_create_missing_with_instrument_uses_that_version(tmp_path, setup):
    rows = [svar("forbundschef", answers=[6, 5, 4], period="2016")]
    code, out, _err = run(
        "import_responses",
        write(tmp_path, csv_bytes(rows)),
        "--create-missing",
        "--instrument",
        "2017",
    )

    assert (code, out) == (
        0,
        "1 svar importerat för 1 insats. Nya mätperioder: 2016 (instrumentversion 2017).\n",
    )
    assert Period.objects.get(label="2016").version.code == "2017"
    assert Response.objects.get().group == "forbundschef"


def test_unknown_instrument_version_is_refused(tmp_path, setup):
    assert_refused(
        tmp_path,
        [svar(answers=[1], period="2030")],
        ["Okänd instrumentversion ”2019”. Versioner som finns: 2017, 2021."],
        "svar.csv",
        "--create-missing",
        "--instrument",
        "2019",
    )


# --- Idempotency and --replace ------------------------------------------------------------------


def already_imported_line(batch):
    when = timezone.localtime(batch.imported_at).strftime("%Y-%m-%d %H:%M")
    return f"Filen har redan importerats ({when}): inget nytt lagrades.\n"


def test_same_file_twice_stores_nothing_the_second_time(tmp_path, setup):
    path = write(tmp_path, csv_bytes(THREE_ROWS))
    run("import_responses", path)

    code, out, err = run("import_responses", path)

    assert (code, out, err) == (0, already_imported_line(ImportBatch.objects.get()), "")
    assert Response.objects.count() == 3
    assert AuditEvent.objects.filter(action="import.responses.unchanged").count() == 1


def test_same_content_as_xlsx_after_csv_stores_nothing(tmp_path, setup):
    run("import_responses", write(tmp_path, csv_bytes(THREE_ROWS, delimiter=";", bom=True)))
    reordered = [THREE_ROWS[2], THREE_ROWS[0], THREE_ROWS[1]]

    code, out, _err = run("import_responses", write(tmp_path, xlsx_bytes(reordered), "svar.xlsx"))

    assert (code, out) == (0, already_imported_line(ImportBatch.objects.get()))
    assert Response.objects.count() == 3


def test_other_file_for_an_imported_scope_is_refused_without_replace(tmp_path, setup):
    run("import_responses", write(tmp_path, csv_bytes(THREE_ROWS), "hosten.csv"))
    batch = ImportBatch.objects.get()
    when = timezone.localtime(batch.imported_at).strftime("%Y-%m-%d %H:%M")

    code, _out, err = run(
        "import_responses", write(tmp_path, csv_bytes([svar(answers=[6])]), "rattad.csv")
    )

    assert code == 1
    assert err.splitlines() == [
        "Det finns redan importerade svar från en tidigare fil för: Södra Dalarna / Steget vidare "
        f"/ 2021 / deltagare_pagaende (filen hosten.csv, {when}). Importera med ”ersätt tidigare "
        "importerade svar” (--replace) för att ersätta just de svaren.",
        "Inget lagrades: filen har 1 problem.",
    ]
    assert Response.objects.count() == 3


def test_replace_swaps_only_the_imported_responses_of_the_file_scopes(tmp_path, setup):
    insats, period = setup
    paper = ResponseFactory(insats=insats, period=period, group="deltagare_pagaende", f1=3)
    first = write(tmp_path, csv_bytes(THREE_ROWS), "hosten.csv")
    run("import_responses", first)
    first_batch = ImportBatch.objects.get()
    corrected = [svar(answers=[6]), svar(answers=[5])]

    code, out, _err = run(
        "import_responses", write(tmp_path, csv_bytes(corrected), "rattad.csv"), "--replace"
    )

    assert (code, out) == (
        0,
        "2 svar importerade för 1 insats. 1 tidigare importerat svar ersattes.\n",
    )
    pagaende = Response.objects.filter(group="deltagare_pagaende")
    assert sorted(pagaende.values_list("f1", "source")) == [
        (3, Source.PAPER),
        (5, Source.IMPORT),
        (6, Source.IMPORT),
    ]
    assert Response.objects.filter(pk=paper.pk).exists()
    first_batch.refresh_from_db()
    assert first_batch.row_count == 2
    assert first_batch.responses.count() == 2
    replace_event = AuditEvent.objects.get(action="import.responses.replace")
    assert replace_event.after["removed"] == 1
    assert replace_event.after["remaining"] == 2

    # The first file no longer matches what is stored: importing it again is not a no-op.
    code, _out, err = run("import_responses", first)
    assert code == 1
    assert "Det finns redan importerade svar från en tidigare fil" in err


def test_replace_removes_an_earlier_import_left_without_responses(tmp_path, setup):
    run("import_responses", write(tmp_path, csv_bytes([svar(answers=[1])]), "forsta.csv"))

    code, out, _err = run(
        "import_responses",
        write(tmp_path, csv_bytes([svar(answers=[2])]), "andra.csv"),
        "--replace",
    )

    assert (code, out) == (
        0,
        "1 svar importerat för 1 insats. 1 tidigare importerat svar ersattes.\n",
    )
    assert list(ImportBatch.objects.values_list("filename", flat=True)) == ["andra.csv"]
    assert list(Response.objects.values_list("f1", flat=True)) == [2]


def test_paper_responses_in_the_scope_do_not_block_an_import(tmp_path, setup):
    insats, period = setup
    ResponseFactory(insats=insats, period=period, group="deltagare_pagaende", f1=3)

    code, out, _err = run("import_responses", write(tmp_path, csv_bytes([svar(answers=[1])])))

    assert (code, out) == (0, "1 svar importerat för 1 insats.\n")
    assert Response.objects.count() == 2


def test_import_is_audited_with_counts_and_file_name_only(tmp_path, setup):
    run("import_responses", write(tmp_path, csv_bytes(THREE_ROWS), "hosten.csv"))

    event = AuditEvent.objects.get(action="import.responses")
    batch = ImportBatch.objects.get()
    assert (event.actor, event.object_id, event.forbund.name) == (
        None,
        str(batch.pk),
        "Södra Dalarna",
    )
    assert event.after == {
        "filename": "hosten.csv",
        "rows": 3,
        "stored": 3,
        "insatser": 1,
        "replaced": 0,
    }


def test_zip_that_is_not_an_xlsx_is_refused(tmp_path, setup):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("svar.csv", "inte en arbetsbok")
    assert_refused(
        tmp_path,
        buffer.getvalue(),
        ["Filen är varken en CSV-fil eller en XLSX-fil. Spara den som CSV (UTF-8) eller XLSX."],
        "svar.xlsx",
    )


def test_text_named_xlsx_is_refused_as_a_damaged_xlsx(tmp_path, setup):
    assert_refused(
        tmp_path,
        csv_bytes([svar(answers=[1])]),
        ["Filen kunde inte läsas som en XLSX-fil. Den kan vara skadad."],
        "svar.xlsx",
    )
