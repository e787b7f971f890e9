"""Staff pages for national submission, NNS's release of the national figures and a förbund's
plan goals.

Everyone with a role in the förbund may look; förbund and NNS administrators submit, reopen and
manage goals (services check it again). Another förbund's pages are a 404, a reader's or
registrar's write a 403, as everywhere in Mätpunkt. The overview and the release are NNS
administrators' only (403 for everyone else).
"""

from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from matpunkt.fieldwork.integrity import forbund_place_issues
from matpunkt.fieldwork.locks import locked_message
from matpunkt.fieldwork.models import Period
from matpunkt.instrument.models import Group, Measure, Question
from matpunkt.organisations.forms import add_service_errors
from matpunkt.organisations.models import Forbund
from matpunkt.organisations.permissions import require_manage, require_role
from matpunkt.results import goals as goal_services
from matpunkt.results import releases as release_services
from matpunkt.results import submission as submission_services
from matpunkt.results.models import PLAN_YEAR_MAX, PLAN_YEAR_MIN, Goal, GoalKind
from matpunkt.results.trends import ordered_periods

FORM_METHODS = ["GET", "POST"]


def _forbund(user, forbund_id: int) -> Forbund:
    return get_object_or_404(Forbund.objects.for_user(user), pk=forbund_id)


def _period(label: str) -> Period:
    return get_object_or_404(Period.objects.select_related("version"), label=label)


# Submission ---------------------------------------------------------------------------------------

HISTORY_LABELS = {
    "submission.submit": gettext_lazy("Inlämnad"),
    "submission.reopen": gettext_lazy("Öppnad igen"),
}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Varför öppnas inlämningen igen?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy(
            "Skälet sparas i loggen, t.ex. ”Fem enkäter från Steget vidare saknades”."
        ),
    )


def _submission_context(user, forbund: Forbund, period: Period) -> dict:
    role = require_role(user)
    submission = submission_services.submission_for(forbund=forbund, period=period)
    history = [
        (event, HISTORY_LABELS.get(event.action, event.action))
        for event in submission_services.submission_history(submission=submission)
    ]
    return {
        "forbund": forbund,
        "period": period,
        "periods": list(reversed(ordered_periods())),
        "submission": submission,
        "locked": submission is not None and submission.is_locked,
        "lock_notices": (
            [locked_message(submission)] if submission is not None and submission.is_locked else []
        ),
        "contents": submission_services.submission_contents(forbund=forbund, period=period),
        "history": history,
        "issues": _place_issues(forbund, period),
        "can_manage": role.can_manage,
        "is_national": role.is_national,
    }


def _place_issues(forbund, period) -> list[dict]:
    """The places that stop the submission, each with the pages where it is put right."""
    distribution_url = (
        reverse("fieldwork:distribution_list")
        + "?"
        + urlencode({"period": period.pk, "forbund": forbund.pk})
    )
    return [
        {
            "message": issue.message,
            "distribution_url": distribution_url,
            "place_url": reverse(
                "fieldwork:codes_scope", args=[period.pk, issue.insats_id, issue.group]
            ),
        }
        for issue in forbund_place_issues(forbund_id=forbund.pk, period=period)
    ]


@login_required
@require_GET
def submission_list(request, forbund_id: int):
    forbund = _forbund(request.user, forbund_id)
    periods = list(reversed(ordered_periods()))
    if not periods:
        return render(request, "results/no_period.html", {"forbund": forbund})
    return redirect(
        "results:submission_detail", forbund_id=forbund.pk, period_label=periods[0].label
    )


@login_required
@require_GET
def submission_detail(request, forbund_id: int, period_label: str):
    forbund = _forbund(request.user, forbund_id)
    period = _period(period_label)
    context = _submission_context(request.user, forbund, period)
    context["reopen_form"] = ReopenForm()
    return render(request, "results/submission_detail.html", context)


@login_required
@require_http_methods(FORM_METHODS)
def submission_confirm(request, forbund_id: int, period_label: str):
    forbund = _forbund(request.user, forbund_id)
    require_manage(request.user, forbund.pk)
    period = _period(period_label)
    if request.method == "POST":
        try:
            submission_services.submission_submit(
                actor=request.user,
                forbund=forbund,
                period=period,
                accept_conflicts=request.POST.get("godta_konflikter") == "on",
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Förbundets data för mätperiod %(period)s är inlämnade och låsta.")
                % {"period": period.label},
            )
        return redirect(
            "results:submission_detail", forbund_id=forbund.pk, period_label=period.label
        )
    context = _submission_context(request.user, forbund, period)
    if context["locked"]:
        return redirect(
            "results:submission_detail", forbund_id=forbund.pk, period_label=period.label
        )
    return render(request, "results/submission_confirm.html", context)


