from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from matpunkt.core.backup import restore


class Command(BaseCommand):
    help = _(
        "Återställer databasen från en säkerhetskopia som matpunkt backup har skrivit. "
        "Databasen ska vara tom, om inte --replace anges."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Säkerhetskopian som läses in."))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Ersätt allt som finns i databasen med säkerhetskopian."),
        )

    def handle(self, *args, file: str, replace: bool = False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Filen %(file)s finns inte.") % {"file": path})
        try:
            restore(path, replace=replace)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(_("Databasen är återställd från %(file)s.") % {"file": path})
