from django.utils.translation import gettext as _

from matpunkt.responses.exporting import distributions_queryset, export_distribution
from matpunkt.responses.management.commands._export import ExportCommand


class Command(ExportCommand):
    help = _(
        "Exporterar utdelningen (tillfrågade och ej nåbara) som en utdelningsfil (CSV eller XLSX) "
        "som import-distribution kan läsa."
    )

    def render(self, *, fmt, delimiter, forbund, period):
        records = distributions_queryset(forbund=forbund, period=period)
        return export_distribution(records, fmt=fmt, delimiter=delimiter)
