"""Importing a svarsfil: one row per returned questionnaire, stored in bulk."""

import hashlib
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.fieldwork.integrity import (
    PlaceState,
    check_change,
    place_name,
    place_state,
    problem_message,
)
from matpunkt.fieldwork.locks import lock_scopes, locked_scope_messages
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.selectors import QuestionnaireSpec, QuestionSpec, questionnaire_spec
from matpunkt.organisations.models import Insats
from matpunkt.responses.importing.common import (
    CLI_MAX_BYTES,
    FIELD_COLUMNS,
    GROUP_CODES,
    RESPONSE_COLUMNS,
    RESPONSE_REQUIRED,
    ImportResult,
    Problem,
    Rollback,
    Scope,
    batch_fields,
    chunks,
    hash_rows,
    keeps_conflicts,
    logged_import,
    personnummer_cells,
    read_rows,
    role_for,
    unknown_group,
)
from matpunkt.responses.models import (
    ANSWER_FIELDS,
    QUESTION_NUMBERS,
    ImportBatch,
    Response,
    Source,
)
from matpunkt.responses.services import validate_response_shape

_BULK_BATCH_SIZE = 5000


@dataclass(frozen=True)
class _ResponseRow:
    scope: Scope
    group: str
    variant: str
    kon: str
    answers: tuple[int | None, ...]

    def canonical(self) -> tuple:
        s = self.scope
        answers = ("" if v is None else str(v) for v in self.answers)
        names = (s.forbund_name, s.insats_name, s.period_label)
        return (*names, self.group, self.variant, self.kon, *answers)


class _Specs:
    """Questionnaire specs by (version, group), with questions by number: loaded once each."""

    def __init__(self):
        self._specs: dict[tuple[int, str], tuple[QuestionnaireSpec | None, dict]] = {}
        self._shapes: dict[tuple, dict[str, list[str]]] = {}

    def get(self, version, group) -> tuple[QuestionnaireSpec | None, dict[int, QuestionSpec]]:
        key = (version.pk, group)
        if key not in self._specs:
            spec = questionnaire_spec(version, group)
            questions = {q.number: q for q in spec.questions} if spec else {}
            self._specs[key] = (spec, questions)
        return self._specs[key]

    def shape_errors(self, *, spec, group, variant, kon, answers) -> dict[str, list[str]]:
        """validate_response_shape's errors by field ({} when none), computed once per shape.

        Every answer given here is a valid option (QuestionSpec.parse checked it) or stands for
        a column the questionnaire lacks, so only which questions are answered can matter.
        """
        answered = tuple(n for n, value in answers.items() if value is not None)
        spec_key = None if spec is None else (spec.version_code, spec.group)
        key = (spec_key, group, variant, kon, answered)
        if key not in self._shapes:
            try:
                validate_response_shape(
                    spec=spec, group=group, variant=variant, kon=kon, answers=answers
                )
                self._shapes[key] = {}
            except ValidationError as error:
                self._shapes[key] = error.message_dict
        return self._shapes[key]


