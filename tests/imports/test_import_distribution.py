"""Importing an utdelning file: upserts per insats, period and group, all rows or none."""

import pytest

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork.models import Distribution, Period
from matpunkt.responses.models import ImportBatch
from tests.factories import DistributionFactory
from tests.imports.files import DISTRIBUTION_HEADER, csv_bytes, run, utdelning, xlsx_bytes


@pytest.fixture
def setup(insats, period):
    return insats, period


def write(tmp_path, rows, name="utdelning.csv", **kwargs):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        path.write_bytes(xlsx_bytes(rows, header=DISTRIBUTION_HEADER, sheet="Utdelning"))
    else:
        path.write_bytes(csv_bytes(rows, header=DISTRIBUTION_HEADER, **kwargs))
    return path


def counts():
    return sorted(
        Distribution.objects.values_list("insats__name", "period__label", "group", "asked",
                                          "unreachable")
    )  # fmt: skip


ROWS = [utdelning("deltagare_pagaende", 40, 3), utdelning("personal", 12, 0)]


def test_csv_creates_the_counts(tmp_path, setup):
    code, out, err = run("import_distribution", write(tmp_path, ROWS))

    assert (code, out, err) == (
        0,
        "Utdelning importerad för 1 insats: 2 nya, 0 ändrade och 0 oförändrade rader.\n",
        "",
    )
    assert counts() == [
        ("Steget vidare", "2021", "deltagare_pagaende", 40, 3),
        ("Steget vidare", "2021", "personal", 12, 0),
    ]


def test_semicolon_csv_with_bom_and_xlsx_with_numbers_are_read(tmp_path, setup):
    code, _out, _err = run("import_distribution", write(tmp_path, ROWS, delimiter=";", bom=True))
    assert code == 0

    changed = [utdelning("deltagare_pagaende", 41, 3), utdelning("personal", 12, 0)]
    code, out, _err = run("import_distribution", write(tmp_path, changed, "utdelning.xlsx"))

    assert (code, out) == (
        0,
        "Utdelning importerad för 1 insats: 0 nya, 1 ändrade och 1 oförändrade rader.\n",
    )
    assert counts()[0][3:] == (41, 3)


def test_same_file_twice_changes_nothing(tmp_path, setup):
    path = write(tmp_path, ROWS)
    run("import_distribution", path)

    code, out, _err = run("import_distribution", path)

    assert (code, out) == (
        0,
        "Utdelning importerad för 1 insats: 0 nya, 0 ändrade och 2 oförändrade rader.\n",
    )
    assert Distribution.objects.count() == 2
    assert ImportBatch.objects.filter(kind="distribution").count() == 1
    assert AuditEvent.objects.filter(action="distribution.create").count() == 2
    assert AuditEvent.objects.filter(action="distribution.update").count() == 0


def assert_refused(tmp_path, rows, expected, *args):
    code, out, err = run("import_distribution", write(tmp_path, rows), *args)
    assert (code, out) == (1, "")
    assert err.splitlines() == [*expected, f"Inget lagrades: filen har {len(expected)} problem."]
    assert Distribution.objects.filter(asked__gt=0, from_list=False).count() == 0


def test_unreachable_above_asked_is_refused_and_nothing_is_stored(tmp_path, setup):
    assert_refused(
        tmp_path,
        [ROWS[1], utdelning("deltagare_pagaende", 3, 5)],
        ["Rad 3, kolumn ej_nabara: ej nåbara kan inte vara fler än tillfrågade."],
    )


def test_counts_must_be_whole_numbers_from_zero(tmp_path, setup):
    assert_refused(
        tmp_path,
        [utdelning("deltagare_pagaende", -3, 0), utdelning("personal", "12.5", "")],
        [
            "Rad 2, kolumn tillfragade: ska vara ett heltal från 0 till 1 000 000, inte ”-3”.",
            "Rad 3, kolumn tillfragade: ska vara ett heltal från 0 till 1 000 000, inte ”12.5”.",
            "Rad 3, kolumn ej_nabara: värdet saknas.",
        ],
    )


def test_row_for_counts_kept_in_a_distribution_list_is_refused(tmp_path, setup):
    insats, period = setup
    DistributionFactory(insats=insats, period=period, group="deltagare_pagaende", asked=5,
                        from_list=True)  # fmt: skip

    assert_refused(
        tmp_path,
        [utdelning("deltagare_pagaende", 40, 3)],
        [
            "Rad 2: utdelningen för Steget vidare, 2021, deltagare_pagaende räknas från "
            "utdelningslistan: ändra antalen i listan, eller välj att räkna med angivna antal i "
            "stället."
        ],
    )
    assert Distribution.objects.get().asked == 5


def test_duplicate_rows_in_one_file_name_both_rows(tmp_path, setup):
    assert_refused(
        tmp_path,
        [ROWS[0], ROWS[1], utdelning("deltagare_pagaende", 39, 3)],
        [
            "Rad 4: samma förbund, insats, period och grupp som rad 2. Varje kombination får "
            "bara finnas på en rad."
        ],
    )


def test_group_without_questionnaire_and_unknown_group_are_refused(tmp_path, setup):
    assert_refused(
        tmp_path,
        [utdelning("forbundschef", 1, 0), utdelning("chefer", 1, 0)],
        [
            "Rad 2, kolumn grupp: mätperiodens instrumentversion har ingen enkät för gruppen "
            "forbundschef.",
            "Rad 3, kolumn grupp: okänd grupp ”chefer”. Tillåtna grupper: deltagare_pagaende, "
            "deltagare_avslut, personal, forbundschef, styrelse, chefsgrupp, remittenter.",
        ],
    )


def test_unknown_names_are_refused_and_created_with_create_missing(tmp_path, setup):
    rows = [utdelning("deltagare_pagaende", 8, 1, insats="Ny start", period="2030")]
    hint = "Kontrollera stavningen, eller importera med ”skapa saknade” (--create-missing)."
    assert_refused(
        tmp_path,
        rows,
        [
            "Rad 2, kolumn insats: förbundet Södra Dalarna har ingen insats ”Ny start”. " + hint,
            "Rad 2, kolumn period: okänd mätperiod ”2030”. " + hint,
        ],
    )

    code, out, _err = run(
        "import_distribution", write(tmp_path, rows), "--create-missing", "--instrument", "2017"
    )

    assert (code, out) == (
        0,
        "Utdelning importerad för 1 insats: 1 nya, 0 ändrade och 0 oförändrade rader. "
        "Nya insatser: Ny start. Nya mätperioder: 2030 (instrumentversion 2017).\n",
    )
    assert Period.objects.get(label="2030").version.code == "2017"
    assert counts() == [("Ny start", "2030", "deltagare_pagaende", 8, 1)]


def test_personnummer_in_a_name_is_refused_and_never_echoed(tmp_path, setup):
    rows = [utdelning("personal", 3, 0, insats="Grupp 19850101-1234")]
    code, _out, err = run("import_distribution", write(tmp_path, rows))

    assert code == 1
    assert err.splitlines()[0] == (
        "Rad 2, kolumn insats: värdet ser ut att innehålla ett personnummer. Personnummer får "
        "inte finnas i filen: ta bort det och försök igen."
    )
    assert "1234" not in err


def test_import_is_audited_with_counts_and_file_name(tmp_path, setup):
    run("import_distribution", write(tmp_path, ROWS))

    event = AuditEvent.objects.get(action="import.distribution")
    assert event.after == {
        "filename": "utdelning.csv",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert event.forbund.name == "Södra Dalarna"
