"""Every text the web questionnaire shows a respondent, from one call: `survey_texts`.

The texts come from the instrument through `questionnaire_texts` (Swedish, or an approved
translation), with the förbund's placeholders filled in. Which questions are conditional comes
from the instrument's QuestionnaireSpec. The chosen language also decides the page's `lang` and
`dir` attributes. Sentences that the instrument marks as holding for the printed form only
("Returnera enkäten i det bifogade kuvertet.") are replaced by the web's own instruction in the
page's language (`web_wording`); printed copies keep them.
"""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from matpunkt.instrument.models import PARTICIPANT_GROUPS
from matpunkt.instrument.placeholders import paragraphs
from matpunkt.instrument.selectors import QuestionnaireSpec
from matpunkt.instrument.translations.texts import (
    SWEDISH,
    InterfaceTexts,
    Language,
    QuestionnaireTexts,
    available_languages,
    interface_texts,
    questionnaire_texts,
)
from matpunkt.responses.templatetags.paper import underlined


@dataclass(frozen=True)
class Block:
    """One block of an introduction: a paragraph, a bullet list, or the förbund's logo."""

    kind: str  # "p", "ul" or "logo"
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class SurveyQuestion:
    """One question as the page shows it; `shown_when` is (question number, option value) for a
    question asked only after a given answer (F9–F10 after F8 = Ja)."""

    number: int
    text: str
    options: tuple[Option, ...]
    instruction_before: str = ""
    shown_when: tuple[int, int] | None = None

    @property
    def name(self) -> str:
        return f"f{self.number}"

    @property
    def is_yes_no(self) -> bool:
        return len(self.options) == 2


@dataclass(frozen=True)
class SurveyTexts:
    """What one questionnaire page shows, in one language, filled in for one förbund and insats."""

    language: str
    direction: str
    title: str
    form_label: str
    cover: tuple[Block, ...]
    instructions: tuple[Block, ...]
    gender_prompt: str
    gender_options: tuple[tuple[str, str], ...]
    questions: tuple[SurveyQuestion, ...]
    has_comment: bool
    triggers: dict[int, int] = field(default_factory=dict)

    def question(self, number: int) -> SurveyQuestion:
        return next(q for q in self.questions if q.number == number)


def has_comment(group: str) -> bool:
    """Only the participant questionnaires end with "Övriga synpunkter"."""
    return group in PARTICIPANT_GROUPS


def survey_languages(*, period, group: str) -> list[Language]:
    """The languages a respondent may choose: Swedish first, then approved translations."""
    return available_languages(period, group=group)


