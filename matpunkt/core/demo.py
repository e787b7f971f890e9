"""Demo data: three fictional förbund with insatser, periods, distribution, responses and users.

Everything follows from a fixed seed, so the demo is the same on every machine, and loading is
idempotent: what already exists (matched by name, label or cell) is left as it is, so a second run
creates nothing. The förbund, places and people are invented; the phone numbers are from the range
that PTS reserves for fiction.
"""

import datetime
import hashlib
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext as _

from matpunkt.fieldwork.models import Distribution, DistributionEntry, Period
from matpunkt.instrument.models import Group, InstrumentVersion, Kon, Variant
from matpunkt.instrument.selectors import QuestionnaireSpec, QuestionSpec, questionnaire_spec
from matpunkt.organisations.models import Forbund, Insats, Membership, Orientation, Role
from matpunkt.responses.models import ImportBatch, Response, Source

SEED = "matpunkt-demo-1"
DEMO_URL = "http://127.0.0.1:8000/"

P = Group.DELTAGARE_PAGAENDE
A = Group.DELTAGARE_AVSLUT
PERS = Group.PERSONAL
STY = Group.STYRELSE
CHEF = Group.CHEFSGRUPP


@dataclass(frozen=True)
class PeriodPlan:
    label: str
    version_code: str
    starts_on: datetime.date
    ends_on: datetime.date
    # Shifts every answer: later periods are a little more positive, so the demo shows a trend.
    mood: float


@dataclass(frozen=True)
class InsatsPlan:
    name: str
    orientation: str
    # Questionnaires handed out per group in a typical period.
    asked: dict[str, int]
    periods: tuple[str, ...] = ("2023", "2024")
    variant: str = Variant.UTAN_KON
    # A distribution list with löpnummer instead of counts typed in by hand.
    from_list: bool = False
    # Forms (per period) where F9 is answered although F8 is Nej: a data-quality note.
    f9_despite_no: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ForbundPlan:
    name: str
    members: tuple[str, ...]
    agreement_since: datetime.date
    contact_name: str
    contact_phone: str
    contact_email: str
    source: str
    insatser: tuple[InsatsPlan, ...]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    forbund: str | None
    first_name: str
    last_name: str


@dataclass
class DemoSummary:
    """What one run of `load_demo` created; zeros on a second run."""

    forbund: int = 0
    insatser: int = 0
    periods: int = 0
    distributions: int = 0
    forms: int = 0
    users: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


PERIODS = (
    PeriodPlan("2017", "2017", datetime.date(2017, 9, 1), datetime.date(2017, 11, 30), -0.35),
    PeriodPlan("2023", "2021", datetime.date(2023, 9, 1), datetime.date(2023, 11, 30), 0.0),
    PeriodPlan("2024", "2021", datetime.date(2024, 9, 2), datetime.date(2024, 11, 29), 0.25),
)
# A coming period with nothing in it yet: codes and open links are made only for a period that has
# not ended, so the demo has one to hand out codes in and walk through a period from the start.
UPCOMING = PeriodPlan("2027", "2021", datetime.date(2027, 9, 1), datetime.date(2027, 11, 30), 0.0)

ALVDALEN = "Samordningsförbundet Älvdalen"
SJOBYGDEN = "Samordningsförbundet Sjöbygden"
NORRSKOGEN = "Samordningsförbundet Norrskogen"

