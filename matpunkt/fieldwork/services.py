"""Writing fieldwork data: measurement periods, distribution counts and distribution lists.

Every write is validated, atomic and audited. A distribution list holds pseudonyms only (löpnummer
or an own code): never a name or a personnummer.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.fieldwork.integrity import distribution_guard, place_guard
from matpunkt.fieldwork.locks import ensure_open
from matpunkt.fieldwork.models import Distribution, DistributionEntry, Period
from matpunkt.instrument.models import Group, InstrumentVersion
from matpunkt.organisations.models import Insats
from matpunkt.organisations.permissions import require_manage, require_register
from matpunkt.responses.models import Response

# Most rows added to a distribution list at once.
MAX_ENTRIES_PER_ADD = 500

# Measurement periods ---------------------------------------------------------------------------


def _period_snapshot(period: Period) -> dict:
    return {
        "label": period.label,
        "starts_on": period.starts_on.isoformat() if period.starts_on else None,
        "ends_on": period.ends_on.isoformat() if period.ends_on else None,
        "version": period.version.code,
    }


def _clean_period(period: Period) -> None:
    if Period.objects.filter(label__iexact=period.label).exclude(pk=period.pk).exists():
        raise ValidationError(
            {
                "label": _("Det finns redan en mätperiod med benämningen ”%(label)s”.")
                % {"label": period.label}
            },
            code="duplicate",
        )
    period.full_clean(validate_unique=False)


def period_has_responses(period: Period) -> bool:
    """Responses bind a period to its version: their codes mean that version's options."""
    return period.pk is not None and Response.objects.filter(period=period).exists()


