"""Forms of the codes pages. They parse input; fieldwork.codes validates and saves."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matpunkt.fieldwork.codes import MAX_CODES_PER_ISSUE
from matpunkt.instrument.models import Variant
from matpunkt.organisations.forms import DateInput


def _variant_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("Variant"),
        choices=Variant.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Utan variabeln kön i små grupper, så att ingen kan identifieras genom sitt kön."
        ),
    )


class IssueCodesForm(forms.Form):
    count = forms.IntegerField(
        label=gettext_lazy("Antal koder"),
        min_value=1,
        max_value=MAX_CODES_PER_ISSUE,
        initial=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=gettext_lazy("En kod per person som ska få enkäten."),
    )
    variant = _variant_field()
    handed_out_on = forms.DateField(
        label=gettext_lazy("Utdelade (datum)"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Frivilligt: fyll i om koderna lämnas ut i dag."),
    )

    def __init__(self, *args, with_gender: bool, **kwargs):
        super().__init__(*args, **kwargs)
        message = _("Antal koder måste vara ett heltal mellan 1 och %(max)s.") % {
            "max": MAX_CODES_PER_ISSUE
        }
        self.fields["count"].error_messages.update(
            {"required": message, "invalid": message, "min_value": message, "max_value": message}
        )
        self.fields["handed_out_on"].error_messages["invalid"] = _(
            "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-09-15."
        )
        _fix_variant(self, with_gender)


class OpenLinkForm(forms.Form):
    variant = _variant_field()

    def __init__(self, *args, with_gender: bool, **kwargs):
        super().__init__(*args, **kwargs)
        _fix_variant(self, with_gender)


def _fix_variant(form: forms.Form, with_gender: bool) -> None:
    """A questionnaire without a gender variant is always utan_kon: no choice to make."""
    field = form.fields["variant"]
    field.error_messages["required"] = _("Välj variant: med eller utan variabeln kön.")
    if not with_gender:
        field.initial = Variant.UTAN_KON
        field.widget = forms.HiddenInput()
        field.choices = [(Variant.UTAN_KON, Variant.UTAN_KON.label)]


class MarkCodesForm(forms.Form):
    """Which codes to change (checkboxes `kod`) and the action (the pressed button)."""

    handed_out_on = forms.DateField(required=False)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["handed_out_on"].error_messages["invalid"] = _(
            "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-09-15."
        )
        self.entry_ids: list[int] = []
        for raw in data.getlist("kod"):
            try:
                self.entry_ids.append(int(raw))
            except ValueError:
                continue
        self.action = data.get("action", "")
