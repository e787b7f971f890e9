"""The invariants of a place: one truth for its counts, and no more responses than people who
could answer, on every write path; a period cannot be submitted while a place breaks them."""

import datetime
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork import codes
from matpunkt.fieldwork.integrity import Problem, forbund_place_issues, place_problem
from matpunkt.fieldwork.models import Distribution, DistributionEntry
from matpunkt.fieldwork.services import distribution_list_add_entries, distribution_set
from matpunkt.responses.importing.responses import import_responses
from matpunkt.responses.models import Response
from matpunkt.responses.survey.services import Submission, submit_with_code
from matpunkt.results.models import Submission as NationalSubmission
from matpunkt.results.submission import submission_submit
from tests.codes.helpers import counts, issue
from tests.factories import ResponseFactory

GROUP = "deltagare_pagaende"
PLACE = "Steget vidare, Deltagare, pågående insats, 2021"


def _set(actor, insats, period, asked, unreachable=0):
    return distribution_set(
        actor=actor, insats=insats, period=period, group=GROUP, asked=asked, unreachable=unreachable
    )


def _register(actor, insats, period, code="", answers=None):
    return codes.paper_response_register(
        actor=actor,
        token=uuid.uuid4(),
        code=code,
        insats=insats,
        period=period,
        group=GROUP,
        variant="utan_kon",
        answers=answers or {1: 5},
    )


def _too_many(responses, reachable, asked, unreachable):
    return (
        f"{PLACE}: {responses} svar men bara {reachable} som kunde svara ({asked} tillfrågade, "
        f"varav {unreachable} ej nåbara). Ingen kan vara både ej nåbar och svarande, och svaren "
        "kan inte vara fler än de tillfrågade. Ändringen sparades inte: rätta antalet "
        "tillfrågade, ej nåbara eller svaren först."
    )


# The rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "unreachable", "responses", "problem"),
    [
        (5, 0, 5, None),
        (5, 0, 6, Problem.TOO_MANY_RESPONSES),
        (5, 1, 5, Problem.TOO_MANY_RESPONSES),
        (5, 1, 4, None),
        (0, 0, 0, None),
        (0, 0, 1, Problem.TOO_MANY_RESPONSES),
    ],
)
def test_the_rule_of_a_place(asked, unreachable, responses, problem):
    assert place_problem(asked=asked, unreachable=unreachable, responses=responses) == problem


# Counts are never replaced behind the user's back ------------------------------------------------


def test_creating_and_voiding_a_code_keeps_the_entered_counts(registrar, insats, period):
    _set(registrar, insats, period, 36, 2)
    ResponseFactory.create_batch(28, insats=insats, period=period, f1=5)

    made = issue(registrar, insats, period, count=1)
    assert counts(insats, period) == (36, 2)
    codes.codes_mark(
        actor=registrar,
        distribution=made[0].distribution,
        entry_ids=[made[0].pk],
        action="makulera",
    )

    assert counts(insats, period) == (36, 2)
    assert Distribution.objects.get().from_list is False


def test_a_new_list_counts_itself_when_nothing_was_entered(registrar, insats, period):
    distribution_list_add_entries(
        actor=registrar, insats=insats, period=period, group=GROUP, count=4
    )

    distribution = Distribution.objects.get()
    assert (distribution.asked, distribution.from_list) == (4, True)


def test_a_name_is_refused_as_a_pseudonym(registrar, insats, period):
    from matpunkt.fieldwork.services import distribution_entry_update

    entry = distribution_list_add_entries(
        actor=registrar, insats=insats, period=period, group=GROUP, count=1
    )[0]

    with pytest.raises(ValidationError) as error:
        distribution_entry_update(
            actor=registrar,
            entry=entry,
            pseudonym="Anna Svensson",
            handed_out_on=None,
            unreachable=False,
        )

    assert error.value.message_dict == {
        "pseudonym": [
            "Löpnumret ska vara ett nummer eller en egen kod med minst en siffra och utan "
            "mellanslag, till exempel 12 eller SFS-12. Skriv aldrig namn i listan."
        ]
    }
    assert DistributionEntry.objects.get().pseudonym == "1"


# Codes only while the period collects ------------------------------------------------------------


def test_codes_and_open_links_are_refused_after_the_period_ended(registrar, insats, period):
    period.ends_on = datetime.date(2021, 10, 31)
    period.save()
    message = (
        "Mätperiod 2021 slutade 2021-10-31. Koder och öppna länkar kan bara skapas medan "
        "mätperioden pågår."
    )

    with pytest.raises(ValidationError) as error:
        issue(registrar, insats, period, count=1)
    assert error.value.messages == [message]
    with pytest.raises(ValidationError) as error:
        codes.open_link_create(
            actor=registrar, insats=insats, period=period, group=GROUP, variant="utan_kon"
        )
    assert error.value.messages == [message]
    assert not DistributionEntry.objects.exists()


