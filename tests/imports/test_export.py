"""Exports in the exchange formats, and the round trip: export, import into an empty database,
same data.
"""

import io

import pytest
from openpyxl import load_workbook

from matpunkt.fieldwork.models import Distribution, Period
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.responses.models import Response
from tests.factories import DistributionFactory, InsatsFactory, ResponseFactory
from tests.imports.files import run


def export(command, path, *args):
    code, out, err = run(command, "--output", path, *args)
    assert (code, out, err) == (0, "", "")
    return path


def response_data():
    rows = Response.objects.values_list(
        "insats__forbund__name", "insats__name", "period__label", "period__version__code",
        "group", "variant", "kon", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10",
    )  # fmt: skip
    return sorted(rows, key=repr)


def distribution_data():
    rows = Distribution.objects.values_list(
        "insats__forbund__name", "insats__name", "period__label", "period__version__code",
        "group", "asked", "unreachable",
    )  # fmt: skip
    return sorted(rows)


def empty_database():
    Response.objects.all().delete()
    Distribution.objects.all().delete()
    Insats.objects.all().delete()
    Forbund.objects.all().delete()
    Period.objects.all().delete()


@pytest.fixture
def responses_2021(insats, other_insats, period):
    second = InsatsFactory(forbund=insats.forbund, name="Andra steget")
    ResponseFactory(insats=insats, period=period, group="deltagare_pagaende", variant="med_kon",
                    kon="kvinna", f1=5, f2=6, f3=1, f4=1, f5=4, f6=3, f7=2)  # fmt: skip
    ResponseFactory(insats=insats, period=period, group="deltagare_pagaende", f1=5, f4=2)
    ResponseFactory(insats=insats, period=period, group="deltagare_pagaende", f1=5, f4=2)
    ResponseFactory(insats=insats, period=period, group="deltagare_avslut", variant="med_kon",
                    kon="ej_uppgett", f8=2, f9=6, f10=6)  # fmt: skip
    ResponseFactory(insats=second, period=period, group="personal", f9=1)
    ResponseFactory(insats=second, period=period, group="chefsgrupp")  # a blank form
    ResponseFactory(insats=other_insats, period=period, group="styrelse", f1=2, f2=3, f3=4)


@pytest.mark.parametrize("name", ["svar.csv", "svar.xlsx"])
def test_svarsfil_round_trip_gives_the_same_data(tmp_path, responses_2021, name):
    before = response_data()
    path = export("export_responses", tmp_path / name)
    empty_database()

    code, out, _err = run("import_responses", path, "--create-missing")

    assert code == 0
    assert out.startswith("7 svar importerade för 3 insatser.")
    assert response_data() == before


def test_svarsfil_round_trip_of_a_2017_period_with_instrument(tmp_path, insats, period_2017):
    ResponseFactory(insats=insats, period=period_2017, group="forbundschef", f1=6, f2=5, f3=4)
    ResponseFactory(insats=insats, period=period_2017, group="deltagare_avslut", f8=1, f9=5)
    before = response_data()
    path = export("export_responses", tmp_path / "svar.csv", "--delimiter", ",")
    empty_database()

    code, _out, _err = run("import_responses", path, "--create-missing", "--instrument", "2017")

    assert code == 0
    assert response_data() == before


def test_svarsfil_export_writes_file_codes(tmp_path, insats, period):
    ResponseFactory(insats=insats, period=period, group="deltagare_pagaende", variant="med_kon",
                    kon="man", f1=6, f4=1)  # fmt: skip

    content = export("export_responses", tmp_path / "svar.csv").read_bytes()

    assert (
        content
        == (
            "\ufeffforbund;insats;period;grupp;variant;kon;F1;F2;F3;F4;F5;F6;F7;F8;F9;F10\r\n"
            "Södra Dalarna;Steget vidare;2021;deltagare_pagaende;med_kon;man;6;;;ja;;;;;;\r\n"
        ).encode()
    )


def test_xlsx_export_stores_numeric_codes_as_numbers(tmp_path, insats, period):
    ResponseFactory(insats=insats, period=period, group="deltagare_pagaende", f1=6, f4=2)

    path = export("export_responses", tmp_path / "svar.xlsx")

    sheet = load_workbook(path).active
    assert sheet.title == "Svar"
    assert [c.value for c in sheet[2]] == [
        "Södra Dalarna", "Steget vidare", "2021", "deltagare_pagaende", "utan_kon", None,
        6, None, None, "nej", None, None, None, None, None, None,
    ]  # fmt: skip


def test_export_narrowed_to_one_forbund(tmp_path, responses_2021):
    content = export(
        "export_responses", tmp_path / "svar.csv", "--forbund", "Östra Södertörn"
    ).read_text(encoding="utf-8-sig")

    assert content.splitlines()[1:] == [
        "Östra Södertörn;Grannens insats;2021;styrelse;utan_kon;;2;3;4;;;;;;;"
    ]


