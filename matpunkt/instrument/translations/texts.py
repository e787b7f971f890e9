"""The text source of the questionnaires: Swedish from the instrument, other languages from
approved translations only.

The web questionnaire and the printed questionnaires read every text they show a respondent
through `questionnaire_texts` (the instrument's texts) and `interface_texts` (the buttons,
headings, notices, error messages and print labels around them, see `interface`), and offer the
languages of `available_languages`.

Fallbacks. A language without an approved translation gets everything in Swedish. Within an
approved translation, an instrument text it lacks (an option label, say) is shown in Swedish; an
interface text it leaves blank is shown from the site's own gettext catalogue for that language
when there is one (English, for a translation into ``en`` or ``en-GB``), else in Swedish, so a
partly translated interface never shows a worse language than the site already could.
"""

import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import translation as django_translation
from django.utils.translation import gettext as _

from matpunkt.instrument.models import (
    Direction,
    InstrumentVersion,
    Kon,
    Questionnaire,
    QuestionnaireTranslation,
    TranslationStatus,
)
from matpunkt.instrument.paper_only import paper_only_key, paper_only_sentences
from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.instrument.translations.entries import lookup
from matpunkt.instrument.translations.interface import INTERFACE

SWEDISH = "sv"

# Languages written right to left. A script subtag decides when present (ku-Arab, az-Latn).
RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ckb", "he", "ur", "ps", "yi", "dv", "sd", "ug"})
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"})


@dataclass(frozen=True)
class Language:
    """A language a questionnaire can be answered in: code, own name, Swedish name, direction."""

    code: str
    name: str
    name_sv: str
    direction: str

    @property
    def is_rtl(self) -> bool:
        return self.direction == Direction.RTL


class OptionText(NamedTuple):
    """One answer option: the stored value, the file code, the label shown, and whether it counts
    as clearly positive."""

    value: int
    code: str
    label: str
    is_positive: bool


class QuestionText(NamedTuple):
    """One question: its number, text (may hold <u>…</u>), the instruction printed before it
    ('' when none) and its options in order."""

    number: int
    text: str
    instruction_before: str
    options: list[OptionText]

    @property
    def code(self) -> str:
        return f"F{self.number}"


class PaperOnlyText(NamedTuple):
    """A sentence of the cover text or instruction for the printed form only: as it stands in
    the texts returned (`text`), in Swedish (`source`), and the name of the interface text the
    web questionnaire shows instead (`web`)."""

    text: str
    source: str
    web: str


@dataclass(frozen=True)
class QuestionnaireTexts:
    """Every text a respondent sees on one questionnaire, in one language.

    Texts keep their placeholders in square brackets (fill them with
    `matpunkt.instrument.placeholders`) and their <u>…</u> underlining. `language` and
    `direction` are those of the texts actually returned: when the asked language has no approved
    translation of this questionnaire they are Swedish and `fallback` is True. `missing` lists the
    keys of texts that the translation lacks and that are shown in Swedish instead.
    `paper_only` names the sentences of `cover_text` and `instructions` that hold for the printed
    form only (printed copies keep them; the web questionnaire replaces them).
    """

    version_code: str
    group: str
    title: str
    form_label: str
    cover_text: str
    instructions: str
    has_gender_variant: bool
    gender_prompt: str
    gender_labels: dict[str, str]
    questions: list[QuestionText]
    paper_only: tuple[PaperOnlyText, ...] = ()
    language: str = SWEDISH
    direction: str = Direction.LTR
    fallback: bool = False
    missing: tuple[str, ...] = field(default=())

    def question(self, number: int) -> QuestionText:
        for question in self.questions:
            if question.number == number:
                return question
        raise KeyError(number)


def swedish() -> Language:
    return Language(SWEDISH, "Svenska", "Svenska", Direction.LTR)


