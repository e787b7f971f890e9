"""Uploading, approving, withdrawing and removing translations. Every change is audited.

Callers check permissions first: only NNS administrators change translations.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.instrument.models import (
    Group,
    InstrumentVersion,
    QuestionnaireTranslation,
    TranslationStatus,
)
from matpunkt.instrument.translations.entries import lookup, source_entries
from matpunkt.instrument.translations.files import TranslationFileError, read_po, read_xlsx
from matpunkt.instrument.translations.texts import SWEDISH, catalogue_language
from matpunkt.instrument.translations.validation import validate

MAX_FILE_BYTES = 5 * 1024 * 1024
READERS = {"xlsx": read_xlsx, "po": read_po}


def _summary(translation: QuestionnaireTranslation) -> dict:
    texts = json.dumps(translation.texts, sort_keys=True, ensure_ascii=False)
    return {
        "version": translation.version.code,
        "language": translation.language,
        "name": translation.name,
        "name_sv": translation.name_sv,
        "direction": translation.direction,
        "status": translation.status,
        "file_name": translation.file_name,
        "groups": translation.group_codes(),
        "texts_sha256": hashlib.sha256(texts.encode("utf-8")).hexdigest(),
    }


def _lock_version(version) -> InstrumentVersion:
    # Uploads and approvals of one version take turns, so that the one-pending and one-approved
    # rules never race.
    return InstrumentVersion.objects.select_for_update().get(pk=version.pk)


def translation_upload(
    *, actor, version, data: bytes, file_name: str, direction: str | None = None
) -> QuestionnaireTranslation:
    """Check an XLSX or PO file strictly and store it as a translation awaiting approval.

    A pending translation of the same version and language is replaced; an approved one stays
    in use until the new one is approved. Raises TranslationFileError listing every problem.
    """
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in READERS:
        raise TranslationFileError([_("Filen ska vara en XLSX- eller PO-fil (.xlsx eller .po).")])
    if len(data) > MAX_FILE_BYTES:
        raise TranslationFileError([_("Filen är för stor. Den får vara högst 5 MB.")])
    valid = validate(READERS[extension](data), version, direction=direction)
    with transaction.atomic():
        version = _lock_version(version)
        replaced = QuestionnaireTranslation.objects.filter(
            version=version, language=valid.language, status=TranslationStatus.UPLOADED
        ).first()
        before = None
        if replaced is not None:
            before = _summary(replaced)
            replaced.delete()
        translation = QuestionnaireTranslation.objects.create(
            version=version,
            language=valid.language,
            name=valid.name,
            name_sv=valid.name_sv,
            direction=valid.direction,
            texts=valid.texts,
            file_name=file_name[:255],
            version_hash=version.content_hash,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            uploaded_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            action="translation.upload",
            obj=translation,
            before=before,
            after=_summary(translation),
        )
    return translation


def translation_approve(
    *, actor, translation: QuestionnaireTranslation
) -> QuestionnaireTranslation:
    """Show the translation to respondents. A previously approved translation of the same
    version and language is superseded."""
    with transaction.atomic():
        version = _lock_version(translation.version)
        translation = QuestionnaireTranslation.objects.select_for_update().get(pk=translation.pk)
        if translation.status != TranslationStatus.UPLOADED:
            raise ValidationError(
                _("Bara en översättning som väntar på godkännande kan godkännas."),
                code="not_pending",
            )
        if translation.version_hash != version.content_hash:
            raise ValidationError(
                _(
                    "Instrumentversion %(version)s har lästs in på nytt sedan översättningen "
                    "laddades upp. Ladda upp översättningen igen."
                ),
                code="stale",
                params={"version": version.code},
            )
        now = timezone.now()
        previous = QuestionnaireTranslation.objects.filter(
            version=version, language=translation.language, status=TranslationStatus.APPROVED
        ).first()
        if previous is not None:
            before = _summary(previous)
            previous.status = TranslationStatus.SUPERSEDED
            previous.withdrawn_by = actor if actor is not None and actor.is_authenticated else None
            previous.withdrawn_at = now
            previous.save()
            audit.record(
                actor=actor,
                action="translation.supersede",
                obj=previous,
                before=before,
                after=_summary(previous),
                reason=_("Ersatt av översättning %(id)s.") % {"id": translation.pk},
            )
        before = _summary(translation)
        translation.status = TranslationStatus.APPROVED
        translation.approved_by = actor if actor is not None and actor.is_authenticated else None
        translation.approved_at = now
        translation.save()
        audit.record(
            actor=actor,
            action="translation.approve",
            obj=translation,
            before=before,
            after=_summary(translation),
        )
    return translation


def translation_withdraw(
    *, actor, translation: QuestionnaireTranslation, reason: str
) -> QuestionnaireTranslation:
    """Stop showing an approved translation to respondents; its texts are kept unchanged."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Ange varför översättningen återkallas.")}, code="required"
        )
    with transaction.atomic():
        _lock_version(translation.version)
        translation = QuestionnaireTranslation.objects.select_for_update().get(pk=translation.pk)
        if translation.status != TranslationStatus.APPROVED:
            raise ValidationError(
                _("Bara en godkänd översättning kan återkallas."), code="not_approved"
            )
        before = _summary(translation)
        translation.status = TranslationStatus.WITHDRAWN
        translation.withdrawn_by = actor if actor is not None and actor.is_authenticated else None
        translation.withdrawn_at = timezone.now()
        translation.save()
        audit.record(
            actor=actor,
            action="translation.withdraw",
            obj=translation,
            before=before,
            after=_summary(translation),
            reason=reason,
        )
    return translation