def test_export_to_standard_output_and_unknown_forbund(insats, period):
    DistributionFactory(insats=insats, period=period, group="personal", asked=9, unreachable=1)

    code, out, _err = run("export_distribution", "--delimiter", ",")
    assert (code, out) == (
        0,
        "\ufeffforbund,insats,period,grupp,tillfragade,ej_nabara\r\n"
        "Södra Dalarna,Steget vidare,2021,personal,9,1\r\n",
    )

    assert run("export_distribution", "--forbund", "Finns inte") == (
        1,
        "",
        "Okänt förbund ”Finns inte”.\n",
    )
    assert run("export_distribution", "--format", "xlsx") == (
        1,
        "",
        "En XLSX-fil kan inte skrivas till standard ut: ange --output.\n",
    )


@pytest.mark.parametrize("name", ["utdelning.csv", "utdelning.xlsx"])
def test_utdelning_round_trip_gives_the_same_data(tmp_path, insats, other_insats, period, name):
    DistributionFactory(insats=insats, period=period, group="deltagare_pagaende", asked=40,
                        unreachable=3)  # fmt: skip
    DistributionFactory(insats=insats, period=period, group="personal", asked=12, unreachable=0)
    DistributionFactory(insats=other_insats, period=period, group="styrelse", asked=7,
                        unreachable=7)  # fmt: skip
    before = distribution_data()
    path = export("export_distribution", tmp_path / name)
    empty_database()

    code, out, _err = run("import_distribution", path, "--create-missing")

    assert code == 0
    assert out.startswith(
        "Utdelning importerad för 2 insatser: 3 nya, 0 ändrade och 0 oförändrade rader."
    )
    assert distribution_data() == before


def test_exported_xlsx_reads_back_with_openpyxl(tmp_path, insats, period):
    DistributionFactory(insats=insats, period=period, group="personal", asked=9, unreachable=1)

    path = export("export_distribution", tmp_path / "utdelning.xlsx")

    workbook = load_workbook(io.BytesIO(path.read_bytes()))
    assert [[c.value for c in row] for row in workbook["Utdelning"].iter_rows()] == [
        ["forbund", "insats", "period", "grupp", "tillfragade", "ej_nabara"],
        ["Södra Dalarna", "Steget vidare", "2021", "personal", 9, 1],
    ]


FORMULA_NAME = '=HYPERLINK("http://x","y")'


@pytest.fixture
def formula_insats(forbund, period):
    insats = InsatsFactory(forbund=forbund, name=FORMULA_NAME)
    ResponseFactory(insats=insats, period=period, group="personal", f1=4)
    return insats


def test_svarsfil_csv_export_writes_a_formula_name_as_quoted_text(tmp_path, formula_insats):
    content = export("export_responses", tmp_path / "svar.csv").read_text(encoding="utf-8-sig")

    assert content.splitlines()[1] == (
        'Södra Dalarna;"\'=HYPERLINK(""http://x"",""y"")";2021;personal;utan_kon;;4;;;;;;;;;'
    )


def test_svarsfil_xlsx_export_writes_a_formula_name_as_a_text_cell(tmp_path, formula_insats):
    path = export("export_responses", tmp_path / "svar.xlsx")

    cell = load_workbook(path).active["B2"]
    assert (cell.value, cell.data_type) == (FORMULA_NAME, "s")


@pytest.mark.parametrize("name", ["svar.csv", "svar.xlsx"])
def test_formula_name_re_imports_to_the_original_text(tmp_path, formula_insats, name):
    before = response_data()
    path = export("export_responses", tmp_path / name)
    empty_database()

    code, _out, _err = run("import_responses", path, "--create-missing")

    assert code == 0
    assert response_data() == before
    assert list(Insats.objects.values_list("name", flat=True)) == [FORMULA_NAME]


def test_web_svarsfil_csv_writes_a_formula_name_as_quoted_text(
    client, forbund_admin, formula_insats
):
    client.force_login(forbund_admin)

    response = client.get("/svar/exportera/svarsfil.csv")

    assert response.content.decode("utf-8-sig").splitlines()[1] == (
        'Södra Dalarna;"\'=HYPERLINK(""http://x"",""y"")";2021;personal;utan_kon;;4;;;;;;;;;'
    )


def test_web_svarsfil_xlsx_writes_a_formula_name_as_a_text_cell(
    client, forbund_admin, formula_insats
):
    client.force_login(forbund_admin)

    response = client.get("/svar/exportera/svarsfil.xlsx")

    cell = load_workbook(io.BytesIO(response.content)).active["B2"]
    assert (cell.value, cell.data_type) == (FORMULA_NAME, "s")
