"""Writing responses. Every write goes through these functions: validated, atomic, audited."""

import datetime
import hashlib
import json
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.core.validators import reject_contact_details, reject_personnummer
from matpunkt.fieldwork.integrity import place_guard
from matpunkt.fieldwork.locks import ensure_open
from matpunkt.instrument.models import Group, Kon, Variant
from matpunkt.instrument.selectors import QuestionnaireSpec, questionnaire_spec
from matpunkt.responses.models import (
    ANSWER_FIELDS,
    QUESTION_NUMBERS,
    RegistrationToken,
    Response,
    Source,
)


def validate_response_shape(
    *,
    spec: QuestionnaireSpec | None,
    group: str,
    variant: str,
    kon: str,
    answers: dict[int, int | None],
) -> None:
    """Check a response against its questionnaire; raise ValidationError naming the field."""
    errors: dict[str, str] = {}
    if group not in Group.values:
        errors["group"] = _("Okänd respondentgrupp ”%(group)s”.") % {"group": group}
    elif spec is None:
        errors["group"] = _(
            "Mätperiodens instrumentversion har ingen enkät för gruppen %(group)s."
        ) % {"group": group}
    if variant not in Variant.values:
        errors["variant"] = _("Variant måste vara med_kon eller utan_kon, inte ”%(v)s”.") % {
            "v": variant
        }
    elif spec is not None and variant == Variant.MED_KON and not spec.has_gender_variant:
        errors["variant"] = _("Enkäten för gruppen %(group)s har ingen variant med kön.") % {
            "group": group
        }
    if kon and kon not in Kon.values:
        errors["kon"] = _("Kön måste vara kvinna, man, ej_uppgett eller tomt, inte ”%(kon)s”.") % {
            "kon": kon
        }
    elif kon and variant == Variant.UTAN_KON:
        errors["kon"] = _("Kön ska vara tomt när varianten är utan_kon.")
    if spec is not None:
        numbers = set(spec.numbers)
        for number, value in answers.items():
            if value is None:
                continue
            if number not in numbers:
                errors[f"f{number}"] = _(
                    "Enkäten för gruppen %(group)s har ingen fråga F%(number)s: lämna den tom."
                ) % {"group": group, "number": number}
                continue
            question = spec.question(number)
            if value not in {o.value for o in question.options}:
                errors[f"f{number}"] = _("Ogiltigt svar på F%(number)s.") % {"number": number}
    if errors:
        raise ValidationError(errors)


def _answer_fields(answers: dict[int, int | None]) -> dict[str, int | None]:
    return {f"f{n}": answers.get(n) for n in QUESTION_NUMBERS}


def _snapshot(response: Response, spec: QuestionnaireSpec | None) -> dict:
    """Answer codes only: what an audit row may hold about a response."""
    snap = {"variant": response.variant, "kon": response.kon}
    for number in QUESTION_NUMBERS:
        value = getattr(response, f"f{number}")
        if spec is not None and number in spec.numbers:
            snap[f"F{number}"] = spec.question(number).format(value)
        else:
            snap[f"F{number}"] = "" if value is None else str(value)
    return snap


@transaction.atomic
def response_create(
    *,
    actor,
    insats,
    period,
    group: str,
    variant: str,
    kon: str = "",
    answers: dict[int, int | None],
    source: str = Source.PAPER,
    recorded_on: datetime.date | None = None,
    spec: QuestionnaireSpec | None = None,
) -> Response:
    """Store one returned questionnaire. A blank form is stored too but is not a response.

    A web response is stored without a date (see Response); other forms keep the day recorded.
    """
    ensure_open(forbund_id=insats.forbund_id, period_id=period.pk)
    spec = spec or questionnaire_spec(period.version, group)
    validate_response_shape(spec=spec, group=group, variant=variant, kon=kon, answers=answers)
    return Response.objects.create(
        insats=insats,
        period=period,
        group=group,
        variant=variant,
        kon=kon,
        source=source,
        recorded_on=None if source == Source.WEB else recorded_on or timezone.localdate(),
        **_answer_fields(answers),
    )


@transaction.atomic
def response_register(
    *,
    actor,
    token: uuid.UUID,
    insats,
    period,
    group: str,
    variant: str,
    kon: str = "",
    answers: dict[int, int | None],
    spec: QuestionnaireSpec | None = None,
) -> Response | None:
    """Store a paper form typed in on the registration page, once per form token.

    Returns None, storing nothing, when the token was used before: the same form was posted twice.
    """
    ensure_open(forbund_id=insats.forbund_id, period_id=period.pk)
    try:
        with transaction.atomic():
            RegistrationToken.objects.create(token=token)
    except IntegrityError:
        return None
    return response_create(
        actor=actor,
        insats=insats,
        period=period,
        group=group,
        variant=variant,
        kon=kon,
        answers=answers,
        source=Source.PAPER,
        spec=spec,
    )


