"""Pages for förbund, insatser and users: parse the form, call a service, say what happened."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from matpunkt.organisations import services
from matpunkt.organisations.forms import (
    ForbundForm,
    ForbundNationalForm,
    InsatsForm,
    PasswordForm,
    UserCreateForm,
    UserEditForm,
    add_service_errors,
    initial_for_user,
)
from matpunkt.organisations.models import Forbund, Insats
from matpunkt.organisations.permissions import UserRole, require_manage, require_role
from matpunkt.organisations.selectors import (
    forbund_from_query,
    group_labels,
    insatser_for,
    users_for,
)

FORM_METHODS = ["GET", "POST"]
PASSWORD_FIELD = {"password": "password1"}


def _get_forbund(user, forbund_id: int) -> Forbund:
    return get_object_or_404(Forbund.objects.for_user(user), pk=forbund_id)


def _get_insats(user, insats_id: int) -> Insats:
    return get_object_or_404(Insats.objects.for_user(user).select_related("forbund"), pk=insats_id)


def _require_manager(user) -> UserRole:
    """The user may manage something (their förbund, or every förbund); 403 otherwise."""
    role = require_role(user)
    if not role.can_manage:
        raise PermissionDenied
    return role


# Förbund ---------------------------------------------------------------------------------------


@login_required
@require_GET
def forbund_list(request):
    role = require_role(request.user)
    if not role.is_national:
        return redirect("organisations:forbund_detail", forbund_id=role.forbund_id)
    return render(
        request,
        "organisations/forbund_list.html",
        {"forbund_list": Forbund.objects.for_user(request.user)},
    )


@login_required
@require_GET
def forbund_detail(request, forbund_id: int):
    forbund = _get_forbund(request.user, forbund_id)
    role = require_role(request.user)
    return render(
        request,
        "organisations/forbund_detail.html",
        {
            "forbund": forbund,
            "can_manage": role.can_manage,
            "insats_count": forbund.insatser.count(),
        },
    )


@login_required
@require_GET
def forbund_logo(request, forbund_id: int):
    forbund = _get_forbund(request.user, forbund_id)
    if not forbund.logo:
        raise Http404
    try:
        handle = forbund.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle)


def _forbund_fields(cleaned: dict, national: bool) -> dict:
    names = services.FORBUND_SELF_FIELDS + (services.FORBUND_NATIONAL_FIELDS if national else ())
    return {name: cleaned[name] for name in names}


@login_required
@require_http_methods(FORM_METHODS)
def forbund_create(request):
    require_manage(request.user, None)
    form = ForbundNationalForm(request.POST or None, request.FILES or None)
    del form.fields["remove_logo"]
    if request.method == "POST" and form.is_valid():
        try:
            forbund = services.forbund_create(
                actor=request.user,
                logo=form.cleaned_data["logo"],
                **_forbund_fields(form.cleaned_data, national=True),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Förbundet skapades."))
            return redirect("organisations:forbund_detail", forbund_id=forbund.pk)
    return render(request, "organisations/forbund_form.html", {"form": form, "forbund": None})


@login_required
@require_http_methods(FORM_METHODS)
def forbund_edit(request, forbund_id: int):
    forbund = _get_forbund(request.user, forbund_id)
    role = require_manage(request.user, forbund.pk)
    form_class = ForbundNationalForm if role.is_national else ForbundForm
    initial = {
        name: getattr(forbund, name)
        for name in form_class.base_fields
        if name not in ("logo", "remove_logo")
    }
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    if not forbund.logo:
        del form.fields["remove_logo"]
    if request.method == "POST" and form.is_valid():
        try:
            services.forbund_update(
                actor=request.user,
                forbund=forbund,
                logo=form.cleaned_data["logo"],
                remove_logo=form.cleaned_data.get("remove_logo", False),
                **_forbund_fields(form.cleaned_data, national=role.is_national),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            forbund.refresh_from_db()
        else:
            messages.success(request, _("Förbundets uppgifter sparades."))
            return redirect("organisations:forbund_detail", forbund_id=forbund.pk)
    return render(request, "organisations/forbund_form.html", {"form": form, "forbund": forbund})


# Insatser --------------------------------------------------------------------------------------


@login_required
@require_GET
def insats_list(request):
    role = require_role(request.user)
    chosen = (
        forbund_from_query(request.user, request.GET.get("forbund")) if role.is_national else None
    )
    insatser = insatser_for(request.user, chosen)
    return render(
        request,
        "organisations/insats_list.html",
        {
            "rows": [(insats, group_labels(insats.groups)) for insats in insatser],
            "role": role,
            "forbund_choices": Forbund.objects.for_user(request.user) if role.is_national else None,
            "chosen_forbund": chosen,
        },
    )


@login_required
@require_http_methods(FORM_METHODS)
def insats_create(request):
    role = _require_manager(request.user)
    forbund_choices = Forbund.objects.for_user(request.user) if role.is_national else None
    initial = {"active": True, "groups": []}
    if role.is_national:
        initial["forbund"] = forbund_from_query(request.user, request.GET.get("forbund"))
    form = InsatsForm(request.POST or None, initial=initial, forbund_choices=forbund_choices)
    if request.method == "POST" and form.is_valid():
        forbund = (
            form.cleaned_data["forbund"]
            if role.is_national
            else get_object_or_404(Forbund, pk=role.forbund_id)
        )
        try:
            services.insats_create(
                actor=request.user,
                forbund=forbund,
                name=form.cleaned_data["name"],
                orientation=form.cleaned_data["orientation"],
                groups=form.cleaned_data["groups"],
                active=form.cleaned_data["active"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Insatsen sparades."))
            return redirect("organisations:insats_list")
    return render(request, "organisations/insats_form.html", {"form": form, "insats": None})


@login_required
@require_http_methods(FORM_METHODS)
def insats_edit(request, insats_id: int):
    insats = _get_insats(request.user, insats_id)
    require_manage(request.user, insats.forbund_id)
    initial = {
        "name": insats.name,
        "orientation": insats.orientation,
        "groups": insats.groups,
        "active": insats.active,
    }
    form = InsatsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.insats_update(actor=request.user, insats=insats, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            insats.refresh_from_db()
        else:
            messages.success(request, _("Insatsen sparades."))
            return redirect("organisations:insats_list")
    return render(request, "organisations/insats_form.html", {"form": form, "insats": insats})


# Users -----------------------------------------------------------------------------------------


def _user_form_options(request, role: UserRole) -> dict:
    return {
        "role_choices": services.manageable_roles(request.user),
        "forbund_choices": Forbund.objects.for_user(request.user) if role.is_national else None,
    }


def _forbund_for_role(request, role: UserRole, cleaned: dict) -> Forbund | None:
    """The förbund a new role applies to: chosen by an NNS administrator, else the actor's own."""
    if role.is_national:
        return cleaned.get("forbund")
    return get_object_or_404(Forbund, pk=role.forbund_id)


