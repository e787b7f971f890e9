from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from matpunkt.responses.importing import import_distribution


class Command(BaseCommand):
    help = _(
        "Importerar en utdelningsfil (CSV med komma eller semikolon, eller XLSX): tillfrågade och "
        "ej nåbara per insats, period och grupp. Allt eller inget."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Utdelningsfilen (.csv eller .xlsx)."))
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help=_("Skapa förbund, insatser och mätperioder som inte finns."),
        )
        parser.add_argument(
            "--instrument",
            metavar="VERSION",
            help=_("Instrumentversion för nya mätperioder (standard: den senaste)."),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            file = path.open("rb")
        except OSError as error:
            raise CommandError(_("Filen %(file)s kunde inte öppnas.") % {"file": path}) from error
        with file:
            result = import_distribution(
                file=file,
                filename=path.name,
                create_missing=options["create_missing"],
                instrument=options["instrument"],
            )
        for problem in result.problems:
            self.stderr.write(str(problem))
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
