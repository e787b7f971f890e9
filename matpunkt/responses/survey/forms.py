"""Parsing a submitted web questionnaire: radio answers, the gender item and the comment.

Every question may be skipped and a blank questionnaire may be sent, as on paper. A value must
be one of the instrument's stored option values; anything else can only come from a tampered
request. This is a small hand-written parser rather than a django.forms.Form: the page is drawn
from the instrument texts, not from form fields, and building a Form's fields and choices on
every submission cost more than all the rest of the request's Python (see bench/README.md).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from matpunkt.instrument.models import Variant
from matpunkt.instrument.selectors import QuestionnaireSpec
from matpunkt.responses.survey.services import Submission, validate_comment
from matpunkt.responses.survey.texts import has_comment


class SurveyForm:
    """One questionnaire as answered on the web (`data` None: a blank one to show).

    After `is_valid()`, `submission()` is what the services store and `errors` maps a field name
    (kon, f1 … f10, comment) to its messages.
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
        self.errors: dict[str, list[str]] = {}
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
                self.errors["kon"] = [_("Välj ett av svarsalternativen under ”Om dig”.")]
        answers: dict[int, int | None] = {}
        for question in self.spec.questions:
            raw = self._value(f"f{question.number}")
            allowed = {str(option.value): option.value for option in question.options}
            if raw and raw not in allowed:
                self.errors[f"f{question.number}"] = [
                    _("Välj ett av svarsalternativen på fråga %(number)s.")
                    % {"number": question.number}
                ]
            answers[question.number] = allowed.get(raw)
        comment = ""
        if self.with_comment:
            try:
                comment = validate_comment(self._value("comment"))
            except ValidationError as error:
                self.errors["comment"] = [
                    _("Övriga synpunkter: %(reason)s") % {"reason": error.messages[0]}
                ]
        if not self.errors:
            self._submission = Submission(kon=kon, answers=answers, comment=comment)
        return not self.errors

    def submission(self) -> Submission:
        if not self.is_valid():
            raise ValueError("The questionnaire has errors.")
        return self._submission

    def error_summary(self) -> list[tuple[str, str]]:
        """(id of the field to jump to, message) for every error, in page order."""
        anchors = {"kon": "kon-fieldset", "comment": "comment"}
        for question in self.spec.questions:
            anchors[f"f{question.number}"] = f"q{question.number}"
        return [
            (anchors[name], message)
            for name in self.fields
            for message in self.errors.get(name, [])
        ]