def _parse_response_row(number, values, bad, resolver, specs, problems) -> _ResponseRow | None:
    """Check one svarsfil row; append its problems and return it when it has none."""
    before = len(problems)
    scope = None
    if not bad & {0, 1, 2}:
        scope, scope_problems = resolver.resolve(values[0], values[1], values[2])
        problems.extend(Problem(number, column, message) for column, message in scope_problems)
    group, variant = values[3].casefold(), values[4].casefold()
    kon = values[5].casefold().replace(" ", "_")
    group_known = group in GROUP_CODES
    if 3 not in bad and not group_known:
        problems.append(Problem(number, "grupp", unknown_group(values[3])))
    spec, questions = specs.get(scope.version, group) if scope and group_known else (None, {})
    answers: dict[int, int | None] = {}
    for n in QUESTION_NUMBERS:
        position = 5 + n
        raw = values[position]
        if position in bad or spec is None:
            continue
        question = questions.get(n)
        if question is None:
            # A stand-in value: validate_response_shape then says the column must stay empty.
            answers[n] = 1 if raw else None
            continue
        try:
            answers[n] = question.parse(raw)
        except ValidationError as error:
            problems.append(
                Problem(
                    number,
                    f"F{n}",
                    _("Ogiltigt svar ”%(raw)s”. Tillåtna svar: %(allowed)s eller tomt.")
                    % error.params,
                )
            )
    shape_errors = specs.shape_errors(
        spec=spec,
        group=group,
        variant="" if 4 in bad else variant,
        kon="" if 5 in bad else kon,
        answers=answers,
    )
    for name, messages in shape_errors.items():
        column = FIELD_COLUMNS[name]
        # Group errors need a known group and period (else reported above or unknowable).
        if name == "group" and (scope is None or not group_known):
            continue
        if RESPONSE_COLUMNS.index(column) in bad:
            continue
        problems.extend(Problem(number, column, message) for message in messages)
    if bad or len(problems) > before:
        return None
    filled = tuple(answers.get(n) for n in QUESTION_NUMBERS)
    return _ResponseRow(scope, group, variant, kon, filled)


@logged_import
def import_responses(
    *,
    file: IO[bytes],
    filename: str,
    actor=None,
    create_missing: bool = False,
    replace: bool = False,
    instrument: str | None = None,
    max_bytes: int = CLI_MAX_BYTES,
) -> ImportResult:
    """Import a svarsfil: all rows or none. `actor` None means the command line.

    The same content again stores nothing. Scopes (insats, period, group) holding responses from
    an earlier import are refused unless `replace`, which swaps exactly those responses.
    Responses entered on paper or the web are never touched.
    """
    role = role_for(actor)
    result = ImportResult(kind=ImportBatch.Kind.RESPONSES, filename=filename)
    table, resolver = read_rows(
        file,
        columns=RESPONSE_COLUMNS,
        required=RESPONSE_REQUIRED,
        max_bytes=max_bytes,
        result=result,
        role=role,
        create_missing=create_missing,
        instrument=instrument,
    )
    if table is None:
        return result
    specs = _Specs()
    parsed: list[_ResponseRow] = []
    for number, values in table.rows:
        bad = personnummer_cells(number, RESPONSE_COLUMNS, values, result.problems)
        row = _parse_response_row(number, values, bad, resolver, specs, result.problems)
        if row is not None:
            parsed.append(row)
    result.problems.extend(
        Problem(None, None, message)
        for message in locked_scope_messages(resolver.existing_ids(row.scope) for row in parsed)
    )
    if result.problems:
        return result

    content_hash = hash_rows([row.canonical() for row in parsed])
    result.insatser = len({(r.scope.forbund_key, r.scope.insats_key) for r in parsed})
    earlier = ImportBatch.objects.filter(
        kind=ImportBatch.Kind.RESPONSES, content_hash=content_hash
    ).first()
    if earlier is not None:
        return _already_imported(result, earlier, actor)
    try:
        with transaction.atomic():
            _store_responses(result, parsed, resolver, actor, content_hash, replace)
    except Rollback:
        pass
    except IntegrityError:
        # Another upload of the same content won the race: same outcome as a second import.
        earlier = ImportBatch.objects.filter(
            kind=ImportBatch.Kind.RESPONSES, content_hash=content_hash
        ).first()
        if earlier is None:
            raise
        result = ImportResult(kind=result.kind, filename=filename, rows=result.rows)
        return _already_imported(result, earlier, actor)
    return result


def _already_imported(result: ImportResult, earlier: ImportBatch, actor) -> ImportResult:
    result.already_imported = True
    result.batch = earlier
    result.insatser = 0
    audit.record(
        actor=actor,
        action=f"import.{result.kind}.unchanged",
        obj=earlier,
        forbund=earlier.forbund,
        after={"filename": result.filename, "rows": result.rows, "batch": earlier.pk},
    )
    return result


