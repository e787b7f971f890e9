"""`matpunkt load_demo`: what it creates, that a second run changes nothing, and its guard."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from matpunkt.fieldwork.models import Distribution, DistributionEntry, Period
from matpunkt.instrument.models import InstrumentVersion, Questionnaire
from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.organisations.models import Forbund, Insats, Membership
from matpunkt.responses.models import ImportBatch, Response
from matpunkt.responses.services import validate_response_shape

ALVDALEN = "Samordningsförbundet Älvdalen"
SJOBYGDEN = "Samordningsförbundet Sjöbygden"
NORRSKOGEN = "Samordningsförbundet Norrskogen"

REFUSAL = (
    "Demodata skapar användare med kända lösenord och läses därför bara in i utvecklingsläge "
    "(MATPUNKT_DEBUG=1). Ange --force om du ändå vill läsa in demodata i den här databasen."
)


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (
        Forbund,
        Insats,
        Period,
        Distribution,
        DistributionEntry,
        Response,
        ImportBatch,
        Membership,
        get_user_model(),
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def debug(db, settings):
    # pytest-django runs tests with DEBUG off; the demo is meant for development mode.
    settings.DEBUG = True


@pytest.fixture
def demo(debug):
    return load()


def test_demo_creates_three_forbund_with_their_insatser(demo):
    insatser = {
        name: sorted(Insats.objects.filter(forbund__name=name).values_list("name", flat=True))
        for name in Forbund.objects.values_list("name", flat=True)
    }
    assert insatser == {
        ALVDALEN: [
            "Samverkan i Älvland",
            "Steg för steg",
            "Unga vuxna i fokus",
            "Vägen till arbete",
        ],
        SJOBYGDEN: ["Arbetslivsintroduktion", "Gemensam styrning", "Hälsa och arbete"],
        NORRSKOGEN: ["Kompetens i samverkan", "Nya vägar"],
    }
    assert set(Insats.objects.values_list("orientation", flat=True)) == {"individ", "struktur"}


def test_demo_creates_periods_on_their_instrument_versions(demo):
    periods = dict(Period.objects.values_list("label", "version__code"))
    assert periods == {"2017": "2017", "2023": "2021", "2024": "2021", "2027": "2021"}


def test_demo_creates_one_login_per_role_with_the_printed_password(demo):
    memberships = {
        m.user.username: (m.role, m.forbund.name if m.forbund else None)
        for m in Membership.objects.select_related("user", "forbund")
    }
    assert memberships == {
        "nns": ("nns_admin", None),
        "alvdalen-admin": ("forbund_admin", ALVDALEN),
        "alvdalen-registrerare": ("registrar", ALVDALEN),
        "alvdalen-lasare": ("reader", ALVDALEN),
        "sjobygden-admin": ("forbund_admin", SJOBYGDEN),
    }
    users = {user.username: user for user in get_user_model().objects.all()}
    assert users["nns"].is_superuser and users["nns"].is_staff
    assert not users["alvdalen-admin"].is_superuser
    assert users["nns"].check_password("demo-nns-2024")
    assert users["alvdalen-admin"].check_password("demo-admin-2024")
    assert users["alvdalen-registrerare"].check_password("demo-registrar-2024")
    assert users["alvdalen-lasare"].check_password("demo-lasare-2024")
    assert users["sjobygden-admin"].check_password("demo-sjo-2024")


def test_demo_prints_the_logins_and_the_address(demo):
    assert "Demoinloggningar: http://127.0.0.1:8000/" in demo
    for row in (
        "NNS-administratör      NNS        nns                    demo-nns-2024",
        "Förbundsadministratör  Älvdalen   alvdalen-admin         demo-admin-2024",
        "Registrerare           Älvdalen   alvdalen-registrerare  demo-registrar-2024",
        "Läsare                 Älvdalen   alvdalen-lasare        demo-lasare-2024",
        "Förbundsadministratör  Sjöbygden  sjobygden-admin        demo-sjo-2024",
    ):
        assert row in demo


def test_loading_the_demo_twice_creates_nothing_more(demo):
    before = counts()
    second = load()
    assert counts() == before
    assert second.startswith("Demodata fanns redan: inget nytt skapades.\n")


def test_a_second_run_restores_a_changed_demo_password(demo):
    user = get_user_model().objects.get(username="alvdalen-lasare")
    user.set_password("något-annat")
    user.save()
    load()
    user.refresh_from_db()
    assert user.check_password("demo-lasare-2024")


def test_every_demo_answer_is_an_option_of_its_question(demo):
    specs = {}
    for response in Response.objects.select_related("period__version"):
        key = (response.period.version_id, response.group)
        if key not in specs:
            specs[key] = questionnaire_spec(response.period.version, response.group)
        spec = specs[key]
        answers = response.answers()
        validate_response_shape(
            spec=spec,
            group=response.group,
            variant=response.variant,
            kon=response.kon,
            answers=answers,
        )
        for number, value in answers.items():
            if value is not None:
                assert value in {o.value for o in spec.question(number).options}


def test_demo_has_a_few_hundred_responses_within_the_distribution(demo):
    responses = [r for r in Response.objects.all() if r.is_response()]
    assert 400 <= len(responses) <= 800
    for distribution in Distribution.objects.all():
        forms = Response.objects.filter(
            insats=distribution.insats_id, period=distribution.period_id, group=distribution.group
        ).count()
        assert 0 < forms <= distribution.asked - distribution.unreachable


def test_demo_has_blank_forms_unanswered_questions_and_all_gender_answers(demo):
    forms = list(Response.objects.all())
    assert any(not form.is_response() for form in forms)
    assert any(form.is_response() and form.f1 is None for form in forms)
    kon = {form.kon for form in forms if form.variant == "med_kon"}
    assert {"kvinna", "man", "ej_uppgett"} <= kon
    assert {form.kon for form in forms if form.variant == "utan_kon"} == {""}


def test_demo_answers_f9_despite_f8_nej_on_exactly_two_forms(demo):
    period = Period.objects.get(label="2024")
    spec = questionnaire_spec(period.version, "deltagare_avslut")
    nej = next(o.value for o in spec.question(8).options if o.code == "nej")
    inconsistent = Response.objects.filter(group="deltagare_avslut", f8=nej, f9__isnull=False)
    assert inconsistent.count() == 2
    assert {(r.insats.name, r.period.label) for r in inconsistent} == {("Steg för steg", "2024")}


def test_demo_small_insats_has_fewer_than_five_responses_from_a_distribution_list(demo):
    insats = Insats.objects.get(name="Unga vuxna i fokus")
    for distribution in Distribution.objects.filter(insats=insats):
        assert distribution.from_list
        entries = distribution.entries.all()
        assert [e.pseudonym for e in entries] == [
            "UVIF-001",
            "UVIF-002",
            "UVIF-003",
            "UVIF-004",
            "UVIF-005",
        ]
        assert distribution.asked == 5
        assert distribution.unreachable == sum(e.unreachable for e in entries) == 1
        responses = Response.objects.filter(insats=insats, period=distribution.period)
        assert 1 <= sum(r.is_response() for r in responses) < 5


def test_demo_imported_responses_belong_to_an_import_batch(demo):
    imported = Response.objects.filter(source="import")
    assert set(imported.values_list("insats__forbund__name", flat=True)) == {SJOBYGDEN}
    assert not imported.filter(import_batch__isnull=True).exists()
    for batch in ImportBatch.objects.all():
        assert batch.row_count == batch.responses.count()
        assert batch.forbund.name == SJOBYGDEN
        assert batch.imported_by.username == "sjobygden-admin"


def test_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as error:
        load()
    assert str(error.value) == REFUSAL
    assert Forbund.objects.count() == 0
    assert get_user_model().objects.count() == 0


def test_demo_loads_without_debug_when_forced(db, settings):
    settings.DEBUG = False
    load("--force")
    assert Forbund.objects.count() == 3


def test_demo_refuses_when_the_instrument_is_not_loaded(debug):
    Questionnaire.objects.filter(version__code="2021").delete()
    InstrumentVersion.objects.filter(code="2021").delete()
    with pytest.raises(CommandError) as error:
        load()
    assert str(error.value) == (
        "Instrumentet är inte inläst. Kör först: matpunkt migrate (eller load_instrument)."
    )
    assert Forbund.objects.count() == 0


def test_demo_prints_the_address_it_is_given(debug):
    output = load("--url", "http://127.0.0.1:8765/")
    assert "│ Demoinloggningar: http://127.0.0.1:8765/" in output


def test_demo_releases_the_past_periods_so_a_reader_sees_national_figures(demo, client):
    from django.urls import reverse

    from matpunkt.results.models import NationalRelease
    from matpunkt.results.reports.national import build_national_report
    from tests.reports.helpers import rows, short

    client.force_login(get_user_model().objects.get(username="alvdalen-lasare"))
    page = client.get(reverse("results:national_report", args=["2024"])).content.decode()
    report = build_national_report(period=Period.objects.get(label="2024"), full=False)

    assert sorted(NationalRelease.objects.values_list("period__label", "number")) == [
        ("2017", 1),
        ("2023", 1),
        ("2024", 1),
    ]
    assert "Siffrorna är riksresultaten så som NNS publicerade dem" in page
    # Three förbund answered deltagare pågående F1: förbund users see the national 68 %.
    assert short(rows(report, "questions-deltagare_pagaende"))[0] == [
        "Fråga 1: Får", "117", "68 %", "",
    ]  # fmt: skip
    # Only two förbund have a styrelse: its national figures stay hidden (rule 4).
    assert short(rows(report, "questions-styrelse"))[0] == ["Fråga 1: Har", "14", "–"]


@pytest.mark.parametrize("label", ["2017", "2023", "2024"])
def test_demo_reader_pages_render_every_released_period(demo, client, label):
    from django.urls import reverse

    reader = get_user_model().objects.get(username="alvdalen-lasare")
    alvdalen = Forbund.objects.get(name=ALVDALEN)
    client.force_login(reader)

    national = client.get(reverse("results:national_report", args=[label]))
    own = client.get(reverse("results:forbund_period", args=[alvdalen.pk, label]))

    assert (national.status_code, own.status_code) == (200, 200)
    assert "Riket = senast publicerade riksresultat" in own.content.decode()
