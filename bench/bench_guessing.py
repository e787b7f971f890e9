"""Benchmark: how many codes a guesser can try against the public questionnaire.

    .venv/bin/python -m bench.bench_guessing --database sqlite|postgres [--addresses 1,50,1000]

Runs the real views in this process through Django's test client, against the benchmark
database with a few thousand real codes issued, and the rate limits at their defaults:

1. the raw speed: made-up codes answered per second with the limits lifted, i.e. what one
   client would get without them (the issue measured 4,160 a minute);
2. one clock hour, simulated with the throttle's clock: a guesser from each number of addresses
   in --addresses sends made-up codes as fast as the server answers, every address in turn,
   and we count the answers that were not the throttled page (each is one code tried);
3. the expected time to find one unused code at that rate, for a given number of unused codes
   (--unused, default 100,000: several times the national number of questionnaires), against
   a measurement period (--period-days, default 92: September to November).

The code space is 32^8 = 2^40 codes; the probability that one guess hits one of U unused codes
is U / 2^40, so finding one takes 2^40 / U guesses on average.
"""

import argparse
import json
import time

from bench.common import setup_django

CODE_SPACE = 32**8
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def prepare(codes: int) -> int:
    """A förbund, insats and period of their own, with `codes` codes (issued once)."""
    import datetime

    from django.contrib.auth import get_user_model

    from matpunkt.fieldwork.codes import MAX_CODES_PER_ISSUE, codes_issue
    from matpunkt.fieldwork.models import DistributionEntry, Period
    from matpunkt.instrument.models import InstrumentVersion
    from matpunkt.organisations.models import Forbund, Insats, Membership, Role

    forbund, _ = Forbund.objects.get_or_create(name="Bench gissning")
    insats, _ = Insats.objects.get_or_create(forbund=forbund, name="Bench gissning")
    period, _ = Period.objects.get_or_create(
        label="Bench gissning",
        defaults={
            "version": InstrumentVersion.objects.get(code="2021"),
            "starts_on": datetime.date(2026, 9, 1),
        },
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-gissning")
    Membership.objects.get_or_create(
        user=user, defaults={"forbund": forbund, "role": Role.FORBUND_ADMIN}
    )
    existing = DistributionEntry.objects.filter(distribution__insats=insats).count()
    while existing < codes:
        batch = min(MAX_CODES_PER_ISSUE, codes - existing)
        codes_issue(
            actor=user,
            insats=insats,
            period=period,
            group="deltagare_pagaende",
            variant="utan_kon",
            count=batch,
        )
        existing += batch
    return DistributionEntry.objects.filter(code__isnull=False, used=False, voided=False).count()


def made_up_codes():
    """Codes a guesser would try: random, code-shaped (almost surely unused)."""
    import secrets

    while True:
        yield "".join(secrets.choice(ALPHABET) for _ in range(8))


def raw_speed(client, seconds: float) -> float:
    """Made-up codes answered per second with the limits lifted."""
    from django.test import override_settings

    guesses = made_up_codes()
    with override_settings(
        MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE=10**9,
        MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_HOUR=10**9,
        MATPUNKT_SURVEY_MISSES_PER_HOUR=10**9,
    ):
        answered, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            assert client.get(f"/e/{next(guesses)}").status_code == 404
            answered += 1
        return answered / (time.perf_counter() - start)


def _address(number: int) -> str:
    return f"10.{number // 65536}.{number // 256 % 256}.{number % 256}"


def simulated_hour(client, addresses: int, hour_start: float) -> dict:
    """One clock hour of guessing from `addresses` addresses: each minute every address sends
    made-up codes until it is refused. A minute in which no address got an answer ends the hour
    early: the site-wide miss count only grows within the hour, so every later minute would be
    the same. Returns what got through."""
    from matpunkt.responses.survey import throttle

    guesses = made_up_codes()
    answered = refused = requests = 0
    for minute in range(60):
        throttle._clock = lambda minute=minute: hour_start + minute * 60
        answered_this_minute = 0
        for number in range(addresses):
            while True:
                requests += 1
                status = client.get(f"/e/{next(guesses)}", REMOTE_ADDR=_address(number))
                if status.status_code == 429:
                    refused += 1
                    break
                assert status.status_code == 404, status.status_code
                answered += 1
                answered_this_minute += 1
        if answered_this_minute == 0:
            break
    return {
        "addresses": addresses,
        "answered": answered,
        "refused": refused,
        "minutes_simulated": minute + 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--codes", type=int, default=2000, help="real codes issued")
    parser.add_argument("--addresses", default="1,50,1000")
    parser.add_argument("--unused", type=int, default=100_000)
    parser.add_argument("--period-days", type=float, default=92)
    parser.add_argument("--raw-seconds", type=float, default=10)
    args = parser.parse_args()

    setup_django(args.database)
    from django.conf import settings
    from django.test import Client

    from matpunkt.responses.models import SubmissionCounter, ThrottleSalt
    from matpunkt.responses.survey import throttle

    unused_here = prepare(args.codes)
    client = Client()
    speed = raw_speed(client, args.raw_seconds)
    expected_guesses = CODE_SPACE / args.unused
    period_hours = args.period_days * 24
    rows = []
    # Far from the wall clock, so that the simulated hours never meet real counters.
    base = 4_000_000_000.0
    for offset, addresses in enumerate(int(a) for a in args.addresses.split(",")):
        SubmissionCounter.objects.all().delete()
        ThrottleSalt.objects.all().delete()
        throttle._salts.clear()
        row = simulated_hour(client, addresses, base + offset * 3600 * 2)
        row["hours_to_find_one"] = expected_guesses / max(row["answered"], 1)
        row["periods_to_find_one"] = row["hours_to_find_one"] / period_hours
        rows.append(row)
    throttle._clock = time.time
    SubmissionCounter.objects.all().delete()
    ThrottleSalt.objects.all().delete()
    print(
        json.dumps(
            {
                "database": args.database,
                "limits": {
                    "device_minute": settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE,
                    "device_hour": settings.MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_HOUR,
                    "site_misses_hour": settings.MATPUNKT_SURVEY_MISSES_PER_HOUR,
                },
                "unused_codes_in_bench_database": unused_here,
                "raw_guesses_per_second_without_limits": round(speed, 1),
                "code_space": CODE_SPACE,
                "unused_codes_assumed": args.unused,
                "expected_guesses_to_find_one": round(expected_guesses),
                "period_days": args.period_days,
                "hour": rows,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
