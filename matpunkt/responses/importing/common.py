"""What both imports share: problems and results, resolving names, reading the file."""

import functools
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from matpunkt.core import audit
from matpunkt.core.logs import timed
from matpunkt.core.validators import looks_like_personnummer
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import Group, InstrumentVersion
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.organisations.permissions import UserRole, role_of
from matpunkt.responses.fileformats import FileFormatError, read_table
from matpunkt.responses.models import QUESTION_NUMBERS, ImportBatch

ANSWER_COLUMNS = tuple(f"F{n}" for n in QUESTION_NUMBERS)
RESPONSE_COLUMNS = ("forbund", "insats", "period", "grupp", "variant", "kon", *ANSWER_COLUMNS)
RESPONSE_REQUIRED = RESPONSE_COLUMNS[:6]
DISTRIBUTION_COLUMNS = ("forbund", "insats", "period", "grupp", "tillfragade", "ej_nabara")
# The command line is run by a trusted operator; the page uses settings.MATPUNKT_MAX_UPLOAD_BYTES.
CLI_MAX_BYTES = 200 * 1024 * 1024
# Service and model field names as the file's column names, for messages.
FIELD_COLUMNS = {
    "group": "grupp",
    "variant": "variant",
    "kon": "kon",
    "asked": "tillfragade",
    "unreachable": "ej_nabara",
    **{f"f{n}": f"F{n}" for n in QUESTION_NUMBERS},
}
# Group.values builds a new list on every access; rows are many.
GROUP_CODES = frozenset(Group.values)
_NAME_LIMITS = {"forbund": (2, 120), "insats": (2, 200), "period": (1, 40)}


@dataclass(frozen=True)
class Problem:
    """One problem in a file: the row and column it is in (None for the whole file or row)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        message = self.message[:1].lower() + self.message[1:]
        if self.column is None:
            return _("Rad %(row)s: %(message)s") % {"row": self.row, "message": message}
        return _("Rad %(row)s, kolumn %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": message,
        }


@dataclass
class ImportResult:
    """What an import did, or the problems that stopped it (then nothing was stored)."""

    kind: str
    filename: str
    problems: list[Problem] = field(default_factory=list)
    batch: ImportBatch | None = None
    already_imported: bool = False
    rows: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    replaced: int = 0
    insatser: int = 0
    created_forbund: list[str] = field(default_factory=list)
    created_insatser: list[str] = field(default_factory=list)
    created_periods: list[str] = field(default_factory=list)
    # Places kept with more responses than people who could answer (NNS's imports only).
    conflicts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One or a few Swedish sentences on the outcome."""
        if self.problems:
            return ngettext(
                "Inget lagrades: filen har %(count)s problem.",
                "Inget lagrades: filen har %(count)s problem.",
                len(self.problems),
            ) % {"count": len(self.problems)}
        if self.already_imported:
            return _("Filen har redan importerats (%(when)s): inget nytt lagrades.") % {
                "when": timezone.localtime(self.batch.imported_at).strftime("%Y-%m-%d %H:%M")
            }
        insatser = ngettext("%(count)s insats", "%(count)s insatser", self.insatser) % {
            "count": self.insatser
        }
        if self.kind == ImportBatch.Kind.RESPONSES:
            parts = [
                ngettext(
                    "%(count)s svar importerat för %(insatser)s.",
                    "%(count)s svar importerade för %(insatser)s.",
                    self.stored,
                )
                % {"count": self.stored, "insatser": insatser}
            ]
            if self.replaced:
                parts.append(
                    ngettext(
                        "%(count)s tidigare importerat svar ersattes.",
                        "%(count)s tidigare importerade svar ersattes.",
                        self.replaced,
                    )
                    % {"count": self.replaced}
                )
        else:
            parts = [
                _(
                    "Utdelning importerad för %(insatser)s: %(created)s nya, %(updated)s ändrade "
                    "och %(unchanged)s oförändrade rader."
                )
                % {
                    "insatser": insatser,
                    "created": self.stored,
                    "updated": self.updated,
                    "unchanged": self.unchanged,
                }
            ]
        for label, names in (
            (_("Nya förbund: %(names)s."), self.created_forbund),
            (_("Nya insatser: %(names)s."), self.created_insatser),
            (_("Nya mätperioder: %(names)s."), self.created_periods),
        ):
            if names:
                parts.append(label % {"names": _name_list(names)})
        if self.conflicts:
            parts.append(
                _(
                    "Uppgifterna lagrades som de står i filen, men de här platserna har fler svar "
                    "än det fanns tillfrågade att svara och markeras i alla resultat: %(places)s"
                )
                % {"places": " ".join(self.conflicts)}
            )
        return " ".join(parts)


