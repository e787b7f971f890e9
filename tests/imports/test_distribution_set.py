"""The distribution_set service: upsert of one insats, period and group's counts, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork.models import Distribution
from matpunkt.fieldwork.services import distribution_set
from tests.factories import DistributionFactory


def test_creates_then_updates_with_audited_before_and_after(registrar, insats, period):
    created = distribution_set(
        actor=registrar, insats=insats, period=period, group="personal", asked=10, unreachable=2
    )
    updated = distribution_set(
        actor=registrar, insats=insats, period=period, group="personal", asked=12, unreachable=2
    )

    assert created.pk == updated.pk
    assert Distribution.objects.values_list("asked", "unreachable").get() == (12, 2)
    events = AuditEvent.objects.order_by("pk")
    assert list(events.values_list("action", "actor__username", "before", "after")) == [
        ("distribution.create", "rut_registrerare", None, {"asked": 10, "unreachable": 2}),
        (
            "distribution.update",
            "rut_registrerare",
            {"asked": 10, "unreachable": 2},
            {"asked": 12, "unreachable": 2},
        ),
    ]


def test_unchanged_counts_write_no_audit_row(insats, period):
    DistributionFactory(insats=insats, period=period, group="personal", asked=4, unreachable=1)

    distribution_set(
        actor=None, insats=insats, period=period, group="personal", asked=4, unreachable=1
    )

    assert AuditEvent.objects.count() == 0


def test_unreachable_above_asked_is_refused(insats, period):
    with pytest.raises(ValidationError) as error:
        distribution_set(
            actor=None, insats=insats, period=period, group="personal", asked=3, unreachable=4
        )
    assert error.value.message_dict == {
        "unreachable": ["Ej nåbara kan inte vara fler än tillfrågade."]
    }
    assert Distribution.objects.count() == 0


def test_group_without_questionnaire_in_the_version_is_refused(insats, period):
    with pytest.raises(ValidationError) as error:
        distribution_set(
            actor=None, insats=insats, period=period, group="forbundschef", asked=1, unreachable=0
        )
    assert error.value.message_dict == {
        "group": ["Mätperiodens instrumentversion har ingen enkät för gruppen forbundschef."]
    }


def test_counts_kept_in_a_list_are_refused(insats, period):
    DistributionFactory(insats=insats, period=period, group="personal", asked=4, from_list=True)

    with pytest.raises(ValidationError) as error:
        distribution_set(
            actor=None, insats=insats, period=period, group="personal", asked=9, unreachable=0
        )
    assert error.value.messages == [
        "Utdelningen för Steget vidare, 2021, personal räknas från utdelningslistan: ändra "
        "antalen i listan, eller välj att räkna med angivna antal i stället."
    ]
    assert Distribution.objects.get().asked == 4


def test_other_forbund_gets_404_and_reader_403(outsider, reader, insats, period):
    with pytest.raises(Http404):
        distribution_set(
            actor=outsider, insats=insats, period=period, group="personal", asked=1, unreachable=0
        )
    with pytest.raises(PermissionDenied):
        distribution_set(
            actor=reader, insats=insats, period=period, group="personal", asked=1, unreachable=0
        )
    assert Distribution.objects.count() == 0
