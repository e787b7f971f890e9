"""Many registrars save the same form at once, each from the page they loaded: exactly one edit
is stored, every other is refused as changed, and the audit trail holds the one stored edit.

Runs on either backend, each thread on its own connection (see tests/survey/test_concurrency).
"""

import pytest
from django.core.exceptions import ValidationError

from matpunkt.core.models import AuditEvent
from matpunkt.organisations.models import Membership, Role
from matpunkt.responses.models import Response
from matpunkt.responses.services import answers_fingerprint, response_delete, response_update
from tests.codes.helpers import ensure_instrument
from tests.factories import (
    ForbundFactory,
    InsatsFactory,
    PeriodFactory,
    ResponseFactory,
    UserFactory,
)
from tests.survey.test_concurrency import in_threads, own_connections  # noqa: F401

PARALLEL = 12

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(transactional_db):
    ensure_instrument()
    forbund = ForbundFactory(name="Södra Dalarna")
    insats = InsatsFactory(forbund=forbund, name="Steget vidare")
    period = PeriodFactory(label="2021")
    user = UserFactory(username="rut_registrerare")
    Membership.objects.create(user=user, role=Role.REGISTRAR, forbund=forbund)
    stored = ResponseFactory(insats=insats, period=period, f1=3)
    return user, stored


def _outcome(call) -> str:
    try:
        call()
    except ValidationError as error:
        return error.code
    return "stored"


def test_parallel_edits_of_one_form_store_exactly_one(setting, own_connections):  # noqa: F811 (the imported fixture)
    user, stored = setting
    loaded = answers_fingerprint(stored)
    own_connections()

    def edit(index):
        response = Response.objects.get(pk=stored.pk)
        return _outcome(
            lambda: response_update(
                actor=user, response=response, variant="utan_kon", kon="",
                answers={1: index % 6 + 1, 2: index % 5 + 1}, reason=f"Rättning {index}",
                fingerprint=loaded,
            )
        )  # fmt: skip

    outcomes = in_threads(edit, count=PARALLEL)

    assert sorted(outcomes) == ["changed"] * (PARALLEL - 1) + ["stored"]
    winner = outcomes.index("stored")
    final = in_threads(lambda _i: Response.objects.values_list("f1", "f2").get(), count=1)[0]
    assert final == (winner % 6 + 1, winner % 5 + 1)
    events = in_threads(
        lambda _i: list(AuditEvent.objects.values_list("action", "reason")), count=1
    )[0]
    assert events == [("response.update", f"Rättning {winner}")]


def test_parallel_edit_and_delete_of_one_form_store_exactly_one(setting, own_connections):  # noqa: F811 (the imported fixture)
    user, stored = setting
    loaded = answers_fingerprint(stored)
    own_connections()

    def change(index):
        try:
            response = Response.objects.get(pk=stored.pk)
        except Response.DoesNotExist:
            return "gone"  # deleted before this registrar's page loaded: the page gives 404
        if index % 2:
            return _outcome(
                lambda: response_delete(
                    actor=user, response=response, reason="Dubblett", fingerprint=loaded
                )
            )
        return _outcome(
            lambda: response_update(
                actor=user, response=response, variant="utan_kon", kon="", answers={1: 6},
                reason="Felläst", fingerprint=loaded,
            )
        )  # fmt: skip

    outcomes = in_threads(change, count=PARALLEL)

    assert outcomes.count("stored") == 1
    assert set(outcomes) <= {"stored", "changed", "gone"}
    events = in_threads(lambda _i: list(AuditEvent.objects.values_list("action")), count=1)[0]
    assert len(events) == 1
