"""The migrations that take the days off web answers and codes convert the data already stored."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.codes.helpers import ensure_instrument

BEFORE = [
    ("fieldwork", "0002_codes_and_open_links"),
    ("responses", "0003_comments_and_submission_counters"),
]
DAY = datetime.date(2021, 10, 3)


def _migrate(targets=None):
    """Migrate to the targets (None: the newest migration of every app); the models then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_used_days_become_used_and_web_responses_lose_their_day():
    ensure_instrument()
    apps = _migrate(BEFORE)
    try:
        version = apps.get_model("instrument", "InstrumentVersion").objects.get(code="2021")
        forbund = apps.get_model("organisations", "Forbund").objects.create(name="Södra Dalarna")
        insats = apps.get_model("organisations", "Insats").objects.create(
            forbund=forbund, name="Steget vidare", groups=["deltagare_pagaende"]
        )
        period = apps.get_model("fieldwork", "Period").objects.create(label="2021", version=version)
        distribution = apps.get_model("fieldwork", "Distribution").objects.create(
            insats=insats, period=period, group="deltagare_pagaende"
        )
        Entry = apps.get_model("fieldwork", "DistributionEntry")
        Entry.objects.create(
            distribution=distribution, pseudonym="1", code="ABCD2345", variant="utan_kon"
        )
        Entry.objects.create(
            distribution=distribution,
            pseudonym="2",
            code="EFGH6789",
            variant="utan_kon",
            used_on=DAY,
        )
        Response = apps.get_model("responses", "Response")
        for source in ("web", "paper", "import"):
            Response.objects.create(
                insats=insats,
                period=period,
                group="deltagare_pagaende",
                f1=5,
                source=source,
                recorded_on=DAY,
            )
    finally:
        apps = _migrate()

    Entry = apps.get_model("fieldwork", "DistributionEntry")
    Response = apps.get_model("responses", "Response")
    assert dict(Entry.objects.values_list("pseudonym", "used")) == {"1": False, "2": True}
    assert dict(Response.objects.values_list("source", "recorded_on")) == {
        "web": None,
        "paper": DAY,
        "import": DAY,
    }
