"""What open data (Kolada) publishes of a period: its latest release, protected by rule 6.

Open data lists the nation beside every förbund, so they are read together: the nation is what
förbund users see (`releases.released_results`), each förbund's figures are its own results in
the same release (rules 1–3), and `disclosure.protect_open_data` leaves out whatever "the nation
minus the listed förbund" would give away. A period not released is not published at all.
The spread between förbund (`trends.forbund_spread`) counts the förbund listed here as known.
"""

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from matpunkt.fieldwork.models import Period
from matpunkt.instrument.selectors import QuestionnaireSpec, questionnaire_specs
from matpunkt.results import counts, disclosure
from matpunkt.results.computation import class_vectors, results_from_counts, version_conditions
from matpunkt.results.models import NationalRelease
from matpunkt.results.releases import latest_release, release_tables, released_results

CACHE_VERSION = "1"
CACHE_SECONDS = 30 * 24 * 60 * 60


@dataclass(frozen=True)
class Listing:
    """The cells open data lists of a period: the nation's and each förbund's, as
    ((group, question code), class) with class "total", "women", "men" or "other"."""

    nation: frozenset
    forbund: dict[int, frozenset]

    def lists(self, forbund_id: int | None, group: str, code: str, cls: str = "total") -> bool:
        """Whether the figure is listed; `forbund_id` None for the nation."""
        cells = self.nation if forbund_id is None else self.forbund.get(forbund_id, frozenset())
        return ((group, code), cls) in cells


@dataclass(frozen=True)
class OpenData:
    """A period's open data: the nation's results and each förbund's, and what may be listed."""

    period: Period
    specs: dict[str, QuestionnaireSpec]
    nation: dict[str, Any]
    forbund: dict[int, dict[str, Any]]
    listing: Listing


def _specs(period: Period, specs) -> dict[str, QuestionnaireSpec]:
    return counts.usable_specs(questionnaire_specs(period.version) if specs is None else specs)


def _build(period: Period, release: NationalRelease, specs, k: int) -> OpenData:
    tables = release_tables(release, specs)
    forbund = {
        forbund_id: results_from_counts(table, min_cell=k) for forbund_id, table in tables.items()
    }
    vectors = {forbund_id: class_vectors(table) for forbund_id, table in tables.items()}
    nation = released_results(period, k=k, specs=specs, release=release)
    shown = {forbund_id: disclosure.shown_cells(results) for forbund_id, results in forbund.items()}
    history = []
    for earlier in NationalRelease.objects.filter(period=period, number__lt=release.number):
        before = _listing(earlier, specs, k)
        earlier_vectors = {
            forbund_id: class_vectors(table)
            for forbund_id, table in release_tables(earlier, specs).items()
        }
        _drop_small_changes(shown, vectors, before, earlier_vectors, k)
        history.append((set(before.nation), earlier_vectors, before.forbund))
    fixed = _public_already(shown, vectors, history)
    if history:
        # A later release of the period lists no förbund figure that was not public already:
        # every new figure would be one more equation against each earlier release's nation,
        # and a förbund's changed figures side by side with its earlier ones give the change.
        shown = {forbund_id: set(fixed.get(forbund_id, ())) for forbund_id in shown}
    nation_cells, forbund_cells = disclosure.protect_open_data(
        vectors,
        shown,
        disclosure.shown_cells(nation),
        k=k,
        conditions=version_conditions(specs),
        fixed=fixed,
    )
    disclosure.protect_against_earlier(forbund_cells, vectors, history, k=k)
    listing = Listing(
        nation=frozenset(nation_cells),
        forbund={forbund_id: frozenset(cells) for forbund_id, cells in forbund_cells.items()},
    )
    cache.set(_cache_key(release, k), listing, timeout=CACHE_SECONDS)
    return OpenData(period=period, specs=specs, nation=nation, forbund=forbund, listing=listing)


def _drop_small_changes(shown, vectors, before: Listing, earlier_vectors, k: int) -> None:
    """Rule 5 for a förbund's own figures: a figure listed in an earlier release of the period
    is listed again only when it is unchanged or changed by at least K answers (gross), since
    the two listings side by side give the change."""
    for forbund_id, cells in shown.items():
        listed_before = before.forbund.get(forbund_id, frozenset())
        for key, cls in sorted(cells):
            if (key, cls) not in listed_before:
                continue
            old = earlier_vectors.get(forbund_id, {}).get(key, {}).get(cls)
            new = vectors[forbund_id][key][cls]
            change = sum(abs(a - b) for a, b in zip(new, old, strict=True)) if old else sum(new)
            if disclosure.small(change, k):
                hidden = disclosure.CLASSES if cls == "total" else disclosure.SPLIT
                cells.difference_update((key, c) for c in hidden)


def _public_already(shown, vectors, history) -> dict[int, set]:
    """The förbund figures an earlier release listed with the same answers as now: public
    whatever this release lists (and listed again, since they are)."""
    fixed: dict[int, set] = {}
    for _nation, earlier_vectors, listed in history:
        for forbund_id, cells in listed.items():
            for key, cls in cells:
                now = vectors.get(forbund_id, {}).get(key)
                if now is not None and earlier_vectors[forbund_id][key] == now:
                    fixed.setdefault(forbund_id, set()).add((key, cls))
    for forbund_id, cells in fixed.items():
        shown.setdefault(forbund_id, set()).update(cells)
    return fixed


def _cache_key(release: NationalRelease, k: int) -> str:
    return ":".join(("matpunkt:open-data", CACHE_VERSION, str(release.pk), str(k)))


def open_data(
    period: Period, *, k: int, specs: dict[str, QuestionnaireSpec] | None = None
) -> OpenData | None:
    """The period's open data from its latest release; None when it has not been released."""
    release = latest_release(period)
    if release is None:
        return None
    return _build(period, release, _specs(period, specs), k)


def open_data_listing(
    period: Period, *, k: int, specs: dict[str, QuestionnaireSpec] | None = None
) -> Listing | None:
    """What open data lists of the period (kept in Django's cache: releases never change);
    None when the period has not been released."""
    release = latest_release(period)
    if release is None:
        return None
    return _listing(release, _specs(period, specs), k)


def release_listing(release: NationalRelease, specs, k: int) -> Listing:
    """What open data listed (or lists) of a given release of a period."""
    return _listing(release, specs, k)


def _listing(release: NationalRelease, specs, k: int) -> Listing:
    listing = cache.get(_cache_key(release, k))
    if listing is None:
        listing = _build(release.period, release, specs, k).listing
    return listing
