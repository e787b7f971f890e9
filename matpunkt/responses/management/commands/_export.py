"""What the two export commands share: options, scope checks and writing the file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from matpunkt.fieldwork.models import Period
from matpunkt.organisations.models import Forbund
from matpunkt.responses.exporting import FORMATS


class ExportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help=_("Filen att skriva (standard: CSV till standard ut)."),
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help=_("csv eller xlsx (standard: efter filnamnets ändelse, annars csv)."),
        )
        parser.add_argument(
            "--delimiter",
            choices=[";", ","],
            default=";",
            help=_("Avgränsare i CSV (standard: semikolon)."),
        )
        parser.add_argument("--forbund", default="", help=_("Bara detta förbund (namnet)."))
        parser.add_argument("--period", default="", help=_("Bara denna mätperiod."))

    def render(self, *, fmt: str, delimiter: str, forbund: str, period: str) -> bytes:
        raise NotImplementedError

    def handle(self, *args, **options):
        output = options["output"]
        fmt = options["format"] or (
            "xlsx" if output and output.casefold().endswith(".xlsx") else "csv"
        )
        if fmt == "xlsx" and not output:
            raise CommandError(_("En XLSX-fil kan inte skrivas till standard ut: ange --output."))
        if options["forbund"] and not Forbund.objects.filter(name=options["forbund"]).exists():
            raise CommandError(_("Okänt förbund ”%(name)s”.") % {"name": options["forbund"]})
        if options["period"] and not Period.objects.filter(label=options["period"]).exists():
            raise CommandError(_("Okänd mätperiod ”%(label)s”.") % {"label": options["period"]})
        content = self.render(
            fmt=fmt,
            delimiter=options["delimiter"],
            forbund=options["forbund"],
            period=options["period"],
        )
        if output:
            Path(output).write_bytes(content)
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
