"""`matpunkt kolada`: the released figures as open data in Kolada's shape (`results.open_data`).

matpunkt kolada --format csv -o nns-kolada.csv
matpunkt kolada --format json --period 2024
"""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from matpunkt.fieldwork.models import Period
from matpunkt.results.management.commands.results import _non_negative
from matpunkt.results.reports.kolada import kolada_values, write_csv, write_json


class Command(BaseCommand):
    help = _(
        "Skriver de publicerade siffrorna som öppna data i Koladas form: fråga × förbund × "
        "mätperiod × kön (T, K, M) med värde och antal svar. Bara mätperioder som NNS har "
        "publicerat ingår. Celler under K utelämnas, och likaså celler som tillsammans med riket "
        "skulle avslöja ett förbund som har utelämnats."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--period", help=_("Bara denna mätperiod (standard: alla)."))
        parser.add_argument("-o", "--output", help=_("Filen att skriva (standard: utdata)."))
        parser.add_argument(
            "--min-cell",
            type=_non_negative,
            default=None,
            help=_("Minsta antal svar för att visa en andel (standard: MATPUNKT_MIN_CELL)."),
        )

    def handle(self, *args, **options):
        periods = None
        if options["period"]:
            period = Period.objects.select_related("version").filter(label=options["period"])
            if not period.exists():
                raise CommandError(
                    _("Mätperioden ”%(period)s” finns inte.") % {"period": options["period"]}
                )
            periods = list(period)
        values = kolada_values(periods=periods, min_cell=options["min_cell"])
        write = write_csv if options["format"] == "csv" else write_json
        buffer = io.StringIO()
        write(values, buffer)
        if options["output"]:
            Path(options["output"]).write_text(buffer.getvalue(), encoding="utf-8")
        else:
            self.stdout.write(buffer.getvalue(), ending="")