SUMMARY_NAMES = 10  # more created names than this are summarised: a summary must stay readable


def _name_list(names: list[str]) -> str:
    if len(names) <= SUMMARY_NAMES:
        return ", ".join(names)
    rest = len(names) - SUMMARY_NAMES
    return ngettext("%(names)s och %(count)s till", "%(names)s och %(count)s till", rest) % {
        "names": ", ".join(names[:SUMMARY_NAMES]),
        "count": rest,
    }


class Rollback(Exception):
    """Raised inside the transaction when a write found problems: undo everything."""


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Scope:
    """The förbund, insats and period a row names, existing or to be created."""

    forbund_key: str
    insats_key: str
    period_key: str
    forbund_name: str
    insats_name: str
    period_label: str
    version: InstrumentVersion


class Resolver:
    """Finds the förbund, insats and period each row names, checks that the user may import
    rows for them, and plans what `create_missing` creates. Caches everything: no per-row query.
    """

    def __init__(self, *, role: UserRole | None, create_missing: bool, version: InstrumentVersion):
        self.role = role
        self.create_missing = create_missing
        self.version = version
        self.forbund = {_key(f.name): f for f in Forbund.objects.all()}
        self.insatser = {
            (_key(i.forbund.name), _key(i.name)): i
            for i in Insats.objects.select_related("forbund")
        }
        self.periods = {_key(p.label): p for p in Period.objects.select_related("version")}
        self.own_key = None
        if role is not None and not role.is_national:
            self.own_key = next(k for k, f in self.forbund.items() if f.pk == role.forbund_id)
        self.new_forbund: dict[str, str] = {}
        self.new_insatser: dict[tuple[str, str], str] = {}
        self.new_periods: dict[str, str] = {}
        self._cache: dict[tuple[str, str, str], tuple[Scope | None, list]] = {}

    @property
    def may_create_national(self) -> bool:
        return self.role is None or self.role.is_national

    def resolve(self, forbund: str, insats: str, period: str) -> tuple[Scope | None, list]:
        """The row's scope (None when it cannot be used) and its problems as (column, message)."""
        cache_key = (forbund, insats, period)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._resolve(forbund, insats, period)
        return self._cache[cache_key]

    def _resolve(self, forbund: str, insats: str, period: str):
        problems: list[tuple[str, str]] = []
        for column, value in (("forbund", forbund), ("insats", insats), ("period", period)):
            if not value:
                problems.append((column, _("Värdet saknas.")))
        if problems:
            return None, problems
        forbund_key, insats_key, period_key = _key(forbund), _key(insats), _key(period)
        hint = _("Kontrollera stavningen, eller importera med ”skapa saknade” (--create-missing).")

        forbund_ok = False
        if self.own_key is not None and forbund_key != self.own_key:
            own_name = self.forbund[self.own_key].name
            message = _("Du får bara importera rader för ditt eget förbund, %(forbund)s.")
            problems.append(("forbund", message % {"forbund": own_name}))
        elif forbund_key in self.forbund:
            forbund, forbund_ok = self.forbund[forbund_key].name, True
        elif not self.create_missing:
            problems.append(("forbund", _("Okänt förbund ”%(name)s”. ") % {"name": forbund} + hint))
        elif problem := _name_problem("forbund", forbund):
            problems.append(("forbund", problem))
        else:
            forbund, forbund_ok = self.new_forbund.setdefault(forbund_key, forbund), True

        if forbund_ok:
            existing = self.insatser.get((forbund_key, insats_key))
            if existing is not None:
                insats = existing.name
            elif not self.create_missing:
                message = _("Förbundet %(forbund)s har ingen insats ”%(name)s”. ")
                problems.append(("insats", message % {"forbund": forbund, "name": insats} + hint))
            elif problem := _name_problem("insats", insats):
                problems.append(("insats", problem))
            else:
                insats = self.new_insatser.setdefault((forbund_key, insats_key), insats)

        version = self.version
        if period_key in self.periods:
            period, version = self.periods[period_key].label, self.periods[period_key].version
        elif not self.create_missing:
            problems.append(
                ("period", _("Okänd mätperiod ”%(label)s”. ") % {"label": period} + hint)
            )
        elif not self.may_create_national:
            message = _(
                "Okänd mätperiod ”%(label)s”. Bara en NNS-administratör kan skapa mätperioder."
            )
            problems.append(("period", message % {"label": period}))
        elif problem := _name_problem("period", period):
            problems.append(("period", problem))
        else:
            period = self.new_periods.setdefault(period_key, period)
        if problems:
            return None, problems
        return Scope(forbund_key, insats_key, period_key, forbund, insats, period, version), []

    def create_missing_objects(self, *, actor, result: ImportResult, groups: dict) -> None:
        """Create the planned förbund, insatser and periods (audited); name them in `result`.

        A new insats asks the groups its rows hold (`groups` by förbund and insats key).
        """
        reason = _("Skapad vid import av filen %(file)s.") % {"file": result.filename}
        for key, name in self.new_forbund.items():
            forbund = Forbund(name=name)
            forbund.full_clean()
            forbund.save()
            audit.record(
                actor=actor,
                action="forbund.create",
                obj=forbund,
                forbund=forbund,
                after={"name": name},
                reason=reason,
            )
            self.forbund[key] = forbund
            result.created_forbund.append(name)
        for (forbund_key, insats_key), name in self.new_insatser.items():
            forbund = self.forbund[forbund_key]
            insats = Insats(
                forbund=forbund, name=name, groups=sorted(groups.get((forbund_key, insats_key), ()))
            )
            insats.full_clean()
            insats.save()
            audit.record(
                actor=actor,
                action="insats.create",
                obj=insats,
                forbund=forbund,
                after={"name": name, "groups": insats.groups},
                reason=reason,
            )
            self.insatser[(forbund_key, insats_key)] = insats
            result.created_insatser.append(name)
        for key, label in self.new_periods.items():
            period = Period(label=label, version=self.version)
            period.full_clean()
            period.save()
            audit.record(
                actor=actor,
                action="period.create",
                obj=period,
                after={"label": label, "version": self.version.code},
                reason=reason,
            )
            self.periods[key] = period
            result.created_periods.append(
                _("%(label)s (instrumentversion %(version)s)")
                % {"label": label, "version": self.version.code}
            )

    def insats(self, scope: Scope) -> Insats:
        return self.insatser[(scope.forbund_key, scope.insats_key)]

    def period(self, scope: Scope) -> Period:
        return self.periods[scope.period_key]

    def forbund_of(self, scope: Scope) -> Forbund:
        return self.forbund[scope.forbund_key]

    def existing_ids(self, scope: Scope) -> tuple[int, int] | None:
        """(insats id, period id) when both exist already: only then can it hold responses."""
        insats = self.insatser.get((scope.forbund_key, scope.insats_key))
        period = self.periods.get(scope.period_key)
        if insats is None or period is None:
            return None
        return insats.pk, period.pk


