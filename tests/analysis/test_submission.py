"""National submission: who may submit and reopen, and that submitted data refuse every write."""

import io
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork.models import Distribution, DistributionEntry
from matpunkt.fieldwork.services import (
    CountRow,
    distribution_counts_save,
    distribution_entry_delete,
    distribution_entry_update,
    distribution_list_add_entries,
    distribution_list_clear,
    distribution_set,
)
from matpunkt.responses.importing import import_distribution, import_responses
from matpunkt.responses.models import RegistrationToken, Response
from matpunkt.responses.services import (
    response_create,
    response_delete,
    response_register,
    response_update,
)
from matpunkt.results.computation import results_from_counts
from matpunkt.results.counts import load_counts
from matpunkt.results.models import Submission, SubmissionStatus
from matpunkt.results.submission import (
    ensure_open,
    included_forbund,
    is_locked,
    restrict_counts,
    submission_contents,
    submission_overview,
    submission_reopen,
    submission_submit,
    submitted_counts,
    submitted_scope,
)
from tests.imports.files import DISTRIBUTION_HEADER, csv_bytes, svar, utdelning
from tests.results.helpers import PAGAENDE, distribute, forms, store

LOCKED = (
    "Förbundets data för mätperiod 2021 är inlämnade och låsta. Be NNS eller förbundets "
    "administratör att öppna dem igen."
)


@pytest.fixture
def data(insats, period):
    """Distribution and six stored forms (two pågående, four personal). A list made first
    (`listed`) counts the pågående group instead."""
    if not Distribution.objects.filter(insats=insats, period=period, group=PAGAENDE).exists():
        distribute(insats, period, PAGAENDE, 3)
    distribute(insats, period, "personal", 10, 1)
    store(forms(insats, period, PAGAENDE, 2, f1=5), forms(insats, period, "personal", 4, f1=6))
    return insats, period


@pytest.fixture
def submitted(data, forbund, forbund_admin, period):
    return submission_submit(actor=forbund_admin, forbund=forbund, period=period)


# Submitting ---------------------------------------------------------------------------------------


def test_forbund_admin_submits_and_the_data_are_locked(data, forbund, forbund_admin, period):
    submission = submission_submit(actor=forbund_admin, forbund=forbund, period=period)

    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.submitted_by == forbund_admin
    assert submission.submitted_at is not None
    assert is_locked(forbund.pk, period.pk) is True
    event = AuditEvent.objects.get(action="submission.submit")
    assert (event.actor, event.forbund, event.object_id) == (
        forbund_admin,
        forbund,
        str(submission.pk),
    )
    assert event.after == {
        "period": "2021",
        "status": "submitted",
        "insatser": 1,
        "responses": 6,
        "asked": 13,
    }


def test_nns_admin_submits_for_a_forbund_that_does_not_use_matpunkt(
    data, forbund, nns_admin, period
):
    submission = submission_submit(actor=nns_admin, forbund=forbund, period=period)

    assert (submission.status, submission.submitted_by) == ("submitted", nns_admin)
    assert submitted_scope(period) == [forbund.pk]


def test_submitting_twice_is_refused(submitted, forbund, forbund_admin, period):
    with pytest.raises(ValidationError) as error:
        submission_submit(actor=forbund_admin, forbund=forbund, period=period)

    assert error.value.messages == ["Förbundets data för mätperiod 2021 är redan inlämnade."]


def test_submitting_nothing_is_refused(forbund, forbund_admin, period):
    with pytest.raises(ValidationError) as error:
        submission_submit(actor=forbund_admin, forbund=forbund, period=period)

    assert error.value.messages == [
        "Det finns varken utdelning eller svar för mätperiod 2021 att lämna in. Registrera "
        "eller importera förbundets data först."
    ]
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("user", "error"),
    [("registrar", PermissionDenied), ("reader", PermissionDenied), ("outsider", Http404)],
)
def test_only_administrators_of_the_forbund_may_submit(data, forbund, period, request, user, error):
    with pytest.raises(error):
        submission_submit(actor=request.getfixturevalue(user), forbund=forbund, period=period)

    assert not Submission.objects.exists()


def test_submission_contents_list_what_is_locked(data, forbund, period):
    contents = submission_contents(forbund=forbund, period=period)

    assert [(r.insats, r.group, r.asked, r.responses) for r in contents.rows] == [
        ("Steget vidare", PAGAENDE, 3, 2),
        ("Steget vidare", "personal", 10, 4),
    ]
    assert (contents.insatser, contents.responses, contents.asked) == (1, 6, 13)


# Reopening ----------------------------------------------------------------------------------------


def test_reopening_needs_a_reason(submitted, forbund, forbund_admin, period):
    with pytest.raises(ValidationError) as error:
        submission_reopen(actor=forbund_admin, forbund=forbund, period=period, reason="  ")

    assert error.value.message_dict == {"reason": ["Skriv varför inlämningen öppnas igen."]}
    assert is_locked(forbund.pk, period.pk) is True


