"""`matpunkt backup` and `matpunkt restore`: a populated database backed up, restored into an
empty one, gives every figure back, on SQLite and on PostgreSQL."""

import json

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from matpunkt.core.backup import database_is_empty
from matpunkt.core.demo import load_demo
from matpunkt.fieldwork.models import Period
from matpunkt.organisations.models import Forbund
from matpunkt.results.computation import compute_results


def every_figure() -> str:
    """compute_results of every period for the nation and for each förbund, as JSON."""
    cache.clear()
    figures = {}
    for period in Period.objects.order_by("label"):
        figures[f"{period.label}/riket"] = compute_results(period=period)
        for forbund in Forbund.objects.order_by("name"):
            figures[f"{period.label}/{forbund.name}"] = compute_results(
                period=period, forbund=forbund
            )
    return json.dumps(figures, sort_keys=True, ensure_ascii=False)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def empty_the_database() -> None:
    """Drop every table, as a freshly created database has none."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


@pytest.fixture
def populated(instrument):
    load_demo()


def test_a_backup_restored_into_an_empty_database_gives_every_figure_back(populated, tmp_path):
    figures, counts = every_figure(), row_counts()
    assert counts["responses.Response"] > 600
    path = tmp_path / "matpunkt.backup"

    call_command("backup", str(path))
    empty_the_database()
    assert database_is_empty()
    call_command("restore", str(path))

    assert row_counts() == counts
    assert every_figure() == figures


def test_restore_refuses_a_database_that_is_not_empty(populated, tmp_path):
    path = tmp_path / "matpunkt.backup"
    call_command("backup", str(path))

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path))

    assert str(refused.value) == (
        "Databasen är inte tom. Återställ till en tom databas, eller ange --replace för att "
        "ersätta allt i den med säkerhetskopian."
    )


def test_restore_with_replace_brings_back_what_was_deleted_since(populated, tmp_path):
    path = tmp_path / "matpunkt.backup"
    figures = every_figure()
    call_command("backup", str(path))
    from matpunkt.responses.models import Response

    Response.objects.filter(pk__in=Response.objects.values("pk")[:50]).delete()
    assert every_figure() != figures

    call_command("restore", str(path), "--replace")

    assert every_figure() == figures


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text("forbund,insats\n")
    vendor = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path))

    assert str(refused.value) == f"Filen svar.csv är ingen säkerhetskopia av en {vendor}-databas."


def test_restore_of_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "saknas.backup"))

    assert str(refused.value) == f"Filen {tmp_path / 'saknas.backup'} finns inte."
