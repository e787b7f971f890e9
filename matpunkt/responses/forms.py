"""The registration page's forms: the start choice and the paper form a registrar types in.

A registrar types one key per answer, as on the paper form: 1–6 on the six-point scales, j/n for
yes/no and k/m/e (or 1/2/3) for the gender item. The keys are derived from the instrument's option
codes, so nothing here knows a question; every value is parsed with QuestionSpec.parse and the whole
form is checked with validate_response_shape.
"""

import json
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matpunkt.fieldwork.codes import is_code_shaped, normalise_code
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import Group, Kon, Questionnaire, Variant
from matpunkt.instrument.selectors import QuestionnaireSpec, QuestionSpec
from matpunkt.organisations.models import Insats
from matpunkt.responses.models import QUESTION_NUMBERS
from matpunkt.responses.services import (
    REASON_MAX_LENGTH,
    clean_reason,
    validate_response_shape,
)

GENDER_FIELD = "kon"
# A refused value is quoted in its message up to this many characters.
SHOWN_VALUE_LENGTH = 12


@dataclass(frozen=True)
class EntryField:
    """One input of the paper form: a question, or the gender item when `question` is None."""

    name: str
    code: str
    keys: dict[str, str]
    labels: dict[str, str]
    question: QuestionSpec | None = None
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def is_gender(self) -> bool:
        return self.question is None

    @property
    def is_numeric(self) -> bool:
        return all(key.isdigit() for key in self.keys)

    @property
    def allowed(self) -> str:
        """The keys as a message shows them, e.g. "1–6", "j, n" or "k, m, e, 1–3"."""
        return describe_keys(list(self.keys))

    @property
    def scale_code(self) -> str:
        return GENDER_FIELD if self.question is None else self.question.scale_code

    def error_message(self, raw: str) -> str:
        if len(raw) > SHOWN_VALUE_LENGTH:
            raw = raw[:SHOWN_VALUE_LENGTH] + "…"
        return _("%(field)s: ogiltigt svar ”%(raw)s”. Tillåtna svar: %(allowed)s eller tomt.") % {
            "field": self.code,
            "raw": raw,
            "allowed": self.allowed,
        }

    @property
    def keys_attr(self) -> str:
        """The accepted keys for the page script, separated by spaces."""
        return " ".join(self.keys)

    @property
    def labels_json(self) -> str:
        return json.dumps(self.labels, ensure_ascii=False)

    @property
    def error_template(self) -> str:
        """The refusal message with "{svar}" where the page script puts the typed key."""
        return self.error_message("{svar}")

    def key_for(self, code: str) -> str:
        """The key a registrar types for a stored code ("" for none)."""
        return next((key for key, value in self.keys.items() if value == code), code)

    def hint(self) -> str:
        """The keys and their labels, e.g. "1 Aldrig, 2 Sällan …" or "j = Ja, n = Nej"."""
        letters = [key for key in self.keys if not key.isdigit()]
        shown = letters or list(self.keys)
        if all(key.isdigit() for key in shown):
            text = ", ".join(f"{key} {self.labels[key]}" for key in shown)
        else:
            text = ", ".join(f"{key} = {self.labels[key]}" for key in shown)
        digits = [key for key in self.keys if key.isdigit()]
        if letters and digits:
            text = _("%(keys)s (eller %(digits)s)") % {"keys": text, "digits": ", ".join(digits)}
        return text


def describe_keys(keys: list[str]) -> str:
    """Letters as a list, a run of three or more digits as a range: "k, m, e, 1–3"."""
    letters = [key for key in keys if not key.isdigit()]
    digits = sorted(int(key) for key in keys if key.isdigit())
    parts = list(letters)
    if len(digits) >= 3 and digits == list(range(digits[0], digits[-1] + 1)):
        parts.append(f"{digits[0]}–{digits[-1]}")
    else:
        parts.extend(str(d) for d in digits)
    return ", ".join(parts)


def question_field(question: QuestionSpec) -> EntryField:
    """The input of one question: one key per option, the option's first letter or digit."""
    keys: dict[str, str] = {}
    labels: dict[str, str] = {}
    for option in question.options:
        code = option.code.casefold()
        key = code[:1] if code[:1] not in keys else code
        keys[key] = option.code
        labels[key] = option.label
    return EntryField(
        name=f"f{question.number}",
        code=question.code,
        keys=keys,
        labels=labels,
        question=question,
    )


def gender_field(spec: QuestionnaireSpec) -> EntryField:
    """The gender item: k/m/e by the codes' first letters, or 1/2/3 in the paper's order."""
    keys: dict[str, str] = {}
    labels: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for position, (code, default_label) in enumerate(Kon.choices, start=1):
        label = spec.gender_labels.get(code) or str(default_label)
        for key in (code[:1], str(position)):
            keys[key] = code
            labels[key] = label
        aliases[code.casefold()] = code
        aliases[label.casefold()] = code
    return EntryField(name=GENDER_FIELD, code=_("Kön"), keys=keys, labels=labels, aliases=aliases)