# Unreachable and respondent ----------------------------------------------------------------------


def test_an_answer_from_an_unreachable_code_proves_the_person_was_reached(
    registrar, insats, period
):
    made = issue(registrar, insats, period, count=3, handed_out_on=datetime.date(2021, 9, 2))
    codes.codes_mark(
        actor=registrar,
        distribution=made[0].distribution,
        entry_ids=[made[0].pk],
        action="ej_nabar",
    )
    assert counts(insats, period) == (3, 1)

    scope = codes.code_scope(made[0].code)
    state = submit_with_code(scope=scope, submission=Submission(kon="", answers={1: 5}))

    assert state == "used_now"
    assert counts(insats, period) == (3, 0)
    assert DistributionEntry.objects.get(pk=made[0].pk).unreachable is False
    assert forbund_place_issues(forbund_id=insats.forbund_id, period=period) == []


def test_a_used_code_counts_as_asked_though_never_marked_handed_out(registrar, insats, period):
    made = issue(registrar, insats, period, count=2)
    assert counts(insats, period) == (0, 0)

    with transaction.atomic():
        codes.code_use(code=made[1].code)

    assert counts(insats, period) == (1, 0)


# Responses never outnumber those who could answer -------------------------------------------------


def test_a_paper_form_beyond_the_reachable_is_refused(registrar, insats, period):
    _set(registrar, insats, period, 5, 1)
    for _ in range(4):
        _register(registrar, insats, period)

    with pytest.raises(ValidationError) as error:
        _register(registrar, insats, period)

    assert error.value.messages == [_too_many(5, 4, 5, 1)]
    assert Response.objects.count() == 4


def test_coded_forms_fill_a_list_and_an_uncoded_extra_form_is_refused(registrar, insats, period):
    made = issue(registrar, insats, period, count=5)
    for entry in made:
        _register(registrar, insats, period, code=entry.code)
    assert counts(insats, period) == (5, 0)

    with pytest.raises(ValidationError) as error:
        _register(registrar, insats, period)

    assert error.value.messages == [_too_many(6, 5, 5, 0)]
    assert Response.objects.count() == 5


def test_lowering_asked_below_the_responses_is_refused(registrar, insats, period):
    _set(registrar, insats, period, 10)
    ResponseFactory.create_batch(6, insats=insats, period=period, f1=5)

    with pytest.raises(ValidationError) as error:
        _set(registrar, insats, period, 5)

    assert error.value.messages == [_too_many(6, 5, 5, 0)]
    assert counts(insats, period) == (10, 0)


def test_forms_may_be_typed_before_the_counts_are_entered(registrar, insats, period):
    _register(registrar, insats, period)

    [issue_] = forbund_place_issues(forbund_id=insats.forbund_id, period=period)
    assert issue_.message == (
        f"{PLACE}: 1 svar men ingen utdelning registrerad. Ange hur många som tillfrågades."
    )


def _svarsfil(rows: int) -> io.BytesIO:
    lines = ["forbund;insats;period;grupp;variant;kon;F1"]
    lines += [f"Södra Dalarna;Steget vidare;2021;{GROUP};utan_kon;;5"] * rows
    return io.BytesIO("\n".join(lines).encode("utf-8"))


def test_a_forbunds_import_beyond_the_reachable_stores_nothing(forbund_admin, insats, period):
    _set(forbund_admin, insats, period, 3)

    result = import_responses(file=_svarsfil(4), filename="svar.csv", actor=forbund_admin)

    assert [str(problem) for problem in result.problems] == [_too_many(4, 3, 3, 0)]
    assert Response.objects.count() == 0


def test_nns_imports_a_conflict_as_handed_in_and_the_summary_names_it(nns_admin, insats, period):
    _set(nns_admin, insats, period, 3)

    result = import_responses(file=_svarsfil(4), filename="svar.csv", actor=nns_admin)

    assert result.ok
    assert Response.objects.count() == 4
    assert result.conflicts == [
        f"{PLACE}: 4 svar men bara 3 som kunde svara (3 tillfrågade, varav 0 ej nåbara). Ingen "
        "kan vara både ej nåbar och svarande, och svaren kan inte vara fler än de tillfrågade."
    ]
    assert "markeras i alla resultat" in result.summary()


