from django.utils.translation import gettext as _

from matpunkt.responses.importing import import_distribution
from matpunkt.responses.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = _(
        "Importerar en utdelningsfil (CSV med komma eller semikolon, eller XLSX): tillfrågade och "
        "ej nåbara per insats, period och grupp. Allt eller inget."
    )
    file_help = _("Utdelningsfilen (.csv eller .xlsx).")

    def run_import(self, file, *, filename, options):
        return import_distribution(
            file=file,
            filename=filename,
            create_missing=options["create_missing"],
            instrument=options["instrument"],
        )
