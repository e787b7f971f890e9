"""Uploading, approving, withdrawing: respondents only ever see an approved translation."""

import pytest
from django.core.exceptions import ValidationError

from matpunkt.core.models import AuditEvent
from matpunkt.instrument.models import QuestionnaireTranslation, TranslationStatus
from matpunkt.instrument.translations import (
    Language,
    available_languages,
    export_po,
    export_xlsx,
    questionnaire_texts,
    translation_approve,
    translation_delete,
    translation_review,
    translation_upload,
    translation_withdraw,
)
from matpunkt.instrument.translations.interface import INTERFACE
from tests.translations.helpers import fill_po, fill_xlsx, translate_group

PERSIAN_F1 = "آیا به گونه‌ای حمایت می‌شوید که برای شما بسیار مفید باشد؟"


def upload(version, actor, *, language="ar", prefix="ترجمة ", fmt="xlsx", **header):
    texts = translate_group(version, "deltagare_pagaende", prefix)
    if fmt == "xlsx":
        data = fill_xlsx(export_xlsx(version), texts, language=language, **header)
    else:
        data = fill_po(export_po(version), texts, language=language, **header)
    return translation_upload(
        actor=actor, version=version, data=data, file_name=f"{language}.{fmt}"
    )


def test_right_to_left_translation_is_shown_only_after_approval(version_2021, nns_admin, period):
    texts = translate_group(version_2021, "deltagare_pagaende", "ترجمة ")
    texts["deltagare_pagaende.F1"] = PERSIAN_F1
    data = fill_po(export_po(version_2021), texts, language="fa", name="فارسی", name_sv="Persiska")

    translation = translation_upload(
        actor=nns_admin, version=version_2021, data=data, file_name="fa.po"
    )

    assert translation.status == TranslationStatus.UPLOADED
    assert translation.direction == "rtl"
    assert available_languages(period) == [Language("sv", "Svenska", "Svenska", "ltr")]
    refused = questionnaire_texts(period, "deltagare_pagaende", "fa")
    assert (refused.language, refused.direction, refused.fallback) == ("sv", "ltr", True)
    assert refused.question(1).text == "Får du stöd på ett sätt som är till stor nytta för dig?"

    translation_approve(actor=nns_admin, translation=translation)

    shown = questionnaire_texts(period, "deltagare_pagaende", "fa")
    assert (shown.language, shown.direction, shown.fallback) == ("fa", "rtl", False)
    assert shown.question(1).text == PERSIAN_F1
    assert shown.question(2).text == "ترجمة Är du med och bestämmer vilket stöd du skall få?"
    assert available_languages(period, group="deltagare_pagaende") == [
        Language("sv", "Svenska", "Svenska", "ltr"),
        Language("fa", "فارسی", "Persiska", "rtl"),
    ]


def test_upload_and_approval_are_audited(version_2021, nns_admin):
    translation = upload(version_2021, nns_admin)
    translation_approve(actor=nns_admin, translation=translation)

    translation.refresh_from_db()
    assert translation.status == TranslationStatus.APPROVED
    assert translation.uploaded_by == nns_admin
    assert translation.approved_by == nns_admin
    assert translation.approved_at is not None
    events = list(
        AuditEvent.objects.filter(object_type="instrument.questionnairetranslation").order_by("pk")
    )
    assert [(e.action, e.actor, e.object_id) for e in events] == [
        ("translation.upload", nns_admin, str(translation.pk)),
        ("translation.approve", nns_admin, str(translation.pk)),
    ]
    assert events[0].before is None
    assert events[0].after["status"] == "uppladdad"
    assert events[0].after["groups"] == ["deltagare_pagaende"]
    assert events[0].after["file_name"] == "ar.xlsx"
    assert events[1].before["status"] == "uppladdad"
    assert events[1].after["status"] == "godkand"
    assert events[1].after["texts_sha256"] == events[0].after["texts_sha256"]


def test_new_upload_replaces_a_pending_translation(version_2021, nns_admin):
    first = upload(version_2021, nns_admin, prefix="أولى ")

    second = upload(version_2021, nns_admin, prefix="ثانية ")

    assert list(QuestionnaireTranslation.objects.values_list("pk", flat=True)) == [second.pk]
    event = AuditEvent.objects.filter(action="translation.upload").latest("pk")
    assert event.before["status"] == "uppladdad"
    assert event.object_id == str(second.pk)
    assert not QuestionnaireTranslation.objects.filter(pk=first.pk).exists()


