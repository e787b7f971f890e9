"""Logins and failed logins in the application log (no user name: it may be a mistyped
password)."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from matpunkt.core.logs import log_event


@receiver(user_logged_in, dispatch_uid="matpunkt.core.log_login")
def _log_login(sender, request, user, **kwargs) -> None:
    log_event("auth.login", user_id=user.pk)


@receiver(user_login_failed, dispatch_uid="matpunkt.core.log_login_failed")
def _log_login_failed(sender, credentials, request=None, **kwargs) -> None:
    log_event("auth.login_failed")
