from django.core.management.base import BaseCommand, CommandError

from matpunkt.instrument.loader import InstrumentDataError, load_all
from matpunkt.instrument.models import ImmutableVersionError


class Command(BaseCommand):
    help = "Läser in instrumentversionerna (enkäter, frågor, skalor) från datafilerna."

    def handle(self, *args, **options):
        try:
            results = load_all()
        except (ImmutableVersionError, InstrumentDataError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        labels = {"created": "inläst", "updated": "uppdaterad", "unchanged": "oförändrad"}
        for result in results:
            self.stdout.write(f"Instrumentversion {result.code}: {labels[result.status]}")
