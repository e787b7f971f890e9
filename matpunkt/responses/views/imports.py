"""The import page, the XLSX templates and the exports of the user's own data.

Views only parse the request and render: the work is in importing.py, exporting.py and
templates_xlsx.py. A reader may export distribution counts but not import (403); only förbund and
NNS administrators may export the row-level svarsfil (403 for the others, with the reason). Rows
for another förbund in an uploaded file are refused by the importer, naming the row.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matpunkt.fieldwork.locks import forbund_lock_notices
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import InstrumentVersion
from matpunkt.organisations.permissions import require_role
from matpunkt.responses import exporting, templates_xlsx
from matpunkt.responses.importing import import_distribution, import_responses
from matpunkt.responses.models import ImportBatch

SVARSFIL, UTDELNING = "svarsfil", "utdelning"
KINDS = (SVARSFIL, UTDELNING)
# More problems than this are counted but not all shown on the page.
PROBLEMS_SHOWN = 1000


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Vad innehåller filen?"),
        choices=[
            (SVARSFIL, gettext_lazy("Svarsfil: en rad per inlämnad enkät")),
            (UTDELNING, gettext_lazy("Utdelning: tillfrågade och ej nåbara per insats och grupp")),
        ],
        initial=SVARSFIL,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy("CSV (komma eller semikolon, UTF-8) eller XLSX."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    create_missing = forms.BooleanField(
        label=gettext_lazy("Skapa saknade insatser"),
        required=False,
        help_text=gettext_lazy(
            "Insatser som filen nämner men som inte finns skapas. Bara en NNS-administratör kan "
            "också skapa förbund och mätperioder."
        ),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Ersätt tidigare importerade svar"),
        required=False,
        help_text=gettext_lazy(
            "Gäller svarsfiler: svar som en tidigare import lagrat för samma insats, period och "
            "grupp tas bort och ersätts. Registrerade pappers- och webbenkäter berörs aldrig."
        ),
    )
    instrument = forms.ChoiceField(
        label=gettext_lazy("Instrumentversion för nya mätperioder"),
        required=False,
    )

    def __init__(self, *args, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if national:
            codes = list(InstrumentVersion.objects.order_by("-code").values_list("code", flat=True))
            self.fields["instrument"].choices = [(code, code) for code in codes]
            self.fields["instrument"].initial = codes[0] if codes else None
        else:
            del self.fields["instrument"]


def _require_importer(user):
    role = require_role(user)
    if not role.can_register:
        raise PermissionDenied
    return role


@login_required
def import_page(request):
    role = _require_importer(request.user)
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, national=role.is_national)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            options = {
                "file": upload,
                "filename": upload.name,
                "actor": request.user,
                "create_missing": data["create_missing"],
                "instrument": data.get("instrument") or None,
                "max_bytes": settings.MATPUNKT_MAX_UPLOAD_BYTES,
            }
            if data["kind"] == SVARSFIL:
                result = import_responses(replace=data["replace"], **options)
            else:
                result = import_distribution(**options)
            if result.ok:
                notify = messages.info if result.already_imported else messages.success
                notify(request, result.summary())
                return redirect("responses:import")
    else:
        form = ImportForm(national=role.is_national)
    notices = [] if role.is_national else forbund_lock_notices(forbund_id=role.forbund_id)
    return render(
        request,
        "responses/import.html",
        {
            # A förbund whose every period is submitted has nothing left to import into.
            "form": None if notices and len(notices) >= Period.objects.count() else form,
            "lock_notices": notices,
            "result": result,
            "problems": result.problems[:PROBLEMS_SHOWN] if result else [],
            "problems_hidden": max(0, len(result.problems) - PROBLEMS_SHOWN) if result else 0,
            "recent": ImportBatch.objects.for_user(request.user).select_related("imported_by")[:10],
            "formats": exporting.FORMATS,
            "can_export_rows": role.can_export_rows,
            "rows_refused": "" if role.can_export_rows else rows_refused_text(),
        },
    )


def _download(content: bytes, *, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exporting.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_template(request, kind: str):
    """An empty XLSX file to fill in, with drop-down lists of the user's own names."""
    _require_importer(request.user)
    if kind == SVARSFIL:
        content = templates_xlsx.responses_template(user=request.user)
    elif kind == UTDELNING:
        content = templates_xlsx.distribution_template(user=request.user)
    else:
        raise Http404
    return _download(content, filename=f"mall-{kind}.xlsx", fmt="xlsx")


def rows_refused_text() -> str:
    return _(
        "Svarsfilen har en rad per enkät, och i en liten grupp, till exempel en styrelse, kan "
        "en rad räcka för att känna igen den som svarade. Därför kan bara förbundets "
        "administratörer och NNS-administratörer ladda ner den. Resultat och utdelning kan du "
        "ladda ner som vanligt."
    )


@login_required
def export_data(request, kind: str, fmt: str):
    """The user's own responses or distribution counts, in an importable file. The svarsfil
    (one row per questionnaire) only for förbund and NNS administrators."""
    role = require_role(request.user)
    if kind not in KINDS or fmt not in exporting.FORMATS:
        raise Http404
    if kind == SVARSFIL and not role.can_export_rows:
        raise PermissionDenied(rows_refused_text())
    period = request.GET.get("period", "")
    if kind == SVARSFIL:
        records = exporting.responses_queryset(user=request.user, period=period)
        content = exporting.export_responses(records, fmt=fmt)
    else:
        records = exporting.distributions_queryset(user=request.user, period=period)
        content = exporting.export_distribution(records, fmt=fmt)
    stamp = timezone.localdate().isoformat()
    return _download(content, filename=f"{kind}-{stamp}.{fmt}", fmt=fmt)