FORBUND = (
    ForbundPlan(
        name=ALVDALEN,
        members=(
            "Arbetsförmedlingen",
            "Försäkringskassan",
            "Region Älvland",
            "Älvby kommun",
            "Forsnäs kommun",
        ),
        agreement_since=datetime.date(2016, 1, 1),
        contact_name="Maja Lindqvist",
        contact_phone="070-174 06 05",
        contact_email="maja.lindqvist@example.org",
        source=Source.PAPER,
        insatser=(
            InsatsPlan(
                "Steg för steg",
                Orientation.INDIVIDUAL,
                {P: 34, A: 22, PERS: 9},
                periods=("2017", "2023", "2024"),
                variant=Variant.MED_KON,
                f9_despite_no={"2024": 2},
            ),
            InsatsPlan(
                "Vägen till arbete",
                Orientation.INDIVIDUAL,
                {P: 28, A: 16, PERS: 7},
                periods=("2017", "2023", "2024"),
            ),
            InsatsPlan(
                "Samverkan i Älvland",
                Orientation.STRUCTURAL,
                {PERS: 10, STY: 9, CHEF: 8},
                periods=("2017", "2023", "2024"),
            ),
            # Small on purpose: fewer than K answers, so shares are shown as "–".
            InsatsPlan(
                "Unga vuxna i fokus",
                Orientation.INDIVIDUAL,
                {P: 5},
                from_list=True,
            ),
        ),
    ),
    ForbundPlan(
        name=SJOBYGDEN,
        members=(
            "Arbetsförmedlingen",
            "Försäkringskassan",
            "Region Sjöland",
            "Sjöby kommun",
        ),
        agreement_since=datetime.date(2019, 1, 1),
        contact_name="Omar Haddad",
        contact_phone="070-174 06 17",
        contact_email="omar.haddad@example.org",
        source=Source.IMPORT,
        insatser=(
            InsatsPlan(
                "Arbetslivsintroduktion",
                Orientation.INDIVIDUAL,
                {P: 30, A: 18, PERS: 8},
                variant=Variant.MED_KON,
            ),
            InsatsPlan("Hälsa och arbete", Orientation.INDIVIDUAL, {P: 24, A: 14}),
            InsatsPlan("Gemensam styrning", Orientation.STRUCTURAL, {STY: 10, CHEF: 9}),
        ),
    ),
    ForbundPlan(
        name=NORRSKOGEN,
        members=(
            "Arbetsförmedlingen",
            "Försäkringskassan",
            "Region Norrmark",
            "Skogsby kommun",
            "Tallnäs kommun",
            "Myrviken kommun",
        ),
        agreement_since=datetime.date(2021, 7, 1),
        contact_name="Elin Nilsson",
        contact_phone="070-174 06 42",
        contact_email="elin.nilsson@example.org",
        source=Source.PAPER,
        insatser=(
            InsatsPlan(
                "Nya vägar",
                Orientation.INDIVIDUAL,
                {P: 32, A: 20, PERS: 8},
                variant=Variant.MED_KON,
            ),
            InsatsPlan("Kompetens i samverkan", Orientation.STRUCTURAL, {PERS: 12, CHEF: 7}),
        ),
    ),
)

LOGINS = (
    DemoLogin(Role.NNS_ADMIN, "nns", "demo-nns-2024", None, "Nils", "Nationell"),
    DemoLogin(
        Role.FORBUND_ADMIN, "alvdalen-admin", "demo-admin-2024", ALVDALEN, "Maja", "Lindqvist"
    ),
    DemoLogin(
        Role.REGISTRAR, "alvdalen-registrerare", "demo-registrar-2024", ALVDALEN, "Rut", "Berg"
    ),
    DemoLogin(Role.READER, "alvdalen-lasare", "demo-lasare-2024", ALVDALEN, "Lars", "Ek"),
    DemoLogin(Role.FORBUND_ADMIN, "sjobygden-admin", "demo-sjo-2024", SJOBYGDEN, "Omar", "Haddad"),
)


def load_demo() -> DemoSummary:
    """Create the demo, leaving everything that already exists untouched."""
    versions = {v.code: v for v in InstrumentVersion.objects.filter(code__in={"2017", "2021"})}
    if set(versions) != {"2017", "2021"}:
        raise ImproperlyConfigured(
            _("Instrumentet är inte inläst. Kör först: matpunkt migrate (eller load_instrument).")
        )
    summary = DemoSummary(logins=list(LOGINS))
    with transaction.atomic():
        periods = {plan.label: _period(plan, versions, summary) for plan in PERIODS}
        _period(UPCOMING, versions, summary)
        forbund = {plan.name: _forbund(plan, summary) for plan in FORBUND}
        users = {login.username: _user(login, forbund, summary) for login in LOGINS}
        importer = users["sjobygden-admin"]
        for plan in FORBUND:
            for insats_plan in plan.insatser:
                insats = _insats(forbund[plan.name], insats_plan, summary)
                for label in insats_plan.periods:
                    _fill_period(plan, insats_plan, insats, periods[label], importer, summary)
    return summary


