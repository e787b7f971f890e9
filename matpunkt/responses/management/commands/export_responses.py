from django.utils.translation import gettext as _

from matpunkt.responses.exporting import export_responses, responses_queryset
from matpunkt.responses.management.commands._export import ExportCommand


class Command(ExportCommand):
    help = _("Exporterar svar som en svarsfil (CSV eller XLSX) som import-responses kan läsa.")

    def render(self, *, fmt, delimiter, forbund, period):
        responses = responses_queryset(forbund=forbund, period=period)
        return export_responses(responses, fmt=fmt, delimiter=delimiter)
