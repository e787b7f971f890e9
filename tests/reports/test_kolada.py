"""Open data in Kolada's shape: the released figures only, protected by disclosure rule 6."""

import io
import json

import pytest
from django.core.management import call_command

from matpunkt.organisations.models import Forbund
from matpunkt.results.releases import release_create, released_results
from matpunkt.results.reports.kolada import as_json, kolada_values, percent_one_decimal, write_csv
from matpunkt.results.submission import submission_reopen, submission_submit
from tests.analysis.conftest import forbund_with_answers
from tests.factories import ForbundFactory, InsatsFactory
from tests.reports.conftest import f1_forms, submit
from tests.results.helpers import PAGAENDE, distribute, store

PAGAENDE_F1 = "deltagare_pagaende.dp_stod_nytta"
STYRELSE_F1 = "styrelse.strukturer_relationer"
WOMEN = {"variant": "med_kon", "kon": "kvinna"}
MEN = {"variant": "med_kon", "kon": "man"}


def rows_of(values):
    return [(v.kpi, v.municipality_name, v.period, v.gender, v.value, v.n) for v in values]


@pytest.fixture
def released(golden, period_2017, nns_admin):
    """The golden dataset with both periods released as submitted."""
    release_create(actor=nns_admin, period=period_2017)
    release_create(actor=nns_admin, period=golden)
    return golden


def test_values_are_the_released_key_figures_by_forbund_period_and_gender(released):
    # 2017: two förbund answered deltagare pågående and one styrelse, so the nation is not
    # released for förbund users (rule 4) and open data has no Riket row; each förbund's own
    # figures are listed. 2021: Riket's F1 comes from three förbund; its gender split and
    # styrelse's F1 from one and two förbund, so they are not released.
    assert rows_of(kolada_values()) == [
        (PAGAENDE_F1, "Södra Dalarna", "2017", "T", 40.0, 25),
        (STYRELSE_F1, "Södra Dalarna", "2017", "T", 20.0, 5),
        (PAGAENDE_F1, "Östra Södertörn", "2017", "T", 60.0, 20),
        (PAGAENDE_F1, "Riket", "2021", "T", 67.6, 71),
        (PAGAENDE_F1, "Norra Berget", "2021", "T", 50.0, 10),
        (STYRELSE_F1, "Norra Berget", "2021", "T", 100.0, 5),
        (PAGAENDE_F1, "Södra Dalarna", "2021", "T", 63.9, 36),
        (PAGAENDE_F1, "Södra Dalarna", "2021", "K", 75.0, 8),
        (PAGAENDE_F1, "Södra Dalarna", "2021", "M", 50.0, 6),
        (STYRELSE_F1, "Södra Dalarna", "2021", "T", 50.0, 6),
        (PAGAENDE_F1, "Östra Södertörn", "2021", "T", 80.0, 25),
    ]


def test_riket_row_is_what_forbund_users_see_nationally(released):
    riket = [v for v in kolada_values(periods=[released]) if v.municipality == "0000"]
    national = released_results(released, k=5)["groups"][PAGAENDE]["questions"]["F1"]

    assert [(v.kpi, v.gender, v.value, v.n) for v in riket] == [
        (PAGAENDE_F1, "T", percent_one_decimal(national["positive_share"]), 71)
    ]
    assert national["women"] is None


def test_a_period_not_released_is_left_out(golden, period_2017, nns_admin):
    release_create(actor=nns_admin, period=golden)

    assert {v.period for v in kolada_values()} == {"2021"}
    assert kolada_values(periods=[period_2017]) == []


def test_values_stay_as_released_until_nns_releases_again(released, nns_admin):
    # Västra Dalen submits after the release: open data does not change until a new release.
    fourth = Forbund.objects.get(name="Västra Dalen")
    submit(fourth, released)
    before = rows_of(kolada_values(periods=[released]))

    assert "Västra Dalen" not in {name for _kpi, name, *_rest in before}
    assert (PAGAENDE_F1, "Riket", "2021", "T", 67.6, 71) in before

    release_create(actor=nns_admin, period=released, note="Västra Dalen har lämnat in.")
    after = rows_of(kolada_values(periods=[released]))

    # A later release lists no förbund figure that was not public already: Västra Dalen's 10
    # answers are not listed, since against the first release's Riket and the förbund listed
    # then they could complete an equation. Riket's F1 changed by one förbund's answers since
    # the first release, so förbund users do not see it again (rule 5), nor does open data.
    assert "Västra Dalen" not in {name for _kpi, name, *_rest in after}
    assert [row for row in after if row[:2] == (PAGAENDE_F1, "Riket")] == []
    assert [row for row in after if row[1] != "Riket"] == [
        row for row in before if row[1] != "Riket"
    ]