@login_required
@require_http_methods(["POST"])
def submission_reopen(request, forbund_id: int, period_label: str):
    forbund = _forbund(request.user, forbund_id)
    require_manage(request.user, forbund.pk)
    period = _period(period_label)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            submission_services.submission_reopen(
                actor=request.user,
                forbund=forbund,
                period=period,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Inlämningen för mätperiod %(period)s är öppnad igen: data kan ändras.")
                % {"period": period.label},
            )
            return redirect(
                "results:submission_detail", forbund_id=forbund.pk, period_label=period.label
            )
    context = _submission_context(request.user, forbund, period)
    context["reopen_form"] = form
    return render(request, "results/submission_detail.html", context, status=400)


@login_required
@require_GET
def submission_overview(request):
    require_manage(request.user, None)
    periods = list(reversed(ordered_periods()))
    rows = submission_services.submission_overview(periods=periods)
    submitted = [sum(row.cells[index].is_locked for row in rows) for index in range(len(periods))]
    states = [release_services.release_state(period) for period in periods]
    return render(
        request,
        "results/submission_overview.html",
        {
            "periods": periods,
            "rows": rows,
            "summary": list(zip(periods, submitted, states, strict=True)),
        },
    )


# Releasing the national figures -------------------------------------------------------------------


class ReleaseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Kommentar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=gettext_lazy(
            "Krävs när mätperioden har publicerats förut: skriv varför den publiceras igen, "
            "t.ex. ”Norra Berget rättade två enkäter”. Kommentaren visas i publiceringshistoriken."
        ),
    )


