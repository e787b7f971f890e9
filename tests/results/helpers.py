"""Building results datasets fast: unsaved Response rows for bulk_create, and distribution rows."""

import datetime

from matpunkt.fieldwork.models import Distribution
from matpunkt.responses.models import Response, Source

# Stored values of the shipped scales (instrument data): 1–6 on the 6-point scales, ja = 1, nej = 2.
JA, NEJ = 1, 2
PAGAENDE, AVSLUT = "deltagare_pagaende", "deltagare_avslut"


def forms(insats, period, group, n, *, variant="utan_kon", kon="", **answers) -> list[Response]:
    """n unsaved forms, all with the same answers (f1=5, f8=JA, …)."""
    return [
        Response(
            insats=insats,
            period=period,
            group=group,
            variant=variant,
            kon=kon,
            source=Source.PAPER,
            recorded_on=datetime.date(2017, 10, 1),
            **answers,
        )
        for _ in range(n)
    ]


def store(*batches: list[Response]) -> None:
    Response.objects.bulk_create([row for batch in batches for row in batch])


def distribute(insats, period, group, asked, unreachable=0) -> Distribution:
    return Distribution.objects.create(
        insats=insats,
        period=period,
        group=group,
        asked=asked,
        unreachable=unreachable,
        entered_asked=asked,
        entered_unreachable=unreachable,
    )
