from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

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
