from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from matpunkt.core.backup import backup


class Command(BaseCommand):
    help = _(
        "Skriver en säkerhetskopia av hela databasen till FIL, medan webbplatsen är igång: "
        "SQLite med dess backup-funktion, PostgreSQL med pg_dump (custom-format)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Filen som säkerhetskopian skrivs till."))

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            backup(path)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(_("Säkerhetskopian är skriven till %(file)s.") % {"file": path})
