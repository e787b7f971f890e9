from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ResponsesConfig(AppConfig):
    name = "matpunkt.responses"
    verbose_name = pgettext_lazy("plural", "Svar")