def test_unsubmitted_forbund_and_suppressed_cells_are_left_out(released):
    values = kolada_values()

    assert "Västra Dalen" not in {v.municipality_name for v in values}
    # Personal had 3 answers (below K): no row at all, not an empty one.
    assert not [v for v in values if v.grupp == "personal"]


def test_one_period_only(released):
    assert {v.period for v in kolada_values(periods=[released])} == {"2021"}


def test_nation_is_municipality_0000_and_forbund_their_id(released, forbund):
    values = kolada_values(periods=[released])

    assert {(v.municipality, v.municipality_name) for v in values} >= {
        ("0000", "Riket"),
        (str(forbund.pk), "Södra Dalarna"),
    }


def test_percent_has_one_decimal_rounded_half_up():
    assert percent_one_decimal(23 / 36) == 63.9
    assert percent_one_decimal(0.0005) == 0.1
    assert percent_one_decimal(1.0) == 100.0


def test_json_groups_gender_values_as_kolada_does(released, forbund):
    data = as_json(kolada_values(periods=[released]))

    entry = next(
        e
        for e in data["values"]
        if e["kpi"] == PAGAENDE_F1 and e["municipality"] == str(forbund.pk)
    )
    assert entry == {
        "kpi": PAGAENDE_F1,
        "municipality": str(forbund.pk),
        "municipality_name": "Södra Dalarna",
        "period": 2021,
        "group": "deltagare_pagaende",
        "measure": "dp_stod_nytta",
        "question": "F1",
        "values": [
            {"gender": "T", "status": "", "value": 63.9, "n": 36},
            {"gender": "K", "status": "", "value": 75.0, "n": 8},
            {"gender": "M", "status": "", "value": 50.0, "n": 6},
        ],
    }
    assert data["count"] == 6


def test_csv_has_a_header_and_one_row_per_value(released):
    handle = io.StringIO()
    write_csv(kolada_values(periods=[released]), handle)

    lines = handle.getvalue().splitlines()
    assert lines[0] == "kpi,municipality,municipality_name,period,gender,value,n,grupp,matt,fraga"
    assert (
        lines[1] == f"{PAGAENDE_F1},0000,Riket,2021,T,67.6,71,deltagare_pagaende,dp_stod_nytta,F1"
    )
    assert len(lines) == 9


def test_command_writes_json_and_csv(released, tmp_path):
    out = io.StringIO()
    call_command("kolada", "--format", "json", "--period", "2021", stdout=out)
    assert json.loads(out.getvalue())["count"] == 6

    path = tmp_path / "kolada.csv"
    call_command("kolada", "--format", "csv", "-o", str(path))
    assert len(path.read_text(encoding="utf-8").splitlines()) == 12


# Rule 6: Riket minus the listed förbund ----------------------------------------------------------


@pytest.fixture
def five_forbund(period, nns_admin):
    """Five förbund answered deltagare pågående F1 (positive / answers), all submitted:
    Alfa 30/40, Beta 3/6, Gamma 4/8, Delta 12/30 and Epsilon 3/3 (below K).
    Riket: 52 of 87 answers from five förbund (59.8 %)."""
    made = {
        name: forbund_with_answers(
            name, period, PAGAENDE, 1, positive=positive, negative=n - positive, submit_as=nns_admin
        )
        for name, positive, n in [
            ("Alfa", 30, 40),
            ("Beta", 3, 6),
            ("Gamma", 4, 8),
            ("Delta", 12, 30),
            ("Epsilon", 3, 3),
        ]
    }
    release_create(actor=nns_admin, period=period)
    return made


def test_riket_minus_the_listed_forbund_gives_no_left_out_forbund(five_forbund, period):
    values = rows_of(kolada_values(periods=[period]))

    # Epsilon (3 answers) is left out. Riket minus the four others would give its 3 of 3, so the
    # smallest listed förbund are left out with it until the left-out group passes rule 4:
    # Beta (6) and Gamma (8) make three förbund and 17 answers, at least 9 without any one.
    assert values == [
        (PAGAENDE_F1, "Riket", "2021", "T", 59.8, 87),
        (PAGAENDE_F1, "Alfa", "2021", "T", 75.0, 40),
        (PAGAENDE_F1, "Delta", "2021", "T", 40.0, 30),
    ]


