from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matpunkt.core.admin import DescribedAdminMixin, NationalAdmin, ReadOnlyAdmin
from matpunkt.fieldwork.models import Distribution, DistributionEntry, Period
from matpunkt.fieldwork.services import period_has_responses


@admin.register(Period)
class PeriodAdmin(DescribedAdminMixin, NationalAdmin):
    description = _(
        "De nationella mätperioderna. En periods instrumentversion låses när det finns svar."
    )
    list_display = ["label", "starts_on", "ends_on", "version"]
    list_select_related = ["version"]

    def get_readonly_fields(self, request, obj=None):
        # Stored answer codes mean the options of the version they were given in.
        if obj is not None and period_has_responses(obj):
            return ["version"]
        return []


@admin.register(Distribution)
class DistributionAdmin(DescribedAdminMixin, ReadOnlyAdmin):
    description = _("Utdelning per insats, mätperiod och grupp. Ändras av förbunden i Mätpunkt.")
    list_display = [
        "insats",
        "forbund",
        "period",
        "group",
        "asked",
        "unreachable",
        "from_list",
        "entered_asked",
        "entered_unreachable",
    ]
    list_filter = ["period", "group", "from_list", "insats__forbund"]
    search_fields = ["insats__name", "insats__forbund__name"]
    list_select_related = ["insats__forbund", "period"]

    @admin.display(description=_("förbund"), ordering="insats__forbund__name")
    def forbund(self, obj):
        return obj.insats.forbund


@admin.register(DistributionEntry)
class DistributionEntryAdmin(DescribedAdminMixin, ReadOnlyAdmin):
    description = _("Rader i förbundens utdelningslistor: bara löpnummer, aldrig namn.")
    list_display = ["pseudonym", "distribution", "handed_out_on", "unreachable"]
    list_filter = ["distribution__period", "distribution__group", "unreachable"]
    list_select_related = ["distribution__insats", "distribution__period"]