def _blocks(text: str, *, forbund, insats) -> tuple[Block, ...]:
    blocks = []
    for paragraph in paragraphs(text, forbund=forbund, insats=insats):
        if paragraph.is_logo:
            blocks.append(Block("logo"))
            continue
        lines = [line.strip() for line in paragraph.text.splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            blocks.append(Block("ul", items=tuple(line[2:].strip() for line in lines)))
        else:
            blocks.append(Block("p", text=paragraph.text))
    return tuple(blocks)


_SWEDISH: dict[tuple, QuestionnaireTexts] = {}


def _source_texts(period, group: str, language: str) -> QuestionnaireTexts:
    """`questionnaire_texts`, with the Swedish texts kept per process: they are the instrument
    version's own, and a version that a period uses cannot change. Translations are read anew
    each time, since an NNS administrator may approve or withdraw one at any moment."""
    if language != SWEDISH:
        return questionnaire_texts(period, group, language)
    version = period.version
    key = (version.pk, version.content_hash, version.loaded_at, group)
    if key not in _SWEDISH:
        if len(_SWEDISH) > 100:
            _SWEDISH.clear()
        _SWEDISH[key] = questionnaire_texts(period, group, SWEDISH)
    return _SWEDISH[key]


def web_wording(source: QuestionnaireTexts, ui: InterfaceTexts) -> tuple[str, str]:
    """The cover text and instruction as the web shows them: each sentence for the printed form
    only is replaced, where it stands, by the web's own instruction in the page's language.

    The sentence is looked for as the translation gives it and as the Swedish source. When it is
    in neither text (a translator left it out, or translated the cover text before Mätpunkt asked
    for the sentence on its own), the web instruction ends the cover text instead, so that the web
    page never lacks it.
    """
    cover, instructions = source.cover_text, source.instructions
    for sentence in source.paper_only:
        web = ui[sentence.web]
        for paper in dict.fromkeys(text for text in (sentence.text, sentence.source) if text):
            if paper in cover:
                cover = cover.replace(paper, web)
                break
            if paper in instructions:
                instructions = instructions.replace(paper, web)
                break
        else:
            cover = f"{cover}\n\n{web}" if cover else web
    return cover, instructions


def survey_texts(
    *, period, group: str, forbund, insats, spec: QuestionnaireSpec, language: str = SWEDISH
) -> SurveyTexts:
    """The texts of the group's questionnaire in the period's version, in `language` when an
    approved translation exists (Swedish otherwise), placeholders filled for the förbund and
    insats. `spec` is the questionnaire's instrument spec: it says which questions are
    conditional."""
    source = _source_texts(period, group, language)
    cover_text, instructions = web_wording(source, interface_texts(period, source.language))
    conditions = {
        q.number: (q.condition_number, q.condition_value)
        for q in spec.questions
        if q.condition_number and q.condition_value is not None
    }
    questions = tuple(
        SurveyQuestion(
            number=q.number,
            text=q.text,
            options=tuple(Option(o.value, o.label) for o in q.options),
            instruction_before=q.instruction_before,
            shown_when=conditions.get(q.number),
        )
        for q in source.questions
    )
    return SurveyTexts(
        language=source.language,
        direction=source.direction,
        title=source.title,
        form_label=source.form_label,
        cover=_blocks(cover_text, forbund=forbund, insats=insats),
        instructions=_blocks(instructions, forbund=forbund, insats=insats),
        gender_prompt=source.gender_prompt,
        gender_options=tuple(source.gender_labels.items()),
        questions=questions,
        has_comment=has_comment(group),
        triggers={number: value for number, value in conditions.values()},
    )


# What the page draws -------------------------------------------------------------------------

_CHECKED = mark_safe(" checked")
_TRIGGER = mark_safe(" data-trigger")
_CHECKED_TRIGGER = mark_safe(" checked data-trigger")


@dataclass(frozen=True)
class OptionRow:
    id: str
    value: str
    label: str
    flags: SafeString  # " checked", " data-trigger", both or ""


@dataclass(frozen=True)
class QuestionRow:
    """One question ready to draw: the template only prints, so the page renders fast."""

    name: str
    number: str
    text: SafeString
    instruction: str
    css: str
    shown_when: tuple[str, str] | None
    errors: list[str]
    options: list[OptionRow]


def question_rows(
    texts: SurveyTexts, values: dict[str, str], errors: dict[str, list[str]]
) -> list[QuestionRow]:
    """The questions with their options, the chosen answers checked and F8's Ja marked as the
    answer that shows F9–F10."""
    rows = []
    for question in texts.questions:
        chosen = values.get(question.name, "")
        trigger = texts.triggers.get(question.number)
        options = []
        for option in question.options:
            value = str(option.value)
            checked, triggers = value == chosen, option.value == trigger
            flags = (
                (_CHECKED_TRIGGER if triggers else _CHECKED)
                if checked
                else (_TRIGGER if triggers else mark_safe(""))
            )
            options.append(OptionRow(f"{question.name}-{value}", value, option.label, flags))
        css = "question"
        if question.shown_when:
            css += " conditional"
        if question.is_yes_no:
            css += " yes-no"
        shown_when = None
        if question.shown_when:
            shown_when = (f"f{question.shown_when[0]}", str(question.shown_when[1]))
        rows.append(
            QuestionRow(
                name=question.name,
                number=str(question.number),
                text=underlined(question.text),
                instruction=question.instruction_before,
                css=css,
                shown_when=shown_when,
                errors=errors.get(question.name, []),
                options=options,
            )
        )
    return rows