def test_a_gender_split_is_left_out_where_riket_minus_the_listed_would_give_it(period, nns_admin):
    """Four förbund with 5 women and 5 men each answered F1 (women 3 positive, men 2), and a
    fifth with 3 women and 3 men (women 3, men 0): its split is below K, but Riket's women minus
    the four listed förbund's women would give its 3 of 3."""
    people = []
    for name in ("Alfa", "Beta", "Gamma", "Delta", "Epsilon"):
        forbund = ForbundFactory(name=name)
        insats = InsatsFactory(forbund=forbund, name=f"Insats i {name}")
        small = name == "Epsilon"
        women = {6: 3} if small else {6: 3, 2: 2}
        men = {2: 3} if small else {6: 2, 2: 3}
        distribute(insats, period, PAGAENDE, 6 if small else 10)
        store(
            f1_forms(insats, period, PAGAENDE, women, **WOMEN),
            f1_forms(insats, period, PAGAENDE, men, **MEN),
        )
        submission_submit(actor=nns_admin, forbund=forbund, period=period)
        people.append(forbund)
    release_create(actor=nns_admin, period=period)

    values = rows_of(kolada_values(periods=[period]))

    # Riket: 46 answers, 23 positive; women 23 (15 positive), men 23 (8): its split is shown.
    # Epsilon's split is left out (below K), and with it the two smallest listed splits (ties
    # by id: Alfa's and Beta's), so that three förbund's women and men are left out together.
    assert values == [
        (PAGAENDE_F1, "Riket", "2021", "T", 50.0, 46),
        (PAGAENDE_F1, "Riket", "2021", "K", 65.2, 23),
        (PAGAENDE_F1, "Riket", "2021", "M", 34.8, 23),
        (PAGAENDE_F1, "Alfa", "2021", "T", 50.0, 10),
        (PAGAENDE_F1, "Beta", "2021", "T", 50.0, 10),
        (PAGAENDE_F1, "Delta", "2021", "T", 50.0, 10),
        (PAGAENDE_F1, "Delta", "2021", "K", 60.0, 5),
        (PAGAENDE_F1, "Delta", "2021", "M", 40.0, 5),
        (PAGAENDE_F1, "Epsilon", "2021", "T", 50.0, 6),
        (PAGAENDE_F1, "Gamma", "2021", "T", 50.0, 10),
        (PAGAENDE_F1, "Gamma", "2021", "K", 60.0, 5),
        (PAGAENDE_F1, "Gamma", "2021", "M", 40.0, 5),
    ]


def test_a_reopened_forbund_keeps_its_released_figures_in_open_data(
    five_forbund, period, nns_admin
):
    submission_reopen(
        actor=nns_admin, forbund=five_forbund["Alfa"], period=period, reason="Rättning"
    )

    assert (PAGAENDE_F1, "Alfa", "2021", "T", 75.0, 40) in rows_of(kolada_values(periods=[period]))


def test_a_forbund_changed_by_fewer_than_k_answers_is_not_listed_again(
    five_forbund, period, nns_admin
):
    """Alfa (30 of 40 positive) is reopened, one negative answer becomes positive, and NNS
    releases again. Alfa's figure in the two releases side by side would give that one answer's
    change, so the second release does not list Alfa's F1; Riket (changed by one förbund) is left
    out too (rule 5), and with it every förbund's figure that Riket would no longer cover."""
    from matpunkt.responses.models import Response

    alfa = five_forbund["Alfa"]
    before = rows_of(kolada_values(periods=[period]))
    assert (PAGAENDE_F1, "Alfa", "2021", "T", 75.0, 40) in before
    submission_reopen(actor=nns_admin, forbund=alfa, period=period, reason="Rättning")
    form = Response.objects.filter(insats__forbund=alfa, f1=2).first()
    Response.objects.filter(pk=form.pk).update(f1=6)
    submission_submit(actor=nns_admin, forbund=alfa, period=period)
    release_create(actor=nns_admin, period=period, note="Rättning av en enkät")

    after = rows_of(kolada_values(periods=[period]))

    assert not [row for row in after if row[1] in ("Alfa", "Riket")]
