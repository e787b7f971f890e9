"""Reading the instrument: a questionnaire with its questions and options, ready to use."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from matpunkt.instrument.models import Question, Questionnaire, ScaleOption


@dataclass
class QuestionSpec:
    """One question with its options, decoupled from the ORM for fast use in loops."""

    number: int
    code: str
    text: str
    measure_key: str
    measure_name: str
    scale_code: str
    options: list[ScaleOption]
    condition_number: int | None
    condition_value: int | None
    instruction_before: str
    _by_input: dict[str, int] = field(default_factory=dict, repr=False)
    _by_value: dict[int, ScaleOption] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for option in self.options:
            self._by_input[option.code.casefold()] = option.value
            self._by_input[option.label.casefold()] = option.value
            self._by_value[option.value] = option

    @property
    def is_yes_no(self) -> bool:
        return self.scale_code == "ja_nej"

    @property
    def positive_values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options if o.is_positive)

    def option_for(self, value: int) -> ScaleOption:
        return self._by_value[value]

    def parse(self, raw) -> int | None:
        """The stored value for an answer as written in a file or typed: a code or a label.

        Empty means unanswered. Raises ValidationError with a Swedish message otherwise.
        """
        if raw is None:
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = str(raw).strip()
        if text == "":
            return None
        value = self._by_input.get(text.casefold())
        if value is None:
            allowed = ", ".join(o.code for o in self.options)
            raise ValidationError(
                _("Ogiltigt svar ”%(raw)s” på %(code)s. Tillåtna svar: %(allowed)s eller tomt."),
                code="invalid_answer",
                params={"raw": text, "code": self.code, "allowed": allowed},
            )
        return value

    def format(self, value: int | None) -> str:
        """The file code of a stored value ('' for unanswered)."""
        return "" if value is None else self._by_value[value].code


@dataclass
class QuestionnaireSpec:
    version_code: str
    group: str
    title: str
    has_gender_variant: bool
    gender_prompt: str
    gender_labels: dict[str, str]
    questions: list[QuestionSpec]
    questionnaire: Questionnaire

    def question(self, number: int) -> QuestionSpec:
        for question in self.questions:
            if question.number == number:
                return question
        raise KeyError(number)

    @property
    def numbers(self) -> list[int]:
        return [q.number for q in self.questions]


def questionnaire_spec(version, group: str) -> QuestionnaireSpec | None:
    """The questionnaire of a group in a version, or None when the version has none for it."""
    questionnaire = (
        Questionnaire.objects.filter(version=version, group=group).select_related("version").first()
    )
    if questionnaire is None:
        return None
    questions = (
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("scale", "measure")
        .prefetch_related("scale__options")
        .order_by("number")
    )
    specs = []
    for q in questions:
        options = sorted(q.scale.options.all(), key=lambda o: o.value)
        condition_value = None
        if q.condition_number:
            condition_scale = next(x for x in questions if x.number == q.condition_number).scale
            condition_value = next(
                o.value for o in condition_scale.options.all() if o.code == q.condition_code
            )
        specs.append(
            QuestionSpec(
                number=q.number,
                code=q.code,
                text=q.text,
                measure_key=q.measure.key,
                measure_name=q.measure.name,
                scale_code=q.scale.code,
                options=options,
                condition_number=q.condition_number,
                condition_value=condition_value,
                instruction_before=q.instruction_before,
            )
        )
    return QuestionnaireSpec(
        version_code=questionnaire.version.code,
        group=group,
        title=questionnaire.title,
        has_gender_variant=questionnaire.has_gender_variant,
        gender_prompt=questionnaire.gender_prompt,
        gender_labels=questionnaire.gender_labels,
        questions=specs,
        questionnaire=questionnaire,
    )


def questionnaire_specs(version) -> dict[str, QuestionnaireSpec]:
    """Every questionnaire of a version, by group code."""
    groups = Questionnaire.objects.filter(version=version).values_list("group", flat=True)
    return {group: questionnaire_spec(version, group) for group in groups}