@login_required
@require_GET
def user_list(request):
    role = _require_manager(request.user)
    chosen = (
        forbund_from_query(request.user, request.GET.get("forbund")) if role.is_national else None
    )
    return render(
        request,
        "organisations/user_list.html",
        {
            "users": users_for(request.user, chosen),
            "role": role,
            "forbund_choices": Forbund.objects.for_user(request.user) if role.is_national else None,
            "chosen_forbund": chosen,
        },
    )


@never_cache
@login_required
@require_http_methods(FORM_METHODS)
def user_create(request):
    role = _require_manager(request.user)
    form = UserCreateForm(request.POST or None, **_user_form_options(request, role))
    if request.method == "POST" and form.is_valid():
        try:
            user, generated = services.user_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                forbund=_forbund_for_role(request, role, form.cleaned_data),
                password=form.chosen_password,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map=PASSWORD_FIELD)
        else:
            messages.success(request, _("Användaren skapades."))
            if generated:
                return render(
                    request,
                    "organisations/user_password_shown.html",
                    {"shown_user": user, "password": generated},
                )
            return redirect("organisations:user_list")
    return render(request, "organisations/user_create.html", {"form": form})


def _get_managed_user(request, user_id: int):
    _require_manager(request.user)
    return get_object_or_404(users_for(request.user), pk=user_id)


@login_required
@require_http_methods(FORM_METHODS)
def user_edit(request, user_id: int):
    shown_user = _get_managed_user(request, user_id)
    role = require_role(request.user)
    form = UserEditForm(
        request.POST or None,
        initial=initial_for_user(shown_user),
        **_user_form_options(request, role),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(
                actor=request.user,
                user=shown_user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                forbund=_forbund_for_role(request, role, form.cleaned_data),
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Användaren sparades."))
            return redirect("organisations:user_list")
    return render(request, "organisations/user_edit.html", {"form": form, "shown_user": shown_user})


@never_cache
@login_required
@require_http_methods(FORM_METHODS)
def user_password(request, user_id: int):
    shown_user = _get_managed_user(request, user_id)
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            generated = services.user_set_password(
                actor=request.user, user=shown_user, password=form.chosen_password
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map=PASSWORD_FIELD)
        else:
            messages.success(request, _("Lösenordet ändrades."))
            if generated:
                return render(
                    request,
                    "organisations/user_password_shown.html",
                    {"shown_user": shown_user, "password": generated},
                )
            return redirect("organisations:user_list")
    return render(
        request, "organisations/user_password.html", {"form": form, "shown_user": shown_user}
    )


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    """Every signed-in user changes their own password here, e.g. after a one-time password."""

    template_name = "organisations/own_password.html"
    success_url = reverse_lazy("home")
    title = gettext_lazy("Byt lösenord")

    def form_valid(self, form):
        # As PasswordChangeView does, through the service that audits the change: this session
        # stays signed in (and verified), the person's other sessions end.
        services.own_password_change(actor=self.request.user, form=form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Ditt lösenord ändrades."))
        return redirect(self.get_success_url())
