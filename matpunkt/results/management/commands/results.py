"""`matpunkt results`: a period's results for the nation, a förbund or an insats, as JSON or CSV."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from matpunkt.fieldwork.models import Period
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.results.computation import compute_results
from matpunkt.results.exports import write_csv

SHOWN = 10  # förbund named when an insats name is ambiguous


def _non_negative(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise CommandError(
            _("--min-cell måste vara ett heltal, 0 eller större (fick ”%(value)s”).")
            % {"value": raw}
        )
    return value


class Command(BaseCommand):
    help = _(
        "Skriver resultatet för en mätperiod (hela landet, ett förbund eller en insats) som JSON "
        "eller CSV. Andelar under K svar visas inte."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", required=True, help=_("Mätperiodens benämning, t.ex. 2017.")
        )
        parser.add_argument("--forbund", help=_("Förbundets namn."))
        parser.add_argument(
            "--insats", help=_("Insatsens namn (ange --forbund om namnet är delat).")
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")
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
        forbund = None
        if options["forbund"]:
            forbund = Forbund.objects.filter(name=options["forbund"]).first()
            if forbund is None:
                raise CommandError(
                    _("Förbundet ”%(forbund)s” finns inte.") % {"forbund": options["forbund"]}
                )
        insats = self._insats(options["insats"], forbund) if options["insats"] else None

        results = compute_results(
            period=period, forbund=forbund, insats=insats, min_cell=options["min_cell"]
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            write_csv(results, self.stdout)
            for warning in results["warnings"]:
                self.stderr.write(_("Varning: %(warning)s") % {"warning": warning})

    def _insats(self, name: str, forbund: Forbund | None) -> Insats:
        candidates = Insats.objects.select_related("forbund").filter(name=name)
        if forbund is not None:
            candidates = candidates.filter(forbund=forbund)
        found = list(candidates.order_by("forbund__name")[: SHOWN + 1])
        if not found:
            if forbund is not None:
                raise CommandError(
                    _("Insatsen ”%(insats)s” finns inte i förbundet %(forbund)s.")
                    % {"insats": name, "forbund": forbund.name}
                )
            raise CommandError(_("Insatsen ”%(insats)s” finns inte.") % {"insats": name})
        if len(found) > 1:
            names = ", ".join(i.forbund.name for i in found[:SHOWN])
            if len(found) > SHOWN:
                names += ", …"
            raise CommandError(
                _(
                    "Insatsen ”%(insats)s” finns i flera förbund (%(forbund)s). "
                    "Ange förbundet med --forbund."
                )
                % {"insats": name, "forbund": names}
            )
        return found[0]
