from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from matpunkt.instrument.loader import InstrumentDataError, load_all
from matpunkt.instrument.models import ImmutableVersionError


class Command(BaseCommand):
    help = _("Läser in instrumentversionerna (enkäter, frågor, skalor) från datafilerna.")

    def handle(self, *args, **options):
        try:
            results = load_all()
        except (ImmutableVersionError, InstrumentDataError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        labels = {"created": _("inläst"), "updated": _("uppdaterad"), "unchanged": _("oförändrad")}
        for result in results:
            self.stdout.write(
                _("Instrumentversion %(code)s: %(status)s")
                % {"code": result.code, "status": labels[result.status]}
            )
