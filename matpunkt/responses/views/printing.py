"""The print page: blank questionnaires, or one personalised copy per unused one-time code, as PDF.

Registrars and administrators of the insats's förbund may print; a reader gets 403 and another
förbund's insats 404. The PDFs are made by matpunkt.responses.printing; the views only choose.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from matpunkt.fieldwork.codes import public_base_url
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import Group, Variant
from matpunkt.instrument.placeholders import INSATS_NAME, placeholder_values
from matpunkt.instrument.selectors import questionnaire_spec
from matpunkt.instrument.translations.texts import available_languages
from matpunkt.organisations.models import Insats
from matpunkt.organisations.permissions import require_register, require_role
from matpunkt.responses.forms import StartForm
from matpunkt.responses.printing import runs
from matpunkt.responses.printing.forms import BlankPrintForm, CodePrintForm
from matpunkt.responses.printing.render import render_questionnaire_pdf


def _scope(user, insats_id: int, period_label: str, group: str, variant: str):
    """The insats, period and questionnaire to print; 404 for anything the user cannot print."""
    insats = get_object_or_404(
        Insats.objects.for_user(user).select_related("forbund"), pk=insats_id
    )
    require_register(user, insats.forbund_id)
    period = get_object_or_404(Period.objects.select_related("version"), label=period_label)
    if group not in Group.values or group not in insats.groups or variant not in Variant.values:
        raise Http404
    spec = questionnaire_spec(period.version, group)
    if spec is None or (variant == Variant.MED_KON and not spec.has_gender_variant):
        raise Http404
    return insats, period, spec


def _scope_url(name: str, insats, period, group: str, variant: str) -> str:
    return reverse(f"responses:{name}", args=(insats.pk, period.label, group, variant))


def _pdf_response(pdf: bytes, filename: str) -> FileResponse:
    return FileResponse(
        io.BytesIO(pdf), as_attachment=True, filename=filename, content_type="application/pdf"
    )


@login_required
@require_GET
def print_start(request):
    """Choose the insats, period, group and variant to print."""
    if not require_role(request.user).can_register:
        raise PermissionDenied
    periods = list(Period.objects.select_related("version"))
    form = StartForm(
        request.GET if "insats" in request.GET else None,
        user=request.user,
        initial={"period": periods[0].label if periods else None},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return redirect(
            _scope_url(
                "print_scope", data["insats"], data["period"], data["grupp"], data["variant"]
            )
        )
    return render(
        request,
        "printing/print_start.html",
        {
            "form": form,
            "has_periods": bool(periods),
            "has_insatser": form["insats"].field.queryset.exists(),
        },
    )


@login_required
@require_GET
def print_scope(request, insats_id: int, period_label: str, group: str, variant: str):
    """The print choices for one questionnaire: blank forms, or the unused codes."""
    insats, period, spec = _scope(request.user, insats_id, period_label, group, variant)
    return _render_scope(request, insats, period, spec, variant)


def _render_scope(request, insats, period, spec, variant, *, blank_form=None, code_form=None):
    group = spec.group
    languages = available_languages(period, group=group)
    codes = runs.printable_codes(insats=insats, period=period, group=group, variant=variant)
    missing = [
        placeholder
        for placeholder, value in placeholder_values(forbund=insats.forbund).items()
        if placeholder != INSATS_NAME and not value
    ]
    return render(
        request,
        "printing/print_scope.html",
        {
            "insats": insats,
            "period": period,
            "spec": spec,
            "group_label": Group(group).label,
            "variant": variant,
            "variant_label": Variant(variant).label,
            "blank_form": blank_form or BlankPrintForm(initial={"antal": 1}, languages=languages),
            "code_form": code_form or CodePrintForm(languages=languages),
            "several_languages": len(languages) > 1,
            "code_count": len(codes),
            "parts": runs.batches(len(codes)),
            "max_copies": runs.MAX_COPIES,
            "missing_placeholders": missing,
            "blank_url": _scope_url("print_blank", insats, period, group, variant),
            "codes_url": _scope_url("print_codes", insats, period, group, variant),
        },
        status=400 if (blank_form or code_form) else 200,
    )


@login_required
@require_GET
def print_blank(request, insats_id: int, period_label: str, group: str, variant: str):
    """A PDF of blank questionnaires, without codes."""
    insats, period, spec = _scope(request.user, insats_id, period_label, group, variant)
    form = BlankPrintForm(request.GET, languages=available_languages(period, group=group))
    if not form.is_valid():
        return _render_scope(request, insats, period, spec, variant, blank_form=form)
    pdf = render_questionnaire_pdf(
        period=period,
        insats=insats,
        group=group,
        variant=variant,
        copies=[None] * form.cleaned_data["antal"],
        language=form.cleaned_data["sprak"],
    )
    filename = runs.print_filename(
        insats=insats, period=period, group=group, variant=variant, kind="blanka"
    )
    return _pdf_response(pdf, filename)


@login_required
@require_GET
def print_codes(request, insats_id: int, period_label: str, group: str, variant: str):
    """A PDF with one personalised copy per code that is neither used nor voided."""
    insats, period, spec = _scope(request.user, insats_id, period_label, group, variant)
    form = CodePrintForm(request.GET, languages=available_languages(period, group=group))
    if not form.is_valid():
        return _render_scope(request, insats, period, spec, variant, code_form=form)
    codes = runs.printable_codes(insats=insats, period=period, group=group, variant=variant)
    chosen = runs.batch(codes, form.part)
    if not chosen:
        messages.error(request, _("Det finns inga oanvända koder att skriva ut."))
        return redirect(_scope_url("print_scope", insats, period, group, variant))
    pdf = render_questionnaire_pdf(
        period=period,
        insats=insats,
        group=group,
        variant=variant,
        copies=chosen,
        language=form.cleaned_data["sprak"],
        base_url=public_base_url(request),
    )
    filename = runs.print_filename(
        insats=insats,
        period=period,
        group=group,
        variant=variant,
        kind="koder",
        part=form.part if runs.batch_count(len(codes)) > 1 else 0,
    )
    return _pdf_response(pdf, filename)
