from django.apps import AppConfig
from django.core.signals import request_started
from django.utils.translation import pgettext_lazy


class ResponsesConfig(AppConfig):
    name = "matpunkt.responses"
    verbose_name = pgettext_lazy("plural", "Svar")

    def ready(self):
        from matpunkt.responses.survey import throttle

        # Past hours' rate-limit salts and counters go even when no respondent comes by.
        request_started.connect(throttle.purge_once_an_hour, dispatch_uid="throttle-purge")
