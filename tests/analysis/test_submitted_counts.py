"""The count tables stored at submission: the national figures computed from them equal a fresh
count of the submitted data, they follow submitting and reopening, and stale ones are recounted."""

import json
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matpunkt.results import counts
from matpunkt.results.computation import participation_from_counts, results_from_counts
from matpunkt.results.counts import freeze, load_counts, thaw
from matpunkt.results.models import Submission, SubmissionStatus, SubmittedCounts
from matpunkt.results.submission import (
    forbund_counts,
    restrict_counts,
    submission_reopen,
    submission_submit,
    submitted_counts,
    submitted_scope,
)
from tests.results.helpers import JA, NEJ, PAGAENDE, distribute, forms, store
from tests.results.test_computation_property import distribution, form, make_dataset


def fresh_count(period):
    """The national count table of the submitted förbund, counted from the responses now."""
    return restrict_counts(load_counts(period=period), submitted_scope(period))


def comparable(table):
    """A count table's cells and distribution in an order-free form."""
    cells = sorted(
        (
            (c.insats_id, c.group, c.variant, c.kon, c.conditions, tuple(c.values))
            for c in table.cells
        ),
        key=repr,
    )
    return cells, table.distribution, table.insatser


@pytest.fixture
def data(insats, other_insats, period):
    """Two förbund with participants (some with the gender item, F9 with and without F8 = ja),
    personal with an answer to a question it was not asked, and a group distributed to but
    without responses."""
    distribute(insats, period, PAGAENDE, 20, 2)
    distribute(insats, period, "styrelse", 5)
    distribute(insats, period, "personal", 4)
    store(
        forms(insats, period, PAGAENDE, 6, variant="med_kon", kon="kvinna", f1=6, f8=JA, f9=5),
        forms(insats, period, PAGAENDE, 5, variant="med_kon", kon="man", f1=2, f8=NEJ, f9=4),
        forms(insats, period, PAGAENDE, 3, f1=4),
        forms(insats, period, "personal", 4, f1=6, f10=3),
    )
    distribute(other_insats, period, PAGAENDE, 9)
    store(forms(other_insats, period, PAGAENDE, 7, f2=5))


@pytest.fixture
def submitted_both(data, forbund, other_forbund, period, nns_admin):
    submission_submit(actor=nns_admin, forbund=forbund, period=period, accept_conflicts=True)
    submission_submit(actor=nns_admin, forbund=other_forbund, period=period, accept_conflicts=True)


def test_submitting_stores_the_forbunds_count_table(data, forbund, period, forbund_admin):
    submission = submission_submit(actor=forbund_admin, forbund=forbund, period=period)

    stored = SubmittedCounts.objects.get(submission=submission)
    own = load_counts(period=period, forbund=forbund)
    cells, distribution = thaw(stored.data, own.cells[0].columns)
    assert comparable(replace(own, cells=cells, distribution=distribution)) == comparable(own)
    assert {c.insats_id for c in cells} == {insats.pk for insats in forbund.insatser.all()}


def test_reopening_deletes_the_stored_counts(data, forbund, period, forbund_admin):
    submission = submission_submit(actor=forbund_admin, forbund=forbund, period=period)

    submission_reopen(actor=forbund_admin, forbund=forbund, period=period, reason="Rättelse")

    assert not SubmittedCounts.objects.filter(submission=submission).exists()


def test_national_table_from_stored_counts_equals_a_fresh_count(submitted_both, period):
    table = submitted_counts(period=period)

    assert comparable(table) == comparable(fresh_count(period))
    assert results_from_counts(table, min_cell=1) == results_from_counts(
        fresh_count(period), min_cell=1
    )
    assert participation_from_counts(table) == participation_from_counts(fresh_count(period))


