"""Shared helpers for the codes and questionnaire tests."""

from matpunkt.fieldwork import codes
from matpunkt.fieldwork.models import Distribution


def issue(actor, insats, period, group="deltagare_pagaende", variant="utan_kon", count=3, **kw):
    """Issue codes through the service, as a förbund user would."""
    return codes.codes_issue(
        actor=actor,
        insats=insats,
        period=period,
        group=group,
        variant=variant,
        count=count,
        **kw,
    )


def counts(insats, period, group="deltagare_pagaende") -> tuple[int, int]:
    distribution = Distribution.objects.get(insats=insats, period=period, group=group)
    return distribution.asked, distribution.unreachable


def ensure_instrument() -> None:
    """The shipped instrument, reloaded when a transactional test's flush removed it."""
    from matpunkt.instrument.loader import load_all
    from matpunkt.instrument.models import InstrumentVersion

    if InstrumentVersion.objects.filter(code__in=["2017", "2021"]).count() != 2:
        load_all()
