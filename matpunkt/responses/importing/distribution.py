"""Importing an utdelning file: the asked and unreachable counts per insats, period and group."""

from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.fieldwork.models import Distribution
from matpunkt.fieldwork.services import distribution_set
from matpunkt.responses.importing.common import (
    CLI_MAX_BYTES,
    DISTRIBUTION_COLUMNS,
    FIELD_COLUMNS,
    GROUP_CODES,
    ImportResult,
    Problem,
    Rollback,
    Scope,
    batch_fields,
    hash_rows,
    keeps_conflicts,
    logged_import,
    personnummer_cells,
    read_rows,
    role_for,
    unknown_group,
)
from matpunkt.responses.models import (
    ImportBatch,
)

MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class _DistributionRow:
    number: int
    scope: Scope
    group: str
    asked: int
    unreachable: int

    def canonical(self) -> tuple:
        s = self.scope
        names = (s.forbund_name, s.insats_name, s.period_label)
        return (*names, self.group, str(self.asked), str(self.unreachable))


def _count(raw: str) -> int | str:
    """A whole number 0..MAX_COUNT, or the Swedish message saying what is wrong."""
    if raw == "":
        return _("Värdet saknas.")
    if raw.isascii() and raw.isdigit() and int(raw) <= MAX_COUNT:
        return int(raw)
    return _("Ska vara ett heltal från 0 till %(max)s, inte ”%(value)s”.") % {
        "max": f"{MAX_COUNT:,}".replace(",", " "),
        "value": raw,
    }


def _parse_distribution_row(number, values, bad, resolver, seen, problems):
    before = len(problems)
    scope = None
    if not bad & {0, 1, 2}:
        scope, scope_problems = resolver.resolve(values[0], values[1], values[2])
        problems.extend(Problem(number, column, message) for column, message in scope_problems)
    group = values[3].casefold()
    if 3 not in bad and group not in GROUP_CODES:
        problems.append(Problem(number, "grupp", unknown_group(values[3])))
    counts = []
    for position, column in ((4, "tillfragade"), (5, "ej_nabara")):
        if position in bad:
            continue
        count = _count(values[position])
        if isinstance(count, str):
            problems.append(Problem(number, column, count))
        counts.append(count)
    if scope is not None and group in GROUP_CODES:
        key = (scope.forbund_key, scope.insats_key, scope.period_key, group)
        if key in seen:
            problems.append(
                Problem(
                    number,
                    None,
                    _(
                        "Samma förbund, insats, period och grupp som rad %(first)s. Varje "
                        "kombination får bara finnas på en rad."
                    )
                    % {"first": seen[key]},
                )
            )
        else:
            seen[key] = number
    if bad or len(problems) > before:
        return None
    return _DistributionRow(number, scope, group, counts[0], counts[1])


@logged_import
def import_distribution(
    *,
    file: IO[bytes],
    filename: str,
    actor=None,
    create_missing: bool = False,
    instrument: str | None = None,
    max_bytes: int = CLI_MAX_BYTES,
) -> ImportResult:
    """Import an utdelning file: one upsert of the counts per row, all rows or none."""
    role = role_for(actor)
    result = ImportResult(kind=ImportBatch.Kind.DISTRIBUTION, filename=filename)
    table, resolver = read_rows(
        file,
        columns=DISTRIBUTION_COLUMNS,
        required=DISTRIBUTION_COLUMNS,
        max_bytes=max_bytes,
        result=result,
        role=role,
        create_missing=create_missing,
        instrument=instrument,
    )
    if table is None:
        return result
    parsed: list[_DistributionRow] = []
    seen: dict[tuple, int] = {}
    for number, values in table.rows:
        bad = personnummer_cells(number, DISTRIBUTION_COLUMNS, values, result.problems)
        row = _parse_distribution_row(number, values, bad, resolver, seen, result.problems)
        if row is not None:
            parsed.append(row)
    result.insatser = len({(r.scope.forbund_key, r.scope.insats_key) for r in parsed})
    # The good rows go through distribution_set even when other rows have problems, so that
    # its checks are listed too; any problem then rolls everything back.
    try:
        with transaction.atomic():
            _store_distribution(result, parsed, resolver, actor)
    except Rollback:
        result.problems.sort(key=lambda problem: problem.row or 0)
        result.stored = result.updated = result.unchanged = 0
        result.created_forbund, result.created_insatser, result.created_periods = [], [], []
    return result


def _store_distribution(result, parsed, resolver, actor) -> None:
    allow_conflict = keeps_conflicts(role_for(actor))
    groups: dict[tuple[str, str], set[str]] = {}
    for row in parsed:
        groups.setdefault((row.scope.forbund_key, row.scope.insats_key), set()).add(row.group)
    resolver.create_missing_objects(actor=actor, result=result, groups=groups)
    insats_ids = {resolver.insats(row.scope).pk for row in parsed}
    existing = {
        (d.insats_id, d.period_id, d.group): (d.asked, d.unreachable)
        for d in Distribution.objects.filter(insats_id__in=insats_ids)
    }
    for row in parsed:
        insats, period = resolver.insats(row.scope), resolver.period(row.scope)
        before = existing.get((insats.pk, period.pk, row.group))
        try:
            distribution_set(
                actor=actor,
                insats=insats,
                period=period,
                group=row.group,
                asked=row.asked,
                unreachable=row.unreachable,
                allow_conflict=allow_conflict,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    column = FIELD_COLUMNS.get(name)
                    result.problems.extend(Problem(row.number, column, m) for m in messages)
            else:
                result.problems.extend(Problem(row.number, None, m) for m in error.messages)
            continue
        if before is None:
            result.stored += 1
        elif before == (row.asked, row.unreachable):
            result.unchanged += 1
        else:
            result.updated += 1
    if result.problems:
        raise Rollback
    # Re-importing an utdelning file applies its counts again, under the same batch.
    batch, _created = ImportBatch.objects.get_or_create(
        kind=ImportBatch.Kind.DISTRIBUTION,
        content_hash=hash_rows([row.canonical() for row in parsed]),
        defaults=batch_fields(result, parsed, resolver, actor),
    )
    result.batch = batch
    audit.record(
        actor=actor,
        action="import.distribution",
        obj=batch,
        forbund=batch.forbund,
        after={
            "filename": result.filename,
            "rows": result.rows,
            "created": result.stored,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