def _store_responses(result, parsed, resolver, actor, content_hash, replace) -> None:
    conflicts = _conflicting_batches(parsed, resolver)
    if conflicts and not replace:
        result.problems.append(Problem(None, None, _conflict_message(conflicts)))
        raise Rollback
    groups: dict[tuple[str, str], set[str]] = {}
    for row in parsed:
        groups.setdefault((row.scope.forbund_key, row.scope.insats_key), set()).add(row.group)
    resolver.create_missing_objects(actor=actor, result=result, groups=groups)
    # The checked file waits here for a submission in flight, and is refused if it locked a
    # period: the locks are held until the responses are committed.
    locked = lock_scopes(
        (resolver.insats(row.scope).forbund_id, resolver.period(row.scope).pk) for row in parsed
    )
    if locked:
        result.problems.extend(Problem(None, None, message) for message in locked)
        raise Rollback
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.RESPONSES,
        content_hash=content_hash,
        **batch_fields(result, parsed, resolver, actor),
    )
    if conflicts:
        result.replaced = _replace(conflicts, batch, actor)
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    ids: dict[Scope, tuple[int, int]] = {}
    values = []
    for row in parsed:
        if row.scope not in ids:
            ids[row.scope] = (resolver.insats(row.scope).pk, resolver.period(row.scope).pk)
        values.append(
            (*ids[row.scope], row.group, row.variant, row.kon, *row.answers)
            + (Source.IMPORT, today, batch.pk)
        )
    before = _place_states(ids, parsed)
    _insert_responses(values)
    _check_places(result, ids, parsed, before, actor)
    result.batch = batch
    result.stored = len(parsed)
    audit.record(
        actor=actor,
        action="import.responses",
        obj=batch,
        forbund=batch.forbund,
        after={
            "filename": result.filename,
            "rows": result.rows,
            "stored": result.stored,
            "insatser": result.insatser,
            "replaced": result.replaced,
        },
    )


def _place_states(ids, parsed) -> dict[tuple[int, int, str], PlaceState]:
    places = {(*ids[row.scope], row.group) for row in parsed if row.scope in ids}
    return {
        (insats_id, period_id, group): place_state(
            insats_id=insats_id, period_id=period_id, group=group
        )
        for insats_id, period_id, group in sorted(places)
    }


def _check_places(result, ids, parsed, before, actor) -> None:
    """A förbund's import must keep every place consistent (fieldwork.integrity); NNS's import of
    a förbund that does not use Mätpunkt keeps conflicts, named in the summary."""
    keep = keeps_conflicts(role_for(actor))
    names = {
        pk: name
        for pk, name in Insats.objects.filter(
            pk__in={insats_id for insats_id, _p, _g in before}
        ).values_list("pk", "name")
    }
    labels = dict(
        Period.objects.filter(pk__in={period_id for _i, period_id, _g in before}).values_list(
            "pk", "label"
        )
    )
    for (insats_id, period_id, group), after in _place_states(ids, parsed).items():
        if after.problem is None or not after.has_distribution:
            continue
        place = place_name(
            insats_name=names[insats_id], period_label=labels[period_id], group=group
        )
        if keep:
            result.conflicts.append(problem_message(place=place, state=after))
            continue
        try:
            check_change(before=before[(insats_id, period_id, group)], after=after, place=place)
        except ValidationError as error:
            result.problems.extend(Problem(None, None, message) for message in error.messages)
    if result.problems:
        raise Rollback


_INSERT_FIELDS = (
    "insats",
    "period",
    "group",
    "variant",
    "kon",
    *ANSWER_FIELDS,
    "source",
    "recorded_on",
    "import_batch",
)