def direction_for(code: str) -> str:
    """'rtl' for a language written right to left (ar, fa, ckb, he, ur, ps, …), else 'ltr'."""
    parts = code.replace("_", "-").split("-")
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            return Direction.RTL if part.lower() in RTL_SCRIPTS else Direction.LTR
    return Direction.RTL if parts[0].lower() in RTL_LANGUAGES else Direction.LTR


def _version_of(period_or_version) -> InstrumentVersion:
    if isinstance(period_or_version, InstrumentVersion):
        return period_or_version
    return period_or_version.version


def approved_translation(period_or_version, language: str) -> QuestionnaireTranslation | None:
    """The approved translation of a version into a language, or None."""
    return QuestionnaireTranslation.objects.filter(
        version=_version_of(period_or_version),
        language=language,
        status=TranslationStatus.APPROVED,
    ).first()


def available_languages(period_or_version, *, group: str | None = None) -> list[Language]:
    """The languages respondents may choose for a version (a Period is accepted too).

    Swedish comes first, then every language with an APPROVED translation, by Swedish name.
    With `group`, only translations that cover that group's questionnaire are listed. With no
    version (None), the languages with an approved translation of any version, each once.
    Unapproved, withdrawn and superseded translations are never offered.
    """
    translations = QuestionnaireTranslation.objects.filter(status=TranslationStatus.APPROVED)
    if period_or_version is not None:
        translations = translations.filter(version=_version_of(period_or_version))
    translations = translations.order_by("name_sv", "language", "-approved_at")
    languages = [swedish()]
    seen = {SWEDISH}
    for translation in translations:
        if translation.language in seen:
            continue
        if group is None or group in translation.texts.get("groups", {}):
            seen.add(translation.language)
            languages.append(
                Language(
                    translation.language,
                    translation.name,
                    translation.name_sv,
                    translation.direction,
                )
            )
    return languages


def questionnaire_texts(
    period_or_version, group: str, language: str = SWEDISH
) -> QuestionnaireTexts:
    """The texts of a group's questionnaire in a version (a Period is accepted too) and language.

    Swedish comes from the instrument data (`questionnaire_spec` and the Questionnaire model).
    Another language comes from the version's APPROVED translation only: when there is none, or it
    does not cover this group, the Swedish texts are returned with `fallback=True` (never an
    unapproved translation). A text the translation lacks (e.g. an option label) is shown in
    Swedish and its key listed in `missing`. Raises Questionnaire.DoesNotExist when the version
    has no questionnaire for the group.
    """
    version = _version_of(period_or_version)
    spec = questionnaire_spec(version, group)
    if spec is None:
        raise Questionnaire.DoesNotExist(
            _("Version %(version)s har ingen enkät för gruppen %(group)s.")
            % {"version": version.code, "group": group}
        )
    questionnaire = spec.questionnaire
    translated: dict = {}
    direction = Direction.LTR
    fallback = False
    if language != SWEDISH:
        translation = approved_translation(version, language)
        groups = translation.texts.get("groups", {}) if translation is not None else {}
        if group in groups:
            translated = translation.texts
            direction = translation.direction
        else:
            fallback = True
            language = SWEDISH
    missing: list[str] = []

    def text(key: str, source: str) -> str:
        if language == SWEDISH or not source:
            return source
        value = lookup(translated, key)
        if not value:
            missing.append(key)
        return value or source

    gender_labels = {}
    if questionnaire.has_gender_variant:
        for kon in Kon.values:
            if kon in questionnaire.gender_labels:
                source = questionnaire.gender_labels[kon]
                gender_labels[kon] = text(f"{group}.gender.{kon}", source)
    questions = []
    for question in spec.questions:
        options = [
            OptionText(
                option.value,
                option.code,
                text(f"scale.{question.scale_code}.{option.code}", option.label),
                option.is_positive,
            )
            for option in question.options
        ]
        questions.append(
            QuestionText(
                question.number,
                text(f"{group}.{question.code}", question.text),
                text(f"{group}.{question.code}.instruction", question.instruction_before),
                options,
            )
        )
    paper_only = tuple(
        PaperOnlyText(
            text(paper_only_key(group, number), sentence.text), sentence.text, sentence.web
        )
        for number, sentence in enumerate(paper_only_sentences(version.code, group), start=1)
    )
    return QuestionnaireTexts(
        version_code=version.code,
        group=group,
        title=text(f"{group}.title", questionnaire.title),
        form_label=text(f"{group}.form_label", questionnaire.form_label),
        cover_text=text(f"{group}.cover_text", questionnaire.cover_text),
        instructions=text(f"{group}.instructions", questionnaire.instructions),
        has_gender_variant=questionnaire.has_gender_variant,
        gender_prompt=text(f"{group}.gender_prompt", questionnaire.gender_prompt)
        if questionnaire.has_gender_variant
        else questionnaire.gender_prompt,
        gender_labels=gender_labels,
        questions=questions,
        paper_only=paper_only,
        language=language,
        direction=direction,
        fallback=fallback,
        missing=tuple(dict.fromkeys(missing)),
    )


