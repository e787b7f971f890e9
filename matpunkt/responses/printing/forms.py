"""The print page's choices: how many blank forms, which batch of codes, and the language."""

from django import forms
from django.utils.translation import gettext_lazy

from matpunkt.responses.printing.runs import MAX_COPIES


def language_choices(languages) -> list[tuple[str, str]]:
    """Each language by its Swedish name, with its own name beside it when that differs."""
    return [
        (
            language.code,
            language.name_sv
            if language.name == language.name_sv
            else f"{language.name_sv} ({language.name})",
        )
        for language in languages
    ]


class _LanguageForm(forms.Form):
    sprak = forms.ChoiceField(label=gettext_lazy("Språk"), required=False)

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sprak"].choices = language_choices(languages)
        self.fields["sprak"].error_messages["invalid_choice"] = gettext_lazy(
            "Språk: ”%(value)s” finns inte som godkänd översättning av enkäten."
        )

    def clean_sprak(self) -> str:
        return self.cleaned_data["sprak"] or "sv"


class BlankPrintForm(_LanguageForm):
    antal = forms.IntegerField(
        label=gettext_lazy("Antal blanka enkäter"),
        min_value=1,
        max_value=MAX_COPIES,
        error_messages={
            "required": gettext_lazy("Antal blanka enkäter: ange ett antal."),
            "invalid": gettext_lazy("Antal blanka enkäter: ange ett heltal."),
            "min_value": gettext_lazy("Antal blanka enkäter måste vara minst %(limit_value)s."),
            "max_value": gettext_lazy(
                "Antal blanka enkäter kan vara högst %(limit_value)s i en PDF."
            ),
        },
    )


class CodePrintForm(_LanguageForm):
    delnr = forms.IntegerField(
        label=gettext_lazy("Del"),
        required=False,
        min_value=1,
        error_messages={
            "invalid": gettext_lazy("Del: ange ett heltal."),
            "min_value": gettext_lazy("Del måste vara minst %(limit_value)s."),
        },
    )

    @property
    def part(self) -> int:
        return self.cleaned_data.get("delnr") or 1
