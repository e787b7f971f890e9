"""Pages for measurement periods, distribution counts and distribution lists."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from matpunkt.fieldwork import services
from matpunkt.fieldwork.forms import (
    AddEntriesForm,
    PeriodForm,
    parse_counts,
    parse_entries,
    unknown_row_message,
)
from matpunkt.fieldwork.models import Distribution, DistributionEntry, Period
from matpunkt.fieldwork.selectors import (
    count_source,
    distribution_rows,
    list_entries,
    period_from_query,
)
from matpunkt.instrument.models import Group
from matpunkt.organisations.forms import add_service_errors
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.organisations.permissions import require_manage, require_register, require_role
from matpunkt.organisations.selectors import forbund_from_query

FORM_METHODS = ["GET", "POST"]

# Measurement periods ---------------------------------------------------------------------------


@login_required
@require_GET
def period_list(request):
    role = require_role(request.user)
    periods = Period.objects.select_related("version")
    with_responses = set(
        Period.objects.filter(responses__isnull=False).values_list("pk", flat=True).distinct()
    )
    return render(
        request,
        "fieldwork/period_list.html",
        {
            "rows": [(period, period.pk in with_responses) for period in periods],
            "can_edit": role.is_national,
        },
    )


@login_required
@require_http_methods(FORM_METHODS)
def period_create(request):
    require_manage(request.user, None)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Mätperioden sparades."))
            return redirect("fieldwork:period_list")
    return render(request, "fieldwork/period_form.html", {"form": form, "period": None})


@login_required
@require_http_methods(FORM_METHODS)
def period_edit(request, period_id: int):
    require_manage(request.user, None)
    period = get_object_or_404(Period.objects.select_related("version"), pk=period_id)
    initial = {
        "label": period.label,
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
        "version": period.version,
    }
    form = PeriodForm(
        request.POST or None,
        initial=initial,
        version_locked=services.period_has_responses(period),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.period_update(actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            period.refresh_from_db()
        else:
            messages.success(request, _("Mätperioden sparades."))
            return redirect("fieldwork:period_list")
    return render(request, "fieldwork/period_form.html", {"form": form, "period": period})


# Distribution counts ---------------------------------------------------------------------------


def _distribution_url(period, forbund) -> str:
    query = {"period": period.pk}
    if forbund is not None:
        query["forbund"] = forbund.pk
    return f"{reverse('fieldwork:distribution_list')}?{urlencode(query)}"


@login_required
@require_http_methods(FORM_METHODS)
def distribution_list(request):
    role = require_role(request.user)
    params = request.POST if request.method == "POST" else request.GET
    period = period_from_query(params.get("period"))
    forbund = forbund_from_query(request.user, params.get("forbund")) if role.is_national else None
    if request.method == "POST" and not role.can_register:
        raise PermissionDenied
    context = {
        "role": role,
        "periods": Period.objects.select_related("version"),
        "period": period,
        "forbund_choices": None,
        "chosen_forbund": forbund,
        "errors": [],
        "tables": [],
    }
    if role.is_national:
        context["forbund_choices"] = Forbund.objects.for_user(request.user)
    if period is None:
        if request.method == "POST":
            raise Http404
        return render(request, "fieldwork/distribution_list.html", context)
    tables = distribution_rows(actor=request.user, period=period, forbund=forbund)
    context["tables"] = tables
    if request.method == "POST":
        rows = [row for table in tables for row in table.rows]
        visible = {insats.pk: insats.name for insats in Insats.objects.for_user(request.user)}
        parsed = parse_counts(request.POST, rows, set(visible))
        if parsed.unknown_insats_ids:
            raise Http404
        errors = [unknown_row_message(key, visible) for key in parsed.unknown_rows]
        errors += parsed.errors
        if not errors:
            by_key = {row.key: row for row in rows}
            count_rows = [
                services.CountRow(
                    insats=by_key[key].insats,
                    group=by_key[key].group,
                    asked=asked,
                    unreachable=unreachable,
                )
                for key, (asked, unreachable) in parsed.values.items()
            ]
            try:
                changed = services.distribution_counts_save(
                    actor=request.user, period=period, rows=count_rows
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                if changed:
                    messages.success(request, _("Utdelningen sparades."))
                else:
                    messages.info(request, _("Inga ändringar att spara."))
                return redirect(_distribution_url(period, forbund))
        context["errors"] = errors
    return render(request, "fieldwork/distribution_list.html", context)


# Distribution lists ----------------------------------------------------------------------------


def _list_scope(request, period_id: int, insats_id: int, group: str):
    """The insats, period, group and (if any) distribution of a list page; 404 for a stranger."""
    insats = get_object_or_404(
        Insats.objects.for_user(request.user).select_related("forbund"), pk=insats_id
    )
    period = get_object_or_404(Period.objects.select_related("version"), pk=period_id)
    if group not in Group.values:
        raise Http404
    distribution = Distribution.objects.filter(insats=insats, period=period, group=group).first()
    return insats, period, distribution


def _entries_url(period, insats, group) -> str:
    return reverse("fieldwork:distribution_entries", args=[period.pk, insats.pk, group])


def _render_entries(request, insats, period, group, distribution, **extra):
    role = require_role(request.user)
    entries = list_entries(distribution)
    context = {
        "insats": insats,
        "period": period,
        "group": group,
        "group_label": Group(group).label,
        "distribution": distribution,
        "entries": entries,
        "can_edit": role.can_register,
        "add_form": AddEntriesForm(),
        "errors": [],
        "next_number": services.next_list_number(distribution),
        "source": count_source(distribution),
        "back_url": _distribution_url(period, insats.forbund if role.is_national else None),
    }
    context.update(extra)
    return render(request, "fieldwork/distribution_entries.html", context)


@login_required
@require_http_methods(FORM_METHODS)
def distribution_entries(request, period_id: int, insats_id: int, group: str):
    insats, period, distribution = _list_scope(request, period_id, insats_id, group)
    if request.method == "GET":
        return _render_entries(request, insats, period, group, distribution)
    require_register(request.user, insats.forbund_id)
    changes, errors = parse_entries(request.POST, list_entries(distribution))
    if not errors:
        try:
            changed = services.distribution_entries_update(actor=request.user, changes=changes)
        except ValidationError as exc:
            errors = exc.messages
        else:
            if changed:
                messages.success(request, _("Utdelningslistan sparades."))
            else:
                messages.info(request, _("Inga ändringar att spara."))
            return redirect(_entries_url(period, insats, group))
    distribution = Distribution.objects.filter(pk=getattr(distribution, "pk", None)).first()
    return _render_entries(request, insats, period, group, distribution, errors=errors)


@login_required
@require_http_methods(FORM_METHODS)
def distribution_source(request, period_id: int, insats_id: int, group: str):
    """Choose, with a confirmation, whether the list's counts or the entered ones are in force."""
    insats, period, distribution = _list_scope(request, period_id, insats_id, group)
    require_register(request.user, insats.forbund_id)
    if distribution is None:
        raise Http404
    back_url = _entries_url(period, insats, group)
    errors = []
    if request.method == "POST":
        wanted = request.POST.get("source")
        if wanted not in ("lista", "angivet"):
            errors = [_("Välj vilka antal som ska gälla.")]
        elif request.POST.get("bekrafta") != "on":
            errors = [_("Kryssa i rutan för att bekräfta bytet.")]
        else:
            try:
                services.distribution_source_set(
                    actor=request.user, distribution=distribution, from_list=wanted == "lista"
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request,
                    _("Nu gäller antalen från utdelningslistan.")
                    if wanted == "lista"
                    else _("Nu gäller de angivna antalen."),
                )
                return redirect(back_url)
        distribution.refresh_from_db()
    return render(
        request,
        "fieldwork/distribution_source.html",
        {
            "insats": insats,
            "period": period,
            "group_label": Group(group).label,
            "source": count_source(distribution),
            "back_url": back_url,
            "errors": errors,
        },
    )


