"""Synthetic national data for the benchmarks: förbund, insatser, distribution and responses.

Rows are written with the database's bulk path (executemany on SQLite, COPY on PostgreSQL), the
way an operator would load a national svarsfil, so that setting up a million rows takes seconds.
"""

import datetime
import random

from django.db import connection, transaction

from bench.common import random_answer
from matpunkt.fieldwork.models import Distribution, Period
from matpunkt.instrument.models import InstrumentVersion
from matpunkt.instrument.selectors import questionnaire_specs
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.responses.models import Response

GROUP_SHARES = {
    "deltagare_pagaende": 0.45,
    "deltagare_avslut": 0.2,
    "personal": 0.2,
    "styrelse": 0.07,
    "chefsgrupp": 0.08,
}
COLUMNS = [
    "insats_id", "period_id", "group", "variant", "kon",
    "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10",
    "source", "recorded_on",
]  # fmt: skip


def build(
    *, responses: int, forbund: int = 80, insatser_per_forbund: int = 5, period_labels=("2024",)
):
    """Create (or reuse) the national structure and add `responses` rows to each period."""
    rng = random.Random(2024)
    version = InstrumentVersion.objects.get(code="2021")
    specs = questionnaire_specs(version)
    with transaction.atomic():
        forbund_objs = [
            Forbund.objects.get_or_create(name=f"Benchförbund {i:02d}")[0] for i in range(forbund)
        ]
        insatser = []
        for f in forbund_objs:
            for j in range(insatser_per_forbund):
                insatser.append(
                    Insats.objects.get_or_create(
                        forbund=f, name=f"Insats {j + 1}", defaults={"groups": list(GROUP_SHARES)}
                    )[0]
                )
        periods = [
            Period.objects.get_or_create(label=label, defaults={"version": version})[0]
            for label in period_labels
        ]
    for period in periods:
        Response.objects.filter(period=period).delete()
        Distribution.objects.filter(period=period).delete()
        per_insats = responses // len(insatser)
        rows, distributions = [], []
        for insats in insatser:
            for group, share in GROUP_SHARES.items():
                n = max(1, round(per_insats * share))
                spec = specs[group]
                asked = round(n / 0.85)
                distributions.append(
                    Distribution(
                        insats=insats, period=period, group=group, asked=asked,
                        unreachable=rng.randint(0, asked - n),
                    )
                )  # fmt: skip
                for _ in range(n):
                    rows.append(_row(rng, insats.pk, period.pk, group, spec))
        Distribution.objects.bulk_create(distributions)
        _bulk_insert(rows[:responses] if len(rows) > responses else rows)


def _row(rng, insats_id, period_id, group, spec):
    participant = spec.has_gender_variant
    variant = "med_kon" if participant and rng.random() < 0.6 else "utan_kon"
    kon = ""
    if variant == "med_kon":
        kon = rng.choices(["kvinna", "man", "ej_uppgett", ""], weights=[45, 40, 10, 5])[0]
    answers = [None] * 10
    for q in spec.questions:
        condition = q.condition_number
        if condition is not None and answers[condition - 1] != q.condition_value:
            continue
        values = [o.value for o in q.options]
        answers[q.number - 1] = random_answer(rng, values, q.is_yes_no)
    return (
        insats_id,
        period_id,
        group,
        variant,
        kon,
        *answers,
        "import",
        datetime.date(2024, 10, 1),
    )


def _bulk_insert(rows) -> None:
    table = Response._meta.db_table
    columns = ", ".join(f'"{c}"' for c in COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
