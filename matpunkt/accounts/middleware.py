"""The session's absolute age, and the second factor before anything else."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from matpunkt.accounts.policy import pending_step
from matpunkt.accounts.signals import SIGNED_IN_AT

# Pages a session may reach before the second factor: signing in and out, the steps
# themselves, the language chooser, the health check and the public questionnaire.
OPEN_URL_NAMES = {
    "login",
    "logout",
    "choose_language",
    "health",
    "accounts:verify",
    "accounts:two_factor_setup",
}
OPEN_NAMESPACES = {"survey"}


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class SessionLimitMiddleware:
    """Ends a session MATPUNKT_SESSION_MAX_HOURS after its login, however active it was.
    (Inactivity is handled by SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            limit = settings.MATPUNKT_SESSION_MAX_HOURS * 3600
            if started is None:
                request.session[SIGNED_IN_AT] = int(time.time())
            elif time.time() - started > limit:
                logout(request)
                messages.info(
                    request,
                    _("Du har varit inloggad i %(hours)s timmar. Logga in igen.")
                    % {"hours": settings.MATPUNKT_SESSION_MAX_HOURS},
                )
                return redirect(_with_next(reverse("login"), request))
        return self.get_response(request)


class SecondFactorMiddleware:
    """A session that must pass a second factor (see `policy.pending_step`) is sent to enter a
    code, or to set up an authenticator app, before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name in OPEN_URL_NAMES:
            return None
        if OPEN_NAMESPACES & set(match.namespaces):
            return None
        step = pending_step(getattr(request, "user", None))
        if step == "verify":
            return redirect(_with_next(reverse("accounts:verify"), request))
        if step == "setup":
            return redirect(_with_next(reverse("accounts:two_factor_setup"), request))
        return None
