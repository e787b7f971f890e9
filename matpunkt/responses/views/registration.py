"""The registration page: staff type in returned paper questionnaires, edit and delete them.

Works as plain form posts; registration.js only adds auto-advance and on-the-spot refusal.
"""

import uuid
from dataclasses import dataclass
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from matpunkt.core.formatting import format_percent
from matpunkt.core.models import AuditEvent
from matpunkt.fieldwork.codes import paper_response_register
from matpunkt.fieldwork.locks import is_lock_refusal, lock_notice
from matpunkt.fieldwork.models import Period
from matpunkt.fieldwork.selectors import place_has_codes
from matpunkt.instrument.models import Group, Kon, Questionnaire, Variant
from matpunkt.instrument.selectors import QuestionnaireSpec, questionnaire_spec
from matpunkt.organisations.forms import add_service_errors
from matpunkt.organisations.models import Insats
from matpunkt.organisations.permissions import require_register, require_role
from matpunkt.responses.forms import (
    DeleteForm,
    EditForm,
    PaperForm,
    StartForm,
    condition_notes,
    entry_fields,
    format_entry,
    registrable_groups,
)
from matpunkt.responses.models import Response, Source
from matpunkt.responses.services import answers_fingerprint, response_delete, response_update
from matpunkt.results.computation import compute_results, conflict_note


@dataclass(frozen=True)
class RunningCount:
    """The registration page's running count, from the computation module's figures."""

    responses: int
    asked: int
    percent: str
    blank: int
    conflict: str = ""

    @property
    def text(self) -> str:
        if self.asked and self.conflict:
            return _(
                "Registrerade svar: %(responses)s av %(asked)s tillfrågade. Siffrorna går inte "
                "ihop (%(conflict)s), så ingen svarsfrekvens visas."
            ) % {"responses": self.responses, "asked": self.asked, "conflict": self.conflict}
        if self.asked:
            return _("Registrerade svar: %(responses)s av %(asked)s tillfrågade (%(percent)s)") % {
                "responses": self.responses,
                "asked": self.asked,
                "percent": self.percent,
            }
        return _(
            "Registrerade svar: %(responses)s. Ingen utdelning är registrerad för gruppen."
        ) % {"responses": self.responses}

    @property
    def blank_text(self) -> str:
        return _("Blanka enkäter: %(blank)s (räknas inte som svar)") % {"blank": self.blank}


def running_count(*, insats, period, group: str, stored_forms: int) -> RunningCount:
    """Responses, asked and rate for one insats, period and group, as the results show them.

    Blank forms are the stored forms that the computation does not count as responses.
    """
    figures = compute_results(period=period, insats=insats)["groups"].get(group) or {}
    responses = figures.get("responses") or 0
    asked = figures.get("asked") or 0
    return RunningCount(
        responses=responses,
        asked=asked,
        percent=format_percent(figures.get("response_rate")),
        blank=stored_forms - responses,
        conflict=conflict_note(
            asked=asked, unreachable=figures.get("unreachable") or 0, responses=responses
        ),
    )


def _scope(user, insats_id: int, period_label: str, group: str, variant: str):
    """The insats, period and questionnaire of an entry page; 404 for anything not registrable."""
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


def _get_response_for_register(user, response_id: int) -> Response:
    """A paper form typed in on the registration page. Never a web response, whose key could
    pair it with the code or visit that made it, nor an imported one, which is corrected by
    importing its file again: 404, as for a form that does not exist."""
    response = get_object_or_404(
        Response.objects.for_user(user)
        .filter(source=Source.PAPER)
        .select_related("insats__forbund", "period__version"),
        pk=response_id,
    )
    require_register(user, response.insats.forbund_id)
    return response


def _entry_url(insats, period, group: str, variant: str) -> str:
    return reverse("responses:registration_entry", args=(insats.pk, period.label, group, variant))


def _scope_forms(insats, period, group: str):
    return Response.objects.filter(insats=insats, period=period, group=group)


def _paper_forms(insats, period, group: str):
    """The forms staff typed in here, in the order of entry. Web responses are never listed one
    by one (their order would follow the codes' use) and imported ones live in their file."""
    return _scope_forms(insats, period, group).filter(source=Source.PAPER).order_by("pk")


