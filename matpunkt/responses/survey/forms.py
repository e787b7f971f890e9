"""Parsing a submitted web questionnaire: radio answers, the gender item and the comment.

Every question may be skipped and a blank questionnaire may be sent, as on paper. A value must
be one of the instrument's stored option values; anything else can only come from a tampered
request. This is a small hand-written parser rather than a django.forms.Form: the page is drawn
from the instrument texts, not from form fields, and building a Form's fields and choices on
every submission cost more than all the rest of the request's Python (see bench/README.md).

Errors are kept as interface texts to fill in (`Problem`), and worded only when the page is drawn,
in the respondent's language (`error_messages`).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from matpunkt.instrument.models import Variant
from matpunkt.instrument.selectors import QuestionnaireSpec
from matpunkt.instrument.translations.texts import InterfaceTexts
from matpunkt.responses.survey.services import Submission, validate_comment
from matpunkt.responses.survey.texts import has_comment

# Why `validate_comment` refused a comment (its ValidationError code), as an interface text.
COMMENT_REASONS = {
    "too_long": "comment_too_long",
    "personnummer": "comment_personnummer",
    "email": "comment_email",
    "phone": "comment_phone",
}


@dataclass(frozen=True)
class Problem:
    """One error: the interface text that words it, its placeholders, and for the comment the
    reason, which fills the text's %(reason)s. A reason that has no interface text keeps the
    validator's own message (`fixed`)."""

    name: str
    params: dict = field(default_factory=dict)
    reason: "Problem | None" = None
    fixed: str = ""

    def message(self, ui: InterfaceTexts) -> str:
        if self.fixed:
            return self.fixed
        params = dict(self.params)
        if self.reason is not None:
            params["reason"] = self.reason.message(ui)
        return ui.text(self.name, **params)


class SurveyForm:
    """One questionnaire as answered on the web (`data` None: a blank one to show).

    After `is_valid()`, `submission()` is what the services store and `errors` maps a field name
    (kon, f1 … f10, comment) to its problems; `error_messages(ui)` words them.
    """

    def __init__(self, data=None, *, spec: QuestionnaireSpec, variant: str):
        self.spec = spec
        self.data = data if data is not None else {}
        self.is_bound = data is not None
        self.with_gender = variant == Variant.MED_KON and spec.has_gender_variant
        self.with_comment = has_comment(spec.group)
        self.fields = [
            *(["kon"] if self.with_gender else []),
            *(f"f{question.number}" for question in spec.questions),
            *(["comment"] if self.with_comment else []),
            "sprak",
        ]
        self.errors: dict[str, list[Problem]] = {}
        self._submission: Submission | None = None

    def _value(self, name: str) -> str:
        return (self.data.get(name) or "").strip()

    def is_valid(self) -> bool:
        if not self.is_bound:
            return False
        if self._submission is not None or self.errors:
            return not self.errors
        kon = ""
        if self.with_gender:
            kon = self._value("kon")
            if kon and kon not in self.spec.gender_labels:
                self.errors["kon"] = [Problem("error_gender")]
        answers: dict[int, int | None] = {}
        for question in self.spec.questions:
            raw = self._value(f"f{question.number}")
            allowed = {str(option.value): option.value for option in question.options}
            if raw and raw not in allowed:
                self.errors[f"f{question.number}"] = [
                    Problem("error_option", {"number": question.number})
                ]
            answers[question.number] = allowed.get(raw)
        comment = ""
        if self.with_comment:
            try:
                comment = validate_comment(self._value("comment"))
            except ValidationError as error:
                if error.code in COMMENT_REASONS:
                    reason = Problem(COMMENT_REASONS[error.code], error.params or {})
                else:
                    reason = Problem("", fixed=error.messages[0])
                self.errors["comment"] = [Problem("error_comment", reason=reason)]
        if not self.errors:
            self._submission = Submission(kon=kon, answers=answers, comment=comment)
        return not self.errors

    def submission(self) -> Submission:
        if not self.is_valid():
            raise ValueError("The questionnaire has errors.")
        return self._submission

    def error_messages(self, ui: InterfaceTexts) -> dict[str, list[str]]:
        """The errors of each field, worded in the page's language."""
        return {
            name: [problem.message(ui) for problem in problems]
            for name, problems in self.errors.items()
        }

    def error_summary(self, messages: dict[str, list[str]]) -> list[tuple[str, str]]:
        """(id of the field to jump to, message) for every error, in page order."""
        anchors = {"kon": "kon-fieldset", "comment": "comment"}
        for question in self.spec.questions:
            anchors[f"f{question.number}"] = f"q{question.number}"
        return [
            (anchors[name], message) for name in self.fields for message in messages.get(name, [])
        ]
