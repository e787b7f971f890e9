"""Forms of the translation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from matpunkt.instrument.models import Direction, InstrumentVersion


class TranslationUploadForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Instrumentversion"),
        queryset=InstrumentVersion.objects.order_by("-code"),
        empty_label=None,
    )
    file = forms.FileField(
        label=_("Översättningsfil"),
        help_text=_("En ifylld XLSX- eller PO-fil från sidan Översättningar, högst 5 MB."),
    )
    direction = forms.ChoiceField(
        label=_("Skriftriktning"),
        choices=[("", _("Som i filen, annars efter språkkoden"))] + list(Direction.choices),
        required=False,
        help_text=_("Ändra bara om skriftriktningen i filen eller efter språkkoden blir fel."),
    )


class TranslationWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför återkallas översättningen?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sparas i ändringsloggen. Översättningen visas inte längre för de svarande."),
    )
