"""Pages for one-time codes and open links: issue, list with status, hand out, void, download.

Every förbund user may look at the status of its codes; only those who may register (registrar,
förbund administrator, NNS) see the codes themselves, download them or change them: a code is a
key that submits a questionnaire.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from matpunkt.core.exporting import write_csv
from matpunkt.core.formatting import format_percent
from matpunkt.fieldwork import codes
from matpunkt.fieldwork.forms_codes import IssueCodesForm, MarkCodesForm, OpenLinkForm
from matpunkt.fieldwork.locks import is_lock_refusal, lock_notice, lock_notices
from matpunkt.fieldwork.models import Distribution, DistributionEntry, OpenLink, Period
from matpunkt.fieldwork.selectors import (
    count_source,
    distribution_rows,
    list_entries,
    period_from_query,
)
from matpunkt.instrument.models import Group, Questionnaire
from matpunkt.instrument.placeholders import missing_placeholders
from matpunkt.organisations.forms import add_service_errors
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.organisations.permissions import require_register, require_role
from matpunkt.organisations.selectors import forbund_from_query
from matpunkt.results.computation import compute_results, conflict_note


def _scope(request, period_id: int, insats_id: int, group: str):
    """The insats, period, group, questionnaire and distribution of a codes page; 404 for a
    stranger or a group the period's version has no questionnaire for."""
    insats = get_object_or_404(
        Insats.objects.for_user(request.user).select_related("forbund"), pk=insats_id
    )
    period = get_object_or_404(Period.objects.select_related("version"), pk=period_id)
    if group not in Group.values:
        raise Http404
    questionnaire = Questionnaire.objects.filter(version=period.version, group=group).first()
    if questionnaire is None:
        raise Http404
    distribution = Distribution.objects.filter(insats=insats, period=period, group=group).first()
    return insats, period, questionnaire, distribution


def scope_url(period, insats, group) -> str:
    return reverse("fieldwork:codes_scope", args=[period.pk, insats.pk, group])


def live_figures(*, insats, period, group: str) -> dict:
    """Asked, unreachable, responses and response rate as the results show them; where the
    counts contradict each other, the conflict's note instead of a rate."""
    figures = compute_results(period=period, insats=insats)["groups"].get(group) or {}
    return {
        "asked": figures.get("asked", 0),
        "unreachable": figures.get("unreachable", 0),
        "responses": figures.get("responses", 0),
        "percent": (
            None
            if figures.get("response_rate") is None
            else format_percent(figures["response_rate"])
        ),
        "conflict": conflict_note(
            asked=figures.get("asked", 0),
            unreachable=figures.get("unreachable", 0),
            responses=figures.get("responses", 0),
        ),
    }


# The overview ----------------------------------------------------------------------------------


@login_required
@require_GET
def codes_index(request):
    role = require_role(request.user)
    period = period_from_query(request.GET.get("period"))
    forbund = (
        forbund_from_query(request.user, request.GET.get("forbund")) if role.is_national else None
    )
    tables = []
    if period is not None:
        tables = distribution_rows(actor=request.user, period=period, forbund=forbund)
        counts = {
            (row["distribution__insats"], row["distribution__group"]): row
            for row in DistributionEntry.objects.filter(
                distribution__period=period,
                distribution__insats__in=[table.insats for table in tables],
                code__isnull=False,
            )
            .values("distribution__insats", "distribution__group")
            .annotate(
                issued=Count("pk", filter=Q(voided=False)),
                used=Count("pk", filter=Q(used=True)),
            )
        }
        links = set(
            OpenLink.objects.filter(
                period=period, insats__in=[table.insats for table in tables], active=True
            ).values_list("insats", "group")
        )
        for table in tables:
            for row in table.rows:
                found = counts.get((table.insats.pk, row.group), {})
                row.codes_issued = found.get("issued", 0)
                row.codes_used = found.get("used", 0)
                row.open_link = (table.insats.pk, row.group) in links
    return render(
        request,
        "fieldwork/codes_index.html",
        {
            "role": role,
            "periods": Period.objects.select_related("version"),
            "period": period,
            "tables": tables,
            "lock_notices": []
            if period is None
            else lock_notices(
                period_id=period.pk, forbund_ids={table.insats.forbund_id for table in tables}
            ),
            "forbund_choices": Forbund.objects.for_user(request.user) if role.is_national else None,
            "chosen_forbund": forbund,
        },
    )


