"""Open data in Kolada's shape: submitted data only, suppressed cells left out entirely."""

import io
import json

from django.core.management import call_command

from matpunkt.results.reports.kolada import as_json, kolada_values, percent_one_decimal, write_csv

PAGAENDE_F1 = "deltagare_pagaende.dp_stod_nytta"
STYRELSE_F1 = "styrelse.strukturer_relationer"


def rows_of(values):
    return [(v.kpi, v.municipality_name, v.period, v.gender, v.value, v.n) for v in values]


def test_values_are_the_submitted_key_figures_by_forbund_period_and_gender(golden):
    assert rows_of(kolada_values()) == [
        (PAGAENDE_F1, "Riket", "2017", "T", 48.9, 45),
        (STYRELSE_F1, "Riket", "2017", "T", 20.0, 5),
        (PAGAENDE_F1, "Södra Dalarna", "2017", "T", 40.0, 25),
        (STYRELSE_F1, "Södra Dalarna", "2017", "T", 20.0, 5),
        (PAGAENDE_F1, "Östra Södertörn", "2017", "T", 60.0, 20),
        (PAGAENDE_F1, "Riket", "2021", "T", 67.6, 71),
        (PAGAENDE_F1, "Riket", "2021", "K", 75.0, 8),
        (PAGAENDE_F1, "Riket", "2021", "M", 50.0, 6),
        (STYRELSE_F1, "Riket", "2021", "T", 72.7, 11),
        (PAGAENDE_F1, "Norra Berget", "2021", "T", 50.0, 10),
        (STYRELSE_F1, "Norra Berget", "2021", "T", 100.0, 5),
        (PAGAENDE_F1, "Södra Dalarna", "2021", "T", 63.9, 36),
        (PAGAENDE_F1, "Södra Dalarna", "2021", "K", 75.0, 8),
        (PAGAENDE_F1, "Södra Dalarna", "2021", "M", 50.0, 6),
        (STYRELSE_F1, "Södra Dalarna", "2021", "T", 50.0, 6),
        (PAGAENDE_F1, "Östra Södertörn", "2021", "T", 80.0, 25),
    ]


def test_unsubmitted_forbund_and_suppressed_cells_are_left_out(golden):
    values = kolada_values()

    assert "Västra Dalen" not in {v.municipality_name for v in values}
    # Personal had 3 answers (below K): no row at all, not an empty one.
    assert not [v for v in values if v.grupp == "personal"]


def test_one_period_only(golden):
    assert {v.period for v in kolada_values(periods=[golden])} == {"2021"}


def test_nation_is_municipality_0000_and_forbund_their_id(golden, forbund):
    values = kolada_values(periods=[golden])

    assert {(v.municipality, v.municipality_name) for v in values} >= {
        ("0000", "Riket"),
        (str(forbund.pk), "Södra Dalarna"),
    }


def test_percent_has_one_decimal_rounded_half_up():
    assert percent_one_decimal(23 / 36) == 63.9
    assert percent_one_decimal(0.0005) == 0.1
    assert percent_one_decimal(1.0) == 100.0


def test_json_groups_gender_values_as_kolada_does(golden, forbund):
    data = as_json(kolada_values(periods=[golden]))

    entry = next(
        e for e in data["values"] if e["kpi"] == PAGAENDE_F1 and e["municipality"] == "0000"
    )
    assert entry == {
        "kpi": PAGAENDE_F1,
        "municipality": "0000",
        "municipality_name": "Riket",
        "period": 2021,
        "group": "deltagare_pagaende",
        "measure": "dp_stod_nytta",
        "question": "F1",
        "values": [
            {"gender": "T", "status": "", "value": 67.6, "n": 71},
            {"gender": "K", "status": "", "value": 75.0, "n": 8},
            {"gender": "M", "status": "", "value": 50.0, "n": 6},
        ],
    }
    assert data["count"] == 7


def test_csv_has_a_header_and_one_row_per_value(golden):
    handle = io.StringIO()
    write_csv(kolada_values(periods=[golden]), handle)

    lines = handle.getvalue().splitlines()
    assert lines[0] == "kpi,municipality,municipality_name,period,gender,value,n,grupp,matt,fraga"
    assert (
        lines[1] == f"{PAGAENDE_F1},0000,Riket,2021,T,67.6,71,deltagare_pagaende,dp_stod_nytta,F1"
    )
    assert len(lines) == 12


def test_command_writes_json_and_csv(golden, tmp_path):
    out = io.StringIO()
    call_command("kolada", "--format", "json", "--period", "2021", stdout=out)
    assert json.loads(out.getvalue())["count"] == 7

    path = tmp_path / "kolada.csv"
    call_command("kolada", "--format", "csv", "-o", str(path))
    assert len(path.read_text(encoding="utf-8").splitlines()) == 17