def test_reopening_is_audited_with_its_reason_and_unlocks(
    submitted, forbund, nns_admin, period, insats
):
    submission = submission_reopen(
        actor=nns_admin, forbund=forbund, period=period, reason="Fem enkäter saknades."
    )

    assert submission.status == SubmissionStatus.REOPENED
    assert (submission.reopened_by, submission.reopen_reason) == (
        nns_admin,
        "Fem enkäter saknades.",
    )
    event = AuditEvent.objects.get(action="submission.reopen")
    assert (event.actor, event.reason, event.before, event.after) == (
        nns_admin,
        "Fem enkäter saknades.",
        {"period": "2021", "status": "submitted"},
        {"period": "2021", "status": "reopened"},
    )
    assert is_locked(forbund.pk, period.pk) is False
    response_create(
        actor=nns_admin, insats=insats, period=period, group=PAGAENDE, variant="utan_kon",
        answers={1: 4},
    )  # fmt: skip
    assert Response.objects.count() == 7


def test_reopen_reason_may_not_hold_a_personnummer(submitted, forbund, forbund_admin, period):
    with pytest.raises(ValidationError) as error:
        submission_reopen(
            actor=forbund_admin, forbund=forbund, period=period, reason="Gäller 19850101-1234"
        )

    assert list(error.value.message_dict) == ["reason"]
    assert is_locked(forbund.pk, period.pk) is True


def test_reopening_data_that_are_not_submitted_is_refused(data, forbund, forbund_admin, period):
    with pytest.raises(ValidationError) as error:
        submission_reopen(actor=forbund_admin, forbund=forbund, period=period, reason="Fel")

    assert error.value.messages == [
        "Förbundets data för mätperiod 2021 är inte inlämnade, så de är redan öppna."
    ]


@pytest.mark.parametrize(
    ("user", "error"),
    [("registrar", PermissionDenied), ("reader", PermissionDenied), ("outsider", Http404)],
)
def test_only_administrators_may_reopen(submitted, forbund, period, request, user, error):
    with pytest.raises(error):
        submission_reopen(
            actor=request.getfixturevalue(user), forbund=forbund, period=period, reason="Fel"
        )

    assert is_locked(forbund.pk, period.pk) is True


def test_submitting_again_after_reopening(submitted, forbund, forbund_admin, period):
    submission_reopen(actor=forbund_admin, forbund=forbund, period=period, reason="Rättning")

    again = submission_submit(actor=forbund_admin, forbund=forbund, period=period)

    assert again.pk == submitted.pk
    assert again.status == SubmissionStatus.SUBMITTED
    assert list(
        AuditEvent.objects.filter(object_id=str(again.pk)).order_by("id").values_list("action")
    ) == [("submission.submit",), ("submission.reopen",), ("submission.submit",)]


# Every write refuses locked data ------------------------------------------------------------------


def _refused(call) -> None:
    with pytest.raises(ValidationError) as error:
        call()
    assert error.value.messages == [LOCKED]


@pytest.fixture
def listed(insats, period, registrar):
    """A distribution list of three, made before the data are submitted."""
    distribution_list_add_entries(
        actor=registrar, insats=insats, period=period, group=PAGAENDE, count=3
    )
    return Distribution.objects.get(insats=insats, period=period, group=PAGAENDE)


@pytest.fixture
def locked(listed, data, forbund, forbund_admin, period):
    submission_submit(actor=forbund_admin, forbund=forbund, period=period)
    return listed


def test_response_create_is_refused(locked, insats, period, registrar):
    _refused(
        lambda: response_create(
            actor=registrar, insats=insats, period=period, group=PAGAENDE,
            variant="utan_kon", answers={1: 5},
        )
    )  # fmt: skip
    assert Response.objects.count() == 6


def test_response_register_is_refused_and_uses_no_token(locked, insats, period, registrar):
    _refused(
        lambda: response_register(
            actor=registrar, token=uuid.uuid4(), insats=insats, period=period, group=PAGAENDE,
            variant="utan_kon", answers={1: 5},
        )
    )  # fmt: skip
    assert not RegistrationToken.objects.exists()


def test_response_update_and_delete_are_refused(locked, registrar):
    response = Response.objects.filter(group=PAGAENDE).first()

    _refused(
        lambda: response_update(
            actor=registrar, response=response, variant="utan_kon", kon="", answers={1: 1},
            reason="Fel inskrivet",
        )
    )  # fmt: skip
    _refused(lambda: response_delete(actor=registrar, response=response, reason="Dubblett"))
    response.refresh_from_db()
    assert response.f1 == 5