def _period(plan: PeriodPlan, versions, summary: DemoSummary) -> Period:
    period, created = Period.objects.get_or_create(
        label=plan.label,
        defaults={
            "version": versions[plan.version_code],
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
        },
    )
    summary.periods += created
    return period


def _forbund(plan: ForbundPlan, summary: DemoSummary) -> Forbund:
    forbund, created = Forbund.objects.get_or_create(
        name=plan.name,
        defaults={
            "members": "\n".join(plan.members),
            "agreement_since": plan.agreement_since,
            "contact_name": plan.contact_name,
            "contact_role": _("Förbundschef"),
            "contact_phone": plan.contact_phone,
            "contact_email": plan.contact_email,
        },
    )
    summary.forbund += created
    return forbund


def _insats(forbund: Forbund, plan: InsatsPlan, summary: DemoSummary) -> Insats:
    insats, created = Insats.objects.get_or_create(
        forbund=forbund,
        name=plan.name,
        defaults={"orientation": plan.orientation, "groups": list(plan.asked)},
    )
    summary.insatser += created
    return insats


def _user(login: DemoLogin, forbund: dict[str, Forbund], summary: DemoSummary):
    """The demo user with its printed password, reset on every run so the printed login works."""
    user, created = get_user_model().objects.get_or_create(
        username=login.username,
        defaults={"first_name": login.first_name, "last_name": login.last_name},
    )
    user.set_password(login.password)
    user.is_active = True
    if login.role == Role.NNS_ADMIN:
        user.is_staff = user.is_superuser = True
    user.save()
    Membership.objects.update_or_create(
        user=user,
        defaults={
            "role": login.role,
            "forbund": forbund[login.forbund] if login.forbund else None,
        },
    )
    summary.users += created
    return user


def _fill_period(
    forbund_plan: ForbundPlan,
    plan: InsatsPlan,
    insats: Insats,
    period: Period,
    importer,
    summary: DemoSummary,
) -> None:
    """Distribution and returned forms for every group of one insats in one period."""
    period_plan = next(p for p in PERIODS if p.label == period.label)
    forms: list[Response] = []
    for group, typical in plan.asked.items():
        spec = questionnaire_spec(period.version, group)
        if spec is None:
            continue
        rng = random.Random(f"{SEED}|{forbund_plan.name}|{plan.name}|{period.label}|{group}")
        distribution, created = _distribution(rng, insats, period, group, typical, plan)
        summary.distributions += created
        if Response.objects.filter(insats=insats, period=period, group=group).exists():
            continue
        reached = distribution.asked - distribution.unreachable
        returned = round(reached * rng.uniform(0.72, 0.95))
        forms += _forms(
            rng,
            spec=spec,
            insats=insats,
            period=period,
            period_plan=period_plan,
            variant=plan.variant,
            count=returned,
            f9_despite_no=plan.f9_despite_no.get(period.label, 0),
            source=forbund_plan.source,
        )
    if not forms:
        return
    if forbund_plan.source == Source.IMPORT:
        batch = _import_batch(insats, period, importer, len(forms))
        for form in forms:
            form.import_batch = batch
    Response.objects.bulk_create(forms, batch_size=500)
    summary.forms += len(forms)


def _distribution(
    rng: random.Random, insats: Insats, period: Period, group: str, typical: int, plan: InsatsPlan
) -> tuple[Distribution, bool]:
    existing = Distribution.objects.filter(insats=insats, period=period, group=group).first()
    if existing is not None:
        return existing, False
    if plan.from_list:
        asked = typical
    else:
        asked = typical + (rng.randint(-3, 3) if typical > 12 else rng.randint(-1, 1))
    if plan.from_list:
        unreachable = 1  # the last person on the list could not be reached
    elif group in (P, A):
        unreachable = round(asked * rng.uniform(0.03, 0.12))
    else:
        unreachable = 0
    distribution = Distribution.objects.create(
        insats=insats,
        period=period,
        group=group,
        asked=asked,
        unreachable=unreachable,
        entered_asked=0 if plan.from_list else asked,
        entered_unreachable=0 if plan.from_list else unreachable,
        from_list=plan.from_list,
    )
    if plan.from_list:
        prefix = "".join(word[0] for word in plan.name.split()).upper()
        DistributionEntry.objects.bulk_create(
            DistributionEntry(
                distribution=distribution,
                pseudonym=f"{prefix}-{number:03d}",
                handed_out_on=period.starts_on + datetime.timedelta(days=7 + 3 * number),
                unreachable=number > asked - unreachable,
            )
            for number in range(1, asked + 1)
        )
    return distribution, True


