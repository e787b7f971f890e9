"""Releasing a period's national figures to förbund users (results.NationalRelease).

NNS administrators see the national figures of submitted data as they are; förbund users see
them only as NNS last released them, protected by disclosure control against their own
förbund's figures and against the period's earlier releases (`disclosure`, rules 4 and 5). A
release freezes the submitted counts of every förbund in it; it is never changed, and a new
release of the same period is weighed against every earlier one.
"""

import json
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.fieldwork.models import Period, Submission, SubmissionStatus
from matpunkt.instrument.selectors import QuestionnaireSpec, questionnaire_specs
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.organisations.permissions import require_manage
from matpunkt.results import counts, disclosure
from matpunkt.results.computation import class_vectors, results_from_counts, version_conditions
from matpunkt.results.counts import CountTable
from matpunkt.results.models import NationalRelease
from matpunkt.results.submission import submitted_counts

CACHE_VERSION = "1"
CACHE_SECONDS = 30 * 24 * 60 * 60


def _submitted(period: Period) -> list[list]:
    return [
        [forbund_id, submitted_at.isoformat()]
        for forbund_id, submitted_at in Submission.objects.filter(
            period=period, status=SubmissionStatus.SUBMITTED
        )
        .order_by("forbund_id")
        .values_list("forbund_id", "submitted_at")
    ]


def releases_of(period: Period) -> list[NationalRelease]:
    """The period's releases, oldest first."""
    return list(NationalRelease.objects.filter(period=period).order_by("number"))


def latest_release(period: Period) -> NationalRelease | None:
    return NationalRelease.objects.filter(period=period).order_by("-number").first()


def release_is_current(period: Period) -> bool:
    """Whether the latest release holds exactly the period's submitted data."""
    latest = latest_release(period)
    return latest is not None and latest.submissions == _submitted(period)


@dataclass(frozen=True)
class ReleaseState:
    """Where a period's release stands: the latest release and what has changed since it.

    `included` are the förbund a release made now would hold; `added`, `resubmitted` and
    `withdrawn` compare them with the latest release (a förbund that submitted for the first
    time, submitted again after a reopening, or is reopened and not submitted again). Each is a
    list of förbund names, by name.
    """

    period: Period
    releases: list[NationalRelease]
    included: list[str]
    added: list[str]
    resubmitted: list[str]
    withdrawn: list[str]

    @property
    def latest(self) -> NationalRelease | None:
        return self.releases[-1] if self.releases else None

    @property
    def changed(self) -> int:
        """The number of förbund that submitted or were reopened since the latest release."""
        return len(self.added) + len(self.resubmitted) + len(self.withdrawn)

    @property
    def can_release(self) -> bool:
        return bool(self.included) and (self.latest is None or self.changed > 0)


def release_state(period: Period) -> ReleaseState:
    """The period's releases and what a release made now would change (for NNS's pages)."""
    releases = releases_of(period)
    now = dict(_submitted(period))
    before = {} if not releases else {int(f): at for f, at in releases[-1].submissions}
    names = dict(Forbund.objects.filter(pk__in=set(now) | set(before)).values_list("pk", "name"))

    def named(ids) -> list[str]:
        return sorted(names[forbund_id] for forbund_id in ids)

    return ReleaseState(
        period=period,
        releases=releases,
        included=named(now),
        added=named(set(now) - set(before)) if releases else [],
        resubmitted=named(f for f in set(now) & set(before) if now[f] != before[f]),
        withdrawn=named(set(before) - set(now)),
    )


@transaction.atomic
def release_create(*, actor, period: Period, note: str = "") -> NationalRelease:
    """Release the period's national figures, as submitted now, to förbund users. NNS only;
    `actor` None is the command line (`matpunkt release`), run by NNS's operator.

    Refused when no förbund has submitted the period, when nothing was submitted or reopened
    since the latest release (the same figures again), and for a new release without a note
    saying why.
    """
    if actor is not None:
        require_manage(actor, None)
    # One release at a time per period: the number is taken under the period's row lock.
    Period.objects.select_for_update().get(pk=period.pk)
    submitted = _submitted(period)
    if not submitted:
        raise ValidationError(
            _("Inget förbund har lämnat in data för mätperiod %(period)s ännu.")
            % {"period": period.label},
            code="nothing_submitted",
        )
    latest = latest_release(period)
    if latest is not None and latest.submissions == submitted:
        raise ValidationError(
            _(
                "Riksresultaten för mätperiod %(period)s är redan publicerade med samma "
                "inlämningar. Inget förbund har lämnat in eller öppnats igen sedan dess."
            )
            % {"period": period.label},
            code="unchanged",
        )
    if latest is not None and not note.strip():
        raise ValidationError(
            {
                "note": ValidationError(
                    _(
                        "Skriv varför mätperiod %(period)s publiceras igen, t.ex. vilket förbund "
                        "som har rättat sina data."
                    )
                    % {"period": period.label},
                    code="note_required",
                )
            }
        )
    table = submitted_counts(period=period)
    release = NationalRelease(
        period=period,
        number=1 if latest is None else latest.number + 1,
        released_by=actor if actor is not None and actor.is_authenticated else None,
        note=note.strip(),
        tables=json.dumps(
            {
                str(forbund_id): counts.freeze(own)
                for forbund_id, own in counts.forbund_tables(table).items()
            },
            separators=(",", ":"),
        ),
        submissions=submitted,
    )
    release.full_clean()
    release.save()
    audit.record(
        actor=actor,
        action="release.create",
        obj=release,
        after={
            "period": period.label,
            "number": release.number,
            "forbund": [forbund_id for forbund_id, _at in submitted],
            "note": release.note,
        },
    )
    return release


