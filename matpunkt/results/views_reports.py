"""Report downloads and the national report.

A förbund's report (PDF, XLSX) follows the results page's rule: another förbund's is a 404.
The national report is for every user with a role: NNS sees it in full, a förbund's users see
the national aggregates (`reports.national`). The Kolada export holds every förbund's figures,
so only NNS may download it (403 for others: it is no förbund's object).
"""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from matpunkt.organisations.permissions import require_role
from matpunkt.results.reports.forbund import build_forbund_report
from matpunkt.results.reports.kolada import kolada_values, write_csv, write_json
from matpunkt.results.reports.model import Report
from matpunkt.results.reports.national import build_national_report
from matpunkt.results.reports.pdf import render_pdf
from matpunkt.results.reports.xlsx import render_xlsx
from matpunkt.results.views import forbund_for_user, period_or_404, periods_newest_first

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file(report: Report, fmt: str, name: str) -> HttpResponse:
    if fmt == "pdf":
        return _download(render_pdf(report), PDF, f"{name}.pdf")
    return _download(render_xlsx(report), XLSX, f"{name}.xlsx")


def _forbund_report(request, forbund_id: int, period_label: str, fmt: str) -> HttpResponse:
    forbund = forbund_for_user(request.user, forbund_id)
    period = period_or_404(period_label)
    report = build_forbund_report(forbund=forbund, period=period)
    return _file(report, fmt, slugify(f"resultat {forbund.name} {period.label}"))


@login_required
def forbund_report_pdf(request, forbund_id: int, period_label: str):
    return _forbund_report(request, forbund_id, period_label, "pdf")


@login_required
def forbund_report_xlsx(request, forbund_id: int, period_label: str):
    return _forbund_report(request, forbund_id, period_label, "xlsx")


def _national(request, period_label: str):
    role = require_role(request.user)
    period = period_or_404(period_label)
    return period, build_national_report(period=period, full=role.is_national)


@login_required
def national(request):
    require_role(request.user)
    newest = periods_newest_first().first()
    if newest is None:
        return render(request, "results/reports/national_no_period.html")
    return redirect("results:national_report", period_label=newest.label)


@login_required
def national_report(request, period_label: str):
    period, report = _national(request, period_label)
    links = []
    if require_role(request.user).is_national:
        links = [
            {"url": reverse("results:kolada_csv"), "label": _("Öppna data (Kolada), CSV")},
            {"url": reverse("results:kolada_json"), "label": _("Öppna data (Kolada), JSON")},
            {
                "url": reverse("results:release_confirm", args=[period.label]),
                "label": _("Publicera riksresultaten för förbunden"),
            },
        ]
    return render(
        request,
        "results/reports/national.html",
        {
            "period": period,
            "periods": periods_newest_first(),
            "report": report,
            "pdf_url": reverse("results:national_report_pdf", args=[period.label]),
            "xlsx_url": reverse("results:national_report_xlsx", args=[period.label]),
            "extra_links": links,
        },
    )


@login_required
def national_report_pdf(request, period_label: str):
    period, report = _national(request, period_label)
    return _file(report, "pdf", slugify(f"nationell rapport {period.label}"))


@login_required
def national_report_xlsx(request, period_label: str):
    period, report = _national(request, period_label)
    return _file(report, "xlsx", slugify(f"nationell rapport {period.label}"))


def _kolada(request, fmt: str) -> HttpResponse:
    if not require_role(request.user).is_national:
        raise PermissionDenied
    periods = None
    if request.GET.get("period"):
        periods = [period_or_404(request.GET["period"])]
    values = kolada_values(periods=periods)
    handle = io.StringIO()
    if fmt == "csv":
        write_csv(values, handle)
        return _download(handle.getvalue(), "text/csv; charset=utf-8", "matpunkt-kolada.csv")
    write_json(values, handle)
    return _download(handle.getvalue(), "application/json", "matpunkt-kolada.json")


@login_required
def kolada_csv(request):
    return _kolada(request, "csv")


@login_required
def kolada_json(request):
    return _kolada(request, "json")
