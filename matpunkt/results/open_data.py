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
    history = release_history(
        list(NationalRelease.objects.filter(period=period, number__lt=release.number)), specs, k
    )
    fixed = public_figures(history, vectors)
    for forbund_id, cells in fixed.items():
        shown.setdefault(forbund_id, set()).update(cells)
    if history:
        # A later release of the period lists no förbund figure that was not public already:
        # every new figure would be one more equation against each earlier release's nation,
        # and a förbund's changed figures side by side with its earlier ones give the change
        # (rule 5 for förbund rows).
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


def release_history(releases: list[NationalRelease], specs, k: int) -> list[tuple]:
    """What open data listed of each of these releases, with the release's counts: (nation
    listed, class vectors by förbund, förbund listed), in the releases' order."""
    history = []
    for release in releases:
        listing = _listing(release, specs, k)
        vectors = {
            forbund_id: class_vectors(table)
            for forbund_id, table in release_tables(release, specs).items()
        }
        history.append((set(listing.nation), vectors, listing.forbund))
    return history


def public_figures(history: list[tuple], vectors) -> dict[int, set]:
    """The förbund figures that open data of an earlier release listed with the same answers as
    `vectors` (the förbund's class vectors now): public, whatever is listed now."""
    public: dict[int, set] = {}
    for _nation, earlier_vectors, listed in history:
        for forbund_id, cells in listed.items():
            for key, cls in cells:
                now = vectors.get(forbund_id, {}).get(key)
                if now is not None and earlier_vectors[forbund_id][key] == now:
                    public.setdefault(forbund_id, set()).add((key, cls))
    return public


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


def _listing(release: NationalRelease, specs, k: int) -> Listing:
    listing = cache.get(_cache_key(release, k))
    if listing is None:
        listing = _build(release.period, release, specs, k).listing
    return listing