# Edits and deletions -------------------------------------------------------------------------

REASON_MAX_LENGTH = 500


def answers_fingerprint(response: Response) -> str:
    """A short digest of a stored form's answers: an edit page carries the one it was loaded
    with, so that a change someone else saved in between is noticed instead of overwritten."""
    content = [response.pk, response.variant, response.kon, *response.answers().values()]
    digest = hashlib.sha256(json.dumps(content).encode()).hexdigest()
    return digest[:32]


def clean_reason(reason: str, *, action: str) -> str:
    """Why a stored form is changed or deleted: required, short, and never personal data.

    `action` is "update" or "delete"; the error is keyed to the field "reason".
    """
    reason = (reason or "").strip()
    if not reason:
        if action == "delete":
            message = _("Skriv varför enkäten tas bort. Anledningen sparas i loggen.")
        else:
            message = _("Skriv varför enkäten ändras. Anledningen sparas i loggen.")
        raise ValidationError({"reason": message}, code="reason_required")
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Anledningen får vara högst %(max)s tecken, nu är den %(length)s.")
                % {"max": REASON_MAX_LENGTH, "length": len(reason)}
            },
            code="reason_too_long",
        )
    try:
        reject_personnummer(reason)
        reject_contact_details(reason)
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}, code=error.code) from None
    return reason


def _lock_for_change(response: Response, fingerprint: str | None) -> Response:
    """The stored form, locked for the rest of the transaction (a second editor waits here).

    Refuses a locked period (code "locked"), a form deleted meanwhile (code "gone") and, when
    the caller loaded the form earlier, answers that someone else changed since (code "changed").
    """
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("insats__forbund", "period__version")
        .filter(pk=response.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(
            _("Enkäten är redan borttagen av någon annan. Inget har ändrats."), code="gone"
        )
    ensure_open(forbund_id=locked.insats.forbund_id, period_id=locked.period_id)
    if fingerprint is not None and fingerprint != answers_fingerprint(locked):
        raise ValidationError(
            _(
                "Svaret har ändrats av någon annan sedan du öppnade det. Dina ändringar är inte "
                "sparade. Svaren nedan är de som är sparade nu: kontrollera dem och gör om "
                "ändringen om den fortfarande behövs."
            ),
            code="changed",
        )
    return locked


@transaction.atomic
def response_update(
    *,
    actor,
    response: Response,
    variant: str,
    kon: str,
    answers: dict[int, int | None],
    reason: str,
    fingerprint: str | None = None,
) -> Response:
    """Change the answers of a stored form; the audit trail keeps the values before and after,
    and the reason. `fingerprint` is `answers_fingerprint` of the form as the editor loaded it
    (None when the caller holds no earlier copy): a change saved in between is refused."""
    response = _lock_for_change(response, fingerprint)
    reason = clean_reason(reason, action="update")
    spec = questionnaire_spec(response.period.version, response.group)
    validate_response_shape(
        spec=spec, group=response.group, variant=variant, kon=kon, answers=answers
    )
    before = _snapshot(response, spec)
    response.variant = variant
    response.kon = kon
    for name, value in _answer_fields(answers).items():
        setattr(response, name, value)
    # A blank form given answers becomes a response: the place must still hold it.
    with place_guard(insats=response.insats, period=response.period, group=response.group):
        response.save(update_fields=["variant", "kon", *ANSWER_FIELDS])
    after = _snapshot(response, spec)
    if before != after:
        audit.record(
            actor=actor,
            action="response.update",
            obj=response,
            forbund=response.insats.forbund,
            before=before,
            after=after,
            reason=reason,
        )
    return response


@transaction.atomic
def response_delete(
    *, actor, response: Response, reason: str, fingerprint: str | None = None
) -> None:
    """Delete a stored form; the audit trail keeps its answers and the reason. `fingerprint` as
    for `response_update`: a form changed since the deleter saw it is not deleted."""
    response = _lock_for_change(response, fingerprint)
    reason = clean_reason(reason, action="delete")
    spec = questionnaire_spec(response.period.version, response.group)
    before = _snapshot(response, spec)
    audit.record(
        actor=actor,
        action="response.delete",
        obj=response,
        forbund=response.insats.forbund,
        before=before,
        reason=reason,
    )
    response.delete()