def _name_problem(column: str, name: str) -> str | None:
    """Why a name cannot be used for a new förbund, insats or period (None when it can)."""
    low, high = _NAME_LIMITS[column]
    if low <= len(name) <= high:
        return None
    return _("Namnet måste vara %(low)s–%(high)s tecken långt.") % {"low": low, "high": high}


def keeps_conflicts(role: UserRole | None) -> bool:
    """NNS (and the command line, run by NNS's operator) import data of förbund that do not use
    Mätpunkt as they were handed in, conflicts and all; a förbund's own imports must add up."""
    return role is None or role.is_national


def role_for(actor) -> UserRole | None:
    """None for the command line (a trusted operator); a user must be allowed to register."""
    if actor is None:
        return None
    role = role_of(actor)
    if role is None or not role.can_register:
        raise PermissionDenied
    return role


def _instrument_version(code: str | None) -> InstrumentVersion:
    """The version new periods get: the one named, or the newest (highest code)."""
    versions = list(InstrumentVersion.objects.order_by("code"))
    if not code:
        return versions[-1]
    for version in versions:
        if version.code == code:
            return version
    raise FileFormatError(
        _("Okänd instrumentversion ”%(code)s”. Versioner som finns: %(versions)s.")
        % {"code": code, "versions": ", ".join(v.code for v in versions)}
    )


