from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "matpunkt.core"
    verbose_name = _("Gemensamt")

    def ready(self) -> None:
        from matpunkt.core import signals  # noqa: F401 - connects the login log