def test_distribution_set_and_counts_save_are_refused(locked, insats, period, registrar):
    _refused(
        lambda: distribution_set(
            actor=registrar, insats=insats, period=period, group="personal", asked=20,
            unreachable=0,
        )
    )  # fmt: skip
    _refused(
        lambda: distribution_counts_save(
            actor=registrar, period=period, rows=[CountRow(insats, "personal", 20, 0)]
        )
    )
    assert Distribution.objects.get(group="personal").asked == 10


def test_distribution_set_from_the_command_line_is_refused(locked, insats, period):
    _refused(
        lambda: distribution_set(
            actor=None, insats=insats, period=period, group="personal", asked=20, unreachable=0
        )
    )


def test_distribution_list_services_are_refused(locked, insats, period, registrar):
    entry = DistributionEntry.objects.get(distribution=locked, pseudonym="1")

    _refused(
        lambda: distribution_list_add_entries(
            actor=registrar, insats=insats, period=period, group=PAGAENDE, count=1
        )
    )
    _refused(
        lambda: distribution_entry_update(
            actor=registrar, entry=entry, pseudonym="1", handed_out_on=None, unreachable=True
        )
    )
    _refused(lambda: distribution_entry_delete(actor=registrar, entry=entry))
    _refused(lambda: distribution_list_clear(actor=registrar, distribution=locked))
    locked.refresh_from_db()
    assert (locked.asked, locked.unreachable, locked.entries.count()) == (3, 0, 3)


def test_importing_a_svarsfil_into_locked_data_stores_nothing(locked, registrar):
    content = csv_bytes([svar(answers=[5]), svar(answers=[6])])

    result = import_responses(file=io.BytesIO(content), filename="svar.csv", actor=registrar)

    assert [str(p) for p in result.problems] == ["Södra Dalarna: " + LOCKED]
    assert Response.objects.count() == 6


def test_importing_an_utdelning_into_locked_data_stores_nothing(locked, registrar):
    content = csv_bytes([utdelning("personal", 30, 0)], header=DISTRIBUTION_HEADER)

    result = import_distribution(file=io.BytesIO(content), filename="utd.csv", actor=registrar)

    assert [str(p) for p in result.problems] == ["Rad 2: f" + LOCKED[1:]]
    assert Distribution.objects.get(group="personal").asked == 10


def test_another_forbunds_writes_are_not_locked(locked, other_insats, period, outsider):
    response_create(
        actor=outsider, insats=other_insats, period=period, group=PAGAENDE, variant="utan_kon",
        answers={1: 5},
    )  # fmt: skip
    content = csv_bytes([svar(answers=[5], forbund="Östra Södertörn", insats="Grannens insats")])

    result = import_responses(file=io.BytesIO(content), filename="svar.csv", actor=outsider)

    assert result.problems == []
    assert Response.objects.filter(insats=other_insats).count() == 2


def test_another_period_of_the_same_forbund_is_not_locked(locked, forbund, period_2017):
    ensure_open(forbund_id=forbund.pk, period_id=period_2017.pk)


# The submitted scope of the national report -------------------------------------------------------


def test_submitted_counts_leave_out_forbund_not_submitted(submitted, period, other_insats, forbund):
    distribute(other_insats, period, PAGAENDE, 50)
    store(forms(other_insats, period, PAGAENDE, 40, f1=1))

    results = results_from_counts(submitted_counts(period=period), min_cell=5)

    assert results["totals"]["all"] == {
        "asked": 13,
        "responses": 6,
        "nonresponse": 7,
        "response_rate": 6 / 13,
    }
    assert results["groups"][PAGAENDE]["questions"]["F1"]["answered"] == 2


def test_restrict_counts_to_no_forbund_gives_empty_results(submitted, period):
    table = restrict_counts(load_counts(period=period), [])

    assert (table.cells, table.distribution, table.insatser) == ([], {}, {})


def test_overview_counts_insatser_and_responses_per_forbund_and_period(
    submitted, forbund, other_forbund, period, period_2017
):
    rows = submission_overview(periods=[period, period_2017])

    assert [
        (row.forbund.name, [(c.period.label, c.status, c.insatser, c.responses) for c in row.cells])
        for row in rows
    ] == [
        ("Södra Dalarna", [("2021", "submitted", 1, 6), ("2017", "not_submitted", 0, 0)]),
        ("Östra Södertörn", [("2021", "not_submitted", 0, 0), ("2017", "not_submitted", 0, 0)]),
    ]
    assert rows[0].cells[0].status_label == "Inlämnad"
    assert rows[1].cells[0].status_label == "Ej inlämnad"


def test_included_forbund_are_the_submitted_ones_with_what_they_contribute(
    submitted, other_insats, period
):
    store(forms(other_insats, period, PAGAENDE, 40, f1=1))

    included = included_forbund(period)

    assert [(f.name, f.insatser, f.responses) for f in included] == [("Södra Dalarna", 1, 6)]
    assert included[0].submitted_at == submitted.submitted_at