def personnummer_cells(number, columns, values, problems) -> set[int]:
    """Positions of cells that look like a personnummer, each reported without its value."""
    bad = set()
    for position, value in enumerate(values):
        # A personnummer has at least ten digits: shorter cells (most of them) need no check.
        if len(value) >= 10 and looks_like_personnummer(value):
            bad.add(position)
            problems.append(
                Problem(
                    number,
                    columns[position],
                    _(
                        "Värdet ser ut att innehålla ett personnummer. Personnummer får inte "
                        "finnas i filen: ta bort det och försök igen."
                    ),
                )
            )
    return bad


def unknown_group(group: str) -> str:
    """The message for a grupp cell that is not a group code."""
    return _("Okänd grupp ”%(group)s”. Tillåtna grupper: %(groups)s.") % {
        "group": group,
        "groups": ", ".join(Group.values),
    }


def hash_rows(rows: list[tuple]) -> str:
    """A file's content hash: its canonical rows in sorted order, so row order and format
    (CSV or XLSX, comma or semicolon) do not matter."""
    canonical = json.dumps(sorted(rows), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_rows(file, *, columns, required, max_bytes, result, role, create_missing, instrument):
    """Read the table and set up the resolver; file-level problems go into `result`."""
    try:
        version = _instrument_version(instrument)
        table = read_table(
            file,
            filename=result.filename,
            columns=columns,
            required=required,
            max_bytes=max_bytes,
        )
    except FileFormatError as error:
        result.problems.append(Problem(None, None, error.message))
        return None, None
    result.rows = len(table.rows)
    return table, Resolver(role=role, create_missing=create_missing, version=version)


def batch_fields(result: ImportResult, parsed, resolver, actor) -> dict:
    """File name, row count, the förbund (when the file holds only one) and the importer."""
    forbund_keys = {row.scope.forbund_key for row in parsed}
    return {
        "filename": result.filename[:255],
        "row_count": len(parsed),
        "forbund": resolver.forbund[forbund_keys.pop()] if len(forbund_keys) == 1 else None,
        "imported_by": actor if actor is not None and actor.is_authenticated else None,
    }


def chunks(items: list, size: int) -> Iterator[list]:
    """Consecutive slices of at most `size` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def logged_import(function: Callable[..., ImportResult]) -> Callable[..., ImportResult]:
    """Logs each import's outcome and time (`import.finished`): counts only, no file name."""

    @functools.wraps(function)
    def wrapper(*args, actor=None, **kwargs) -> ImportResult:
        with timed("import.finished", actor_id=getattr(actor, "pk", None)) as fields:
            result = function(*args, actor=actor, **kwargs)
            fields.update(
                kind=str(result.kind),
                outcome=(
                    "refused"
                    if result.problems
                    else "already_imported"
                    if result.already_imported
                    else "stored"
                ),
                rows=result.rows,
                stored=result.stored,
                updated=result.updated,
                replaced=result.replaced,
                problems=len(result.problems),
            )
        return result

    return wrapper
