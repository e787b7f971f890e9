"""Benchmark: the national report over 10 periods, 80 förbund and 1,000,000 responses, and a
förbund's report page.

    .venv/bin/python -m bench.bench_reports --database postgres
    .venv/bin/python -m bench.bench_reports --database postgres --responses-per-period 100000

Builds (once) ten periods of synthetic responses (100,000 per period: 1,000,000 in all) for the
80 förbund of `bench.synthetic`, all submitted, then times through Django's test client as an
NNS administrator:
- the national report page (HTML) and its PDF, with every cache empty (results and charts) and
  again with the caches warm; the HTML also with the stored counts of the submissions deleted
  (results.SubmittedCounts: written when a förbund submits, so only a submission made before they
  existed, or the benchmark's own bulk-created submissions, lack them);
- what storing one förbund's counts adds to its submission;
- a förbund's report page (the results page) with its charts cached, and with every cache empty.
PostgreSQL runs use their own database (matpunkt_bench_reports unless BENCH_POSTGRES_URL is set),
so that the 1,000,000-row period of `bench_results` is left alone.
"""

import argparse
import json
import os
import time

from bench.common import DEFAULT_PG, OUT, setup_django, timed

PERIOD_LABELS = tuple(str(year) for year in range(2015, 2025))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--responses-per-period", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the synthetic data")
    args = parser.parse_args()
    if args.database == "postgres":
        os.environ.setdefault(
            "BENCH_POSTGRES_URL", DEFAULT_PG.rsplit("/", 1)[0] + "/matpunkt_bench_reports"
        )
    setup_django(args.database)

    from django.db.models import Count

    from matpunkt.fieldwork.models import Period
    from matpunkt.responses.models import Response

    per_period = args.responses_per_period
    counts = dict(
        Response.objects.filter(period__label__in=PERIOD_LABELS)
        .values_list("period__label")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if args.rebuild or any(counts.get(label) != per_period for label in PERIOD_LABELS):
        _build(per_period)
    _submit_all()
    periods = list(Period.objects.filter(label__in=PERIOD_LABELS))
    figures = {
        "database": args.database,
        "periods": len(periods),
        "responses": Response.objects.filter(period__in=periods).count(),
    }
    figures.update(_store_counts(PERIOD_LABELS[-1]))
    figures.update(_national(PERIOD_LABELS[-1]))
    figures.update(_forbund_page(PERIOD_LABELS[-1]))
    print(json.dumps(figures, indent=2))
    (OUT / f"reports-{args.database}.json").write_text(json.dumps(figures, indent=2))


def _build(per_period: int) -> None:
    from bench import synthetic

    print(f"Building {per_period:,} responses in each of {len(PERIOD_LABELS)} periods …")
    start = time.perf_counter()
    synthetic.build(responses=per_period, period_labels=PERIOD_LABELS)
    print(f"  built in {time.perf_counter() - start:.1f} s", flush=True)


def _submit_all() -> None:
    """Every förbund's data for every period submitted (the national report's scope)."""
    from django.utils import timezone

    from matpunkt.fieldwork.models import Period
    from matpunkt.organisations.models import Forbund
    from matpunkt.results.models import Submission, SubmissionStatus

    now = timezone.now()
    existing = set(Submission.objects.values_list("forbund_id", "period_id"))
    Submission.objects.bulk_create(
        Submission(forbund=f, period=p, status=SubmissionStatus.SUBMITTED, submitted_at=now)
        for f in Forbund.objects.filter(name__startswith="Benchförbund")
        for p in Period.objects.filter(label__in=PERIOD_LABELS)
        if (f.pk, p.pk) not in existing
    )


def _store_counts(label: str) -> dict:
    """What storing one förbund's count table adds to its submission (median of 5)."""
    from matpunkt.results.models import Submission
    from matpunkt.results.submission import store_submitted_counts

    submission = Submission.objects.select_related("forbund", "period").get(
        forbund__name="Benchförbund 00", period__label=label
    )
    seconds, _ = timed(lambda: store_submitted_counts(submission), repeat=5)
    print(f"storing one förbund's counts at submission: {seconds * 1000:.0f} ms")
    return {"store_counts_ms": seconds * 1000}


def _after_resubmission(client, url: str, label: str) -> float:
    """The report right after a förbund reopened the period, registered one more form and
    submitted again: the period's national results and every chart they change are computed
    anew, the other periods come from the cache. Median of 3; the forms are deleted again."""
    from django.contrib.auth import get_user_model

    from matpunkt.fieldwork.models import Period
    from matpunkt.organisations.models import Forbund, Insats
    from matpunkt.responses.services import response_create, response_delete
    from matpunkt.results.submission import submission_reopen, submission_submit

    actor = get_user_model().objects.get(username="bench")
    forbund = Forbund.objects.get(name="Benchförbund 01")
    period = Period.objects.get(label=label)
    insats = Insats.objects.filter(forbund=forbund).order_by("pk").first()
    times, created = [], []
    for _ in range(3):
        submission_reopen(actor=actor, forbund=forbund, period=period, reason="Benchmark")
        created.append(
            response_create(
                actor=actor,
                insats=insats,
                period=period,
                group="deltagare_pagaende",
                variant="utan_kon",
                answers={1: 6, 2: 5},
            )
        )
        submission_submit(actor=actor, forbund=forbund, period=period)
        seconds, _ = timed(_get(client, url, cold=False), repeat=1)
        times.append(seconds)
    submission_reopen(actor=actor, forbund=forbund, period=period, reason="Benchmark")
    for response in created:
        response_delete(actor=actor, response=response)
    submission_submit(actor=actor, forbund=forbund, period=period)
    return sorted(times)[1]


def _client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    return client


def _clear_caches() -> None:
    from django.core.cache import cache

    from matpunkt.results.charts import distribution_svg

    distribution_svg.cache_clear()
    cache.clear()


def _get(client, url: str, cold: bool, uncounted: bool = False):
    def run():
        if uncounted:
            from matpunkt.results.models import SubmittedCounts

            SubmittedCounts.objects.all().delete()
        if cold:
            _clear_caches()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    return run


def _national(label: str) -> dict:
    from django.urls import reverse

    client = _client()
    html_url = reverse("results:national_report", args=[label])
    pdf_url = reverse("results:national_report_pdf", args=[label])
    client.get(html_url)  # warm up: templates, matplotlib, WeasyPrint's fonts
    html_cold, _ = timed(_get(client, html_url, cold=True), repeat=3)
    html_warm, page = timed(_get(client, html_url, cold=False), repeat=3)
    html_uncounted, _ = timed(_get(client, html_url, cold=True, uncounted=True), repeat=1)
    client.get(html_url)  # warm again
    html_resubmitted = _after_resubmission(client, html_url, label)
    pdf_cold, _ = timed(_get(client, pdf_url, cold=True), repeat=1)
    pdf_warm, pdf = timed(_get(client, pdf_url, cold=False), repeat=3)
    pages = _pdf_pages(pdf.content)
    print(
        f"national report HTML: {html_cold:.2f} s cold, {html_warm:.2f} s warm, "
        f"{html_uncounted:.2f} s without stored counts, {html_resubmitted:.2f} s right after a "
        f"förbund submitted again "
        f"({len(page.content) / 1e6:.1f} MB); PDF: {pdf_cold:.1f} s cold, {pdf_warm:.1f} s warm "
        f"({pages} pages)"
    )
    return {
        "national_html_cold_s": html_cold,
        "national_html_warm_s": html_warm,
        "national_html_without_stored_counts_s": html_uncounted,
        "national_html_after_resubmission_s": html_resubmitted,
        "national_pdf_cold_s": pdf_cold,
        "national_pdf_warm_s": pdf_warm,
        "national_pdf_pages": pages,
    }


def _pdf_pages(content: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def _forbund_page(label: str) -> dict:
    from django.urls import reverse

    from matpunkt.organisations.models import Forbund

    client = _client()
    forbund = Forbund.objects.get(name="Benchförbund 00")
    url = reverse("results:forbund_period", args=[forbund.pk, label])
    client.get(url)
    warm, _ = timed(_get(client, url, cold=False), repeat=5)
    cold, _ = timed(_get(client, url, cold=True), repeat=5)
    print(
        f"förbund report page: {warm * 1000:.0f} ms with caches warm, "
        f"{cold * 1000:.0f} ms with every cache empty (medians of 5)"
    )
    return {"forbund_page_warm_ms": warm * 1000, "forbund_page_cold_ms": cold * 1000}


if __name__ == "__main__":
    main()
