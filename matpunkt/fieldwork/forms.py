"""Forms for the fieldwork pages. They parse input; the services validate and save."""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matpunkt.fieldwork.models import DistributionEntry, Period
from matpunkt.fieldwork.selectors import DistributionRow
from matpunkt.fieldwork.services import MAX_ENTRIES_PER_ADD
from matpunkt.instrument.models import Group, InstrumentVersion
from matpunkt.organisations.forms import DateInput

_COUNT_KEY = re.compile(r"^(asked|unreachable)-(\d{1,18})-([a-z_]{1,30})$")
_WHOLE_NUMBER = re.compile(r"^\d{1,9}$")


class PeriodForm(forms.Form):
    label = Period._meta.get_field("label").formfield()
    starts_on = Period._meta.get_field("starts_on").formfield(widget=DateInput())
    ends_on = Period._meta.get_field("ends_on").formfield(widget=DateInput())
    version = forms.ModelChoiceField(
        label=gettext_lazy("Instrumentversion"),
        queryset=InstrumentVersion.objects.all(),
        empty_label=gettext_lazy("Välj version"),
        help_text=gettext_lazy(
            "De frågor och svarsalternativ som perioden använder. Versionen kan inte ändras när "
            "det finns svar för perioden."
        ),
    )

    def __init__(self, *args, version_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if version_locked:
            self.fields["version"].disabled = True
            self.fields["version"].help_text = gettext_lazy(
                "Versionen kan inte ändras: det finns redan svar för perioden, och svaren är "
                "givna på den här versionens frågor."
            )


@dataclass(frozen=True)
class ParsedCounts:
    """What the distribution table posted: counts by row key, and the problems found."""

    values: dict[str, tuple[int, int]]
    errors: list[str]
    unknown_insats_ids: set[int]
    unknown_rows: list[str]


def _parse_count(raw: str, row: DistributionRow, what: str, errors: list[str]) -> int:
    text = (raw or "").strip().replace(" ", "")
    if text == "":
        return 0
    if not _WHOLE_NUMBER.match(text):
        errors.append(
            _("%(insats)s, %(group)s: %(what)s måste vara ett heltal, 0 eller större.")
            % {"insats": row.insats.name, "group": row.group_label, "what": what}
        )
        return -1
    return int(text)


def parse_counts(data, rows: list[DistributionRow], visible_insats_ids: set[int]) -> ParsedCounts:
    """Read `asked-<insats>-<group>` and `unreachable-<insats>-<group>` fields of the table.

    A key naming an insats the user cannot see is reported in `unknown_insats_ids` (the view
    answers 404); a key for a row that is not in the table is reported in `unknown_rows`.
    """
    by_key = {row.key: row for row in rows}
    posted: set[str] = set()
    unknown_insats: set[int] = set()
    unknown_rows: list[str] = []
    for name in data:
        match = _COUNT_KEY.match(name)
        if not match:
            continue
        insats_id, group = int(match[2]), match[3]
        key = f"{insats_id}-{group}"
        if insats_id not in visible_insats_ids:
            unknown_insats.add(insats_id)
        elif key not in by_key and key not in unknown_rows:
            unknown_rows.append(key)
        else:
            posted.add(key)
    errors: list[str] = []
    values: dict[str, tuple[int, int]] = {}
    for row in rows:
        if row.key not in posted:
            continue
        row.asked_input = data.get(f"asked-{row.key}", "")
        row.unreachable_input = data.get(f"unreachable-{row.key}", "")
        row_errors: list[str] = []
        asked = _parse_count(row.asked_input, row, _("tillfrågade"), row_errors)
        unreachable = _parse_count(row.unreachable_input, row, _("ej nåbara"), row_errors)
        if not row_errors and unreachable > asked:
            row_errors.append(
                _(
                    "%(insats)s, %(group)s: ej nåbara (%(unreachable)s) kan inte vara fler än "
                    "tillfrågade (%(asked)s)."
                )
                % {
                    "insats": row.insats.name,
                    "group": row.group_label,
                    "unreachable": unreachable,
                    "asked": asked,
                }
            )
        row.errors = row_errors
        errors.extend(row_errors)
        if not row_errors:
            values[row.key] = (asked, unreachable)
    return ParsedCounts(values, errors, unknown_insats, unknown_rows)


def unknown_row_message(key: str, insats_names: dict[int, str]) -> str:
    insats_id, group = key.split("-", 1)
    group_label = Group(group).label if group in Group.values else group
    return _("%(insats)s, %(group)s: raden finns inte i utdelningen för den här mätperioden.") % {
        "insats": insats_names.get(int(insats_id), insats_id),
        "group": group_label,
    }


class AddEntriesForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Antal nya rader"),
        min_value=1,
        max_value=MAX_ENTRIES_PER_ADD,
        initial=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=gettext_lazy(
            "Raderna numreras automatiskt i tur och ordning. Skriv löpnumret på enkäten som "
            "lämnas ut."
        ),
    )
    handed_out_on = forms.DateField(
        label=gettext_lazy("Utdelad (datum)"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Frivilligt. Kan ändras per rad efteråt."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("Antal rader måste vara ett heltal mellan 1 och %(max)s.") % {
            "max": MAX_ENTRIES_PER_ADD
        }
        self.fields["count"].error_messages.update(
            {"required": message, "invalid": message, "min_value": message, "max_value": message}
        )
        self.fields["handed_out_on"].error_messages["invalid"] = _(
            "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-09-15."
        )


def _parse_date(raw: str) -> datetime.date | None:
    text = (raw or "").strip()
    if not text:
        return None
    return datetime.date.fromisoformat(text)


def parse_entries(data, entries: list[DistributionEntry]):
    """Read the list's `pseudonym-<id>`, `handed_out_on-<id>` and `unreachable-<id>` fields.

    Returns (changes for the service, errors naming the row). Entries without posted fields
    (e.g. added in another window meanwhile) are left as they are.
    """
    changes = []
    errors = []
    for entry in entries:
        if f"pseudonym-{entry.pk}" not in data:
            continue
        try:
            handed_out_on = _parse_date(data.get(f"handed_out_on-{entry.pk}", ""))
        except ValueError:
            errors.append(
                _("Rad %(row)s: skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-09-15.")
                % {"row": entry.pseudonym}
            )
            continue
        changes.append(
            (
                entry,
                {
                    "pseudonym": data.get(f"pseudonym-{entry.pk}", ""),
                    "handed_out_on": handed_out_on,
                    "unreachable": data.get(f"unreachable-{entry.pk}") == "on",
                },
            )
        )
    return changes, errors
