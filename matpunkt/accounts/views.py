"""Signing in (password, then a code where needed), one's own account page, and NNS's pages for
someone else's second factor and for locked logins. Plain forms: no page needs JavaScript."""

import base64

import segno
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from matpunkt.accounts import services
from matpunkt.accounts.forms import ResetForm, TokenForm
from matpunkt.accounts.policy import (
    authenticator_of,
    is_verified,
    pending_step,
    recovery_codes_left,
    second_factor_required,
)
from matpunkt.organisations.forms import add_service_errors
from matpunkt.organisations.permissions import require_manage, role_of
from matpunkt.organisations.selectors import users_for

User = get_user_model()
FORM_METHODS = ["GET", "POST"]
STEP_URLS = {"verify": "accounts:verify", "setup": "accounts:two_factor_setup"}


def _next_url(request, fallback: str = "") -> str:
    """The page to continue to after a step: the `next` asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback or reverse(settings.LOGIN_REDIRECT_URL)


def _step_url(step: str, next_url: str) -> str:
    return f"{reverse(STEP_URLS[step])}?{urlencode({'next': next_url})}"


# Signing in --------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """The password step. django-axes refuses a locked user name or address before the password
    is checked (see `locked_out`); a person with a second factor is sent on to enter a code."""

    def form_valid(self, form):
        user = form.get_user()
        auth_login(self.request, user)
        step = pending_step(self.request.user)
        services.login_record(actor=user, second_factor_pending=step is not None)
        if step is not None:
            return redirect(_step_url(step, self.get_success_url()))
        return redirect(self.get_success_url())


def locked_out(request, original_response=None, credentials=None):
    """The login page again, with how long the lock lasts (django-axes's AXES_LOCKOUT_CALLABLE).
    It never says whether the user name or the address is locked, nor whether the password was
    right."""
    minutes = settings.MATPUNKT_LOGIN_COOLOFF_MINUTES
    message = ngettext(
        "För många misslyckade inloggningar. Inloggningen är spärrad i %(minutes)s minut; "
        "varje nytt försök under tiden börjar om spärren. Kontakta en NNS-administratör om du "
        "behöver komma in tidigare.",
        "För många misslyckade inloggningar. Inloggningen är spärrad i %(minutes)s minuter; "
        "varje nytt försök under tiden börjar om spärren. Kontakta en NNS-administratör om du "
        "behöver komma in tidigare.",
        minutes,
    ) % {"minutes": minutes}
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_message": message, "next": _next_url(request, "")},
        status=429,
    )


@never_cache
@login_required
@require_http_methods(FORM_METHODS)
def verify(request):
    """The second step of signing in: a code from the app, or one of the recovery codes."""
    next_url = _next_url(request)
    step = pending_step(request.user)
    if step != "verify":
        return redirect(_step_url(step, next_url) if step else next_url)
    form = TokenForm(
        request.POST or None,
        help_text=_(
            "Sex siffror från appen. Har du inte telefonen med dig, skriv en av dina "
            "återställningskoder."
        ),
    )
    if request.method == "POST" and form.is_valid():
        if services.second_factor_throttled(request.user):
            form.add_error(
                "token", _("För många felaktiga koder i rad. Vänta en stund och försök igen.")
            )
        else:
            device, left = services.second_factor_verify(
                actor=request.user, token=form.cleaned_data["token"]
            )
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    messages.warning(
                        request,
                        ngettext(
                            "Du loggade in med en återställningskod. Du har %(count)s kod kvar: "
                            "skapa nya på sidan Mitt konto.",
                            "Du loggade in med en återställningskod. Du har %(count)s koder "
                            "kvar: skapa nya på sidan Mitt konto.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(next_url)
            form.add_error("token", _("Koden stämmer inte. Försök igen."))
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


# One's own account -------------------------------------------------------------------------------


@login_required
@require_GET
def account(request):
    role = role_of(request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "role": role,
            "authenticator": authenticator_of(request.user),
            "codes_left": recovery_codes_left(request.user),
            "required": second_factor_required(request.user),
        },
    )


def _key_groups(device) -> str:
    """The secret as people type it into an app by hand: base32 in groups of four."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))


@never_cache
@login_required
@require_http_methods(FORM_METHODS)
def two_factor_setup(request):
    """Set up an authenticator app (again): scan the QR code or type the key, then confirm with
    the first code. A person who has an app but has not entered its code in this session must
    do that first: otherwise a password alone could replace the second factor."""
    next_url = _next_url(request)
    if authenticator_of(request.user) is not None and not is_verified(request.user):
        return redirect(_step_url("verify", next_url))
    device = services.authenticator_pending(actor=request.user)
    form = TokenForm(
        request.POST or None, help_text=_("Sex siffror som appen visar efter att du lagt till.")
    )
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.authenticator_confirm(
                actor=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            form.add_error("token", exc.messages)
        else:
            otp_login(request, device)
            messages.success(request, _("Tvåstegsverifiering är på."))
            return _show_codes(request, codes, next_url)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(
                scale=4, title=_("QR-kod för appen")
            ),
            "key": _key_groups(device),
            "replacing": authenticator_of(request.user) is not None,
            "required": second_factor_required(request.user),
        },
    )


