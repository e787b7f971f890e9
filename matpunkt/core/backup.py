"""Backing the database up to one file and restoring it, on SQLite and PostgreSQL.

SQLite uses its online backup API, which copies a consistent snapshot while the site runs
(copying the file does not). PostgreSQL uses pg_dump's custom format and pg_restore, whose
versions must be at least the server's. The connection settings reach the PostgreSQL tools
through their environment (PGHOST, PGPASSWORD, ...), never their command line, which any user
of the machine can read.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from matpunkt.core.logs import timed

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def _vendor() -> str:
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise ValidationError(
            _("Säkerhetskopior stöds bara för SQLite och PostgreSQL."), code="vendor"
        )
    return connection.vendor


def _pg_environment() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    if settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings["OPTIONS"]["sslmode"]
    return env


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise ValidationError(
            _("Programmet %(name)s saknas. Installera PostgreSQL:s klientprogram.")
            % {"name": name},
            code="missing_tool",
        )
    return tool


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise ValidationError(
            _("%(tool)s misslyckades: %(error)s")
            % {"tool": Path(command[0]).name, "error": result.stderr.strip()},
            code="tool_failed",
        )


def database_is_empty() -> bool:
    """True when the database has no tables at all (a fresh database, before `migrate`)."""
    return not connection.introspection.table_names()


def backup(path: Path) -> None:
    """Write a consistent copy of the whole database to `path` (replaced only when complete)."""
    vendor = _vendor()
    draft = path.with_name(f".{path.name}.part")
    with timed("backup.finished", vendor=vendor):
        if vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(draft)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={draft}"])
        os.replace(draft, path)


def restore(path: Path, *, replace: bool = False) -> None:
    """Replace the database's content with the backup in `path`.

    Refuses a database that already has tables unless `replace`: restoring is meant for an
    empty database, and replacing a live one loses everything written since the backup.
    """
    vendor = _vendor()
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    expected = SQLITE_MAGIC if vendor == "sqlite" else PGDUMP_MAGIC
    if not head.startswith(expected):
        raise ValidationError(
            _("Filen %(file)s är ingen säkerhetskopia av en %(vendor)s-databas.")
            % {"file": path.name, "vendor": "SQLite" if vendor == "sqlite" else "PostgreSQL"},
            code="not_a_backup",
        )
    if not replace and not database_is_empty():
        raise ValidationError(
            _(
                "Databasen är inte tom. Återställ till en tom databas, eller ange --replace för "
                "att ersätta allt i den med säkerhetskopian."
            ),
            code="not_empty",
        )
    with timed("restore.finished", vendor=vendor):
        if vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            connection.close()
            _run(
                [
                    _pg_tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    *(["--clean", "--if-exists"] if replace else []),
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(path),
                ]
            )