def entry_fields(spec: QuestionnaireSpec, variant: str) -> list[EntryField]:
    """The inputs in paper order: the gender item first (med_kon only), then the questions."""
    fields = [gender_field(spec)] if variant == Variant.MED_KON else []
    return fields + [question_field(question) for question in spec.questions]


def parse_entry(entry: EntryField, raw: str | None) -> int | str | None:
    """What a typed value means: a stored option value, a Kon code, or None/"" when empty.

    Raises ValidationError with the Swedish message that names the field.
    """
    text = (raw or "").strip()
    if text == "":
        return "" if entry.is_gender else None
    folded = text.casefold()
    if entry.is_gender:
        code = entry.keys.get(folded) or entry.aliases.get(folded)
        if code is None:
            raise ValidationError(entry.error_message(text), code="invalid_answer")
        return code
    try:
        return entry.question.parse(entry.keys.get(folded, text))
    except ValidationError:
        raise ValidationError(entry.error_message(text), code="invalid_answer") from None


def format_entry(entry: EntryField, value: int | str | None) -> str:
    """The key that shows a stored value in the paper form."""
    if value in (None, ""):
        return ""
    if entry.is_gender:
        return entry.key_for(value)
    return entry.key_for(entry.question.format(value))


def _number_list(numbers: list[int]) -> str:
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


@dataclass(frozen=True)
class Condition:
    """A question that decides whether later questions are asked (F8 = Ja for F9–F10)."""

    question: QuestionSpec
    required_value: int
    dependents: list[QuestionSpec]

    def note(self, value: int | None) -> str:
        """Why the dependents' answers do not count, given the deciding question's answer."""
        params = {
            "number": self.question.number,
            "questions": _number_list([q.number for q in self.dependents]),
        }
        if value is None:
            return (
                _(
                    "Fråga %(number)s är obesvarad: svaren på fråga %(questions)s sparas men "
                    "räknas inte."
                )
                % params
            )
        params["answer"] = self.question.option_for(value).label
        return (
            _(
                "Fråga %(number)s är besvarad med %(answer)s: svaren på fråga %(questions)s "
                "sparas men räknas inte."
            )
            % params
        )

    def applies(self, answers: dict[int, int | None], *, only_when_answered: bool) -> bool:
        """Whether the note is due: the condition is unmet and, when the deciding question is
        unanswered or `only_when_answered` is set, some dependent question is answered."""
        value = answers.get(self.question.number)
        if value == self.required_value:
            return False
        dependents_answered = any(answers.get(q.number) is not None for q in self.dependents)
        if value is None or only_when_answered:
            return dependents_answered
        return True


def conditions(spec: QuestionnaireSpec) -> list[Condition]:
    """The conditional questions of a questionnaire, grouped by the question that decides them."""
    by_number: dict[int, list[QuestionSpec]] = {}
    required: dict[int, int] = {}
    for question in spec.questions:
        if question.condition_number and question.condition_value is not None:
            by_number.setdefault(question.condition_number, []).append(question)
            required[question.condition_number] = question.condition_value
    return [
        Condition(question=spec.question(number), required_value=required[number], dependents=deps)
        for number, deps in by_number.items()
    ]


def condition_notes(spec: QuestionnaireSpec, answers: dict[int, int | None]) -> list[str]:
    """Notes for a stored form whose conditional answers are kept but not counted."""
    return [
        condition.note(answers.get(condition.question.number))
        for condition in conditions(spec)
        if condition.applies(answers, only_when_answered=True)
    ]


@dataclass
class PaperRow:
    """What the template needs to draw one input of the paper form."""

    entry: EntryField
    field: forms.BoundField
    hint_id: str
    hint: str = ""
    echo: str = ""
    note: dict | None = None


