"""The results pages: which förbund a user may see, and a förbund's report for a period.

Readers may read. Another förbund's results are a 404, as everywhere in Mätpunkt. The page is
the förbund report (`reports.forbund`), which also downloads as PDF and XLSX (`views_reports`).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from matpunkt.fieldwork.models import Distribution, Period
from matpunkt.organisations.models import Forbund
from matpunkt.organisations.permissions import role_of
from matpunkt.results.reports.forbund import build_forbund_report


def forbund_for_user(user, forbund_id: int) -> Forbund:
    """The förbund if the user may see its results; 404 for another förbund's."""
    return get_object_or_404(Forbund.objects.for_user(user), pk=forbund_id)


def period_or_404(label: str) -> Period:
    return get_object_or_404(Period.objects.select_related("version"), label=label)


def periods_newest_first():
    return Period.objects.select_related("version").order_by(
        F("starts_on").desc(nulls_last=True), "-label"
    )


@login_required
def index(request):
    forbund_list = Forbund.objects.for_user(request.user)
    return render(
        request,
        "results/index.html",
        {"forbund_list": forbund_list, "may_see_national": role_of(request.user) is not None},
    )


@login_required
def forbund(request, forbund_id: int):
    forbund = forbund_for_user(request.user, forbund_id)
    periods = periods_newest_first()
    # The newest period the förbund has data in; a coming period with nothing yet has no report.
    newest = (
        periods.filter(
            Q(responses__insats__forbund=forbund)
            | Q(pk__in=Distribution.objects.filter(insats__forbund=forbund).values("period"))
        ).first()
        or periods.first()
    )
    if newest is None:
        return render(request, "results/no_period.html", {"forbund": forbund})
    return redirect("results:forbund_period", forbund_id=forbund.pk, period_label=newest.label)


@login_required
def forbund_period(request, forbund_id: int, period_label: str):
    forbund = forbund_for_user(request.user, forbund_id)
    period = period_or_404(period_label)
    report = build_forbund_report(forbund=forbund, period=period)
    args = [forbund.pk, period.label]
    return render(
        request,
        "results/forbund_period.html",
        {
            "forbund": forbund,
            "period": period,
            "periods": periods_newest_first(),
            "report": report,
            "pdf_url": reverse("results:forbund_report_pdf", args=args),
            "xlsx_url": reverse("results:forbund_report_xlsx", args=args),
        },
    )
