"""Receivers of Django's login signals.

A successful login is audited by the login view (`views.LoginView`), the only way into
Mätpunkt: the admin's login page sends people there. Failed logins and logouts come from
anywhere Django authenticates or logs out, so they are recorded here. Connected after
django-axes's receivers (INSTALLED_APPS order), so `request.axes_locked_out` is already set.
"""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from matpunkt.accounts import services

SIGNED_IN_AT = "matpunkt_signed_in_at"


@receiver(user_logged_in, dispatch_uid="matpunkt_accounts_signed_in_at")
def stamp_session(sender, request, user, **kwargs):
    """When the session began, for the absolute cap in `middleware.SessionLimitMiddleware`."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


@receiver(user_login_failed, dispatch_uid="matpunkt_accounts_login_failed")
def record_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    services.login_failure_record(
        username=str(credentials.get("username") or ""),
        locked_out=bool(getattr(request, "axes_locked_out", False)),
    )


@receiver(user_logged_out, dispatch_uid="matpunkt_accounts_logged_out")
def record_logout(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        services.logout_record(actor=user)
