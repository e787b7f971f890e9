"""The translatable texts of an instrument version, one entry per key.

A key names one text: ``<group>.title``, ``<group>.form_label``, ``<group>.cover_text``,
``<group>.instructions``, ``<group>.gender_prompt``, ``<group>.gender.<kon>``, ``<group>.F<n>``
(a question), ``<group>.F<n>.instruction`` (the instruction printed before a question, e.g. before
F9), ``<group>.paper_only.<n>`` (a sentence of the cover text or instruction that holds for the
printed form only, see `matpunkt.instrument.paper_only`), ``scale.<scale>.<option code>`` (an
answer option, shared by every questionnaire of the version) and ``interface.<name>`` (a text of
the web pages or printed copies around the questionnaire, see `interface`). Translation files
carry these keys; `path` says where a key's text lives in `QuestionnaireTranslation.texts`.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from matpunkt.instrument.models import Group, Kon, Question, Questionnaire, ScaleOption
from matpunkt.instrument.paper_only import paper_only_key, paper_only_sentences
from matpunkt.instrument.translations.interface import BY_NAME, INTERFACE, PREFIX

PLACEHOLDER = re.compile(r"\[[^\[\]]+\]")
QUESTION_KEY = re.compile(r"^F(\d{1,2})$")
NUMBER = re.compile(r"^[1-9]\d?$")
QUESTIONNAIRE_FIELDS = ("title", "form_label", "cover_text", "instructions", "gender_prompt")


@dataclass(frozen=True)
class SourceEntry:
    """One translatable text of a version: its key, the Swedish source and where it is used."""

    key: str
    source: str
    description: str
    group: str | None
    is_question: bool = False
    is_interface: bool = False


def path(key: str) -> tuple[str, ...] | None:
    """Where the key's text lives in a translation's `texts`, or None for a malformed key."""
    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "scale":
        return ("scales", parts[1], parts[2])
    if len(parts) == 2 and key.startswith(PREFIX):
        return ("interface", parts[1]) if parts[1] in BY_NAME else None
    if not parts or parts[0] not in Group.values:
        return None
    group = ("groups", parts[0])
    if len(parts) == 2 and parts[1] in QUESTIONNAIRE_FIELDS:
        return (*group, parts[1])
    if len(parts) == 2 and (match := QUESTION_KEY.match(parts[1])):
        return (*group, "questions", match.group(1))
    if len(parts) == 3 and parts[2] == "instruction" and (match := QUESTION_KEY.match(parts[1])):
        return (*group, "instructions_before", match.group(1))
    if len(parts) == 3 and parts[1] == "gender":
        return (*group, "gender_labels", parts[2])
    if len(parts) == 3 and parts[1] == "paper_only" and NUMBER.match(parts[2]):
        return (*group, "paper_only", parts[2])
    return None


def lookup(texts: dict, key: str) -> str:
    """The translated text of a key in a translation's `texts`; '' when not translated."""
    node = texts
    for part in path(key) or ():
        if not isinstance(node, dict) or part not in node:
            return ""
        node = node[part]
    return node if isinstance(node, str) else ""


def nest(translations: dict[str, str]) -> dict:
    """The `texts` structure for a mapping of key to translated text (empty texts left out)."""
    texts: dict = {"groups": {}, "scales": {}}
    for key, text in translations.items():
        if not text:
            continue
        *parents, last = path(key)
        node = texts
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = text
    return texts


def placeholders(text: str) -> list[str]:
    """The placeholders in square brackets in a text, in order, e.g. ['[namn på aktiviteten]']."""
    return PLACEHOLDER.findall(text)