class PaperForm(forms.Form):
    """One paper questionnaire as typed in: the gender item (med_kon) and the answers F1–F10.

    After validation, `kon` and `answers` hold what the services store. `with_token` adds the
    one-time key of a new form; `confirm_blank` makes a blank form need a second submit, so that a
    stray Enter on a fresh form does not store an empty one.
    """

    def __init__(
        self,
        *args,
        spec: QuestionnaireSpec,
        variant: str,
        with_token: bool = False,
        confirm_blank: bool = False,
        with_code: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.variant = variant
        self.confirm_blank = confirm_blank
        self.entries = entry_fields(spec, variant)
        self.kon = ""
        self.answers: dict[int, int | None] = {}
        for entry in self.entries:
            # No max_length: a long value is refused by parse_entry with the message that names
            # the question, like any other wrong value.
            self.fields[entry.name] = forms.CharField(label=entry.code, required=False, strip=True)
        if with_token:
            message = _(
                "Formuläret saknar sin engångsnyckel. Ladda om sidan och skriv in enkäten igen."
            )
            self.fields["token"] = forms.UUIDField(
                widget=forms.HiddenInput,
                error_messages={"required": message, "invalid": message},
            )
        if confirm_blank:
            self.fields["blank_ok"] = forms.BooleanField(required=False, widget=forms.HiddenInput)
        if with_code:
            self.fields["code"] = forms.CharField(
                label=_("Kod"), required=False, max_length=20, strip=True
            )

    def clean_code(self) -> str:
        """The form's one-time code in its stored form, or '' when the form has none."""
        code = normalise_code(self.cleaned_data.get("code", ""))
        if code and not is_code_shaped(code):
            raise ValidationError(
                _(
                    "Kod: ”%(code)s” är ingen kod. En kod är 8 tecken: siffrorna 2–9 och "
                    "bokstäverna A–Z utom I och O."
                )
                % {"code": code},
                code="code_shape",
            )
        return code

    @classmethod
    def initial_for(cls, spec: QuestionnaireSpec, variant: str, response) -> dict[str, str]:
        """The keys that show a stored response in the form."""
        initial = {}
        for entry in entry_fields(spec, variant):
            if entry.is_gender:
                initial[entry.name] = format_entry(entry, response.kon)
            else:
                initial[entry.name] = format_entry(
                    entry, getattr(response, f"f{entry.question.number}")
                )
        return initial

    def clean(self):
        cleaned = super().clean()
        answers: dict[int, int | None] = {}
        kon = ""
        for entry in self.entries:
            if entry.name in self.errors:
                continue
            try:
                value = parse_entry(entry, cleaned.get(entry.name))
            except ValidationError as error:
                self.add_error(entry.name, error)
                continue
            if entry.is_gender:
                kon = value
            else:
                answers[entry.question.number] = value
        self._refuse_fields_not_on_the_form()
        if not any(entry.name in self.errors for entry in self.entries):
            try:
                validate_response_shape(
                    spec=self.spec,
                    group=self.spec.group,
                    variant=self.variant,
                    kon=kon,
                    answers=answers,
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages)
        self.kon = kon
        self.answers = answers
        if self.confirm_blank and not self.errors and self.is_blank() and not cleaned["blank_ok"]:
            raise ValidationError(
                _(
                    "Enkäten är blank. Tryck Enter igen för att spara den som blank enkät "
                    "(räknas inte som svar), eller skriv in svaren."
                ),
                code="blank",
            )
        return cleaned

    def _refuse_fields_not_on_the_form(self) -> None:
        """A posted answer to a question this questionnaire lacks, or a gender item in the
        variant without it, is refused rather than dropped: nothing typed is silently lost."""
        names = {entry.name for entry in self.entries}
        extra = [f"f{n}" for n in QUESTION_NUMBERS] + [GENDER_FIELD]
        for name in extra:
            raw = (self.data.get(name) or "").strip()
            if name in names or not raw:
                continue
            if len(raw) > SHOWN_VALUE_LENGTH:
                raw = raw[:SHOWN_VALUE_LENGTH] + "…"
            if name == GENDER_FIELD:
                message = _(
                    "Varianten utan kön har ingen fråga om kön, men formuläret skickade svaret "
                    "”%(raw)s”. Enkäten är inte sparad."
                ) % {"raw": raw}
            else:
                message = _(
                    "Enkäten har ingen fråga F%(number)s, men formuläret skickade svaret "
                    "”%(raw)s”. Enkäten är inte sparad."
                ) % {"number": name[1:], "raw": raw}
            self.add_error(None, ValidationError(message, code="not_on_form"))

    @property
    def has_answer_errors(self) -> bool:
        """Whether an answer (not the code, the token or the whole form) is refused."""
        return self.is_bound and any(entry.name in self.errors for entry in self.entries)

    def is_blank(self) -> bool:
        """No question answered (the gender item alone does not make a response)."""
        return all(value is None for value in self.answers.values())

    @property
    def needs_blank_confirmation(self) -> bool:
        return self.is_bound and self.has_error(NON_FIELD_ERRORS, code="blank")

    def first_error_name(self) -> str | None:
        return next((entry.name for entry in self.entries if entry.name in self.errors), None)

    def rows(self) -> list[PaperRow]:
        """The inputs in paper order, each with its keys' hint and, when due, the condition note."""
        current = self._current_answers()
        notes = {}
        for condition in conditions(self.spec):
            first = condition.dependents[0]
            texts = {
                key: condition.note(condition.question.parse(code))
                for key, code in question_field(condition.question).keys.items()
                if condition.question.parse(code) != condition.required_value
            }
            texts[""] = condition.note(None)
            shown = condition.applies(current, only_when_answered=False)
            notes[first.number] = {
                "id": f"note-f{condition.question.number}",
                "source": f"id_f{condition.question.number}",
                "dependents": " ".join(f"id_f{q.number}" for q in condition.dependents),
                "texts": json.dumps(texts, ensure_ascii=False),
                "text": condition.note(current.get(condition.question.number)) if shown else "",
            }
        rows = []
        previous_scale = None
        hint_id = ""
        for entry in self.entries:
            row = PaperRow(entry=entry, field=self[entry.name], hint_id="")
            if entry.scale_code != previous_scale:
                hint_id = f"hint-{entry.name}"
                row.hint = entry.hint()
            row.hint_id = hint_id
            previous_scale = entry.scale_code
            value = (self[entry.name].value() or "").strip().casefold()
            row.echo = entry.labels.get(value, "") if value in entry.keys else ""
            if entry.question is not None:
                row.note = notes.get(entry.question.number)
            rows.append(row)
        return rows

    def _current_answers(self) -> dict[int, int | None]:
        """The answers as shown now (typed or initial), ignoring what cannot be parsed."""
        answers = {}
        for entry in self.entries:
            if entry.is_gender:
                continue
            try:
                answers[entry.question.number] = parse_entry(entry, self[entry.name].value())
            except ValidationError:
                answers[entry.question.number] = None
        return answers


class ChangeFormMixin(forms.Form):
    """What an edit or a deletion of a stored form carries besides the answers: the reason, kept in
    the audit trail, and the fingerprint of the answers as the page showed them."""

    action = "update"

    reason = forms.CharField(
        label=gettext_lazy("Anledning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_MAX_LENGTH}),
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_reason(self) -> str:
        return clean_reason(self.cleaned_data.get("reason", ""), action=self.action)

    def clean_fingerprint(self) -> str:
        fingerprint = self.cleaned_data.get("fingerprint", "")
        if not fingerprint:
            raise ValidationError(
                _(
                    "Formuläret saknar uppgift om vilka svar det visade. Ladda om sidan och försök "
                    "igen."
                ),
                code="fingerprint_missing",
            )
        return fingerprint

    def add_error(self, field, error):
        # clean_reason raises its error keyed "reason": unwrap it onto the field.
        if field == "reason" and hasattr(error, "error_dict"):
            error = ValidationError(error.message_dict["reason"])
        super().add_error(field, error)


class EditForm(ChangeFormMixin, PaperForm):
    """A stored form as edited: its answers, why they change, and what the page was loaded with."""


class DeleteForm(ChangeFormMixin):
    """Why a stored form is deleted, and which answers the page showed when it was asked."""

    action = "delete"


def registrable_groups(insats, period) -> list[tuple[str, bool]]:
    """The insats's groups that have a questionnaire in the period's version, with whether the
    questionnaire has a gender variant, in the order of Group."""
    available = dict(
        Questionnaire.objects.filter(version=period.version, group__in=insats.groups).values_list(
            "group", "has_gender_variant"
        )
    )
    return [(group, available[group]) for group in Group.values if group in available]


class StartForm(forms.Form):
    """Which paper forms to type in: period, insats, group and, for participants, the variant."""

    period = forms.ModelChoiceField(
        label=gettext_lazy("Mätperiod"),
        queryset=None,
        to_field_name="label",
        empty_label=None,
    )
    insats = forms.ModelChoiceField(label=gettext_lazy("Insats"), queryset=None, empty_label=None)
    grupp = forms.ChoiceField(label=gettext_lazy("Respondentgrupp"), choices=Group.choices)
    variant = forms.ChoiceField(
        label=gettext_lazy("Variant"), choices=Variant.choices, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.select_related("version")
        self.fields["insats"].queryset = Insats.objects.for_user(user).select_related("forbund")

    def clean(self):
        cleaned = super().clean()
        period, insats, group = cleaned.get("period"), cleaned.get("insats"), cleaned.get("grupp")
        if period is None or insats is None or not group:
            return cleaned
        group_label = Group(group).label
        if group not in insats.groups:
            self.add_error(
                "grupp",
                _("Insatsen %(insats)s tillfrågar inte gruppen %(group)s.")
                % {"insats": insats.name, "group": group_label},
            )
            return cleaned
        has_gender = dict(registrable_groups(insats, period)).get(group)
        if has_gender is None:
            self.add_error(
                "grupp",
                _("Mätperiod %(period)s har ingen enkät för gruppen %(group)s.")
                % {"period": period.label, "group": group_label},
            )
        elif not has_gender:
            cleaned["variant"] = Variant.UTAN_KON
        elif not cleaned.get("variant"):
            self.add_error(
                "variant",
                _("Välj variant för gruppen %(group)s: med eller utan variabeln kön.")
                % {"group": group_label},
            )
        return cleaned