@login_required
@require_http_methods(FORM_METHODS)
def release_confirm(request, period_label: str):
    require_manage(request.user, None)
    period = _period(period_label)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = release_services.release_create(
                actor=request.user, period=period, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Riksresultaten för mätperiod %(period)s är publicerade (nr %(number)s). "
                    "Förbundens användare ser dem nu."
                )
                % {"period": period.label, "number": release.number},
            )
            return redirect("results:submission_overview")
    return render(
        request,
        "results/release_confirm.html",
        {"period": period, "state": release_services.release_state(period), "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# Goals --------------------------------------------------------------------------------------------


def question_choices() -> list:
    """Every (group, measure) some version asks, as select options grouped by group.

    Each is labelled and ordered by its number in the newest version that asks it.
    """
    questions = Question.objects.values_list(
        "questionnaire__group", "measure__key", "measure__name", "number"
    ).order_by("-questionnaire__version__code", "number")
    by_group: dict[str, dict[str, tuple[int, str]]] = {}
    for group, key, name, number in questions:
        by_group.setdefault(group, {}).setdefault(key, (number, name))
    return [
        (
            label,
            [
                (f"{code}:{key}", f"F{number}: {name}")
                for key, (number, name) in sorted(by_group[code].items(), key=lambda i: i[1])
            ],
        )
        for code, label in Group.choices
        if code in by_group
    ]


class GoalForm(forms.Form):
    """A goal as typed: the question is one choice of group and measure; the target in percent."""

    label = forms.CharField(
        label=gettext_lazy("Mål"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("Målet så som det står i verksamhetsplanen."),
    )
    question = forms.ChoiceField(
        label=gettext_lazy("Mäts med frågan"),
        help_text=gettext_lazy("Respondentgrupp och fråga i NNS indikatorenkät."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Typ av mål"), choices=GoalKind.choices, widget=forms.RadioSelect
    )
    target_percent = forms.DecimalField(
        label=gettext_lazy("Målnivå i procent"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        localize=True,
        help_text=gettext_lazy(
            "Andelen klart positiva svar (eller ja) som ska nås, t.ex. 70. Bara för målnivå."
        ),
    )
    plan_first_year = forms.IntegerField(
        label=gettext_lazy("Verksamhetsplanens första år"),
        required=False,
        min_value=PLAN_YEAR_MIN,
        max_value=PLAN_YEAR_MAX,
        help_text=gettext_lazy("Målet bedöms bara på mätperioder under planens år, t.ex. 2025."),
    )
    plan_last_year = forms.IntegerField(
        label=gettext_lazy("Verksamhetsplanens sista år"),
        required=False,
        min_value=PLAN_YEAR_MIN,
        max_value=PLAN_YEAR_MAX,
        help_text=gettext_lazy("Lämna tomt för en plan på ett år."),
    )
    active = forms.BooleanField(label=gettext_lazy("Aktivt mål"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", _("Välj fråga"))] + question_choices()

    def clean(self):
        cleaned = super().clean()
        question = cleaned.get("question")
        if question:
            group, _sep, key = question.partition(":")
            cleaned["group"] = group
            cleaned["measure"] = Measure.objects.filter(key=key).first()
        if cleaned.get("kind") == GoalKind.TARGET_SHARE and cleaned.get("target_percent") is None:
            self.add_error(
                "target_percent", _("Ange målnivån i procent, t.ex. 70, för ett mål med målnivå.")
            )
        return cleaned

    def service_values(self) -> dict:
        cleaned = self.cleaned_data
        percent = cleaned.get("target_percent")
        is_target = cleaned["kind"] == GoalKind.TARGET_SHARE
        return {
            "label": cleaned["label"],
            "measure": cleaned["measure"],
            "group": cleaned["group"],
            "kind": cleaned["kind"],
            "target_share": percent / Decimal(100) if is_target and percent is not None else None,
            "plan_first_year": cleaned.get("plan_first_year"),
            "plan_last_year": cleaned.get("plan_last_year"),
            "active": cleaned["active"],
        }


SERVICE_FIELDS = {"measure": "question", "group": "question", "target_share": "target_percent"}


def _goal_initial(goal: Goal) -> dict:
    return {
        "label": goal.label,
        "question": f"{goal.group}:{goal.measure.key}",
        "kind": goal.kind,
        "target_percent": (
            None
            if goal.target_share is None
            else (goal.target_share * 100).quantize(Decimal("0.1"))
        ),
        "plan_first_year": goal.plan_first_year,
        "plan_last_year": goal.plan_last_year,
        "active": goal.active,
    }


def _goal(forbund: Forbund, goal_id: int) -> Goal:
    return get_object_or_404(Goal.objects.select_related("measure"), pk=goal_id, forbund=forbund)


def _chosen_period(value: str | None) -> Period | None:
    periods = ordered_periods()
    chosen = next((p for p in periods if p.label == value), None)
    return chosen or (periods[-1] if periods else None)


@login_required
@require_GET
def goal_list(request, forbund_id: int):
    forbund = _forbund(request.user, forbund_id)
    role = require_role(request.user)
    period = _chosen_period(request.GET.get("period"))
    results = goal_services.goal_fulfilment(forbund=forbund, period=period) if period else []
    return render(
        request,
        "results/goal_list.html",
        {
            "forbund": forbund,
            "period": period,
            "periods": list(reversed(ordered_periods())),
            "results": results,
            "text": goal_services.goal_fulfilment_text(forbund=forbund, period=period)
            if period
            else "",
            "inactive": goal_services.goals_of(forbund).filter(active=False),
            "can_manage": role.can_manage,
        },
    )


@login_required
@require_http_methods(FORM_METHODS)
def goal_create(request, forbund_id: int):
    forbund = _forbund(request.user, forbund_id)
    require_manage(request.user, forbund.pk)
    form = GoalForm(request.POST or None, initial={"active": True, "kind": GoalKind.TARGET_SHARE})
    if request.method == "POST" and form.is_valid():
        try:
            goal_services.goal_create(actor=request.user, forbund=forbund, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc, SERVICE_FIELDS)
        else:
            messages.success(request, _("Målet sparades."))
            return redirect("results:goal_list", forbund_id=forbund.pk)
    return render(request, "results/goal_form.html", {"form": form, "forbund": forbund})


@login_required
@require_http_methods(FORM_METHODS)
def goal_edit(request, forbund_id: int, goal_id: int):
    forbund = _forbund(request.user, forbund_id)
    goal = _goal(forbund, goal_id)
    require_manage(request.user, forbund.pk)
    form = GoalForm(request.POST or None, initial=_goal_initial(goal))
    if request.method == "POST" and form.is_valid():
        try:
            goal_services.goal_update(actor=request.user, goal=goal, **form.service_values())
        except ValidationError as exc:
            add_service_errors(form, exc, SERVICE_FIELDS)
            goal.refresh_from_db()
        else:
            messages.success(request, _("Målet sparades."))
            return redirect("results:goal_list", forbund_id=forbund.pk)
    return render(
        request, "results/goal_form.html", {"form": form, "forbund": forbund, "goal": goal}
    )


@login_required
@require_http_methods(FORM_METHODS)
def goal_delete(request, forbund_id: int, goal_id: int):
    forbund = _forbund(request.user, forbund_id)
    goal = _goal(forbund, goal_id)
    require_manage(request.user, forbund.pk)
    if request.method == "POST":
        goal_services.goal_delete(actor=request.user, goal=goal)
        messages.success(request, _("Målet togs bort."))
        return redirect("results:goal_list", forbund_id=forbund.pk)
    return render(request, "results/goal_delete.html", {"forbund": forbund, "goal": goal})