def source_entries(version) -> list[SourceEntry]:
    """Every translatable text of a version with its Swedish source, in the order of the forms,
    then the interface texts around the questionnaire."""
    questionnaires = {
        q.group: q for q in Questionnaire.objects.filter(version=version).select_related("version")
    }
    questions: dict[int, list[Question]] = {}
    for question in Question.objects.filter(questionnaire__version=version).order_by("number"):
        questions.setdefault(question.questionnaire_id, []).append(question)
    entries: list[SourceEntry] = []
    for group in Group:
        questionnaire = questionnaires.get(group.value)
        if questionnaire is not None:
            entries += _questionnaire_entries(questionnaire, questions.get(questionnaire.pk, []))
    options = ScaleOption.objects.filter(scale__version=version).select_related("scale")
    for option in options.order_by("scale__code", "value"):
        entries.append(
            SourceEntry(
                key=f"scale.{option.scale.code}.{option.code}",
                source=option.label,
                description=_("Svarsalternativ i skalan %(scale)s") % {"scale": option.scale.name},
                group=None,
            )
        )
    # After the texts that were there first, so that their rows keep their numbers.
    for questionnaire in sorted(questionnaires.values(), key=lambda q: Group.values.index(q.group)):
        entries += _paper_only_entries(questionnaire)
    for text in INTERFACE:
        entries.append(
            SourceEntry(
                key=text.key,
                source=text.source,
                description=_(text.description),
                group=None,
                is_interface=True,
            )
        )
    return entries


def _paper_only_entries(questionnaire) -> list[SourceEntry]:
    """The sentences of the cover text and instruction that hold for the printed form only: the
    translator writes each exactly as in their translation, so the web page can put its own
    instruction there instead."""
    group = questionnaire.group
    entries = []
    sentences = paper_only_sentences(questionnaire.version.code, group)
    for number, sentence in enumerate(sentences, start=1):
        entries.append(
            SourceEntry(
                paper_only_key(group, number),
                sentence.text,
                _(
                    "%(group)s: meningen i försättsbladet som bara gäller pappersenkäten. Skriv "
                    "den exakt som i din översättning av försättsbladet. Webbenkäten visar i "
                    "stället texten %(web)s."
                )
                % {"group": questionnaire.get_group_display(), "web": f"interface.{sentence.web}"},
                group,
            )
        )
    return entries


def _kon_order(kon: str) -> int:
    return Kon.values.index(kon) if kon in Kon.values else len(Kon.values)


def _questionnaire_entries(questionnaire, questions) -> list[SourceEntry]:
    group = questionnaire.group
    name = questionnaire.get_group_display()
    descriptions = {
        "title": _("%(group)s: rubrik"),
        "form_label": _("%(group)s: enkätens beteckning"),
        "cover_text": _("%(group)s: försättsblad"),
        "instructions": _("%(group)s: instruktion"),
        "gender_prompt": _("%(group)s: fråga om kön"),
    }
    entries = []
    for field in QUESTIONNAIRE_FIELDS:
        if field == "gender_prompt" and not questionnaire.has_gender_variant:
            continue
        source = getattr(questionnaire, field)
        if source:
            entries.append(
                SourceEntry(
                    f"{group}.{field}", source, descriptions[field] % {"group": name}, group
                )
            )
    if questionnaire.has_gender_variant:
        # jsonb keeps no key order: follow the order of the Kon choices.
        labels = questionnaire.gender_labels
        for kon, label in sorted(labels.items(), key=lambda item: _kon_order(item[0])):
            entries.append(
                SourceEntry(
                    f"{group}.gender.{kon}",
                    label,
                    _("%(group)s: svarsalternativ för kön") % {"group": name},
                    group,
                )
            )
    for question in questions:
        params = {"group": name, "number": question.number}
        if question.instruction_before:
            entries.append(
                SourceEntry(
                    f"{group}.F{question.number}.instruction",
                    question.instruction_before,
                    _("%(group)s: instruktion före fråga %(number)s") % params,
                    group,
                )
            )
        entries.append(
            SourceEntry(
                f"{group}.F{question.number}",
                question.text,
                _("%(group)s: fråga %(number)s") % params,
                group,
                is_question=True,
            )
        )
    return entries
