"""One-time codes: issuing, handing out, voiding, and marking a code used when its form comes back.

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I): 32 symbols, so 40
bits of randomness from `secrets`. Each code is a row of the distribution list (a
DistributionEntry), so issued codes are the distribution list: asked = codes not voided,
unreachable = codes marked unreachable, and the Distribution's counts follow live.

A code can be used once, on the web or on paper. Using it is a conditional UPDATE (`... WHERE
code = %s AND NOT used AND NOT voided`) in the same transaction as the stored response, so
double clicks, reloads and parallel requests store exactly one response. The code keeps only
that it was used, never when; the response has no link back to it.

Open links (OpenLink) let anyone holding the link answer, e.g. on a tablet in the activity room;
the förbund then enters the asked count by hand.
"""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.fieldwork.integrity import distribution_guard, place_guard
from matpunkt.fieldwork.locks import ensure_open
from matpunkt.fieldwork.models import Distribution, DistributionEntry, OpenLink, Period
from matpunkt.fieldwork.services import _recount, next_list_number
from matpunkt.instrument.models import Group, Variant
from matpunkt.instrument.selectors import QuestionnaireSpec, questionnaire_spec
from matpunkt.organisations.models import Insats
from matpunkt.organisations.permissions import require_register

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
# Most codes issued at once.
MAX_CODES_PER_ISSUE = 1000
# The public path of a code's questionnaire: short, so that it can be typed from paper.
CODE_PATH = "/e/"
OPEN_LINK_PATH = "/o/"


