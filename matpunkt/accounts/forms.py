from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or (when signing in) a recovery code."""

    token = forms.CharField(
        label=_("Kod"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = help_text
        self.fields["token"].error_messages["required"] = _("Skriv koden.")


class ResetForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivering"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. ”Har tappat telefonen, kontrollerat per telefon 4 december”."),
        error_messages={"required": _("Skriv varför tvåstegsverifieringen återställs.")},
    )
