"""`matpunkt report`: a förbund's or the national report of a period as PDF, XLSX or HTML.

matpunkt report national --period 2024 --format pdf -o riket-2024.pdf
matpunkt report forbund --forbund "Södra Dalarna" --period 2024 --format xlsx -o sd.xlsx
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from matpunkt.fieldwork.models import Period
from matpunkt.organisations.models import Forbund
from matpunkt.results.management.commands.results import _non_negative
from matpunkt.results.reports.forbund import build_forbund_report
from matpunkt.results.reports.national import build_national_report
from matpunkt.results.reports.pdf import render_pdf, render_print_html
from matpunkt.results.reports.xlsx import render_xlsx


class Command(BaseCommand):
    help = _(
        "Skriver en förbundsrapport eller den nationella rapporten för en mätperiod som PDF, "
        "XLSX eller HTML. Den nationella rapporten bygger bara på inlämnade data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["national", "forbund"])
        parser.add_argument(
            "--period", required=True, help=_("Mätperiodens benämning, t.ex. 2024.")
        )
        parser.add_argument("--forbund", help=_("Förbundets namn (för en förbundsrapport)."))
        parser.add_argument("--format", choices=["pdf", "xlsx", "html"], default="pdf")
        parser.add_argument("-o", "--output", required=True, help=_("Filen att skriva."))
        parser.add_argument(
            "--aggregate",
            action="store_true",
            help=_(
                "Den nationella rapporten så som förbundens användare ser den, utan "
                "datakvalitetsavsnittet som namnger förbund och insatser."
            ),
        )
        parser.add_argument(
            "--min-cell",
            type=_non_negative,
            default=None,
            help=_("Minsta antal svar för att visa en andel (standard: MATPUNKT_MIN_CELL)."),
        )

    def handle(self, *args, **options):
        period = Period.objects.select_related("version").filter(label=options["period"]).first()
        if period is None:
            raise CommandError(
                _("Mätperioden ”%(period)s” finns inte.") % {"period": options["period"]}
            )
        if options["kind"] == "forbund":
            report = build_forbund_report(
                forbund=self._forbund(options["forbund"]),
                period=period,
                min_cell=options["min_cell"],
            )
        else:
            report = build_national_report(
                period=period, full=not options["aggregate"], min_cell=options["min_cell"]
            )
        path = Path(options["output"])
        if options["format"] == "pdf":
            path.write_bytes(render_pdf(report))
        elif options["format"] == "xlsx":
            path.write_bytes(render_xlsx(report))
        else:
            path.write_text(render_print_html(report), encoding="utf-8")
        self.stdout.write(
            _("Skrev %(title)s till %(path)s.") % {"title": report.title, "path": path}
        )

    def _forbund(self, name: str | None) -> Forbund:
        if not name:
            raise CommandError(_("Ange förbundet med --forbund för en förbundsrapport."))
        forbund = Forbund.objects.filter(name=name).first()
        if forbund is None:
            raise CommandError(_("Förbundet ”%(forbund)s” finns inte.") % {"forbund": name})
        return forbund
