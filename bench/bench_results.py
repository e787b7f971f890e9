"""Benchmark: national results over synthetic responses, a förbund's results page, and DuckDB.

    .venv/bin/python -m bench.bench_results --database sqlite --responses 1000000
    .venv/bin/python -m bench.bench_results --database postgres --responses 1000000

Prints the median of three runs of `compute_results` for the whole nation, the median time of a
förbund's results page (rendered through Django's test client, charts included), and the same
national aggregation done by DuckDB over the same rows exported to a Parquet file, as a ratio.
"""

import argparse
import csv
import datetime
import json

from bench.common import OUT, setup_django, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the synthetic data")
    args = parser.parse_args()
    setup_django(args.database)

    from bench import synthetic
    from matpunkt.fieldwork.models import Period
    from matpunkt.responses.models import Response

    period = Period.objects.filter(label="2024").first()
    existing = Response.objects.filter(period=period).count() if period else 0
    if args.rebuild or existing != args.responses:
        print(f"Building {args.responses:,} synthetic responses on {args.database} …", flush=True)
        build_time, _ = timed(lambda: synthetic.build(responses=args.responses), repeat=1)
        print(f"  built in {build_time:.1f} s")
        period = Period.objects.get(label="2024")

    figures = {
        "database": args.database,
        "responses": Response.objects.filter(period=period).count(),
    }
    figures["national_results_s"] = _national(period)
    warm, changed, cold = _forbund_page(period)
    figures["forbund_page_ms"] = warm * 1000
    figures["forbund_page_after_new_response_ms"] = changed * 1000
    figures["forbund_page_all_caches_empty_ms"] = cold * 1000
    duck = _duckdb(period)
    figures.update(duck)
    figures["ratio_to_duckdb"] = figures["national_results_s"] / duck["duckdb_aggregation_s"]
    print(json.dumps(figures, indent=2))
    (OUT / f"results-{args.database}.json").write_text(json.dumps(figures, indent=2))


def _national(period) -> float:
    from matpunkt.results.computation import compute_results

    seconds, result = timed(lambda: compute_results(period=period))
    total = result["totals"]["all"]["responses"]
    print(f"national compute_results: {seconds:.2f} s (median of 3), {total:,} responses counted")
    return seconds


def _forbund_page(period) -> float:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from matpunkt.organisations.models import Forbund
    from matpunkt.responses.models import Response
    from matpunkt.results.charts import distribution_svg

    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    forbund = Forbund.objects.get(name="Benchförbund 00")
    url = reverse("results:forbund_period", args=[forbund.pk, period.label])
    client.get(url)  # warm up: templates, matplotlib and the chart cache
    seconds, response = timed(lambda: client.get(url), repeat=5)
    assert response.status_code == 200, response.status_code

    def after_new_response():
        # A registrar has just entered one more form for this förbund: its own figures and the
        # charts they change are computed anew, the rest comes from the cache.
        insats = forbund.insatser.first()
        Response.objects.create(
            insats=insats, period=period, group="personal", variant="utan_kon",
            f1=5, f5=6, source="paper", recorded_on=datetime.date(2024, 10, 2),
        )  # fmt: skip
        return client.get(url)

    changed_seconds, _ = timed(after_new_response, repeat=5)

    def cold():
        distribution_svg.cache_clear()
        cache.clear()
        return client.get(url)

    cold_seconds, _ = timed(cold, repeat=3)
    print(
        f"förbund results page: {seconds * 1000:.0f} ms cached, "
        f"{changed_seconds * 1000:.0f} ms after a new response in the förbund, "
        f"{cold_seconds * 1000:.0f} ms with every cache emptied"
    )
    return seconds, changed_seconds, cold_seconds


def _duckdb(period) -> dict:
    """Export the period's rows to Parquet and time the same GROUP BY aggregation in DuckDB."""
    import duckdb
    from django.db import connection

    from matpunkt.responses.models import Response

    csv_path = OUT / "responses.csv"
    parquet_path = OUT / "responses.parquet"
    columns = ["insats_id", "group", "variant", "kon"] + [f"f{n}" for n in range(1, 11)]
    table = Response._meta.db_table
    with connection.cursor() as cursor, csv_path.open("w", newline="") as handle:
        cursor.execute(
            f"SELECT {', '.join(chr(34) + c + chr(34) for c in columns)} FROM {table} "
            "WHERE period_id = %s",
            [period.pk],
        )
        writer = csv.writer(handle)
        writer.writerow(columns)
        while batch := cursor.fetchmany(50_000):
            writer.writerows(batch)
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT * FROM read_csv_auto('{csv_path}', header=true)) "
        f"TO '{parquet_path}' (FORMAT PARQUET)"
    )
    # The same single pass as matpunkt.results.counts: one row per insats, group, variant, kon
    # and F8 answer, with a filtered COUNT per question and answer value.
    answered = " OR ".join(f"f{n} IS NOT NULL" for n in range(1, 11))
    counts = [
        f"count(*) FILTER (WHERE {answered})",
        "count(*) FILTER (WHERE f9 IS NOT NULL OR f10 IS NOT NULL)",
    ]
    counts += [f"count(*) FILTER (WHERE f{n} = {v})" for n in range(1, 11) for v in range(1, 7)]
    queries = [
        f'SELECT insats_id, "group", variant, kon, f8, {", ".join(counts)} '
        f"FROM '{parquet_path}' GROUP BY ALL"
    ]

    def run():
        return [con.execute(q).fetchall() for q in queries]

    seconds, _ = timed(run)
    print(f"DuckDB, same aggregation over Parquet: {seconds:.3f} s (median of 3)")
    return {"duckdb_aggregation_s": seconds}


if __name__ == "__main__":
    main()
