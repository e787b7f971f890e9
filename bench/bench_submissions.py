"""Benchmark: web questionnaires submitted by code, under gunicorn with PostgreSQL.

    .venv/bin/python -m bench.bench_submissions --codes 20000

Issues the codes in the benchmark database (matpunkt_bench), starts gunicorn on 127.0.0.1 with
production settings (DEBUG off), and sends every code's questionnaire once from an asyncio load
generator in this process: a fixed number of connections, each sending one POST /e/<code> after
the other (HTTP/1.1 keep-alive where the server offers it). It then checks the books: stored
responses == codes marked used == successful submissions (303 to the thank-you page), and sends a
sample of used codes again, which must store nothing. The run is bounded by the number of codes
and by --time-limit, stops gunicorn itself and talks to loopback only.
"""

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench.common import OUT, ROOT, random_answer, setup_django

HOST = "127.0.0.1"
BENCH_FORBUND = "Bench webbenkät"
BENCH_INSATS = "Bench webbenkät"
BENCH_PERIOD = "Bench webb"
GROUP = "deltagare_pagaende"


# Data ------------------------------------------------------------------------------------------


def prepare(count: int) -> tuple[list[str], int]:
    """A förbund, insats and period of their own, emptied, with `count` fresh codes."""
    import datetime

    from django.contrib.auth import get_user_model

    from matpunkt.fieldwork.codes import MAX_CODES_PER_ISSUE, codes_issue
    from matpunkt.fieldwork.models import Distribution, DistributionEntry, Period
    from matpunkt.instrument.models import InstrumentVersion
    from matpunkt.organisations.models import Forbund, Insats, Membership, Role
    from matpunkt.responses.models import Comment, Response

    forbund, _ = Forbund.objects.get_or_create(
        name=BENCH_FORBUND,
        defaults={
            "contact_name": "Bänk Test",
            "contact_role": "Förbundschef",
            "contact_phone": "070-174 06 99",
            "contact_email": "bank@example.org",
        },
    )
    insats, _ = Insats.objects.get_or_create(
        forbund=forbund, name=BENCH_INSATS, defaults={"groups": [GROUP]}
    )
    # Codes are made only while a period collects, so the bench period has no end date.
    period, _ = Period.objects.update_or_create(
        label=BENCH_PERIOD,
        defaults={
            "version": InstrumentVersion.objects.get(code="2021"),
            "starts_on": datetime.date(2026, 9, 1),
            "ends_on": None,
        },
    )
    Response.objects.filter(insats=insats).delete()
    Comment.objects.filter(insats=insats).delete()
    DistributionEntry.objects.filter(distribution__insats=insats).delete()
    Distribution.objects.filter(insats=insats).delete()
    user, _ = get_user_model().objects.get_or_create(username="bench-nns")
    Membership.objects.update_or_create(user=user, defaults={"role": Role.NNS_ADMIN})
    codes: list[str] = []
    while len(codes) < count:
        batch = min(MAX_CODES_PER_ISSUE, count - len(codes))
        codes += [
            entry.code
            for entry in codes_issue(
                actor=user,
                insats=insats,
                period=period,
                group=GROUP,
                variant="med_kon",
                count=batch,
            )
        ]
    return codes, insats.pk


def bodies(codes: list[str], seed: int = 11) -> dict[str, bytes]:
    """A plausible questionnaire per code: gender item, F1–F7 mostly positive, a few comments."""
    from matpunkt.instrument.models import InstrumentVersion
    from matpunkt.instrument.selectors import questionnaire_spec

    spec = questionnaire_spec(InstrumentVersion.objects.get(code="2021"), GROUP)
    rng = random.Random(seed)
    result = {}
    for code in codes:
        data = {"kon": rng.choice(["kvinna", "man", "ej_uppgett"]), "sprak": "sv"}
        for question in spec.questions:
            values = [option.value for option in question.options]
            answer = random_answer(rng, values, question.is_yes_no)
            if answer is not None:
                data[f"f{question.number}"] = str(answer)
        if rng.random() < 0.1:
            data["comment"] = "Bra bemötande och tydlig planering."
        result[code] = urlencode(data).encode()
    return result


