"""`matpunkt results`: JSON as compute_results, CSV as docs/results-csv.md, Swedish errors."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from matpunkt.results.computation import compute_results
from matpunkt.results.exports import COLUMNS
from tests.factories import InsatsFactory
from tests.results.helpers import JA, distribute, forms, store


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("results", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def data(insats, other_insats, period):
    distribute(insats, period, "deltagare_avslut", 12, 1)
    distribute(insats, period, "styrelse", 4)
    distribute(other_insats, period, "styrelse", 9)
    store(
        forms(insats, period, "deltagare_avslut", 6, f1=6, f8=JA, variant="med_kon", kon="kvinna"),
        forms(insats, period, "deltagare_avslut", 5, f1=2, variant="med_kon", kon="man"),
        forms(insats, period, "styrelse", 3, f1=5),
        forms(other_insats, period, "styrelse", 8, f2=1),
    )
    return period


def test_json_is_exactly_compute_results(data):
    out, _err = run("--period", "2021", "--format", "json")

    results = json.loads(out)
    assert results == json.loads(json.dumps(compute_results(period=data)))
    assert list(results) == ["period", "scope", "min_cell", "groups", "totals", "warnings"]
    assert results["totals"]["all"] == {
        "asked": 25,
        "responses": 22,
        "nonresponse": 3,
        "response_rate": 22 / 25,
    }
    assert out.startswith('{\n  "period": "2021",')


def test_json_narrowed_to_a_forbund_and_an_insats(data):
    raw = run("--period", "2021", "--forbund", "Östra Södertörn")[0]
    by_forbund = json.loads(raw)
    by_insats = json.loads(run("--period", "2021", "--insats", "Steget vidare")[0])

    assert by_forbund["scope"] == {"forbund": "Östra Södertörn", "insats": None}
    assert '"forbund": "Östra Södertörn"' in raw  # UTF-8, not \u escapes
    assert list(by_forbund["groups"]) == ["styrelse"]
    assert by_insats["scope"] == {"forbund": "Södra Dalarna", "insats": "Steget vidare"}
    assert by_insats["groups"]["styrelse"]["asked"] == 4


def test_min_cell_option_changes_suppression(data):
    strict = json.loads(run("--period", "2021", "--min-cell", "7")[0])
    loose = json.loads(run("--period", "2021", "--min-cell", "3")[0])

    assert strict["min_cell"] == 7
    assert strict["groups"]["deltagare_avslut"]["questions"]["F1"]["positive_share"] == 6 / 11
    assert strict["groups"]["deltagare_avslut"]["questions"]["F1"]["women"] is None
    assert strict["groups"]["styrelse"]["questions"]["F1"]["positive"] is None
    assert loose["groups"]["styrelse"]["questions"]["F1"]["positive"] == 3


def test_csv_has_group_question_and_total_rows_with_suppressed_cells_empty(data):
    out, err = run("--period", "2021", "--forbund", "Södra Dalarna", "--format", "csv")

    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == COLUMNS
    by_key = {(r["rad"], r["grupp"], r["fraga"]): r for r in rows}
    avslut = by_key[("grupp", "deltagare_avslut", "")]
    assert (avslut["tillfragade"], avslut["ej_nabara"], avslut["svar"], avslut["bortfall"]) == (
        "12",
        "1",
        "11",
        "1",
    )
    assert avslut["svarsfrekvens"] == str(11 / 12)
    assert (avslut["kvinnor"], avslut["man"], avslut["utan_konsfraga"]) == ("6", "5", "0")
    f1 = by_key[("fraga", "deltagare_avslut", "F1")]
    assert (f1["antal_svar"], f1["klart_positiva"], f1["andel_klart_positiva"]) == (
        "11",
        "6",
        str(6 / 11),
    )
    assert (f1["kvinnor_antal_svar"], f1["kvinnor_andel"]) == ("6", "1.0")
    assert (f1["man_antal_svar"], f1["man_andel"]) == ("5", "0.0")
    assert [f1[f"fordelning_{c}"] for c in ["1", "2", "3", "4", "5", "6", "ja", "nej"]] == [
        "0",
        "5",
        "0",
        "0",
        "0",
        "6",
        "",
        "",
    ]
    f8 = by_key[("fraga", "deltagare_avslut", "F8")]
    assert (f8["antal_svar"], f8["fordelning_ja"], f8["fordelning_nej"]) == ("6", "6", "0")
    styrelse_f1 = by_key[("fraga", "styrelse", "F1")]
    assert styrelse_f1["antal_svar"] == "3"
    assert [styrelse_f1[c] for c in COLUMNS[16:]] == [""] * len(COLUMNS[16:])
    assert [r["grupp"] for r in rows if r["rad"] == "totalt"] == [
        "deltagare_totalt",
        "alla_grupper",
    ]
    assert by_key[("totalt", "alla_grupper", "")]["tillfragade"] == "16"
    assert {r["period"] for r in rows} == {"2021"}
    assert {r["forbund"] for r in rows} == {"Södra Dalarna"}
    assert err == ""


def test_csv_writes_warnings_to_stderr(insats, period):
    distribute(insats, period, "personal", 1)
    store(forms(insats, period, "personal", 2, f1=3))

    _out, err = run("--period", "2021", "--format", "csv")

    assert (
        err == "Varning: Södra Dalarna – Steget vidare – Personal: 2 svar men 1 tillfrågade, varav "
        "0 ej nåbara. Svaren kan inte vara fler än de tillfrågade som gick att nå, så "
        "svarsfrekvens och bortfall visas inte.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "1999"], "Mätperioden ”1999” finns inte."),
        (["--period", "2021", "--forbund", "Okänt"], "Förbundet ”Okänt” finns inte."),
        (["--period", "2021", "--insats", "Okänd"], "Insatsen ”Okänd” finns inte."),
        (
            ["--period", "2021", "--forbund", "Östra Södertörn", "--insats", "Steget vidare"],
            "Insatsen ”Steget vidare” finns inte i förbundet Östra Södertörn.",
        ),
        (
            ["--period", "2021", "--min-cell", "-1"],
            "--min-cell måste vara ett heltal, 0 eller större (fick ”-1”).",
        ),
    ],
)
def test_errors_are_swedish(data, args, message):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert str(error.value) == message


def test_ambiguous_insats_name_needs_the_forbund(data, other_forbund):
    InsatsFactory(forbund=other_forbund, name="Steget vidare")

    with pytest.raises(CommandError) as error:
        run("--period", "2021", "--insats", "Steget vidare")
    by_forbund = json.loads(
        run("--period", "2021", "--forbund", "Södra Dalarna", "--insats", "Steget vidare")[0]
    )

    assert str(error.value) == (
        "Insatsen ”Steget vidare” finns i flera förbund (Södra Dalarna, Östra Södertörn). "
        "Ange förbundet med --forbund."
    )
    assert by_forbund["scope"] == {"forbund": "Södra Dalarna", "insats": "Steget vidare"}