# Reading a release --------------------------------------------------------------------------------


def release_tables(
    release: NationalRelease, specs: dict[str, QuestionnaireSpec] | None = None
) -> dict[int, CountTable]:
    """Each förbund's count table in the release, as submitted."""
    period = release.period
    specs = counts.usable_specs(questionnaire_specs(period.version) if specs is None else specs)
    columns = {name: index for index, name in enumerate(counts.count_columns(specs))}
    data = release.data
    insatser = counts.insats_info(Insats.objects.filter(forbund_id__in=list(data)))
    tables = {}
    for forbund_id, frozen in data.items():
        cells, distribution = counts.thaw(frozen, columns)
        tables[forbund_id] = counts.assembled(
            period=period,
            specs=specs,
            insatser={pk: i for pk, i in insatser.items() if i.forbund_id == forbund_id},
            cells=cells,
            distribution=distribution,
        )
    return tables


def release_table(
    release: NationalRelease,
    specs: dict[str, QuestionnaireSpec] | None = None,
    tables: dict[int, CountTable] | None = None,
) -> CountTable:
    """The national count table of the release (made of its förbund tables, when the caller
    has thawed them already)."""
    if tables is None:
        tables = release_tables(release, specs)
    first = next(iter(tables.values()))
    return counts.assembled(
        period=release.period,
        specs=first.specs,
        insatser={pk: info for table in tables.values() for pk, info in table.insatser.items()},
        cells=[cell for table in tables.values() for cell in table.cells],
        distribution={
            key: value for table in tables.values() for key, value in table.distribution.items()
        },
    )


def _protected(releases: list[NationalRelease], specs, k: int) -> list[dict]:
    """Every release's results as förbund users see them, oldest first: each protected against
    the förbund's own figures and against the releases before it."""
    conditions = version_conditions(specs)
    seen: list[tuple[set, dict]] = []
    protected = []
    for release in releases:
        tables = release_tables(release, specs)
        national = release_table(release, specs, tables)
        cells = {forbund_id: class_vectors(table) for forbund_id, table in tables.items()}
        results = disclosure.protect_national(
            results_from_counts(national, min_cell=k),
            cells,
            k=k,
            conditions=conditions,
            earlier_releases=seen,
            public=_public_in_open_data(releases[: len(protected)], cells, specs, k),
        )
        seen.append((disclosure.shown_cells(results), cells))
        protected.append(results)
    return protected


def _public_in_open_data(earlier: list[NationalRelease], cells, specs, k: int) -> dict[int, set]:
    """The förbund figures that open data of an earlier release listed with the same answers
    as now: anyone can subtract them from the nation."""
    from matpunkt.results import open_data  # open data is built on releases

    return open_data.public_figures(open_data.release_history(earlier, specs, k), cells)


def released_results(
    period: Period,
    *,
    k: int,
    specs: dict[str, QuestionnaireSpec] | None = None,
    release: NationalRelease | None = None,
) -> dict | None:
    """The period's national results as förbund users see them: the latest release (or the
    given one, as it was seen then), protected. None before the first release. Kept in
    Django's cache (releases never change)."""
    releases = releases_of(period)
    if release is not None:
        releases = [r for r in releases if r.number <= release.number]
    if not releases:
        return None
    key = ":".join(
        (
            "matpunkt:released-results",
            CACHE_VERSION,
            str(period.pk),
            ",".join(str(r.pk) for r in releases),
            str(k),
            get_language() or "",
        )
    )
    results = cache.get(key)
    if results is None:
        specs = counts.usable_specs(questionnaire_specs(period.version) if specs is None else specs)
        results = _protected(releases, specs, k)[-1]
        cache.set(key, results, timeout=CACHE_SECONDS)
    return results
