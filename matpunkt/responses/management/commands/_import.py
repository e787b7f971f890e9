"""What the two import commands share: the file argument, the options and the reporting."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class ImportCommand(BaseCommand):
    """An import of one file: every problem on standard error, the summary on standard output."""

    file_help = ""
    has_replace = False

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help=_("Skapa förbund, insatser och mätperioder som inte finns."),
        )
        if self.has_replace:
            parser.add_argument(
                "--replace",
                action="store_true",
                help=_(
                    "Ersätt svar som en tidigare import lagrat för samma insats, period och grupp."
                ),
            )
        parser.add_argument(
            "--instrument",
            metavar="VERSION",
            help=_("Instrumentversion för nya mätperioder (standard: den senaste)."),
        )

    def run_import(self, file, *, filename: str, options):
        raise NotImplementedError

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            file = path.open("rb")
        except OSError as error:
            raise CommandError(_("Filen %(file)s kunde inte öppnas.") % {"file": path}) from error
        with file:
            result = self.run_import(file, filename=path.name, options=options)
        for problem in result.problems:
            self.stderr.write(str(problem))
        if not result.ok:
            raise CommandError(result.summary())
        self.stdout.write(result.summary())
