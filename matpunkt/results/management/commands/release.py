"""`matpunkt release`: publish a period's national figures to förbund users, as NNS does on the
submission overview. An operator's tool: it runs without a user (the audit row has no actor)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from matpunkt.fieldwork.models import Period
from matpunkt.results.releases import release_create


class Command(BaseCommand):
    help = _(
        "Publicerar riksresultaten för en mätperiod för förbundens användare, med de data som "
        "är inlämnade nu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, help=_("Mätperiodens benämning, t.ex. 2021.")
        )
        parser.add_argument(
            "--note",
            default="",
            help=_("Varför mätperioden publiceras (krävs när den har publicerats förut)."),
        )

    def handle(self, *args, **options):
        period = Period.objects.select_related("version").filter(label=options["period"]).first()
        if period is None:
            raise CommandError(
                _("Mätperioden ”%(period)s” finns inte.") % {"period": options["period"]}
            )
        try:
            release = release_create(actor=None, period=period, note=options["note"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            _(
                "Riksresultaten för mätperiod %(period)s är publicerade (nr %(number)s) med "
                "%(count)s förbund."
            )
            % {"period": period.label, "number": release.number, "count": len(release.submissions)}
        )