# The server ------------------------------------------------------------------------------------


def production_env() -> dict[str, str]:
    """Production settings (DEBUG off), without the HTTPS redirect that loopback cannot use."""
    return {
        **os.environ,
        "MATPUNKT_DEBUG": "0",
        "MATPUNKT_SECRET_KEY": "bench-" + "x" * 50,
        "MATPUNKT_ALLOWED_HOSTS": HOST,
        "MATPUNKT_SSL_REDIRECT": "0",
        "MATPUNKT_LOG_LEVEL": "ERROR",
        # Keep each thread's database connection for the whole run (production: 60 s), so that
        # the CPU accounting sees every PostgreSQL server process from start to end.
        "MATPUNKT_DB_CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "matpunkt.settings",
    }


def collect_static() -> None:
    """The hashed static files and manifest that production settings serve."""
    matpunkt = str(Path(sys.executable).parent / "matpunkt")
    subprocess.run(
        [matpunkt, "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=production_env(),
        check=True,
    )


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = production_env()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "matpunkt.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--keep-alive",
        "5",
        "--backlog",
        "256",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/halsa/", timeout=1) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop(server: subprocess.Popen) -> None:
    """Stop the gunicorn we started (its own process group), politely, then firmly."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# CPU accounting --------------------------------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cpu_snapshot(server: subprocess.Popen) -> dict[str, dict[int, float]]:
    """CPU seconds so far, per process, of the gunicorn processes, of the database's server
    processes (one per open connection) and of this load generator."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        backends = [row[0] for row in cursor.fetchall()]
    return {
        "gunicorn": {pid: _cpu_seconds(pid) for pid in [server.pid, *_children(server.pid)]},
        "postgres": {pid: _cpu_seconds(pid) for pid in backends},
        "generator": {os.getpid(): time.process_time()},
    }


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds spent between two snapshots; a process that started meanwhile counts whole."""
    return {
        name: sum(seconds - before[name].get(pid, 0.0) for pid, seconds in after[name].items())
        for name in after
    }


# The load generator ----------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    page_latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    stored: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, key: str) -> None:
        self.statuses[key] = self.statuses.get(key, 0) + 1


async def _read_response(reader) -> tuple[int, dict[str, str]]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if length:
        await reader.readexactly(length)
    return status, headers


async def _open_page(reader, writer, port, code, tally: Tally) -> None:
    """GET the questionnaire page, as a respondent's browser does before answering."""
    started = time.perf_counter()
    writer.write(
        f"GET /e/{code} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: keep-alive\r\n\r\n".encode()
    )
    await writer.drain()
    status, _headers = await _read_response(reader)
    tally.page_latencies.append(time.perf_counter() - started)
    tally.count(f"GET {status}")


async def _client(port, queue, payloads, tally: Tally, deadline: float, open_first: bool) -> None:
    reader = writer = None
    while time.monotonic() < deadline:
        try:
            code = queue.pop()
        except IndexError:
            break
        body = payloads[code]
        if open_first:
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(HOST, port)
                await _open_page(reader, writer, port, code, tally)
            except (OSError, asyncio.IncompleteReadError) as error:
                tally.errors.append(f"{code}: {error!r}")
            if writer is not None:
                # A sync worker closes after every response: open a new connection to POST.
                writer.close()
            reader = writer = None
        request = (
            f"POST /e/{code} HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
        ).encode() + body
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(request)
            await writer.drain()
            status, headers = await _read_response(reader)
        except (OSError, asyncio.IncompleteReadError) as error:
            tally.errors.append(f"{code}: {error!r}")
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        tally.latencies.append(time.perf_counter() - started)
        location = headers.get("location", "")
        if status == 303 and location.endswith(f"/e/{code}/tack"):
            tally.stored.append(code)
            tally.count("303 tack")
        else:
            tally.count(f"{status} {location.replace(code, '<kod>')}")
        if headers.get("connection", "").lower() == "close":
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def load(
    port, codes, payloads, concurrency, time_limit, open_first=False
) -> tuple[Tally, float]:
    queue = list(reversed(codes))
    tally = Tally()
    deadline = time.monotonic() + time_limit
    started = time.perf_counter()
    await asyncio.gather(
        *(_client(port, queue, payloads, tally, deadline, open_first) for _ in range(concurrency))
    )
    return tally, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


# The books -------------------------------------------------------------------------------------


def books(insats_id: int) -> dict[str, int]:
    from matpunkt.fieldwork.models import DistributionEntry
    from matpunkt.responses.models import Response

    entries = DistributionEntry.objects.filter(distribution__insats_id=insats_id)
    return {
        "responses": Response.objects.filter(insats_id=insats_id).count(),
        "codes_used": entries.filter(used=True).count(),
        "codes_issued": entries.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--codes", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--again", type=int, default=1000, help="used codes sent a second time")
    parser.add_argument(
        "--open-first",
        action="store_true",
        help="GET each questionnaire page before sending it, as a browser does",
    )
    args = parser.parse_args()
    setup_django("postgres")

    collect_static()
    print(f"Issuing {args.codes} codes ...", flush=True)
    codes, insats_id = prepare(args.codes)
    payloads = bodies(codes)
    (OUT / "codes.txt").write_text("\n".join(codes) + "\n")

    server = start_gunicorn(args.port, args.workers, args.threads)
    try:
        # Warm every worker up (imports, first database connection) on pages that store nothing.
        for _ in range(4 * args.workers):
            urllib.request.urlopen(f"http://{HOST}:{args.port}/e/{codes[0]}", timeout=10).read()
        print(f"Sending {len(codes)} questionnaires ...", flush=True)
        before = cpu_snapshot(server)
        tally, elapsed = asyncio.run(
            load(args.port, codes, payloads, args.concurrency, args.time_limit, args.open_first)
        )
        after = cpu_snapshot(server)
        again_codes = tally.stored[: args.again]
        again, again_elapsed = asyncio.run(
            load(args.port, again_codes, payloads, args.concurrency, args.time_limit)
        )
    finally:
        stop(server)

    counted = books(insats_id)
    sent = len(tally.latencies)
    figures = {
        "database": "postgres",
        "gunicorn": {
            "workers": args.workers,
            "threads": args.threads,
            "worker_class": "gthread" if args.threads > 1 else "sync",
        },
        "concurrency": args.concurrency,
        "codes": len(codes),
        "answered": sent,
        "transport_errors": len(tally.errors),
        "seconds": round(elapsed, 2),
        "submissions_per_s": round(len(tally.stored) / elapsed, 1),
        "latency_ms": {
            "p50": round(1000 * statistics.median(tally.latencies), 1),
            "p95": round(1000 * percentile(tally.latencies, 0.95), 1),
            "p99": round(1000 * percentile(tally.latencies, 0.99), 1),
            "max": round(1000 * max(tally.latencies), 1),
        },
        "cpu_ms_per_submission": {
            name: round(1000 * seconds / max(1, sent), 2)
            for name, seconds in cpu_used(before, after).items()
        },
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "open_first": args.open_first,
        "page_latency_ms": {
            "p50": round(1000 * statistics.median(tally.page_latencies), 1),
            "p95": round(1000 * percentile(tally.page_latencies, 0.95), 1),
        }
        if tally.page_latencies
        else None,
        "statuses": tally.statuses,
        "successful_submissions": len(tally.stored),
        **counted,
        "sent_again": len(again_codes),
        "sent_again_statuses": again.statuses,
        "sent_again_per_s": round(len(again.latencies) / again_elapsed, 1)
        if again_elapsed
        else None,
    }
    figures["books_balance"] = (
        counted["responses"] == counted["codes_used"] == len(tally.stored) == len(codes)
        and again.statuses.get("303 tack", 0) == 0
    )
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if tally.errors:
        print("First transport errors:", tally.errors[:5])
    name = f"submissions-w{args.workers}-t{args.threads}-c{args.concurrency}"
    name += "-open-first.json" if args.open_first else ".json"
    (OUT / name).write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    if not figures["books_balance"]:
        sys.exit("The books do not balance: see the figures above.")


if __name__ == "__main__":
    main()
