from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "matpunkt.accounts"
    verbose_name = _("Konton och inloggning")

    def ready(self):
        from matpunkt.accounts import signals  # noqa: F401  (connects the receivers)
