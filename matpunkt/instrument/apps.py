from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_instrument(sender, **kwargs):
    # The instrument is data shipped with the code: keep the database in step after every migrate.
    from matpunkt.instrument.loader import load_all

    load_all()


class InstrumentConfig(AppConfig):
    name = "matpunkt.instrument"
    verbose_name = _("Instrument")

    def ready(self):
        post_migrate.connect(_load_instrument, sender=self)