@login_required
@require_POST
def distribution_entries_add(request, period_id: int, insats_id: int, group: str):
    insats, period, distribution = _list_scope(request, period_id, insats_id, group)
    require_register(request.user, insats.forbund_id)
    form = AddEntriesForm(request.POST)
    if form.is_valid():
        try:
            added = services.distribution_list_add_entries(
                actor=request.user,
                insats=insats,
                period=period,
                group=group,
                count=form.cleaned_data["count"],
                handed_out_on=form.cleaned_data["handed_out_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s rad lades till (nummer %(first)s).",
                    "%(count)s rader lades till (nummer %(first)s–%(last)s).",
                    len(added),
                )
                % {"count": len(added), "first": added[0].pseudonym, "last": added[-1].pseudonym},
            )
            return redirect(_entries_url(period, insats, group))
    return _render_entries(request, insats, period, group, distribution, add_form=form)


@login_required
@require_http_methods(FORM_METHODS)
def distribution_list_clear(request, period_id: int, insats_id: int, group: str):
    insats, period, distribution = _list_scope(request, period_id, insats_id, group)
    role = require_register(request.user, insats.forbund_id)
    if distribution is None or not distribution.from_list:
        raise Http404
    if request.method == "POST":
        try:
            services.distribution_list_clear(actor=request.user, distribution=distribution)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(_entries_url(period, insats, group))
        messages.success(
            request,
            _(
                "Utdelningslistan togs bort. Antalen finns kvar och kan nu ändras direkt i "
                "utdelningen."
            ),
        )
        return redirect(_distribution_url(period, insats.forbund if role.is_national else None))
    return render(
        request,
        "fieldwork/distribution_list_clear.html",
        {
            "insats": insats,
            "period": period,
            "group": group,
            "group_label": Group(group).label,
            "distribution": distribution,
        },
    )


@login_required
@require_http_methods(FORM_METHODS)
def distribution_entry_delete(request, entry_id: int):
    entry = get_object_or_404(
        DistributionEntry.objects.for_user(request.user).select_related(
            "distribution__insats__forbund", "distribution__period"
        ),
        pk=entry_id,
    )
    distribution = entry.distribution
    insats, period, group = distribution.insats, distribution.period, distribution.group
    require_register(request.user, insats.forbund_id)
    if request.method == "POST":
        pseudonym = entry.pseudonym
        try:
            services.distribution_entry_delete(actor=request.user, entry=entry)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(_entries_url(period, insats, group))
        messages.success(request, _("Rad %(row)s togs bort.") % {"row": pseudonym})
        return redirect(_entries_url(period, insats, group))
    return render(
        request,
        "fieldwork/distribution_entry_delete.html",
        {
            "entry": entry,
            "insats": insats,
            "period": period,
            "group": group,
            "group_label": Group(group).label,
            "back_url": _entries_url(period, insats, group),
        },
    )