@transaction.atomic
def period_create(
    *,
    actor,
    label: str,
    version: InstrumentVersion,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Period:
    """Create a national measurement period. Only an NNS administrator may."""
    require_manage(actor, None)
    period = Period(label=label.strip(), starts_on=starts_on, ends_on=ends_on, version=version)
    _clean_period(period)
    period.save()
    audit.record(actor=actor, action="period.create", obj=period, after=_period_snapshot(period))
    return period


@transaction.atomic
def period_update(
    *,
    actor,
    period: Period,
    label: str,
    version: InstrumentVersion,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Period:
    """Change a period. Its instrument version is fixed once responses exist for it."""
    require_manage(actor, None)
    before = _period_snapshot(period)
    if version.pk != period.version_id and period_has_responses(period):
        raise ValidationError(
            {
                "version": _(
                    "Instrumentversionen kan inte ändras eftersom det redan finns svar för "
                    "mätperioden %(label)s. Svaren är givna på frågorna i version %(version)s."
                )
                % {"label": before["label"], "version": before["version"]}
            },
            code="version_in_use",
        )
    period.label = label.strip()
    period.starts_on = starts_on
    period.ends_on = ends_on
    period.version = version
    _clean_period(period)
    period.save()
    after = _period_snapshot(period)
    if before != after:
        audit.record(actor=actor, action="period.update", obj=period, before=before, after=after)
    return period


# Distribution counts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    """Counts typed for one insats and group in a period's distribution table."""

    insats: Insats
    group: str
    asked: int
    unreachable: int


def _row_name(insats: Insats, group: str) -> str:
    label = Group(group).label if group in Group.values else group
    return f"{insats.name}, {label}"


@transaction.atomic
def distribution_counts_save(*, actor, period: Period, rows: list[CountRow]) -> int:
    """Save the asked and unreachable counts of many rows at once; all or nothing.

    Rows whose counts come from a distribution list cannot be changed here. Returns the number
    of rows that changed.
    """
    existing = {
        (d.insats_id, d.group): d
        for d in Distribution.objects.filter(period=period, insats__in=[row.insats for row in rows])
    }
    errors = []
    for row in rows:
        require_register(actor, row.insats.forbund_id)
        name = _row_name(row.insats, row.group)
        if row.group not in Group.values:
            errors.append(_("%(row)s: okänd respondentgrupp.") % {"row": name})
        elif row.asked < 0 or row.unreachable < 0:
            errors.append(_("%(row)s: antalen kan inte vara negativa.") % {"row": name})
        elif row.unreachable > row.asked:
            errors.append(
                _(
                    "%(row)s: ej nåbara (%(unreachable)s) kan inte vara fler än tillfrågade "
                    "(%(asked)s)."
                )
                % {"row": name, "unreachable": row.unreachable, "asked": row.asked}
            )
        current = existing.get((row.insats.pk, row.group))
        if (
            current is not None
            and current.from_list
            and (current.asked != row.asked or current.unreachable != row.unreachable)
        ):
            errors.append(
                _("%(row)s: antalen räknas från utdelningslistan och ändras i listan.")
                % {"row": name}
            )
    if errors:
        raise ValidationError(errors)
    changed = 0
    for row in rows:
        current = existing.get((row.insats.pk, row.group))
        if current is None and row.asked == 0 and row.unreachable == 0:
            continue
        if current is not None and (current.asked, current.unreachable) == (
            row.asked,
            row.unreachable,
        ):
            continue
        distribution_set(
            actor=actor,
            insats=row.insats,
            period=period,
            group=row.group,
            asked=row.asked,
            unreachable=row.unreachable,
        )
        changed += 1
    return changed


def _counts_snapshot(distribution: Distribution) -> dict:
    return {"asked": distribution.asked, "unreachable": distribution.unreachable}


@transaction.atomic
def distribution_set(
    *,
    actor,
    insats: Insats,
    period: Period,
    group: str,
    asked: int,
    unreachable: int,
    allow_conflict: bool = False,
) -> Distribution:
    """Set the entered asked and unreachable counts of one place (create or update).

    The entered counts are in force unless the place is counted from its distribution list; then
    they are refused, since they would not count. Refused also when the period's questionnaire
    has no such group, when unreachable exceeds asked, and when the place would hold more
    responses than people who could answer. `actor` None means the command line. Errors are
    keyed by field (group, asked, unreachable) or, for a list or the invariant, not keyed.
    `allow_conflict` keeps counts that break the invariant: NNS's imports of förbund that do not
    use Mätpunkt, whose outputs then mark the conflict.
    """
    if actor is not None:
        require_register(actor, insats.forbund_id)
    ensure_open(forbund_id=insats.forbund_id, period_id=period.pk)
    _check_group(period, group, keyed=True)
    distribution = (
        Distribution.objects.select_for_update()
        .filter(insats=insats, period=period, group=group)
        .first()
    )
    if distribution is not None and distribution.from_list:
        raise ValidationError(
            _(
                "Utdelningen för %(insats)s, %(period)s, %(group)s räknas från "
                "utdelningslistan: ändra antalen i listan, eller välj att räkna med angivna "
                "antal i stället."
            )
            % {"insats": insats.name, "period": period.label, "group": group},
            code="from_list",
        )
    created = distribution is None
    if created:
        distribution = Distribution(insats=insats, period=period, group=group)
    before = None if created else _counts_snapshot(distribution)
    distribution.entered_asked = distribution.asked = asked
    distribution.entered_unreachable = distribution.unreachable = unreachable
    distribution.full_clean(validate_unique=False, validate_constraints=False)
    after = _counts_snapshot(distribution)
    if before == after:
        return distribution
    with place_guard(insats=insats, period=period, group=group, allow_conflict=allow_conflict):
        distribution.save()
    audit.record(
        actor=actor,
        action="distribution.create" if created else "distribution.update",
        obj=distribution,
        forbund=insats.forbund,
        before=before,
        after=after,
    )
    return distribution


def _check_group(period: Period, group: str, *, keyed: bool) -> None:
    """The period's version must have a questionnaire for the group."""
    if group not in Group.values:
        message = _("Okänd respondentgrupp ”%(group)s”.") % {"group": group}
    elif not period.version.questionnaires.filter(group=group).exists():
        # Keyed errors answer a file's or a form's group column, so they name the code there.
        message = _("Mätperiodens instrumentversion har ingen enkät för gruppen %(group)s.") % {
            "group": group if keyed else Group(group).label
        }
    else:
        return
    raise ValidationError({"group": message} if keyed else message, code="group")


def _source_snapshot(distribution: Distribution) -> dict:
    return {
        "from_list": distribution.from_list,
        "asked": distribution.asked,
        "unreachable": distribution.unreachable,
        "entered_asked": distribution.entered_asked,
        "entered_unreachable": distribution.entered_unreachable,
    }


@transaction.atomic
def distribution_source_set(*, actor, distribution: Distribution, from_list: bool) -> Distribution:
    """Choose which counts are in force for a place: its list's or the entered ones.

    Nothing is erased either way, so the choice can be undone. Refused when the list is empty,
    and when the counts chosen would leave the place with more responses than people who could
    answer.
    """
    insats = distribution.insats
    require_register(actor, insats.forbund_id)
    ensure_open(forbund_id=insats.forbund_id, period_id=distribution.period_id)
    distribution = Distribution.objects.select_for_update().get(pk=distribution.pk)
    if distribution.from_list == from_list:
        return distribution
    if from_list and not distribution.entries.exists():
        raise ValidationError(
            _("Utdelningslistan är tom, så det finns inga antal att räkna från den."),
            code="empty_list",
        )
    before = _source_snapshot(distribution)
    distribution.from_list = from_list
    with distribution_guard(distribution):
        _recount(distribution)
    audit.record(
        actor=actor,
        action="distribution.source",
        obj=distribution,
        forbund=insats.forbund,
        before=before,
        after=_source_snapshot(distribution),
    )
    return distribution


# Distribution lists ----------------------------------------------------------------------------


def _list_snapshot(distribution: Distribution) -> dict:
    return {
        "asked": distribution.asked,
        "unreachable": distribution.unreachable,
        "from_list": distribution.from_list,
    }


def _entry_snapshot(entry: DistributionEntry) -> dict:
    return {
        "pseudonym": entry.pseudonym,
        "handed_out_on": entry.handed_out_on.isoformat() if entry.handed_out_on else None,
        "unreachable": entry.unreachable,
    }


@dataclass(frozen=True)
class ListCounts:
    """What a place's distribution list counts: asked and unreachable among its entries."""

    entries: int
    asked: int
    unreachable: int


def list_counts(distribution: Distribution | None) -> ListCounts:
    """The list's counts: entries that count as asked (DistributionEntry.counted_q), and those
    of them marked unreachable. Codes printed but not handed out, and voided codes, are nobody."""
    if distribution is None or distribution.pk is None:
        return ListCounts(0, 0, 0)
    counted = DistributionEntry.counted_q()
    figures = DistributionEntry.objects.filter(distribution=distribution).aggregate(
        entries=Count("pk"),
        asked=Count("pk", filter=counted),
        unreachable=Count("pk", filter=counted & Q(unreachable=True)),
    )
    return ListCounts(**figures)


def _recount(distribution: Distribution) -> None:
    """Put the counts in force: the list's when the place is counted from its list, else the
    entered ones. A place whose list gets its first entry and that has no entered counts starts
    counting from its list (nothing entered is replaced); a place whose list is emptied goes back
    to its entered counts."""
    found = list_counts(distribution)
    if found.entries and not distribution.from_list:
        if not (distribution.entered_asked or distribution.entered_unreachable):
            distribution.from_list = True
    elif not found.entries:
        distribution.from_list = False
    if distribution.from_list:
        distribution.asked, distribution.unreachable = found.asked, found.unreachable
    else:
        distribution.asked = distribution.entered_asked
        distribution.unreachable = distribution.entered_unreachable
    distribution.full_clean()
    distribution.save(update_fields=["asked", "unreachable", "from_list"])


def next_list_number(distribution: Distribution | None) -> int:
    """The number after the highest numeric pseudonym in the list (1 for a new list)."""
    if distribution is None or distribution.pk is None:
        return 1
    numbers = [
        int(p)
        for p in distribution.entries.values_list("pseudonym", flat=True)
        if re.fullmatch(r"\d{1,9}", p)
    ]
    return max(numbers, default=0) + 1


@transaction.atomic
def distribution_list_add_entries(
    *,
    actor,
    insats: Insats,
    period: Period,
    group: str,
    count: int,
    handed_out_on: datetime.date | None = None,
) -> list[DistributionEntry]:
    """Add `count` rows numbered on from the highest number in the list (1..N for a new list).

    From now on the distribution's counts follow the list.
    """
    require_register(actor, insats.forbund_id)
    ensure_open(forbund_id=insats.forbund_id, period_id=period.pk)
    _check_group(period, group, keyed=False)
    if not 1 <= count <= MAX_ENTRIES_PER_ADD:
        raise ValidationError(
            {
                "count": _("Antal rader måste vara ett heltal mellan 1 och %(max)s.")
                % {"max": MAX_ENTRIES_PER_ADD}
            },
            code="count",
        )
    distribution, _created = Distribution.objects.select_for_update().get_or_create(
        insats=insats, period=period, group=group
    )
    before = _list_snapshot(distribution)
    first = next_list_number(distribution)
    entries = [
        DistributionEntry(distribution=distribution, pseudonym=str(n), handed_out_on=handed_out_on)
        for n in range(first, first + count)
    ]
    for entry in entries:
        entry.full_clean()
    with place_guard(insats=insats, period=period, group=group):
        DistributionEntry.objects.bulk_create(entries)
        _recount(distribution)
    audit.record(
        actor=actor,
        action="distribution_list.add",
        obj=distribution,
        forbund=insats.forbund,
        before=before,
        after={
            **_list_snapshot(distribution),
            "added": [e.pseudonym for e in entries],
            "handed_out_on": handed_out_on.isoformat() if handed_out_on else None,
        },
    )
    return entries


def _clean_entry(entry: DistributionEntry) -> None:
    entry.pseudonym = entry.pseudonym.strip()
    if not entry.pseudonym:
        raise ValidationError(
            {"pseudonym": _("Löpnumret får inte vara tomt.")}, code="pseudonym_required"
        )
    duplicate = (
        DistributionEntry.objects.filter(
            distribution_id=entry.distribution_id, pseudonym=entry.pseudonym
        )
        .exclude(pk=entry.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError(
            {
                "pseudonym": _("Löpnumret ”%(pseudonym)s” finns redan i listan.")
                % {"pseudonym": entry.pseudonym}
            },
            code="duplicate",
        )
    entry.full_clean(validate_unique=False)


@transaction.atomic
def distribution_entry_update(
    *,
    actor,
    entry: DistributionEntry,
    pseudonym: str,
    handed_out_on: datetime.date | None,
    unreachable: bool,
) -> DistributionEntry:
    """Change one row of a distribution list; the counts are recomputed."""
    distribution = entry.distribution
    require_register(actor, distribution.insats.forbund_id)
    ensure_open(forbund_id=distribution.insats.forbund_id, period_id=distribution.period_id)
    if unreachable and not entry.unreachable and entry.used:
        raise ValidationError(
            {"unreachable": _("Koden är använd: den som svarade gick att nå.")},
            code="used_code",
        )
    before = _entry_snapshot(entry)
    entry.pseudonym = pseudonym
    entry.handed_out_on = handed_out_on
    entry.unreachable = unreachable
    _clean_entry(entry)
    after = _entry_snapshot(entry)
    if before == after:
        return entry
    with distribution_guard(distribution):
        entry.save()
        _recount(distribution)
    audit.record(
        actor=actor,
        action="distribution_entry.update",
        obj=entry,
        forbund=distribution.insats.forbund,
        before=before,
        after={**after, **_list_snapshot(distribution)},
    )
    return entry


@transaction.atomic
def distribution_entries_update(*, actor, changes: list[tuple[DistributionEntry, dict]]) -> int:
    """Change many rows of distribution lists at once, all or nothing; errors name the row.

    Each change is (entry, {"pseudonym", "handed_out_on", "unreachable"}). Returns how many rows
    changed.
    """
    changed = 0
    for entry, values in changes:
        before = _entry_snapshot(entry)
        original = entry.pseudonym
        try:
            distribution_entry_update(actor=actor, entry=entry, **values)
        except ValidationError as exc:
            raise ValidationError(
                [_("Rad %(row)s: %(error)s") % {"row": original, "error": m} for m in exc.messages]
            ) from exc
        changed += before != _entry_snapshot(entry)
    return changed


@transaction.atomic
def distribution_entry_delete(*, actor, entry: DistributionEntry) -> None:
    """Delete one row of a distribution list; the counts are recomputed.

    When the last row goes, the distribution is counted by hand again (from 0).
    """
    distribution = entry.distribution
    require_register(actor, distribution.insats.forbund_id)
    ensure_open(forbund_id=distribution.insats.forbund_id, period_id=distribution.period_id)
    if entry.code:
        raise ValidationError(
            _("Rad %(row)s har en kod och kan inte tas bort: makulera koden i stället.")
            % {"row": entry.pseudonym},
            code="has_code",
        )
    before = _entry_snapshot(entry)
    entry_id = entry.pk
    with distribution_guard(distribution):
        entry.delete()
        _recount(distribution)
    audit.record(
        actor=actor,
        action="distribution_entry.delete",
        object_type=DistributionEntry._meta.label_lower,
        object_id=str(entry_id),
        forbund=distribution.insats.forbund,
        before=before,
        after=_list_snapshot(distribution),
    )


@transaction.atomic
def distribution_list_clear(*, actor, distribution: Distribution) -> int:
    """Delete every row of a list; the place is counted with its entered counts again. A place
    with no entered counts keeps the counts the list gave as its entered counts.

    Returns the number of rows deleted.
    """
    require_register(actor, distribution.insats.forbund_id)
    ensure_open(forbund_id=distribution.insats.forbund_id, period_id=distribution.period_id)
    if DistributionEntry.objects.filter(distribution=distribution, code__isnull=False).exists():
        raise ValidationError(
            _(
                "Listan har koder och kan inte tas bort: koderna är utdelningslistan. Makulera "
                "de koder som inte ska räknas."
            ),
            code="has_codes",
        )
    before = _list_snapshot(distribution)
    if not (distribution.entered_asked or distribution.entered_unreachable):
        distribution.entered_asked = distribution.asked
        distribution.entered_unreachable = distribution.unreachable
        distribution.save(update_fields=["entered_asked", "entered_unreachable"])
    with distribution_guard(distribution):
        deleted, _detail = DistributionEntry.objects.filter(distribution=distribution).delete()
        _recount(distribution)
    audit.record(
        actor=actor,
        action="distribution_list.clear",
        obj=distribution,
        forbund=distribution.insats.forbund,
        before={**before, "entries": deleted},
        after=_list_snapshot(distribution),
    )
    return deleted
