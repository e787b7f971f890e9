from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matpunkt.core.admin import DescribedAdminMixin, ReadOnlyAdmin
from matpunkt.responses.models import ANSWER_FIELDS, ImportBatch, Response, Source


@admin.register(Response)
class ResponseAdmin(DescribedAdminMixin, ReadOnlyAdmin):
    description = _(
        "Registrerade och importerade enkäter, bara som svarskoder. Svar registreras, ändras och "
        "tas bort av förbunden i Mätpunkt. Webbenkäter visas aldrig en och en, här eller någon "
        "annanstans: de räknas bara i resultaten."
    )
    fields = [
        "insats",
        "period",
        "group",
        "variant",
        "kon",
        *ANSWER_FIELDS,
        "source",
        "recorded_on",
        "import_batch",
    ]
    list_display = ["pk", "insats", "period", "group", "variant", "kon", *ANSWER_FIELDS]
    list_filter = ["period", "group", "variant", "source", "insats__forbund"]
    list_select_related = ["insats", "period"]
    search_fields = ["insats__name", "insats__forbund__name"]

    def get_queryset(self, request):
        # A web response's row, key or place in a list could pair it with its code or visit.
        return super().get_queryset(request).exclude(source=Source.WEB)


@admin.register(ImportBatch)
class ImportBatchAdmin(DescribedAdminMixin, ReadOnlyAdmin):
    description = _("Importerade filer. En fil med samma innehåll importeras bara en gång.")
    list_display = ["imported_at", "kind", "filename", "row_count", "forbund", "imported_by"]
    list_filter = ["kind", "forbund"]
    exclude = ["content_hash"]
    list_select_related = ["forbund", "imported_by"]
