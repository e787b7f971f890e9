"""The downloadable XLSX templates: headers, drop-down lists and that a filled one imports."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from matpunkt.responses.models import Response
from tests.imports.files import DISTRIBUTION_HEADER, RESPONSE_HEADER

SIX = '"1,2,3,4,5,6"'
SIX_AND_YES_NO = '"1,2,3,4,5,6,ja,nej"'
GROUPS = (
    '"deltagare_pagaende,deltagare_avslut,personal,forbundschef,styrelse,chefsgrupp,remittenter"'
)


def download(client, user, kind):
    client.force_login(user)
    response = client.get(f"/svar/importera/mall/{kind}.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="mall-{kind}.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def validations(sheet):
    """{range: (type, formula, error style)} of a sheet's data validations."""
    return {
        str(dv.sqref): (dv.type, dv.formula1, dv.errorStyle)
        for dv in sheet.data_validations.dataValidation
    }


def test_svarsfil_template_has_a_drop_down_per_column(client, registrar, insats, other_insats,
                                                       period):  # fmt: skip
    workbook = download(client, registrar, "svarsfil")

    assert workbook.sheetnames == ["Svar", "Listor", "Anvisningar"]
    sheet = workbook["Svar"]
    assert [c.value for c in sheet[1]] == RESPONSE_HEADER
    assert validations(sheet) == {
        "A2:A5001": ("list", "'Listor'!$A$2:$A$2", "warning"),
        "B2:B5001": ("list", "'Listor'!$B$2:$B$2", "warning"),
        "C2:C5001": ("list", "'Listor'!$C$2:$C$2", "warning"),
        "D2:D5001": ("list", GROUPS, "stop"),
        "E2:E5001": ("list", '"med_kon,utan_kon"', "stop"),
        "F2:F5001": ("list", '"kvinna,man,ej_uppgett"', "stop"),
        "G2:G5001": ("list", SIX, "stop"),
        "H2:H5001": ("list", SIX, "stop"),
        "I2:I5001": ("list", SIX, "stop"),
        "J2:J5001": ("list", SIX_AND_YES_NO, "stop"),
        "K2:K5001": ("list", SIX, "stop"),
        "L2:L5001": ("list", SIX, "stop"),
        "M2:M5001": ("list", SIX, "stop"),
        "N2:N5001": ("list", SIX_AND_YES_NO, "stop"),
        "O2:O5001": ("list", SIX, "stop"),
        "P2:P5001": ("list", SIX, "stop"),
    }
    # Only the user's own förbund and insatser are offered.
    lists = [[c.value for c in row] for row in workbook["Listor"].iter_rows()]
    assert lists == [["forbund", "insats", "period"], ["Södra Dalarna", "Steget vidare", "2021"]]


def test_utdelning_template_checks_whole_numbers(client, nns_admin, insats, other_insats, period):
    workbook = download(client, nns_admin, "utdelning")

    sheet = workbook["Utdelning"]
    assert [c.value for c in sheet[1]] == DISTRIBUTION_HEADER
    assert validations(sheet) == {
        "A2:A5001": ("list", "'Listor'!$A$2:$A$3", "warning"),
        "B2:B5001": ("list", "'Listor'!$B$2:$B$3", "warning"),
        "C2:C5001": ("list", "'Listor'!$C$2:$C$2", "warning"),
        "D2:D5001": ("list", GROUPS, "stop"),
        "E2:E5001": ("whole", "0", "stop"),
        "F2:F5001": ("custom", "AND(ISNUMBER(F2),F2>=0,F2=INT(F2),F2<=E2)", "stop"),
    }
    whole = next(dv for dv in sheet.data_validations.dataValidation if dv.type == "whole")
    assert whole.operator == "greaterThanOrEqual"


def test_filled_svarsfil_template_imports(client, registrar, insats, period, tmp_path):
    workbook = download(client, registrar, "svarsfil")
    workbook["Svar"].append(
        ["Södra Dalarna", "Steget vidare", "2021", "personal", "utan_kon", None, 5, 6]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = client.post(
        "/svar/importera/",
        {"kind": "svarsfil", "file": SimpleUploadedFile("mall.xlsx", buffer.getvalue())},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["1 svar importerat för 1 insats."]
    assert Response.objects.values_list("f1", "f2").get() == (5, 6)


@pytest.mark.parametrize("kind", ["svarsfil", "utdelning"])
def test_reader_gets_403_for_templates(client, reader, kind):
    client.force_login(reader)

    assert client.get(f"/svar/importera/mall/{kind}.xlsx").status_code == 403


def test_unknown_template_is_404_and_anonymous_goes_to_login(client, registrar):
    assert client.get("/svar/importera/mall/svarsfil.xlsx").status_code == 302
    client.force_login(registrar)
    assert client.get("/svar/importera/mall/personer.xlsx").status_code == 404