# Interface texts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterfaceTexts:
    """The interface texts of the respondent pages and printed copies in one language, by name
    (see `interface.INTERFACE`). `language` and `direction` are those of the page: the
    translation's, or Swedish when the asked language has no approved translation. `missing`
    names the texts the translation left blank, shown from the fallback (see the module)."""

    language: str
    direction: str
    texts: dict[str, str]
    missing: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> str:
        return self.texts[name]

    def text(self, name: str, /, **params) -> str:
        """The text with its %(name)s placeholders filled in from `params`."""
        text = self.texts[name]
        return text % params if params else text


@functools.lru_cache(maxsize=8)
def _catalogue_texts(language: str) -> dict[str, str]:
    # Catalogues are read once per process; only the two site languages reach this cache.
    with django_translation.override(language):
        return {text.name: _(text.source) for text in INTERFACE}


def catalogue_language(language: str) -> str:
    """The site language whose gettext catalogue an interface text falls back to: the language
    itself or its base language when the site has a catalogue for it (en-GB: en), else Swedish."""
    try:
        return django_translation.get_supported_language_variant(language)
    except LookupError:
        return SWEDISH


def _translation_for_interface(period_or_version, language: str):
    if period_or_version is not None:
        return approved_translation(period_or_version, language)
    # A page that knows no questionnaire (the code entry page, an unknown code, a closed link):
    # the newest approved translation into the language, of any version.
    return (
        QuestionnaireTranslation.objects.filter(
            language=language, status=TranslationStatus.APPROVED
        )
        .order_by("-approved_at", "-pk")
        .first()
    )


def interface_texts(period_or_version, language: str = SWEDISH) -> InterfaceTexts:
    """The interface texts a respondent sees around the questionnaire, in a language.

    The one source of these texts for the web pages and the printed copies. Swedish comes from
    the site's catalogue (the texts as written in the code). Another language comes from the
    version's APPROVED translation (a Period is accepted too; None: any version's), each blank
    text from the fallback described in the module docstring. A language without an approved
    translation gets the Swedish texts, language sv.
    """
    translation = None
    if language != SWEDISH:
        translation = _translation_for_interface(period_or_version, language)
    if translation is None:
        return InterfaceTexts(SWEDISH, Direction.LTR, _catalogue_texts(SWEDISH))
    own = translation.texts.get("interface", {})
    fallback = _catalogue_texts(catalogue_language(translation.language))
    texts = {}
    missing = []
    for text in INTERFACE:
        value = own.get(text.name)
        if not isinstance(value, str) or not value:
            missing.append(text.name)
            value = fallback[text.name]
        texts[text.name] = value
    return InterfaceTexts(translation.language, translation.direction, texts, tuple(missing))