def test_new_upload_leaves_the_approved_translation_in_use_until_approved(version_2021, nns_admin):
    old = translation_approve(actor=nns_admin, translation=upload(version_2021, nns_admin))
    new = upload(version_2021, nns_admin, prefix="جديدة ", fmt="po")

    assert questionnaire_texts(version_2021, "deltagare_pagaende", "ar").title == (
        "ترجمة Enkät deltagare"
    )

    translation_approve(actor=nns_admin, translation=new)

    old.refresh_from_db()
    assert old.status == TranslationStatus.SUPERSEDED
    assert old.withdrawn_by == nns_admin
    assert questionnaire_texts(version_2021, "deltagare_pagaende", "ar").title == (
        "جديدة Enkät deltagare"
    )
    supersede = AuditEvent.objects.get(action="translation.supersede")
    assert supersede.object_id == str(old.pk)
    assert supersede.reason == f"Ersatt av översättning {new.pk}."


def test_withdrawing_stops_showing_the_translation_and_is_audited(version_2021, nns_admin):
    translation = translation_approve(actor=nns_admin, translation=upload(version_2021, nns_admin))

    translation_withdraw(actor=nns_admin, translation=translation, reason="Felaktig fråga 3.")

    translation.refresh_from_db()
    assert translation.status == TranslationStatus.WITHDRAWN
    assert translation.withdrawn_by == nns_admin
    assert questionnaire_texts(version_2021, "deltagare_pagaende", "ar").fallback is True
    event = AuditEvent.objects.get(action="translation.withdraw")
    assert (event.reason, event.before["status"], event.after["status"]) == (
        "Felaktig fråga 3.",
        "godkand",
        "aterkallad",
    )


def test_withdrawing_needs_a_reason(version_2021, nns_admin):
    translation = translation_approve(actor=nns_admin, translation=upload(version_2021, nns_admin))

    with pytest.raises(ValidationError) as caught:
        translation_withdraw(actor=nns_admin, translation=translation, reason="  ")

    assert caught.value.message_dict == {"reason": ["Ange varför översättningen återkallas."]}


def test_only_a_pending_translation_can_be_approved_or_deleted(version_2021, nns_admin):
    translation = translation_approve(actor=nns_admin, translation=upload(version_2021, nns_admin))

    with pytest.raises(ValidationError) as approve:
        translation_approve(actor=nns_admin, translation=translation)
    with pytest.raises(ValidationError) as delete:
        translation_delete(actor=nns_admin, translation=translation)

    assert approve.value.messages == [
        "Bara en översättning som väntar på godkännande kan godkännas."
    ]
    assert delete.value.messages == ["Bara en översättning som inte har godkänts kan tas bort."]


def test_only_an_approved_translation_can_be_withdrawn(version_2021, nns_admin):
    translation = upload(version_2021, nns_admin)

    with pytest.raises(ValidationError) as caught:
        translation_withdraw(actor=nns_admin, translation=translation, reason="Fel")

    assert caught.value.messages == ["Bara en godkänd översättning kan återkallas."]


def test_pending_translation_can_be_deleted_with_an_audit_row(version_2021, nns_admin):
    translation = upload(version_2021, nns_admin)

    translation_delete(actor=nns_admin, translation=translation)

    assert QuestionnaireTranslation.objects.count() == 0
    event = AuditEvent.objects.get(action="translation.delete")
    assert (event.object_id, event.before["language"]) == (str(translation.pk), "ar")


def test_approved_translation_is_immutable(version_2021, nns_admin):
    translation = translation_approve(actor=nns_admin, translation=upload(version_2021, nns_admin))
    translation.texts = {"groups": {}}

    with pytest.raises(ValidationError) as caught:
        translation.save()

    assert caught.value.messages == [
        "En godkänd översättning kan inte ändras. Ladda upp en ny fil och godkänn den."
    ]
    translation.refresh_from_db()
    translation.direction = "ltr"
    with pytest.raises(ValidationError):
        translation.save()


def test_translation_of_a_reloaded_version_cannot_be_approved(version_2021, nns_admin):
    translation = upload(version_2021, nns_admin)
    version_2021.content_hash = "0" * 64
    version_2021.save()

    with pytest.raises(ValidationError) as caught:
        translation_approve(actor=nns_admin, translation=translation)

    assert caught.value.messages == [
        "Instrumentversion 2021 har lästs in på nytt sedan översättningen laddades upp. "
        "Ladda upp översättningen igen."
    ]


def test_review_shows_source_and_translation_side_by_side(version_2021, nns_admin):
    translation = upload(version_2021, nns_admin)

    sections = translation_review(translation)

    assert [s.title for s in sections] == [
        "Deltagare, pågående insats",
        "Svarsalternativ",
        "Texterna runt frågorna: knappar, rubriker och meddelanden",
    ]
    first = sections[0].rows[0]
    assert (first.key, first.description, first.source, first.translation) == (
        "deltagare_pagaende.title",
        "Deltagare, pågående insats: rubrik",
        "Enkät deltagare",
        "ترجمة Enkät deltagare",
    )
    assert sections[0].untranslated == 0
    assert sections[1].untranslated == 14
    assert sections[2].untranslated == len(INTERFACE)
    assert [s.fallback_name for s in sections] == ["", "", ""]