def _show_codes(request, codes: list[str], next_url: str):
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": [f"{code[:4]}-{code[4:]}" for code in codes], "next": next_url},
    )


@never_cache
@login_required
@require_POST
def recovery_codes(request):
    try:
        codes = services.recovery_codes_renew(actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:account")
    messages.success(request, _("Nya återställningskoder skapades. De gamla gäller inte längre."))
    return _show_codes(request, codes, reverse("accounts:account"))


@login_required
@require_POST
def two_factor_disable(request):
    services.two_factor_disable(actor=request.user)
    messages.success(request, _("Tvåstegsverifiering är avstängd."))
    return redirect("accounts:account")


# NNS: someone else's second factor, locked logins --------------------------------------------


@login_required
@require_http_methods(FORM_METHODS)
def two_factor_reset(request, user_id: int):
    require_manage(request.user, None)
    shown_user = get_object_or_404(users_for(request.user), pk=user_id)
    form = ResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.two_factor_reset(
                actor=request.user, user=shown_user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Tvåstegsverifieringen för %(username)s återställdes. Personen ställer in "
                    "en ny app vid nästa inloggning."
                )
                % {"username": shown_user.get_username()},
            )
            return redirect("organisations:user_edit", user_id=shown_user.pk)
    return render(
        request,
        "accounts/two_factor_reset.html",
        {
            "form": form,
            "shown_user": shown_user,
            "has_authenticator": authenticator_of(shown_user) is not None,
        },
    )


def _locked(field: str, since) -> list[dict]:
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .exclude(**{field: None})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [
        {
            "value": row[field],
            "failures": row["failures"],
            "until": row["last"] + settings.AXES_COOLOFF_TIME,
        }
        for row in rows
    ]


@login_required
@require_GET
def lockouts(request):
    """User names and addresses that django-axes locks now, with a button to unlock each."""
    require_manage(request.user, None)
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return render(
        request,
        "accounts/lockouts.html",
        {
            "usernames": _locked("username", since),
            "addresses": _locked("ip_address", since),
            "limit": settings.AXES_FAILURE_LIMIT,
        },
    )


@login_required
@require_POST
def lockout_release(request):
    require_manage(request.user, None)
    username = request.POST.get("username", "").strip()
    address = request.POST.get("ip_address", "").strip()
    if bool(username) == bool(address):
        return HttpResponseBadRequest(_("Välj ett användarnamn eller en adress att låsa upp."))
    services.lockout_release(actor=request.user, username=username, ip_address=address)
    if username:
        messages.success(
            request, _("Inloggningen för %(username)s är upplåst.") % {"username": username}
        )
    else:
        messages.success(request, _("Adressen är upplåst."))
    return redirect("accounts:lockouts")