def test_forbund_not_submitted_are_left_out(data, forbund, period, nns_admin):
    submission_submit(actor=nns_admin, forbund=forbund, period=period, accept_conflicts=True)

    results = results_from_counts(submitted_counts(period=period), min_cell=1)

    assert results["groups"][PAGAENDE]["responses"] == 14
    assert results["groups"][PAGAENDE]["questions"]["F2"]["answered"] == 0


def test_a_submission_without_stored_counts_is_counted_on_first_use(data, forbund, period):
    submission = Submission.objects.create(
        forbund=forbund, period=period, status=SubmissionStatus.SUBMITTED
    )

    table = submitted_counts(period=period)

    assert comparable(table) == comparable(fresh_count(period))
    assert SubmittedCounts.objects.filter(submission=submission).exists()


def test_several_submissions_without_stored_counts_are_counted_in_one_pass(
    data, forbund, other_forbund, period
):
    for owner in (forbund, other_forbund):
        Submission.objects.create(forbund=owner, period=period, status=SubmissionStatus.SUBMITTED)

    table = submitted_counts(period=period)

    assert comparable(table) == comparable(fresh_count(period))
    assert SubmittedCounts.objects.count() == 2


def test_stored_counts_in_other_columns_are_counted_again(submitted_both, forbund, period):
    stored = SubmittedCounts.objects.get(submission__forbund=forbund)
    outdated = stored.data
    outdated["columns"] = outdated["columns"][:-1]
    stored.table = json.dumps(outdated)
    stored.save()

    table = submitted_counts(period=period)

    assert comparable(table) == comparable(fresh_count(period))
    assert SubmittedCounts.objects.get(pk=stored.pk).data["columns"] == counts.count_columns(
        table.specs
    )


def test_a_submitted_forbunds_own_table_is_its_stored_one(submitted_both, forbund, period):
    stored = SubmittedCounts.objects.get(submission__forbund=forbund)
    stored.table = stored.table.replace('"distribution":[', '"distribution":[[0,"styrelse",99,0],')
    stored.save()

    table = forbund_counts(period=period, forbund=forbund)

    assert table.forbund == forbund
    assert table.distribution[(0, "styrelse")] == (99, 0)  # read from the stored table
    del table.distribution[(0, "styrelse")]
    assert comparable(table) == comparable(load_counts(period=period, forbund=forbund))
    assert results_from_counts(table, min_cell=1)["scope"]["forbund"] == forbund.name


def test_a_forbund_not_submitted_is_counted_from_its_responses(data, forbund, period):
    table = forbund_counts(period=period, forbund=forbund)

    assert comparable(table) == comparable(load_counts(period=period, forbund=forbund))
    assert not SubmittedCounts.objects.exists()


def test_frozen_counts_thaw_to_the_same_cells(data, period):
    table = load_counts(period=period)

    cells, distribution = thaw(freeze(table), table.cells[0].columns)

    thawed = replace(table, cells=cells, distribution=distribution)
    assert comparable(thawed) == comparable(table)


def test_thawing_into_other_columns_is_refused(data, period):
    table = load_counts(period=period)
    frozen = freeze(table)

    with pytest.raises(ValueError, match="other columns"):
        thaw(frozen, {"responses": 0})


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(form(), max_size=40),
    dists=st.lists(distribution, max_size=6, unique_by=lambda d: (d[0], d[1])),
    submitted=st.sampled_from([(0,), (1,), (0, 1)]),
)
def test_stored_counts_give_the_figures_of_a_fresh_count(period, nns_admin, rows, dists, submitted):
    with transaction.atomic():
        both, _insatser = make_dataset(period, rows, dists)
        for index in submitted:
            try:
                submission_submit(
                    actor=nns_admin, forbund=both[index], period=period, accept_conflicts=True
                )
            except ValidationError as error:
                assert error.code == "empty"  # the förbund has nothing to submit

        stored = submitted_counts(period=period)
        fresh = fresh_count(period)
        assert comparable(stored) == comparable(fresh)
        assert results_from_counts(stored, min_cell=2) == results_from_counts(fresh, min_cell=2)
        transaction.set_rollback(True)
