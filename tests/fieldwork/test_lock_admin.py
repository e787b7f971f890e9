"""The Django admin cannot write past the period lock: every model whose rows a submission
locks is read-only there (its writes go through the services, which take the lock)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from matpunkt.fieldwork.models import Distribution, DistributionEntry, OpenLink, Submission
from matpunkt.responses.models import Comment, ImportBatch, Response
from matpunkt.results.models import SubmittedCounts

LOCKED_MODELS = [
    Distribution,
    DistributionEntry,
    OpenLink,
    Submission,
    SubmittedCounts,
    Response,
    Comment,
    ImportBatch,
]


@pytest.mark.parametrize("model", LOCKED_MODELS, ids=lambda model: model._meta.label)
def test_the_admin_cannot_change_data_that_a_submission_locks(model, nns_admin):
    request = RequestFactory().get("/admin/")
    request.user = nns_admin
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return  # not in the admin at all
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False


def test_submissions_are_listed_in_the_admin(client, nns_admin, forbund, period):
    Submission.objects.create(forbund=forbund, period=period, status="submitted")
    nns_admin.is_staff = True
    nns_admin.save()
    client.force_login(nns_admin)

    response = client.get("/admin/fieldwork/submission/")

    assert response.status_code == 200
    assert "Södra Dalarna" in response.content.decode()