def _other_sources(insats, period, group: str) -> dict[str, int]:
    """How many web and imported forms the place has: a count, never a list."""
    counts = dict(
        _scope_forms(insats, period, group)
        .exclude(source=Source.PAPER)
        .order_by()
        .values_list("source")
        .annotate(n=Count("pk"))
    )
    return {"web": counts.get(Source.WEB, 0), "imported": counts.get(Source.IMPORT, 0)}


def response_number(response: Response) -> int:
    """A paper form's number in its insats, period and group: its place in the order of entry."""
    return (
        _paper_forms(response.insats, response.period, response.group)
        .filter(pk__lte=response.pk)
        .count()
    )


def _form_table(spec: QuestionnaireSpec, forms_qs) -> list[dict]:
    """The stored forms as rows of keys, the way they were typed."""
    fields = {entry.name: entry for entry in entry_fields(spec, Variant.MED_KON)}
    kon_labels = dict(Kon.choices)
    rows = []
    for number, response in enumerate(forms_qs, start=1):
        answers = [
            format_entry(fields[f"f{question.number}"], getattr(response, f"f{question.number}"))
            for question in spec.questions
        ]
        rows.append(
            {
                "number": number,
                "response": response,
                "kon": kon_labels.get(response.kon, ""),
                "answers": answers,
                "is_blank": not response.is_response(),
            }
        )
    return rows


