"""Pages for questionnaire translations: list, blank files, upload, review and approval.

Every role may list translations and download blank files to translate; only NNS
administrators upload, review, approve, withdraw and delete.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from matpunkt.instrument import translations
from matpunkt.instrument.forms import TranslationUploadForm, TranslationWithdrawForm
from matpunkt.instrument.models import InstrumentVersion, QuestionnaireTranslation
from matpunkt.organisations.permissions import require_manage, require_role

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "po": "text/x-gettext-translation; charset=utf-8",
}
EXPORTERS = {"xlsx": translations.export_xlsx, "po": translations.export_po}


def _file_response(data: bytes, fmt: str, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def _get_translation(translation_id: int) -> QuestionnaireTranslation:
    return get_object_or_404(
        QuestionnaireTranslation.objects.select_related(
            "version", "uploaded_by", "approved_by", "withdrawn_by"
        ),
        pk=translation_id,
    )


@login_required
@require_GET
def translation_list(request):
    role = require_role(request.user)
    versions = InstrumentVersion.objects.order_by("-code")
    by_version: dict[int, list] = {}
    for translation in QuestionnaireTranslation.objects.select_related(
        "uploaded_by", "approved_by"
    ).order_by("name_sv", "-uploaded_at"):
        by_version.setdefault(translation.version_id, []).append(translation)
    return render(
        request,
        "instrument/translation_list.html",
        {
            "rows": [(version, by_version.get(version.pk, [])) for version in versions],
            "can_edit": role.is_national,
        },
    )


@login_required
@require_GET
def translation_blank(request, version_code: str, fmt: str):
    require_role(request.user)
    version = get_object_or_404(InstrumentVersion, code=version_code)
    data = EXPORTERS[fmt](version)
    return _file_response(data, fmt, f"oversattning-{version.code}.{fmt}")


@login_required
@require_GET
def translation_download(request, translation_id: int, fmt: str):
    require_manage(request.user, None)
    translation = _get_translation(translation_id)
    data = EXPORTERS[fmt](translation.version, translation)
    name = f"oversattning-{translation.version.code}-{translation.language}.{fmt}"
    return _file_response(data, fmt, name)


@login_required
@require_http_methods(["GET", "POST"])
def translation_upload(request):
    require_manage(request.user, None)
    form = TranslationUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            translation = translations.translation_upload(
                actor=request.user,
                version=form.cleaned_data["version"],
                data=upload.read(translations.MAX_FILE_BYTES + 1),
                file_name=upload.name,
                direction=form.cleaned_data["direction"] or None,
            )
        except translations.TranslationFileError as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _(
                    "Översättningen laddades upp. Granska den och godkänn den innan den visas "
                    "för de svarande."
                ),
            )
            return redirect("instrument:translation_review", translation_id=translation.pk)
    return render(
        request,
        "instrument/translation_upload.html",
        {"form": form, "problems": problems, "file_name": request.FILES.get("file")},
        status=400 if problems else 200,
    )


def _review(request, translation, withdraw_form=None, status=200):
    return render(
        request,
        "instrument/translation_review.html",
        {
            "translation": translation,
            "sections": translations.translation_review(translation),
            "withdraw_form": withdraw_form or TranslationWithdrawForm(),
        },
        status=status,
    )


@login_required
@require_GET
def translation_review(request, translation_id: int):
    require_manage(request.user, None)
    return _review(request, _get_translation(translation_id))


@login_required
@require_POST
def translation_approve(request, translation_id: int):
    require_manage(request.user, None)
    translation = _get_translation(translation_id)
    try:
        translations.translation_approve(actor=request.user, translation=translation)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Översättningen till %(language)s är godkänd och visas nu för de svarande.")
            % {"language": translation.name_sv.lower()},
        )
    return redirect("instrument:translation_review", translation_id=translation.pk)


@login_required
@require_POST
def translation_withdraw(request, translation_id: int):
    require_manage(request.user, None)
    translation = _get_translation(translation_id)
    form = TranslationWithdrawForm(request.POST)
    if form.is_valid():
        try:
            translations.translation_withdraw(
                actor=request.user, translation=translation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Översättningen är återkallad och visas inte längre för de svarande.")
            )
        return redirect("instrument:translation_review", translation_id=translation.pk)
    return _review(request, translation, withdraw_form=form, status=400)


@login_required
@require_POST
def translation_delete(request, translation_id: int):
    require_manage(request.user, None)
    translation = _get_translation(translation_id)
    try:
        translations.translation_delete(actor=request.user, translation=translation)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("instrument:translation_review", translation_id=translation.pk)
    messages.success(request, _("Översättningen togs bort."))
    return redirect("instrument:translation_list")