def new_code() -> str:
    """A random code: 8 symbols from a 32-symbol alphabet (40 bits), from the OS's CSPRNG."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """A code as typed (any case, with spaces or hyphens) in its stored form."""
    return "".join(ch for ch in (raw or "").upper() if ch not in " -\t")


def is_code_shaped(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)


def public_base_url(request=None) -> str:
    """The site address that links start with: the setting, else the request's own host."""
    configured = getattr(settings, "MATPUNKT_PUBLIC_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return ""


def code_link(code: str, *, base_url: str) -> str:
    """The short link that opens the web questionnaire of a code, e.g. https://host/e/ABCD2345."""
    return f"{base_url}{CODE_PATH}{code}"


def open_link_url(link: OpenLink, *, base_url: str) -> str:
    return f"{base_url}{OPEN_LINK_PATH}{link.token}"


def qr_svg(link: str) -> str:
    """An SVG QR code of a link (error correction M, so a smudged print still scans)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title=link
    )
    return buffer.getvalue().decode("utf-8")


# Status --------------------------------------------------------------------------------------


class CodeStatus:
    NOT_HANDED_OUT = "ej_utdelad"
    HANDED_OUT = "utdelad"
    USED = "anvand"
    VOIDED = "makulerad"
    UNREACHABLE = "ej_nabar"


def status_of(entry: DistributionEntry) -> str:
    """One status per code; voided and used win over the fieldwork marks."""
    if entry.voided:
        return CodeStatus.VOIDED
    if entry.used:
        return CodeStatus.USED
    if entry.unreachable:
        return CodeStatus.UNREACHABLE
    if entry.handed_out_on is not None:
        return CodeStatus.HANDED_OUT
    return CodeStatus.NOT_HANDED_OUT


def status_labels() -> dict[str, str]:
    return {
        CodeStatus.NOT_HANDED_OUT: _("Ej utdelad"),
        CodeStatus.HANDED_OUT: _("Utdelad"),
        CodeStatus.USED: _("Använd"),
        CodeStatus.VOIDED: _("Makulerad"),
        CodeStatus.UNREACHABLE: _("Ej nåbar"),
    }


@dataclass(frozen=True)
class CodeCounts:
    """How many codes of a distribution are in each state."""

    issued: int
    used: int
    voided: int
    unreachable: int
    handed_out: int

    @property
    def active(self) -> int:
        return self.issued - self.voided


def code_counts(distribution: Distribution | None) -> CodeCounts:
    if distribution is None or distribution.pk is None:
        return CodeCounts(0, 0, 0, 0, 0)
    figures = DistributionEntry.objects.filter(
        distribution=distribution, code__isnull=False
    ).aggregate(
        n_issued=Count("pk"),
        n_used=Count("pk", filter=Q(used=True)),
        n_voided=Count("pk", filter=Q(voided=True)),
        n_unreachable=Count("pk", filter=Q(unreachable=True, voided=False)),
        n_handed_out=Count("pk", filter=Q(handed_out_on__isnull=False, voided=False)),
    )
    return CodeCounts(**{name[2:]: value for name, value in figures.items()})


# Issuing -------------------------------------------------------------------------------------


def _check_scope(*, period: Period, group: str, variant: str) -> None:
    """The period's version must have a questionnaire for the group, in that variant."""
    if group not in Group.values:
        raise ValidationError(
            {"group": _("Okänd respondentgrupp ”%(group)s”.") % {"group": group}}, code="group"
        )
    spec = questionnaire_spec(period.version, group)
    if spec is None:
        raise ValidationError(
            {
                "group": _("Mätperiodens instrumentversion har ingen enkät för gruppen %(group)s.")
                % {"group": Group(group).label}
            },
            code="group",
        )
    if variant not in Variant.values:
        raise ValidationError(
            {"variant": _("Välj variant: med eller utan variabeln kön.")}, code="variant"
        )
    if variant == Variant.MED_KON and not spec.has_gender_variant:
        raise ValidationError(
            {
                "variant": _("Enkäten för gruppen %(group)s har ingen variant med kön.")
                % {"group": Group(group).label}
            },
            code="variant",
        )


def _unique_codes(count: int) -> list[str]:
    """`count` fresh codes that no entry has yet. Collisions are astronomically rare (40 bits)
    but checked all the same; the unique constraint guards against a parallel issue."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_code() for _ in range(count - len(codes))}
        taken = set(
            DistributionEntry.objects.filter(code__in=wanted).values_list("code", flat=True)
        )
        codes |= wanted - taken
    return sorted(codes, key=lambda _code: secrets.randbits(32))


def ensure_collecting(period: Period, today: datetime.date | None = None) -> None:
    """Codes and open links are made only while the period collects answers (has not ended)."""
    if not period.is_collecting(today or timezone.localdate()):
        raise ValidationError(
            _(
                "Mätperiod %(period)s slutade %(date)s. Koder och öppna länkar kan bara skapas "
                "medan mätperioden pågår."
            )
            % {"period": period.label, "date": period.ends_on.isoformat()},
            code="period_ended",
        )


def _active_open_links(insats: Insats, period: Period, group: str):
    return OpenLink.objects.filter(insats=insats, period=period, group=group, active=True)


@transaction.atomic
def codes_issue(
    *,
    actor,
    insats: Insats,
    period: Period,
    group: str,
    variant: str,
    count: int,
    handed_out_on: datetime.date | None = None,
) -> list[DistributionEntry]:
    """Issue `count` one-time codes for an insats, period, group and variant.

    Each code becomes a numbered row of the distribution list. A code counts as asked once it is
    handed out (or used, or marked unreachable), never by being made. Counts entered for the
    place stay in force until someone chooses to count from the list; a place without entered
    counts counts from its list. Refused after the period has ended, and while the group has an
    open link: its asked count is entered by hand.
    """
    require_register(actor, insats.forbund_id)
    ensure_open(forbund_id=insats.forbund_id, period_id=period.pk)
    ensure_collecting(period)
    _check_scope(period=period, group=group, variant=variant)
    if not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise ValidationError(
            {
                "count": _("Antal koder måste vara ett heltal mellan 1 och %(max)s.")
                % {"max": MAX_CODES_PER_ISSUE}
            },
            code="count",
        )
    if _active_open_links(insats, period, group).exists():
        raise ValidationError(
            _(
                "Gruppen har en öppen länk, och då anges antalet tillfrågade för hand. Stäng "
                "länken innan ni delar ut koder."
            ),
            code="open_link",
        )
    distribution, _created = Distribution.objects.select_for_update().get_or_create(
        insats=insats, period=period, group=group
    )
    before = {
        "asked": distribution.asked,
        "unreachable": distribution.unreachable,
        "from_list": distribution.from_list,
    }
    first = next_list_number(distribution)
    for _attempt in range(3):
        entries = [
            DistributionEntry(
                distribution=distribution,
                pseudonym=str(number),
                handed_out_on=handed_out_on,
                code=code,
                variant=variant,
            )
            for number, code in zip(range(first, first + count), _unique_codes(count), strict=True)
        ]
        try:
            with transaction.atomic():
                DistributionEntry.objects.bulk_create(entries)
        except IntegrityError:
            continue  # a parallel issue took one of the codes: draw again
        break
    else:  # pragma: no cover - needs three collisions in a row
        raise ValidationError(_("Koderna kunde inte skapas. Försök igen."), code="collision")
    _recount(distribution)
    audit.record(
        actor=actor,
        action="codes.issue",
        obj=distribution,
        forbund=insats.forbund,
        before=before,
        after={
            "asked": distribution.asked,
            "unreachable": distribution.unreachable,
            "from_list": distribution.from_list,
            "variant": variant,
            "count": count,
            "rows": f"{entries[0].pseudonym}–{entries[-1].pseudonym}",
        },
    )
    return entries


# Handing out, unreachable, voiding -----------------------------------------------------------


class CodeAction:
    HAND_OUT = "utdelad"
    UNREACHABLE = "ej_nabar"
    REACHABLE = "nabar"
    VOID = "makulera"


ACTIONS = (CodeAction.HAND_OUT, CodeAction.UNREACHABLE, CodeAction.REACHABLE, CodeAction.VOID)


def _row(entry: DistributionEntry) -> str:
    return _("Kod nr %(row)s (%(code)s)") % {"row": entry.pseudonym, "code": entry.code}


def _refusal(entry: DistributionEntry, action: str) -> str | None:
    """Why an action cannot be applied to a code, or None when it can."""
    if entry.voided and action != CodeAction.VOID:
        return _("%(row)s är makulerad.") % {"row": _row(entry)}
    if entry.used and action == CodeAction.VOID:
        return _("%(row)s är redan använd och kan inte makuleras.") % {"row": _row(entry)}
    if entry.used and action == CodeAction.UNREACHABLE:
        return _("%(row)s är använd: den som svarade gick att nå.") % {"row": _row(entry)}
    return None


@transaction.atomic
def codes_mark(
    *,
    actor,
    distribution: Distribution,
    entry_ids: list[int],
    action: str,
    on: datetime.date | None = None,
) -> int:
    """Apply one action to chosen codes of a distribution, all or nothing; returns how many changed.

    Actions: hand out (dated `on`, default today), unreachable, reachable again, void. A voided
    code is no longer counted as asked and can no longer be used; voiding cannot be undone.
    """
    require_register(actor, distribution.insats.forbund_id)
    ensure_open(forbund_id=distribution.insats.forbund_id, period_id=distribution.period_id)
    if action not in ACTIONS:
        raise ValidationError(_("Okänd åtgärd."), code="action")
    if not entry_ids:
        raise ValidationError(_("Välj minst en kod."), code="none_chosen")
    entries = list(
        DistributionEntry.objects.select_for_update()
        .filter(distribution=distribution, code__isnull=False, pk__in=entry_ids)
        .order_by("pk")
    )
    if len(entries) != len(set(entry_ids)):
        raise ValidationError(_("Någon av de valda koderna finns inte i listan."), code="unknown")
    errors = [message for entry in entries if (message := _refusal(entry, action))]
    if errors:
        raise ValidationError(errors)
    on = on or timezone.localdate()
    changed = []
    for entry in entries:
        if action == CodeAction.HAND_OUT and entry.handed_out_on is None:
            entry.handed_out_on = on
        elif action == CodeAction.UNREACHABLE and not entry.unreachable:
            entry.unreachable = True
        elif action == CodeAction.REACHABLE and entry.unreachable:
            entry.unreachable = False
        elif action == CodeAction.VOID and not entry.voided:
            entry.voided = True
        else:
            continue
        changed.append(entry)
    if not changed:
        return 0
    before = {"asked": distribution.asked, "unreachable": distribution.unreachable}
    with distribution_guard(distribution):
        DistributionEntry.objects.bulk_update(changed, ["handed_out_on", "unreachable", "voided"])
        _recount(distribution)
    audit.record(
        actor=actor,
        action=f"codes.{action}",
        obj=distribution,
        forbund=distribution.insats.forbund,
        before=before,
        after={
            "asked": distribution.asked,
            "unreachable": distribution.unreachable,
            "rows": [entry.pseudonym for entry in changed],
            **({"on": on.isoformat()} if action == CodeAction.HAND_OUT else {}),
        },
    )
    return len(changed)


# Using a code --------------------------------------------------------------------------------


class CodeState:
    """What became of an attempt to use a code."""

    USED_NOW = "used_now"
    ALREADY_USED = "already_used"
    VOIDED = "voided"
    UNKNOWN = "unknown"


def code_entry(code: str) -> DistributionEntry | None:
    """The code's row with what a questionnaire needs (insats, förbund, period, version)."""
    if not is_code_shaped(code):
        return None
    # get() rather than first(): no ORDER BY over the model's ordering and its joins.
    try:
        return DistributionEntry.objects.select_related(
            "distribution__insats__forbund", "distribution__period__version"
        ).get(code=code)
    except DistributionEntry.DoesNotExist:
        return None


@dataclass(frozen=True)
class CodeScope:
    """What storing a code's questionnaire needs, read in one lean query (ids, no models)."""

    code: str
    variant: str
    used: bool
    voided: bool
    insats_id: int
    forbund_id: int
    period_id: int
    group: str
    version_id: int
    version_hash: str
    version_loaded_at: datetime.datetime

    @property
    def insats(self) -> Insats:
        """An unsaved stand-in holding the keys, enough to store a response against."""
        return Insats(pk=self.insats_id, forbund_id=self.forbund_id)

    @property
    def period(self) -> Period:
        return Period(pk=self.period_id, version_id=self.version_id)


_SCOPE_FIELDS = (
    "code",
    "variant",
    "used",
    "voided",
    "distribution__insats_id",
    "distribution__insats__forbund_id",
    "distribution__period_id",
    "distribution__group",
    "distribution__period__version_id",
    "distribution__period__version__content_hash",
    "distribution__period__version__loaded_at",
)


def code_scope(code: str) -> CodeScope | None:
    """The code's scope for a submission, or None for an unknown code. One query selecting
    eleven columns: the path every web submission takes, so it is kept lean."""
    if not is_code_shaped(code):
        return None
    rows = list(
        DistributionEntry.objects.filter(code=code).order_by().values_list(*_SCOPE_FIELDS)[:1]
    )
    if not rows:
        return None
    return CodeScope(*rows[0])


def code_use(*, code: str) -> str:
    """Mark a code used if it is neither used nor voided; returns a CodeState.

    Must run inside the transaction that stores the response: the conditional UPDATE takes the
    row, so of parallel attempts exactly one sees 1 row updated and the others 0. An answer
    proves that the person was reached: a code marked unreachable stops being so when it is
    used, and a used code counts as asked even if nobody marked it handed out. The place's
    counts are put right in the same transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("code_use must run in the transaction that stores the response.")
    # The row lock makes parallel attempts wait here and then see the code used; what the code
    # counted as before (DistributionEntry.counted_q) gives the change of the place's counts,
    # so a list of thousands of codes is not counted again on every answer.
    before = (
        DistributionEntry.objects.select_for_update()
        .filter(code=code)
        .annotate(
            counted=Case(
                When(DistributionEntry.counted_q(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values_list("distribution_id", "used", "voided", "unreachable", "counted")
        .first()
    )
    if before is None:
        return CodeState.UNKNOWN
    distribution_id, used, voided, was_unreachable, was_counted = before
    if voided:
        return CodeState.VOIDED
    if used:
        return CodeState.ALREADY_USED
    updated = DistributionEntry.objects.filter(code=code, used=False, voided=False).update(
        used=True, unreachable=False
    )
    if not updated:
        return CodeState.ALREADY_USED
    asked, unreachable = (0 if was_counted else 1), (1 if was_unreachable else 0)
    if asked or unreachable:
        Distribution.objects.filter(pk=distribution_id, from_list=True).update(
            asked=F("asked") + asked, unreachable=F("unreachable") - unreachable
        )
    return CodeState.USED_NOW


def code_use_for_paper(
    *,
    actor,
    code: str,
    insats: Insats,
    period: Period,
    group: str,
    variant: str,
) -> DistributionEntry:
    """Mark the code of a paper form used as the form is typed in (inside its transaction).

    Refuses, keyed to the field "code", a code that is unknown (or another förbund's), belongs to
    another insats, period, group or variant, is voided, or was used before.
    """
    require_register(actor, insats.forbund_id)
    code = normalise_code(code)
    entry = code_entry(code)
    if entry is None or entry.distribution.insats.forbund_id != insats.forbund_id:
        raise ValidationError(
            {
                "code": _("Det finns ingen kod %(code)s. Kontrollera koden på enkäten.")
                % {"code": code}
            },
            code="unknown_code",
        )
    distribution = entry.distribution
    if (distribution.insats_id, distribution.period_id, distribution.group) != (
        insats.pk,
        period.pk,
        group,
    ):
        raise ValidationError(
            {
                "code": _(
                    "Koden %(code)s hör till %(insats)s, %(group)s, mätperiod %(period)s: inte "
                    "till den här insatsen, gruppen och mätperioden."
                )
                % {
                    "code": code,
                    "insats": distribution.insats.name,
                    "group": Group(distribution.group).label,
                    "period": distribution.period.label,
                }
            },
            code="other_scope",
        )
    if entry.variant != variant:
        raise ValidationError(
            {
                "code": _(
                    "Koden %(code)s hör till varianten ”%(variant)s”. Byt variant och skriv in "
                    "enkäten där."
                )
                % {"code": code, "variant": Variant(entry.variant).label.lower()}
            },
            code="other_variant",
        )
    state = code_use(code=code)
    if state == CodeState.VOIDED:
        raise ValidationError(
            {
                "code": _("Koden %(code)s är makulerad och kan inte användas.") % {"code": code},
            },
            code="voided_code",
        )
    if state == CodeState.ALREADY_USED:
        raise ValidationError(
            {
                "code": _(
                    "Koden %(code)s är redan använd: enkäten är redan inskickad eller "
                    "registrerad och räknas inte två gånger."
                )
                % {"code": code}
            },
            code="used_code",
        )
    return entry


@transaction.atomic
def paper_response_register(
    *,
    actor,
    token,
    code: str,
    insats: Insats,
    period: Period,
    group: str,
    variant: str,
    kon: str = "",
    answers: dict[int, int | None],
    spec: QuestionnaireSpec | None = None,
):
    """Store a paper form typed in on the registration page and, when it has a code, mark the
    code used in the same transaction: a form is never counted twice, however it comes back.

    Returns None (storing nothing) when the same form was posted before; raises ValidationError
    keyed "code" when the code cannot be used, and then nothing is stored.
    """
    from matpunkt.responses.services import response_register

    with place_guard(insats=insats, period=period, group=group):
        response = response_register(
            actor=actor,
            token=token,
            insats=insats,
            period=period,
            group=group,
            variant=variant,
            kon=kon,
            answers=answers,
            spec=spec,
        )
        if response is not None and code:
            code_use_for_paper(
                actor=actor,
                code=code,
                insats=insats,
                period=period,
                group=group,
                variant=variant,
            )
    return response


# Open links ----------------------------------------------------------------------------------


def open_link_for_token(token: str) -> OpenLink | None:
    """The active open link with this token, with what a questionnaire needs."""
    if not token or len(token) > 43:
        return None
    try:
        return OpenLink.objects.select_related("insats__forbund", "period__version").get(
            token=token, active=True
        )
    except OpenLink.DoesNotExist:
        return None


@transaction.atomic
def open_link_create(
    *, actor, insats: Insats, period: Period, group: str, variant: str
) -> OpenLink:
    """Open a link for an insats, period, group and variant. Refused when the group has codes:
    the asked count of an open link is entered by hand, a code list counts itself. Refused
    after the period has ended."""
    require_register(actor, insats.forbund_id)
    ensure_open(forbund_id=insats.forbund_id, period_id=period.pk)
    ensure_collecting(period)
    _check_scope(period=period, group=group, variant=variant)
    has_codes = DistributionEntry.objects.filter(
        distribution__insats=insats,
        distribution__period=period,
        distribution__group=group,
        code__isnull=False,
        voided=False,
    ).exists()
    if has_codes:
        raise ValidationError(
            _(
                "Gruppen har utdelade koder, som räknar antalet tillfrågade. En öppen länk kan "
                "inte användas samtidigt: makulera koderna först eller dela ut fler koder."
            ),
            code="has_codes",
        )
    link = OpenLink.objects.create(
        insats=insats,
        period=period,
        group=group,
        variant=variant,
        token=secrets.token_urlsafe(16),
    )
    audit.record(
        actor=actor,
        action="open_link.create",
        obj=link,
        forbund=insats.forbund,
        after={"period": period.label, "group": group, "variant": variant},
    )
    return link


@transaction.atomic
def open_link_close(*, actor, link: OpenLink) -> OpenLink:
    """Close an open link: it can no longer be used. Answers already given are kept."""
    require_register(actor, link.insats.forbund_id)
    ensure_open(forbund_id=link.insats.forbund_id, period_id=link.period_id)
    if link.active:
        link.active = False
        link.save(update_fields=["active"])
        audit.record(
            actor=actor,
            action="open_link.close",
            obj=link,
            forbund=link.insats.forbund,
            before={"active": True},
            after={"active": False},
        )
    return link
