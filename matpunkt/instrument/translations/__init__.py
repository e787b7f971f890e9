"""Questionnaire translations: the text source, translation files and their approval.

The public interface:

- `available_languages(period_or_version, *, group=None) -> list[Language]`
- `questionnaire_texts(period_or_version, group, language="sv") -> QuestionnaireTexts`
- `interface_texts(period_or_version, language="sv") -> InterfaceTexts` (the respondent pages'
  and printed copies' own texts, keys `interface.<name>`)
- `direction_for(code) -> "ltr" | "rtl"`
- `export_xlsx(version, translation=None) -> bytes`, `export_po(version, translation=None) -> bytes`
- `translation_upload(*, actor, version, data, file_name, direction=None)`,
  `translation_approve(*, actor, translation)`,
  `translation_withdraw(*, actor, translation, reason)`,
  `translation_delete(*, actor, translation)`
"""

from matpunkt.instrument.translations.files import TranslationFileError, export_po, export_xlsx
from matpunkt.instrument.translations.services import (
    MAX_FILE_BYTES,
    translation_approve,
    translation_delete,
    translation_review,
    translation_upload,
    translation_withdraw,
)
from matpunkt.instrument.translations.texts import (
    SWEDISH,
    InterfaceTexts,
    Language,
    OptionText,
    QuestionnaireTexts,
    QuestionText,
    approved_translation,
    available_languages,
    direction_for,
    interface_texts,
    questionnaire_texts,
)

__all__ = [
    "MAX_FILE_BYTES",
    "SWEDISH",
    "TranslationFileError",
    "InterfaceTexts",
    "Language",
    "OptionText",
    "QuestionText",
    "QuestionnaireTexts",
    "approved_translation",
    "available_languages",
    "direction_for",
    "export_po",
    "export_xlsx",
    "interface_texts",
    "questionnaire_texts",
    "translation_approve",
    "translation_delete",
    "translation_review",
    "translation_upload",
    "translation_withdraw",
]
