"""Forms for the organisation pages. They parse input; the services validate and save."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from matpunkt.instrument.models import Group
from matpunkt.organisations.models import Forbund, Insats, Role

LOGO_MAX_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG"}


def _model_field(model, name: str, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


def add_service_errors(
    form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: on the field it names, else above the form.

    `field_map` renames a service's field to the form's (e.g. password → password1).
    """
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = field_map.get(field, field)
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ForbundForm(forms.Form):
    """What a förbund administrator edits: members, contact person and logo."""

    members = _model_field(
        Forbund,
        "members",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Förbundets medlemsorganisationer, en per rad, t.ex. Arbetsförmedlingen, "
            "Försäkringskassan, regionen och kommunerna."
        ),
    )
    contact_name = _model_field(
        Forbund,
        "contact_name",
        help_text=_("Den som deltagare och personal kan vända sig till med frågor om enkäten."),
    )
    contact_role = _model_field(
        Forbund, "contact_role", help_text=_("T.ex. ”Förbundschef” eller ”Processledare”.")
    )
    contact_phone = _model_field(Forbund, "contact_phone")
    contact_email = _model_field(Forbund, "contact_email")
    logo = forms.ImageField(
        label=_("Ny logotyp"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("En bild i PNG- eller JPEG-format, högst 1 MB. Logotypen trycks på enkäterna."),
    )
    remove_logo = forms.BooleanField(label=_("Ta bort nuvarande logotyp"), required=False)

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo:
            return None
        if logo.size > LOGO_MAX_BYTES:
            raise ValidationError(
                _("Logotypen är för stor: den får vara högst 1 MB."), code="logo_too_large"
            )
        image = getattr(logo, "image", None)
        if image is None or image.format not in LOGO_FORMATS:
            raise ValidationError(
                _("Logotypen måste vara en bild i PNG- eller JPEG-format."), code="logo_format"
            )
        return logo


class ForbundNationalForm(ForbundForm):
    """What an NNS administrator edits: also the name and the agreement with NNS."""

    name = _model_field(Forbund, "name")
    agreement_status = _model_field(Forbund, "agreement_status")
    agreement_since = _model_field(Forbund, "agreement_since", widget=DateInput())

    field_order = ["name", "agreement_status", "agreement_since"]


class InsatsForm(forms.Form):
    name = _model_field(
        Insats,
        "name",
        help_text=_("Insatsens namn så som det skrivs i svarsfiler och rapporter."),
    )
    orientation = _model_field(
        Insats,
        "orientation",
        widget=forms.RadioSelect,
        help_text=_(
            "Individinriktade insatser möter deltagare; strukturinriktade insatser utvecklar "
            "samverkan mellan organisationerna."
        ),
    )
    groups = forms.MultipleChoiceField(
        label=_("Respondentgrupper"),
        choices=Group.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Kryssa i de grupper som får enkäten i insatsen. Förbundschef finns bara i "
            "instrumentversion 2017."
        ),
    )
    active = forms.BooleanField(
        label=_("Insatsen pågår"),
        required=False,
        initial=True,
        help_text=_("Avsluta insatsen här i stället för att ta bort den: dess svar finns kvar."),
    )

    def __init__(self, *args, forbund_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if forbund_choices is not None:
            self.fields["forbund"] = forms.ModelChoiceField(
                label=_("Förbund"), queryset=forbund_choices, empty_label=_("Välj förbund")
            )
            self.order_fields(["forbund"])


class PasswordForm(forms.Form):
    """Set a password, or let Mätpunkt make a one-time password to hand over."""

    password_choice = forms.ChoiceField(
        label=_("Lösenord"),
        widget=forms.RadioSelect,
        choices=[
            ("generate", _("Skapa ett engångslösenord som jag lämnar till personen")),
            ("set", _("Jag anger ett lösenord")),
        ],
        initial="generate",
    )
    password1 = forms.CharField(
        label=_("Nytt lösenord"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Fyll bara i om du anger ett lösenord: minst 12 tecken, inte bara siffror och inte "
            "ett vanligt lösenord."
        ),
    )
    password2 = forms.CharField(
        label=_("Upprepa lösenordet"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password_choice") == "set":
            first, second = cleaned.get("password1"), cleaned.get("password2")
            if not first:
                self.add_error("password1", _("Skriv ett lösenord eller välj engångslösenord."))
            elif first != second:
                self.add_error("password2", _("Lösenorden är inte lika."))
        return cleaned

    @property
    def chosen_password(self) -> str | None:
        """The password typed, or None when a one-time password is to be generated."""
        if self.cleaned_data.get("password_choice") == "set":
            return self.cleaned_data["password1"]
        return None


ROLE_HELP = _(
    "Läsare ser uppgifter och resultat. Registrerare registrerar och importerar svar och "
    "utdelning. Förbundsadministratör hanterar dessutom förbundet, insatser och användare."
)


def _forbund_field(queryset) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Förbund"),
        queryset=queryset,
        required=False,
        empty_label=_("Inget (NNS-administratör)"),
        help_text=_("Lämna tomt för en NNS-administratör."),
    )


class UserCreateForm(PasswordForm):
    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        help_text=_("Det namn personen loggar in med, t.ex. förnamn.efternamn."),
    )
    email = forms.EmailField(label=_("E-post"))
    role = forms.ChoiceField(
        label=_("Roll"), widget=forms.RadioSelect, help_text=ROLE_HELP, initial=Role.READER
    )

    field_order = ["username", "email", "role", "forbund"]

    def __init__(self, *args, role_choices, forbund_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices
        if forbund_choices is not None:
            self.fields["forbund"] = _forbund_field(forbund_choices)
            self.order_fields(self.field_order)


class UserEditForm(forms.Form):
    email = forms.EmailField(label=_("E-post"))
    role = forms.ChoiceField(label=_("Roll"), widget=forms.RadioSelect, help_text=ROLE_HELP)
    is_active = forms.BooleanField(
        label=_("Kontot är aktivt"),
        required=False,
        help_text=_("Ta bort krysset för att stänga av kontot. Personen kan då inte logga in."),
    )

    def __init__(self, *args, role_choices, forbund_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices
        if forbund_choices is not None:
            self.fields["forbund"] = _forbund_field(forbund_choices)
            self.order_fields(["email", "role", "forbund"])


def initial_for_user(user) -> dict:
    membership = getattr(user, "membership", None)
    return {
        "email": user.email,
        "role": membership.role if membership else Role.READER,
        "forbund": membership.forbund_id if membership else None,
        "is_active": user.is_active,
    }
