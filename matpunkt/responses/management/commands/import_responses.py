from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from matpunkt.responses.importing import import_responses


class Command(BaseCommand):
    help = _(
        "Importerar en svarsfil (CSV med komma eller semikolon, eller XLSX). Allt eller inget: "
        "vid minsta fel lagras ingenting och varje problem listas med rad och kolumn."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Svarsfilen (.csv eller .xlsx)."))
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help=_("Skapa förbund, insatser och mätperioder som inte finns."),
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Ersätt svar som en tidigare import lagrat för samma insats, period och grupp."),
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
            result = import_responses(
                file=file,
                filename=path.name,
                create_missing=options["create_missing"],
                replace=options["replace"],
                instrument=options["instrument"],
            )
        for problem in result.problems:
            self.stderr.write(str(problem))
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
