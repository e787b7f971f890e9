from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from matpunkt.core.language import remember_in_cookie, site_languages
from matpunkt.core.services import language_preference_set
from matpunkt.fieldwork.models import Period
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


def health(request):
    return HttpResponse("ok", content_type="text/plain")


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