# One insats, period and group ------------------------------------------------------------------


def _render_scope(request, insats, period, questionnaire, distribution, **extra):
    role = require_role(request.user)
    group = questionnaire.group
    with_gender = questionnaire.has_gender_variant
    entries = [entry for entry in list_entries(distribution) if entry.code]
    labels = codes.status_labels()
    rows = [(entry, codes.status_of(entry), labels[codes.status_of(entry)]) for entry in entries]
    texts = f"{questionnaire.cover_text}\n\n{questionnaire.instructions}"
    lock = lock_notice(forbund_id=insats.forbund_id, period_id=period.pk)
    context = {
        "role": role,
        "can_edit": role.can_register,
        "can_change": role.can_register and lock is None,
        "lock_notices": [lock] if lock else [],
        "insats": insats,
        "period": period,
        "group": group,
        "group_label": Group(group).label,
        "with_gender": with_gender,
        "distribution": distribution,
        "rows": rows,
        "counts": codes.code_counts(distribution),
        "source": count_source(distribution),
        "collecting": period.is_collecting(timezone.localdate()),
        "figures": live_figures(insats=insats, period=period, group=group),
        "link_example": codes.code_link("ABCD2345", base_url=codes.public_base_url(request)),
        "issue_form": IssueCodesForm(with_gender=with_gender),
        "open_link_form": OpenLinkForm(with_gender=with_gender),
        "open_links": [
            (link, codes.open_link_url(link, base_url=codes.public_base_url(request)))
            for link in OpenLink.objects.filter(
                insats=insats, period=period, group=group, active=True
            )
        ],
        "missing": missing_placeholders(texts, forbund=insats.forbund, insats=insats),
        "errors": [],
        "distribution_url": f"{reverse('fieldwork:distribution_list')}?"
        + urlencode({"period": period.pk}),
    }
    context.update(extra)
    return render(request, "fieldwork/codes_scope.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def codes_scope(request, period_id: int, insats_id: int, group: str):
    """The list of codes with their status; a POST applies an action to the chosen codes."""
    insats, period, questionnaire, distribution = _scope(request, period_id, insats_id, group)
    if request.method == "GET":
        return _render_scope(request, insats, period, questionnaire, distribution)
    require_register(request.user, insats.forbund_id)
    form = MarkCodesForm(request.POST)
    errors = []
    if distribution is None:
        errors = [_("Välj minst en kod.")]
    elif not form.is_valid():
        errors = form.errors["handed_out_on"]
    elif form.action == codes.CodeAction.VOID and request.POST.get("bekrafta") != "on":
        errors = [
            _(
                "Kryssa i rutan ”Jag vill makulera de valda koderna” för att makulera. "
                "Makulering går inte att ångra."
            )
        ]
    else:
        try:
            changed = codes.codes_mark(
                actor=request.user,
                distribution=distribution,
                entry_ids=form.entry_ids,
                action=form.action,
                on=form.cleaned_data["handed_out_on"],
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            if changed:
                messages.success(
                    request,
                    ngettext("%(count)s kod ändrades.", "%(count)s koder ändrades.", changed)
                    % {"count": changed},
                )
            else:
                messages.info(request, _("Inga ändringar att spara."))
            return redirect(scope_url(period, insats, group))
    distribution = Distribution.objects.filter(pk=getattr(distribution, "pk", None)).first()
    return _render_scope(
        request, insats, period, questionnaire, distribution, errors=errors, chosen=form.entry_ids
    )


@login_required
@require_POST
def codes_issue(request, period_id: int, insats_id: int, group: str):
    insats, period, questionnaire, distribution = _scope(request, period_id, insats_id, group)
    require_register(request.user, insats.forbund_id)
    form = IssueCodesForm(request.POST, with_gender=questionnaire.has_gender_variant)
    if form.is_valid():
        try:
            issued = codes.codes_issue(
                actor=request.user, insats=insats, period=period, group=group, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s kod skapades (nummer %(first)s).",
                    "%(count)s koder skapades (nummer %(first)s–%(last)s).",
                    len(issued),
                )
                % {
                    "count": len(issued),
                    "first": issued[0].pseudonym,
                    "last": issued[-1].pseudonym,
                },
            )
            return redirect(scope_url(period, insats, group))
    return _render_scope(request, insats, period, questionnaire, distribution, issue_form=form)


@login_required
@require_GET
def codes_csv(request, period_id: int, insats_id: int, group: str):
    """The codes that can still be used, with their short links, for a mail merge."""
    insats, period, _questionnaire, distribution = _scope(request, period_id, insats_id, group)
    require_register(request.user, insats.forbund_id)
    base_url = codes.public_base_url(request)
    rows = [
        [entry.pseudonym, entry.code, codes.code_link(entry.code, base_url=base_url), entry.variant]
        for entry in list_entries(distribution)
        if entry.code and not entry.voided and not entry.used
    ]
    content = write_csv(["lopnummer", "kod", "lank", "variant"], rows, delimiter=";")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"koder-{period.label}-{insats.pk}-{group}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _svg(content: str) -> HttpResponse:
    response = HttpResponse(content, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def code_qr(request, entry_id: int):
    entry = get_object_or_404(
        DistributionEntry.objects.for_user(request.user).select_related("distribution__insats"),
        pk=entry_id,
        code__isnull=False,
    )
    require_register(request.user, entry.distribution.insats.forbund_id)
    return _svg(codes.qr_svg(codes.code_link(entry.code, base_url=codes.public_base_url(request))))


# Open links ------------------------------------------------------------------------------------


@login_required
@require_POST
def open_link_create(request, period_id: int, insats_id: int, group: str):
    insats, period, questionnaire, distribution = _scope(request, period_id, insats_id, group)
    require_register(request.user, insats.forbund_id)
    form = OpenLinkForm(request.POST, with_gender=questionnaire.has_gender_variant)
    if form.is_valid():
        try:
            codes.open_link_create(
                actor=request.user,
                insats=insats,
                period=period,
                group=group,
                variant=form.cleaned_data["variant"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Den öppna länken är skapad. Ange antalet tillfrågade för hand på sidan "
                    "Utdelning."
                ),
            )
            return redirect(scope_url(period, insats, group))
    return _render_scope(request, insats, period, questionnaire, distribution, open_link_form=form)


def _link_for_register(request, link_id: int) -> OpenLink:
    link = get_object_or_404(
        OpenLink.objects.for_user(request.user).select_related("insats__forbund", "period"),
        pk=link_id,
    )
    require_register(request.user, link.insats.forbund_id)
    return link


@login_required
@require_POST
def open_link_close(request, link_id: int):
    link = _link_for_register(request, link_id)
    try:
        codes.open_link_close(actor=request.user, link=link)
    except ValidationError as exc:
        if not is_lock_refusal(exc):
            raise
        messages.error(request, " ".join(exc.messages))
        return redirect(scope_url(link.period, link.insats, link.group))
    messages.success(request, _("Länken är stängd. Svar som redan lämnats finns kvar."))
    return redirect(scope_url(link.period, link.insats, link.group))


@login_required
@require_GET
def open_link_qr(request, link_id: int):
    link = _link_for_register(request, link_id)
    if not link.active:
        raise Http404
    return _svg(codes.qr_svg(codes.open_link_url(link, base_url=codes.public_base_url(request))))