def _insert_responses(values: list[tuple]) -> None:
    """Insert validated responses in bulk: COPY on PostgreSQL, one prepared statement on SQLite.

    bulk_create spends most of its time compiling SQL value by value (and SQLite takes only
    about 55 rows per statement): too slow for a 100 000-row file.
    """
    quote = connection.ops.quote_name
    meta = Response._meta
    table = quote(meta.db_table)
    columns = ", ".join(quote(meta.get_field(name).column) for name in _INSERT_FIELDS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(_INSERT_FIELDS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
        for chunk in chunks(values, _BULK_BATCH_SIZE):
            cursor.executemany(sql, chunk)


@dataclass(frozen=True)
class _Conflict:
    """A scope (insats, period, group) of the file that holds responses from earlier imports."""

    scope: Scope
    insats_id: int
    period_id: int
    group: str
    batches: list[ImportBatch]


def _conflicting_batches(parsed, resolver) -> list[_Conflict]:
    """Scopes of the file that already hold responses from an earlier import, with the batches."""
    scopes = {}
    for row in parsed:
        ids = resolver.existing_ids(row.scope)
        if ids is not None:
            scopes[(*ids, row.group)] = row.scope
    if not scopes:
        return []
    found = (
        Response.objects.filter(
            import_batch__isnull=False,
            insats_id__in={key[0] for key in scopes},
            period_id__in={key[1] for key in scopes},
            group__in={key[2] for key in scopes},
        )
        .values_list("insats_id", "period_id", "group", "import_batch_id")
        .distinct()
    )
    batch_ids: dict[tuple[int, int, str], set[int]] = {}
    for insats_id, period_id, group, batch_id in found:
        if (insats_id, period_id, group) in scopes:
            batch_ids.setdefault((insats_id, period_id, group), set()).add(batch_id)
    batches = ImportBatch.objects.in_bulk({i for ids in batch_ids.values() for i in ids})
    conflicts = [
        _Conflict(scopes[key], *key, [batches[i] for i in sorted(ids)])
        for key, ids in batch_ids.items()
    ]
    return sorted(
        conflicts,
        key=lambda c: (c.scope.forbund_name, c.scope.insats_name, c.scope.period_label, c.group),
    )


def _conflict_message(conflicts: list[_Conflict]) -> str:
    described = []
    for conflict in conflicts:
        files = ", ".join(
            _("filen %(file)s, %(when)s")
            % {
                "file": batch.filename,
                "when": timezone.localtime(batch.imported_at).strftime("%Y-%m-%d %H:%M"),
            }
            for batch in conflict.batches
        )
        scope = conflict.scope
        names = f"{scope.forbund_name} / {scope.insats_name} / {scope.period_label}"
        described.append(f"{names} / {conflict.group} ({files})")
    return _(
        "Det finns redan importerade svar från en tidigare fil för: %(scopes)s. Importera med "
        "”ersätt tidigare importerade svar” (--replace) för att ersätta just de svaren."
    ) % {"scopes": "; ".join(described)}


def _replace(conflicts: list[_Conflict], batch: ImportBatch, actor) -> int:
    """Delete the earlier imported responses of the conflicting scopes; return how many.

    An earlier import left without responses goes too; one left with some no longer matches
    its file, so its content hash changes and importing that file again is not a no-op.
    """
    condition = Q()
    for c in conflicts:
        condition |= Q(insats_id=c.insats_id, period_id=c.period_id, group=c.group)
    earlier = Response.objects.filter(condition, import_batch__isnull=False)
    removed_by_batch = dict(
        earlier.order_by().values_list("import_batch_id").annotate(count=Count("id"))
    )
    removed = earlier.delete()[0]
    for old in ImportBatch.objects.filter(pk__in=removed_by_batch):
        remaining = old.responses.count()
        audit.record(
            actor=actor,
            action="import.responses.replace",
            obj=old,
            forbund=old.forbund,
            after={
                "filename": old.filename,
                "removed": removed_by_batch[old.pk],
                "remaining": remaining,
                "replaced_by": batch.pk,
            },
        )
        if remaining == 0:
            old.delete()
        else:
            old.content_hash = hashlib.sha256(
                f"{old.content_hash}:replaced-by:{batch.pk}".encode()
            ).hexdigest()
            old.row_count = remaining
            old.save(update_fields=["content_hash", "row_count"])
    return removed
