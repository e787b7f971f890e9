"""Reading fieldwork data, already scoped to what the acting user may see."""

import re
from dataclasses import dataclass, field

from django.db.models import Count

from matpunkt.fieldwork.models import Distribution, DistributionEntry, Period
from matpunkt.instrument.models import Group, Questionnaire
from matpunkt.organisations.models import Forbund, Insats


@dataclass
class DistributionRow:
    """One insats and group in a period's distribution table, with what the page shows in it."""

    insats: Insats
    group: str
    distribution: Distribution | None
    asked_input: str = ""
    unreachable_input: str = ""
    errors: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.distribution is not None:
            self.asked_input = str(self.distribution.asked)
            self.unreachable_input = str(self.distribution.unreachable)

    @property
    def key(self) -> str:
        return f"{self.insats.pk}-{self.group}"

    @property
    def group_label(self) -> str:
        return Group(self.group).label

    @property
    def from_list(self) -> bool:
        return self.distribution is not None and self.distribution.from_list

    @property
    def has_list(self) -> bool:
        """The place keeps a list, whether or not its counts are the ones in force."""
        return self.distribution is not None and bool(getattr(self.distribution, "entry_count", 0))


@dataclass
class InsatsRows:
    insats: Insats
    rows: list[DistributionRow]


def newest_period() -> Period | None:
    return Period.objects.select_related("version").first()


def period_from_query(value) -> Period | None:
    """The period chosen in a filter (a primary key as text), or the newest one."""
    periods = Period.objects.select_related("version")
    try:
        chosen = periods.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        chosen = None
    return chosen or newest_period()


def distribution_rows(*, actor, period: Period, forbund: Forbund | None = None) -> list[InsatsRows]:
    """The rows of a period's distribution table, insats by insats.

    An insats shows the groups it surveys that the period's questionnaires cover, plus any group
    that already has counts. A finished insats shows only when it has counts in the period.
    """
    insatser = Insats.objects.for_user(actor).select_related("forbund")
    if forbund is not None:
        insatser = insatser.filter(forbund=forbund)
    insatser = list(insatser.order_by("forbund__name", "name"))
    distributions: dict[int, dict[str, Distribution]] = {}
    for distribution in Distribution.objects.filter(period=period, insats__in=insatser).annotate(
        entry_count=Count("entries")
    ):
        distributions.setdefault(distribution.insats_id, {})[distribution.group] = distribution
    version_groups = set(
        Questionnaire.objects.filter(version=period.version_id).values_list("group", flat=True)
    )
    result = []
    for insats in insatser:
        existing = distributions.get(insats.pk, {})
        if not insats.active and not existing:
            continue
        groups = [g for g in Group.values if g in insats.groups and g in version_groups]
        groups += [g for g in Group.values if g in existing and g not in groups]
        rows = [DistributionRow(insats, group, existing.get(group)) for group in groups]
        result.append(InsatsRows(insats, rows))
    return result


def _natural_key(entry: DistributionEntry):
    pseudonym = entry.pseudonym
    if re.fullmatch(r"\d+", pseudonym):
        return (0, int(pseudonym), "")
    return (1, 0, pseudonym.casefold())


def list_entries(distribution: Distribution | None) -> list[DistributionEntry]:
    """A distribution list's rows in natural order (2 before 10), codes after numbers."""
    if distribution is None:
        return []
    return sorted(distribution.entries.all(), key=_natural_key)


@dataclass(frozen=True)
class CountSource:
    """Which counts of a place are in force, and what the other way of counting would give."""

    distribution: Distribution | None
    from_list: bool
    entered_asked: int
    entered_unreachable: int
    list_entries: int
    list_asked: int
    list_unreachable: int

    @property
    def can_switch(self) -> bool:
        """A choice exists once the place has a list: its counts or the entered ones."""
        return self.list_entries > 0


def count_source(distribution: Distribution | None) -> CountSource:
    """The counts in force of a place and the alternative, for the pages that show them."""
    from matpunkt.fieldwork.services import list_counts

    found = list_counts(distribution)
    return CountSource(
        distribution=distribution,
        from_list=bool(distribution and distribution.from_list),
        entered_asked=distribution.entered_asked if distribution else 0,
        entered_unreachable=distribution.entered_unreachable if distribution else 0,
        list_entries=found.entries,
        list_asked=found.asked,
        list_unreachable=found.unreachable,
    )


def place_has_codes(*, insats: Insats, period: Period, group: str, variant: str) -> bool:
    """Whether the forms of an insats, period, group and variant carry one-time codes: some code
    issued for them is not voided. The registration page then asks for the code first."""
    return DistributionEntry.objects.filter(
        distribution__insats=insats,
        distribution__period=period,
        distribution__group=group,
        variant=variant,
        code__isnull=False,
        voided=False,
    ).exists()
