from django.utils.translation import gettext as _

from matpunkt.responses.importing import import_responses
from matpunkt.responses.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = _(
        "Importerar en svarsfil (CSV med komma eller semikolon, eller XLSX). Allt eller inget: "
        "vid minsta fel lagras ingenting och varje problem listas med rad och kolumn."
    )
    file_help = _("Svarsfilen (.csv eller .xlsx).")
    has_replace = True

    def run_import(self, file, *, filename, options):
        return import_responses(
            file=file,
            filename=filename,
            create_missing=options["create_missing"],
            replace=options["replace"],
            instrument=options["instrument"],
        )
