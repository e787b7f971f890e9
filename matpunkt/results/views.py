"""The results pages: which förbund a user may see, and a förbund's results for a period.

Readers may read. Another förbund's results are a 404, as everywhere in Mätpunkt.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render

from matpunkt.fieldwork.models import Period
from matpunkt.organisations.models import Forbund
from matpunkt.results.page import results_page


def _forbund_for_user(user, forbund_id: int) -> Forbund:
    return get_object_or_404(Forbund.objects.for_user(user), pk=forbund_id)


def _periods():
    return Period.objects.select_related("version").order_by(
        F("starts_on").desc(nulls_last=True), "-label"
    )


@login_required
def index(request):
    forbund_list = Forbund.objects.for_user(request.user)
    return render(request, "results/index.html", {"forbund_list": forbund_list})


@login_required
def forbund(request, forbund_id: int):
    forbund = _forbund_for_user(request.user, forbund_id)
    newest = _periods().first()
    if newest is None:
        return render(request, "results/no_period.html", {"forbund": forbund})
    return redirect("results:forbund_period", forbund_id=forbund.pk, period_label=newest.label)


@login_required
def forbund_period(request, forbund_id: int, period_label: str):
    forbund = _forbund_for_user(request.user, forbund_id)
    period = get_object_or_404(Period.objects.select_related("version"), label=period_label)
    page = results_page(period=period, forbund=forbund)
    return render(
        request,
        "results/forbund_period.html",
        {"forbund": forbund, "period": period, "periods": _periods(), "page": page},
    )
