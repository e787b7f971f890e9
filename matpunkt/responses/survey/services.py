"""Storing a web questionnaire exactly once, and the free-text comments.

A submission by code marks the code used (a conditional UPDATE) and stores the response in one
transaction; a submission through an open link stores its one-time form key (a
RegistrationToken) and the response in one transaction. Whatever the number of clicks, reloads
or parallel requests, one response is stored. Nothing here records who answered or when to the
minute: no audit row (its timestamp would date the answer), no link from the response to the
code, and no date on the response, the code, the comment or the form key.
"""

import uuid
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.core.logs import log_event
from matpunkt.core.validators import reject_contact_details
from matpunkt.fieldwork.codes import CodeScope, CodeState, code_use
from matpunkt.fieldwork.locks import ensure_open
from matpunkt.fieldwork.models import OpenLink
from matpunkt.instrument.selectors import QuestionnaireSpec, questionnaire_spec
from matpunkt.organisations.permissions import require_register
from matpunkt.responses.models import Comment, RegistrationToken, Source
from matpunkt.responses.services import response_create
from matpunkt.responses.survey.texts import has_comment

COMMENT_MAX_LENGTH = 2000

_SPECS: dict[tuple, QuestionnaireSpec | None] = {}


def version_spec(version, group: str) -> QuestionnaireSpec | None:
    """The questionnaire spec of a group in an instrument version, kept per process.

    A version that a period uses cannot change (instrument.VersionPart refuses), so the spec
    stays valid; the key holds the version's content hash and load time as well, in case a
    version is reloaded before any period uses it. Saves four queries per submission.
    `version` is an InstrumentVersion or anything with its pk, content_hash and loaded_at.
    """
    key = (version.pk, version.content_hash, version.loaded_at, group)
    if key not in _SPECS:
        if len(_SPECS) > 100:
            _SPECS.clear()
        _SPECS[key] = questionnaire_spec(version.pk, group)
    return _SPECS[key]


def period_spec(period, group: str) -> QuestionnaireSpec | None:
    return version_spec(period.version, group)


def scope_spec(scope: CodeScope) -> QuestionnaireSpec | None:
    """The spec of a code's questionnaire, without loading the period or its version."""
    return version_spec(
        SimpleNamespace(
            pk=scope.version_id, content_hash=scope.version_hash, loaded_at=scope.version_loaded_at
        ),
        scope.group,
    )


@dataclass(frozen=True)
class Submission:
    """What a respondent sent: the gender item ('' when none), answers by number, a comment."""

    kon: str
    answers: dict[int, int | None]
    comment: str = ""


class SubmitState:
    """What became of a submission."""

    STORED = CodeState.USED_NOW
    ALREADY_USED = CodeState.ALREADY_USED
    VOIDED = CodeState.VOIDED
    UNKNOWN = CodeState.UNKNOWN


def validate_comment(text: str) -> str:
    """The comment as stored (trimmed), or ValidationError with the Swedish reason; its code
    (too_long, personnummer, email, phone) and params let the web questionnaire word the reason
    in the respondent's language."""
    text = (text or "").strip()
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("Texten får vara högst %(max)s tecken. Nu är den %(length)s tecken."),
            code="too_long",
            params={"max": "2 000", "length": len(text)},
        )
    reject_contact_details(text)
    return text


def _store(*, insats, period, group: str, variant: str, submission: Submission, spec):
    response = response_create(
        actor=None,
        insats=insats,
        period=period,
        group=group,
        variant=variant,
        kon=submission.kon,
        answers=submission.answers,
        source=Source.WEB,
        spec=spec,
    )
    comment = validate_comment(submission.comment)
    if comment and has_comment(group):
        Comment.objects.create(insats=insats, period=period, group=group, text=comment)
    return response


def submit_with_code(
    *,
    scope: CodeScope,
    submission: Submission,
    spec: QuestionnaireSpec | None = None,
) -> str:
    """Store a questionnaire answered with a one-time code; returns a SubmitState.

    Only the first submission of a code is stored (SubmitState.STORED); any later or parallel one
    stores nothing and says whether the code was used or voided.
    """
    with transaction.atomic():
        # The period's lock first, as every writer takes it: using the code then locks the
        # place's distribution row, and the other order could deadlock with a submission.
        ensure_open(forbund_id=scope.forbund_id, period_id=scope.period_id)
        state = code_use(code=scope.code)
        if state != CodeState.USED_NOW:
            log_event("survey.submitted", channel="code", state=state)
            return state
        _store(
            insats=scope.insats,
            period=scope.period,
            group=scope.group,
            variant=scope.variant,
            submission=submission,
            spec=spec or scope_spec(scope),
        )
    # No place, code or period: a time and a place could tie the answer to its code.
    log_event("survey.submitted", channel="code", state=SubmitState.STORED)
    return SubmitState.STORED


def submit_with_open_link(
    *,
    link: OpenLink,
    form_key: uuid.UUID,
    submission: Submission,
    spec: QuestionnaireSpec | None = None,
) -> str:
    """Store a questionnaire answered through an open link, once per form key."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                RegistrationToken.objects.create(token=form_key)
        except IntegrityError:
            log_event("survey.submitted", channel="open_link", state=SubmitState.ALREADY_USED)
            return SubmitState.ALREADY_USED
        _store(
            insats=link.insats,
            period=link.period,
            group=link.group,
            variant=link.variant,
            submission=submission,
            spec=spec,
        )
    log_event("survey.submitted", channel="open_link", state=SubmitState.STORED)
    return SubmitState.STORED


def form_key_used(form_key: uuid.UUID) -> bool:
    return RegistrationToken.objects.filter(token=form_key).exists()


@transaction.atomic
def comment_delete(*, actor, comment: Comment) -> None:
    """Delete a comment, e.g. one that names someone. The audit row keeps no text."""
    require_register(actor, comment.insats.forbund_id)
    audit.record(
        actor=actor,
        action="comment.delete",
        obj=comment,
        forbund=comment.insats.forbund,
        before={"insats": comment.insats.name, "period": comment.period.label},
    )
    comment.delete()