def translation_delete(*, actor, translation: QuestionnaireTranslation) -> None:
    """Remove a translation that has not been approved."""
    with transaction.atomic():
        translation = QuestionnaireTranslation.objects.select_for_update().get(pk=translation.pk)
        if translation.status != TranslationStatus.UPLOADED:
            raise ValidationError(
                _("Bara en översättning som inte har godkänts kan tas bort."), code="immutable"
            )
        audit.record(
            actor=actor,
            action="translation.delete",
            obj=translation,
            before=_summary(translation),
        )
        translation.delete()


@dataclass(frozen=True)
class ReviewRow:
    key: str
    description: str
    source: str
    translation: str


@dataclass(frozen=True)
class ReviewSection:
    """The texts of one questionnaire (or the answer options, or the interface texts) side by
    side. `fallback_language` is the language an untranslated text is shown in instead."""

    title: str
    rows: list[ReviewRow]
    fallback_language: str = SWEDISH

    @property
    def untranslated(self) -> int:
        return sum(1 for row in self.rows if not row.translation)

    @property
    def fallback_name(self) -> str:
        """The fallback language's name in the page's language, lower case; '' for Swedish,
        which the page names in its own sentences."""
        if self.fallback_language == SWEDISH:
            return ""
        return str(get_language_info(self.fallback_language)["name_translated"]).lower()


INTERFACE_SECTION = "interface"


def translation_review(translation: QuestionnaireTranslation) -> list[ReviewSection]:
    """Source and translation side by side: each translated questionnaire, the options and the
    interface texts around the questionnaire."""
    groups = set(translation.group_codes())
    sections: dict[str, list[ReviewRow]] = {}
    for entry in source_entries(translation.version):
        if entry.group is not None and entry.group not in groups:
            continue
        row = ReviewRow(
            entry.key, entry.description, entry.source, lookup(translation.texts, entry.key)
        )
        section = INTERFACE_SECTION if entry.is_interface else entry.group or ""
        sections.setdefault(section, []).append(row)
    titles = dict(Group.choices) | {
        "": _("Svarsalternativ"),
        INTERFACE_SECTION: _("Texterna runt frågorna: knappar, rubriker och meddelanden"),
    }
    return [
        ReviewSection(
            str(titles[section]),
            rows,
            catalogue_language(translation.language) if section == INTERFACE_SECTION else SWEDISH,
        )
        for section, rows in sections.items()
    ]