def _import_batch(insats: Insats, period: Period, importer, row_count: int) -> ImportBatch:
    key = f"{SEED}|{insats.forbund.name}|{insats.name}|{period.label}"
    filename = "svar-{period}-{insats}.xlsx".format(
        period=period.label, insats=insats.name.lower().replace(" ", "-")
    )
    batch, _created = ImportBatch.objects.get_or_create(
        kind=ImportBatch.Kind.RESPONSES,
        content_hash=hashlib.sha256(key.encode()).hexdigest(),
        defaults={
            "filename": filename,
            "row_count": row_count,
            "forbund": insats.forbund,
            "imported_by": importer,
        },
    )
    return batch


def _forms(
    rng: random.Random,
    *,
    spec: QuestionnaireSpec,
    insats: Insats,
    period: Period,
    period_plan: PeriodPlan,
    variant: str,
    count: int,
    f9_despite_no: int,
    source: str,
) -> list[Response]:
    """`count` returned forms of one group: mostly positive, a few gaps and a few blank forms."""
    variant = variant if spec.has_gender_variant else Variant.UTAN_KON
    insats_rng = random.Random(f"{SEED}|{insats.forbund.name}|{insats.name}")
    mood = period_plan.mood + insats_rng.uniform(-0.3, 0.3)
    leanings = {
        q.number: random.Random(f"{SEED}|{q.measure_key}").uniform(-0.4, 0.3)
        for q in spec.questions
    }
    conditional = [q for q in spec.questions if q.condition_number]
    days = (period.ends_on - period.starts_on).days
    forms = []
    for index in range(count):
        blank = count >= 10 and rng.random() < 0.03
        answers = {} if blank else _answers(rng, spec, mood, leanings)
        if index < f9_despite_no and conditional:
            # Deliberate inconsistency: the respondent answered F8 Nej and F9 anyway.
            condition = spec.question(conditional[0].condition_number)
            answers[condition.number] = _no(condition).value
            answers[conditional[0].number] = _scale_answer(rng, conditional[0], mood)
        forms.append(
            Response(
                insats=insats,
                period=period,
                group=spec.group,
                variant=variant,
                kon=_kon(rng) if variant == Variant.MED_KON else "",
                source=source,
                recorded_on=period.starts_on + datetime.timedelta(days=rng.randint(10, days)),
                **{f"f{number}": value for number, value in answers.items()},
            )
        )
    return forms


def _answers(
    rng: random.Random, spec: QuestionnaireSpec, mood: float, leanings: dict[int, float]
) -> dict[int, int | None]:
    answers: dict[int, int | None] = {}
    for question in spec.questions:
        if question.condition_number and (
            answers.get(question.condition_number) != question.condition_value
        ):
            answers[question.number] = None
            continue
        if rng.random() < 0.04:
            answers[question.number] = None
            continue
        lean = mood + leanings[question.number]
        if question.is_yes_no:
            answer = _yes(question) if rng.random() < 0.75 + 0.15 * lean else _no(question)
            answers[question.number] = answer.value
        else:
            answers[question.number] = _scale_answer(rng, question, lean)
    return answers


def _scale_answer(rng: random.Random, question: QuestionSpec, lean: float) -> int:
    """An option of a six-point scale, centred on "För det mesta"."""
    options = sorted(question.options, key=lambda option: option.value)
    position = round(rng.gauss(5.0 + lean, 1.0))
    return options[min(max(position, 1), len(options)) - 1].value


def _yes(question: QuestionSpec):
    return next(option for option in question.options if option.is_positive)


def _no(question: QuestionSpec):
    return next(option for option in question.options if not option.is_positive)


def _kon(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.50:
        return Kon.KVINNA
    if draw < 0.88:
        return Kon.MAN
    if draw < 0.96:
        return Kon.EJ_UPPGETT
    return ""
