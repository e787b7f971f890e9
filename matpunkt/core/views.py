import logging

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from matpunkt.core.language import remember_in_cookie, site_languages
from matpunkt.core.logs import log_event
from matpunkt.core.services import language_preference_set
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import InstrumentVersion
from matpunkt.organisations.models import Forbund, Role
from matpunkt.organisations.permissions import role_of


@login_required
def home(request):
    role = role_of(request.user)
    forbund_list = Forbund.objects.for_user(request.user)
    return render(
        request,
        "core/home.html",
        {
            "role": role,
            "role_label": Role(role.role).label if role else "",
            "forbund_list": forbund_list,
            "periods": Period.objects.select_related("version"),
        },
    )


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_instrument() -> None:
    # A real table: the schema is migrated, and migrate loaded the instrument versions.
    if not InstrumentVersion.objects.exists():
        raise LookupError("no instrument version")


def _check_cache() -> None:
    cache.set("matpunkt:health", "ok", 10)
    if cache.get("matpunkt:health") != "ok":
        raise LookupError("cache does not keep values")


HEALTH_CHECKS = {
    "database": _check_database,
    "instrument": _check_instrument,
    "cache": _check_cache,
}


@never_cache
def health(request):
    """For load balancers and monitoring: 200 when every part works, 503 naming the part that
    failed and the kind of error (never its message, which may hold a host or a user name)."""
    checks = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure is the answer, not a 500
            checks[name] = f"error: {type(error).__name__}"
            log_event("health.failed", level=logging.ERROR, part=name, error=type(error).__name__)
            if name == "database":
                break  # the other parts need it
        else:
            checks[name] = "ok"
    healthy = all(value == "ok" for value in checks.values()) and len(checks) == len(HEALTH_CHECKS)
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@require_POST
def choose_language(request):
    """The language chooser in every staff page's header. A signed-in person's choice is stored
    on their user, so it follows them to every login; before signing in it lives in the cookie.
    Returns to the page the choice was made on."""
    language = request.POST.get("language", "")
    if language not in site_languages():
        return HttpResponseBadRequest(_("Välj ett av språken i listan."))
    if request.user.is_authenticated:
        language_preference_set(actor=request.user, language=language)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    response = redirect(target)
    remember_in_cookie(response, language)
    return response