# Submission --------------------------------------------------------------------------------------


def test_a_period_with_a_broken_place_cannot_be_submitted(forbund_admin, insats, period):
    _set(forbund_admin, insats, period, 5)
    ResponseFactory.create_batch(6, insats=insats, period=period, f1=5)

    with pytest.raises(ValidationError) as error:
        submission_submit(actor=forbund_admin, forbund=insats.forbund, period=period)

    assert error.value.messages == [
        "Mätperiod 2021 kan inte lämnas in förrän uppgifterna stämmer. Rätta de här platserna "
        "först:",
        f"{PLACE}: 6 svar men bara 5 som kunde svara (5 tillfrågade, varav 0 ej nåbara). Ingen "
        "kan vara både ej nåbar och svarande, och svaren kan inte vara fler än de tillfrågade.",
    ]
    assert not NationalSubmission.objects.filter(status="submitted").exists()


def test_only_nns_may_submit_a_conflict_and_says_so(forbund_admin, nns_admin, insats, period):
    _set(forbund_admin, insats, period, 5)
    ResponseFactory.create_batch(6, insats=insats, period=period, f1=5)

    with pytest.raises(ValidationError):
        submission_submit(
            actor=forbund_admin, forbund=insats.forbund, period=period, accept_conflicts=True
        )
    submission_submit(actor=nns_admin, forbund=insats.forbund, period=period, accept_conflicts=True)

    event = AuditEvent.objects.get(action="submission.submit")
    assert event.after["conflicts_accepted"] == [
        f"{PLACE}: 6 svar men bara 5 som kunde svara (5 tillfrågade, varav 0 ej nåbara). Ingen "
        "kan vara både ej nåbar och svarande, och svaren kan inte vara fler än de tillfrågade."
    ]


def test_the_submission_page_lists_each_broken_place_with_links(
    client, forbund_admin, insats, period
):
    _set(forbund_admin, insats, period, 5)
    ResponseFactory.create_batch(6, insats=insats, period=period, f1=5)
    client.force_login(forbund_admin)

    html = client.get(f"/resultat/inlamning/{insats.forbund_id}/2021/lamna-in/").content.decode()

    assert "Att rätta före inlämning" in html
    assert f"{PLACE}: 6 svar men bara 5 som kunde svara" in html
    assert f"/faltarbete/koder/{period.pk}/{insats.pk}/{GROUP}/" in html
    assert "Lämna in och lås" not in html


# Choosing the counts in force on the page --------------------------------------------------------


def _source_url(period, insats):
    return f"/faltarbete/utdelning/{period.pk}/{insats.pk}/{GROUP}/antal-som-galler/"


def test_switching_the_counts_needs_a_confirmation(client, registrar, insats, period):
    _set(registrar, insats, period, 36, 2)
    issue(registrar, insats, period, count=2, handed_out_on=datetime.date(2021, 9, 2))
    client.force_login(registrar)

    page = client.post(_source_url(period, insats), {"source": "lista"})
    assert page.status_code == 200
    assert page.context["errors"] == ["Kryssa i rutan för att bekräfta bytet."]
    assert counts(insats, period) == (36, 2)

    client.post(_source_url(period, insats), {"source": "lista", "bekrafta": "on"})
    assert counts(insats, period) == (2, 0)


def test_a_reader_cannot_switch_and_another_forbund_finds_nothing(
    client, registrar, reader, outsider, insats, period
):
    _set(registrar, insats, period, 36, 2)
    issue(registrar, insats, period, count=2, handed_out_on=datetime.date(2021, 9, 2))

    client.force_login(reader)
    assert client.get(_source_url(period, insats)).status_code == 403
    client.force_login(outsider)
    assert client.get(_source_url(period, insats)).status_code == 404


def test_answers_keep_the_list_counts_equal_to_a_fresh_count(registrar, insats, period):
    from matpunkt.fieldwork.services import list_counts

    made = issue(registrar, insats, period, count=8)
    distribution = made[0].distribution

    def mark(entries, action):
        ids = [entry.pk for entry in entries]
        codes.codes_mark(actor=registrar, distribution=distribution, entry_ids=ids, action=action)

    mark(made[:3], "utdelad")
    mark(made[2:5], "ej_nabar")
    mark(made[7:], "makulera")
    for entry in made:
        with transaction.atomic():
            codes.code_use(code=entry.code)

    distribution.refresh_from_db()
    fresh = list_counts(distribution)
    assert (distribution.asked, distribution.unreachable) == (fresh.asked, fresh.unreachable)
    assert (distribution.asked, distribution.unreachable) == (7, 0)
