"""Fixtures for translations: the 2021 version and a small Arabic translation built in the test."""

import pytest
from django.utils import timezone

from matpunkt.instrument.models import (
    InstrumentVersion,
    QuestionnaireTranslation,
    TranslationStatus,
)
from matpunkt.instrument.translations.entries import nest

ARABIC = {
    "deltagare_pagaende.title": "استبيان المشاركين",
    "deltagare_pagaende.form_label": "استبيان جارٍ",
    "deltagare_pagaende.cover_text": "اسم النشاط: [namn på aktiviteten]",
    "deltagare_pagaende.instructions": "ضع علامة في المربع.",
    "deltagare_pagaende.gender_prompt": "عنك:",
    "deltagare_pagaende.gender.kvinna": "امرأة",
    "deltagare_pagaende.gender.man": "رجل",
    "deltagare_pagaende.gender.ej_uppgett": "لا أريد الإجابة",
    "deltagare_pagaende.F1": "هل تحصل على دعم مفيد جدًا لك؟",
    "deltagare_pagaende.F2": "هل تشارك في تحديد الدعم الذي ستحصل عليه؟",
    "deltagare_pagaende.F3": "هل يأخذ الدعم الوقت الذي تحتاجه؟",
    "deltagare_pagaende.F4": "هل لديك <u>شخص</u> واحد أو <u>فريق</u> واحد يمكنك التوجه إليه؟",
    "deltagare_pagaende.F5": "هل ساعدك الدعم على تطوير طرق للتعامل مع وضعك؟",
    "deltagare_pagaende.F6": "هل تشعر بأنك <u>أكثر</u> استعدادًا للعمل أو الدراسة؟",
    "deltagare_pagaende.F7": "هل يستفيد الموظفون من خبراتك ومعارفك وآرائك؟",
    "scale.frekvens.1": "أبدًا",
    "scale.frekvens.6": "دائمًا",
    "scale.ja_nej.ja": "نعم",
    "scale.ja_nej.nej": "لا",
}


@pytest.fixture
def version_2021(db):
    return InstrumentVersion.objects.get(code="2021")


@pytest.fixture
def version_2017(db):
    return InstrumentVersion.objects.get(code="2017")


@pytest.fixture
def make_translation(version_2021):
    """A translation stored directly, for tests of what reads translations."""

    def make(texts=None, *, language="ar", status=TranslationStatus.APPROVED, version=None):
        now = timezone.now()
        approved = status != TranslationStatus.UPLOADED
        version = version or version_2021
        return QuestionnaireTranslation.objects.create(
            version=version,
            language=language,
            name={"ar": "العربية", "fa": "فارسی"}.get(language, language),
            name_sv={"ar": "Arabiska", "fa": "Persiska"}.get(language, language),
            direction="rtl" if language in ("ar", "fa", "ckb") else "ltr",
            texts=nest(ARABIC if texts is None else texts),
            status=status,
            version_hash=version.content_hash,
            uploaded_at=now,
            approved_at=now if approved else None,
        )

    return make