@login_required
@require_GET
def registration_start(request):
    role = require_role(request.user)
    if not role.can_register:
        raise PermissionDenied
    periods = list(Period.objects.select_related("version"))
    form = StartForm(
        request.GET if "insats" in request.GET else None,
        user=request.user,
        initial={"period": periods[0].label if periods else None},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return redirect(_entry_url(data["insats"], data["period"], data["grupp"], data["variant"]))
    insatser = list(form.fields["insats"].queryset)
    selected_insats = form["insats"].value()
    selected_insats = next(
        (i for i in insatser if str(i.pk) == str(selected_insats)),
        insatser[0] if insatser else None,
    )
    selected_period = next(
        (p for p in periods if p.label == form["period"].value()), periods[0] if periods else None
    )
    groups = (
        registrable_groups(selected_insats, selected_period)
        if selected_insats and selected_period
        else []
    )
    gender_by_version = {}
    for version_code, group, has_gender in Questionnaire.objects.values_list(
        "version__code", "group", "has_gender_variant"
    ):
        gender_by_version.setdefault(version_code, {})[group] = has_gender
    return render(
        request,
        "responses/registration_start.html",
        {
            "form": form,
            "periods": periods,
            "insats_groups": [
                (forbund, list(items))
                for forbund, items in groupby(insatser, key=lambda i: i.forbund)
            ],
            "grouped": role.is_national,
            "selected_insats": selected_insats,
            "selected_period": selected_period,
            "groups": [(code, Group(code).label, has_gender) for code, has_gender in groups],
            "choice_data": {
                "periods": {p.label: p.version.code for p in periods},
                "versions": gender_by_version,
                "insatser": {str(i.pk): i.groups for i in insatser},
                "labels": dict(Group.choices),
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_entry(request, insats_id: int, period_label: str, group: str, variant: str):
    insats, period, spec = _scope(request.user, insats_id, period_label, group, variant)
    lock = lock_notice(forbund_id=insats.forbund_id, period_id=period.pk)
    if request.method == "POST" and lock:
        messages.error(request, lock)
        return redirect(_entry_url(insats, period, group, variant))
    if request.method == "POST":
        form = PaperForm(
            request.POST,
            spec=spec,
            variant=variant,
            with_token=True,
            confirm_blank=True,
            with_code=True,
        )
        if form.is_valid():
            try:
                response = paper_response_register(
                    actor=request.user,
                    token=form.cleaned_data["token"],
                    code=form.cleaned_data["code"],
                    insats=insats,
                    period=period,
                    group=group,
                    variant=variant,
                    kon=form.kon,
                    answers=form.answers,
                    spec=spec,
                )
            except ValidationError as exc:
                if is_lock_refusal(exc):
                    messages.error(request, " ".join(exc.messages))
                    return redirect(_entry_url(insats, period, group, variant))
                add_service_errors(form, exc)
            else:
                if response is None:
                    messages.info(request, _("Enkäten var redan sparad."))
                else:
                    _report_saved(request, response, spec, form.answers)
                    if form.cleaned_data["code"]:
                        messages.info(
                            request,
                            _("Koden %(code)s är markerad som använd.")
                            % {"code": form.cleaned_data["code"]},
                        )
                return redirect(_entry_url(insats, period, group, variant))
    else:
        form = PaperForm(
            spec=spec,
            variant=variant,
            with_token=True,
            confirm_blank=True,
            with_code=True,
            initial={"token": uuid.uuid4()},
        )
    table = _form_table(spec, _paper_forms(insats, period, group))
    others = _other_sources(insats, period, group)
    codes_first = place_has_codes(insats=insats, period=period, group=group, variant=variant)
    if form.errors and "code" in form.errors:
        focus = "code"
    elif form.errors and form.first_error_name():
        focus = form.first_error_name()
    else:
        focus = "code" if codes_first else form.entries[0].name
    return render(
        request,
        "responses/registration_entry.html",
        {
            "insats": insats,
            "period": period,
            "group_label": Group(group).label,
            "variant": variant,
            "variant_label": Variant(variant).label,
            "spec": spec,
            "form": form,
            "rows": form.rows(),
            "focus": focus,
            "codes_first": codes_first,
            "count": running_count(
                insats=insats,
                period=period,
                group=group,
                stored_forms=len(table) + others["web"] + others["imported"],
            ),
            "table": table,
            "lock_notices": [lock] if lock else [],
            "web_count": others["web"],
            "imported_count": others["imported"],
        },
    )


def _report_saved(request, response: Response, spec: QuestionnaireSpec, answers) -> None:
    messages.success(
        request, _("Enkät nr %(number)s sparad.") % {"number": response_number(response)}
    )
    if not response.is_response():
        messages.info(request, _("Blank enkät sparad (räknas inte som svar)."))
    for note in condition_notes(spec, answers):
        messages.warning(request, note)


def _audit_history(response: Response) -> list[dict]:
    """The response's edits: who, when and each changed value before → after."""
    names = {"variant": _("Variant"), "kon": _("Kön")}
    events = AuditEvent.objects.filter(
        object_type=response._meta.label_lower, object_id=str(response.pk)
    ).select_related("actor")
    history = []
    for event in events.order_by("at", "id"):
        before, after = event.before or {}, event.after or {}
        changes = [
            {"field": names.get(key, key), "before": before.get(key, ""), "after": value}
            for key, value in after.items()
            if before.get(key, "") != value
        ]
        history.append({"event": event, "changes": changes})
    return history


def _reload(response: Response) -> bool:
    """Refresh a form after a refused change; False when it was deleted in the meantime."""
    try:
        response.refresh_from_db()
    except Response.DoesNotExist:
        return False
    return True


def _refused(request, exc: ValidationError, response: Response, back: str):
    """A refused edit or deletion: a locked period or a form deleted meanwhile goes back to the
    list with the message, as (redirect, code); otherwise (None, the refusal's code)."""
    if is_lock_refusal(exc):
        messages.error(request, " ".join(exc.messages))
        return redirect(back), "locked"
    code = _error_code(exc)
    if code == "changed" and not _reload(response):
        code = "gone"
    if code == "gone":
        messages.error(request, _gone_message())
        return redirect(back), code
    return None, code


def _gone_message() -> str:
    return _("Enkäten är redan borttagen av någon annan. Inget har ändrats.")


def _error_code(exc: ValidationError) -> str | None:
    return None if hasattr(exc, "error_dict") else getattr(exc, "code", None)


def _typed_but_not_saved(form: PaperForm, response: Response, spec) -> list[dict]:
    """What an editor typed that differs from the answers now stored, to show after a conflict."""
    stored = PaperForm.initial_for(spec, response.variant, response)
    unsaved = []
    for entry in form.entries:
        typed = (form.data.get(entry.name) or "").strip()
        if typed.casefold() != stored[entry.name].casefold():
            unsaved.append({"field": entry.code, "typed": typed, "stored": stored[entry.name]})
    return unsaved


def _edit_form(spec, response: Response, reason: str = "") -> EditForm:
    """An unbound edit form with the stored answers and their fingerprint."""
    return EditForm(
        spec=spec,
        variant=response.variant,
        initial={
            **PaperForm.initial_for(spec, response.variant, response),
            "reason": reason,
            "fingerprint": answers_fingerprint(response),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def response_edit(request, response_id: int):
    response = _get_response_for_register(request.user, response_id)
    spec = questionnaire_spec(response.period.version, response.group)
    if spec is None:
        raise Http404
    back = _entry_url(response.insats, response.period, response.group, response.variant)
    number = response_number(response)
    lock = lock_notice(forbund_id=response.insats.forbund_id, period_id=response.period_id)
    if request.method == "POST" and lock:
        messages.error(request, lock)
        return redirect(back)
    conflict = None
    if request.method == "POST":
        form = EditForm(request.POST, spec=spec, variant=response.variant)
        if form.is_valid():
            try:
                updated = response_update(
                    actor=request.user,
                    response=response,
                    variant=response.variant,
                    kon=form.kon,
                    answers=form.answers,
                    reason=form.cleaned_data["reason"],
                    fingerprint=form.cleaned_data["fingerprint"],
                )
            except ValidationError as exc:
                leave, code = _refused(request, exc, response, back)
                if leave is not None:
                    return leave
                if code == "changed":
                    conflict = {
                        "message": exc.messages[0],
                        "unsaved": _typed_but_not_saved(form, response, spec),
                    }
                    form = _edit_form(spec, response, reason=form.cleaned_data["reason"])
                else:
                    add_service_errors(form, exc)
            else:
                if answers_fingerprint(updated) == form.cleaned_data["fingerprint"]:
                    messages.info(
                        request,
                        _("Enkät nr %(number)s: inga svar ändrades.") % {"number": number},
                    )
                else:
                    messages.success(request, _("Enkät nr %(number)s ändrad.") % {"number": number})
                if not updated.is_response():
                    messages.info(request, _("Enkäten är blank (räknas inte som svar)."))
                for note in condition_notes(spec, form.answers):
                    messages.warning(request, note)
                return redirect(back)
    else:
        form = _edit_form(spec, response)
    return render(
        request,
        "responses/response_edit.html",
        {
            "response": response,
            "number": number,
            "spec": spec,
            "group_label": Group(response.group).label,
            "variant_label": Variant(response.variant).label,
            "form": form,
            "rows": form.rows(),
            "focus": form.first_error_name() or form.entries[0].name,
            "back": back,
            "conflict": conflict,
            "history": _audit_history(response),
            "lock_notices": [lock] if lock else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def response_delete_view(request, response_id: int):
    response = _get_response_for_register(request.user, response_id)
    spec = questionnaire_spec(response.period.version, response.group)
    if spec is None:
        raise Http404
    back = _entry_url(response.insats, response.period, response.group, response.variant)
    number = response_number(response)
    lock = lock_notice(forbund_id=response.insats.forbund_id, period_id=response.period_id)
    if request.method == "POST" and lock:
        messages.error(request, lock)
        return redirect(back)
    conflict = None
    if request.method == "POST":
        form = DeleteForm(request.POST)
        if form.is_valid():
            try:
                response_delete(
                    actor=request.user,
                    response=response,
                    reason=form.cleaned_data["reason"],
                    fingerprint=form.cleaned_data["fingerprint"],
                )
            except ValidationError as exc:
                leave, code = _refused(request, exc, response, back)
                if leave is not None:
                    return leave
                if code == "changed":
                    conflict = {"message": exc.messages[0], "unsaved": []}
                    form = DeleteForm(
                        initial={
                            "reason": form.cleaned_data["reason"],
                            "fingerprint": answers_fingerprint(response),
                        }
                    )
                else:
                    add_service_errors(form, exc)
            else:
                messages.success(request, _("Enkät nr %(number)s borttagen.") % {"number": number})
                return redirect(back)
    else:
        form = DeleteForm(initial={"fingerprint": answers_fingerprint(response)})
    fields = {entry.name: entry for entry in entry_fields(spec, Variant.MED_KON)}
    answers = [
        (
            question,
            format_entry(fields[f"f{question.number}"], getattr(response, f"f{question.number}")),
        )
        for question in spec.questions
    ]
    return render(
        request,
        "responses/response_delete.html",
        {
            "response": response,
            "number": number,
            "group_label": Group(response.group).label,
            "kon_label": dict(Kon.choices).get(response.kon, ""),
            "answers": answers,
            "form": form,
            "back": back,
            "lock_notices": [lock] if lock else [],
            "conflict": conflict,
        },
    )
