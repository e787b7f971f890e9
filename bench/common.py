"""Shared set-up for the benchmark scripts: a separate database, synthetic data, timing.

The benchmarks never touch the development database: SQLite runs use bench/out/, PostgreSQL runs
use the database named in BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/matpunkt_bench,
created when missing).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/matpunkt_bench"


def setup_django(database: str) -> None:
    """Point Django at the benchmark database ('sqlite' or 'postgres') and migrate it."""
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ["MATPUNKT_VAR_DIR"] = str(OUT)
    os.environ.setdefault("MATPUNKT_DEBUG", "1")
    os.environ.setdefault("MATPUNKT_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{OUT / 'bench.sqlite3'}"
    else:
        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
        _ensure_postgres_database(url)
        os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "matpunkt.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ensure_postgres_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    """Median wall time in seconds over `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# Plausible answer weights for codes 1..6: mostly positive, as in the national reports.
SCALE_WEIGHTS = [3, 5, 12, 20, 30, 30]


def random_answer(rng: random.Random, options: list[int], is_yes_no: bool) -> int | None:
    if rng.random() < 0.03:
        return None
    if is_yes_no:
        return options[0] if rng.random() < 0.85 else options[1]
    return rng.choices(options, weights=SCALE_WEIGHTS)[0]
