from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matpunkt.core.admin import DescribedAdminMixin, NationalAdmin
from matpunkt.core.validators import reject_personnummer
from matpunkt.instrument.models import Group
from matpunkt.organisations.forms import LOGO_FORMATS, LOGO_MAX_BYTES
from matpunkt.organisations.models import Forbund, Insats, Membership


class ForbundAdminForm(forms.ModelForm):
    class Meta:
        model = Forbund
        fields = [
            "name",
            "members",
            "agreement_status",
            "agreement_since",
            "contact_name",
            "contact_role",
            "contact_phone",
            "contact_email",
            "logo",
        ]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        image = getattr(logo, "image", None)
        if image is None:  # unchanged or removed
            return logo
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Logotypen är för stor: den får vara högst 1 MB."))
        if image.format not in LOGO_FORMATS:
            raise forms.ValidationError(_("Logotypen måste vara en bild i PNG- eller JPEG-format."))
        return logo

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "members", "contact_name", "contact_role"):
            try:
                reject_personnummer(cleaned.get(name) or "")
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        return cleaned


class InsatsInline(admin.TabularInline):
    model = Insats
    fields = ["name", "orientation", "active"]
    readonly_fields = ["name", "orientation", "active"]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Forbund)
class ForbundAdmin(DescribedAdminMixin, NationalAdmin):
    description = _("Samordningsförbunden i Mätpunkt och deras avtal med NNS.")
    form = ForbundAdminForm
    list_display = ["name", "agreement_status", "agreement_since", "contact_name"]
    list_filter = ["agreement_status"]
    search_fields = ["name", "members"]
    inlines = [InsatsInline]

    def _forbund_of(self, obj):
        return obj


class InsatsAdminForm(forms.ModelForm):
    groups = forms.MultipleChoiceField(
        label=_("Respondentgrupper"),
        choices=Group.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Insats
        fields = ["forbund", "name", "orientation", "groups", "active"]

    def clean_groups(self):
        chosen = set(self.cleaned_data["groups"])
        return [code for code in Group.values if code in chosen]


@admin.register(Insats)
class InsatsAdmin(DescribedAdminMixin, NationalAdmin):
    description = _("Förbundens insatser. Förbunden hanterar själva sina insatser i Mätpunkt.")
    form = InsatsAdminForm
    list_display = ["name", "forbund", "orientation", "active"]
    list_filter = ["forbund", "orientation", "active"]
    search_fields = ["name", "forbund__name"]
    list_select_related = ["forbund"]

    def get_readonly_fields(self, request, obj=None):
        # An insats's responses belong to its förbund: it never moves to another one.
        return ["forbund"] if obj is not None else []

    def _forbund_of(self, obj):
        return obj.forbund


@admin.register(Membership)
class MembershipAdmin(DescribedAdminMixin, NationalAdmin):
    description = _(
        "Användarnas roller. En NNS-administratör har inget förbund; alla andra roller har ett."
    )
    list_display = ["user", "role", "forbund"]
    list_filter = ["role", "forbund"]
    search_fields = ["user__username", "user__email", "forbund__name"]
    list_select_related = ["user", "forbund"]

    def _forbund_of(self, obj):
        return obj.forbund
