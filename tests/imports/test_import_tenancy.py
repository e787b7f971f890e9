"""The import functions as the page calls them: the acting user's role decides what is allowed."""

import io

import pytest
from django.core.exceptions import PermissionDenied

from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork.models import Distribution
from matpunkt.responses.importing import import_distribution, import_responses
from matpunkt.responses.models import Response
from tests.imports.files import DISTRIBUTION_HEADER, csv_bytes, svar, utdelning


def test_reader_may_not_import_anything(reader, insats, period):
    content = io.BytesIO(csv_bytes([svar(answers=[1])]))

    with pytest.raises(PermissionDenied):
        import_responses(file=content, filename="svar.csv", actor=reader)
    with pytest.raises(PermissionDenied):
        import_distribution(file=content, filename="utdelning.csv", actor=reader)
    assert Response.objects.count() == 0


def test_forbund_admin_distribution_rows_for_another_forbund_are_refused(
    forbund_admin, insats, other_insats, period
):
    rows = [
        utdelning("personal", 4, 0),
        utdelning("personal", 4, 0, forbund="Östra Södertörn", insats="Grannens insats"),
    ]
    content = io.BytesIO(csv_bytes(rows, header=DISTRIBUTION_HEADER))

    result = import_distribution(file=content, filename="utdelning.csv", actor=forbund_admin)

    assert [str(p) for p in result.problems] == [
        "Rad 3, kolumn forbund: du får bara importera rader för ditt eget förbund, Södra Dalarna."
    ]
    assert Distribution.objects.count() == 0


def test_nns_admin_imports_rows_of_several_forbund(nns_admin, insats, other_insats, period):
    rows = [
        svar(answers=[1]),
        svar(answers=[2], forbund="Östra Södertörn", insats="Grannens insats"),
    ]

    result = import_responses(
        file=io.BytesIO(csv_bytes(rows)), filename="svar.csv", actor=nns_admin
    )

    assert result.summary() == "2 svar importerade för 2 insatser."
    assert result.batch.forbund is None
    assert result.batch.imported_by == nns_admin
    assert AuditEvent.objects.get(action="import.responses").actor == nns_admin
