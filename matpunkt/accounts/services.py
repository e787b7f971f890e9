"""Writes of the accounts app: the second factor, unlocking logins, and the audit of signing in.

Every function takes the acting user, checks the actor's right itself, runs in one transaction
and writes an audit row. Secrets (the authenticator key, recovery codes, passwords) never go
into the audit trail.
"""

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from matpunkt.accounts.policy import authenticator_of, second_factor_required
from matpunkt.core import audit
from matpunkt.organisations.models import Membership
from matpunkt.organisations.permissions import require_manage

User = get_user_model()

RECOVERY_CODE_COUNT = 10
USER_TYPE = "auth.user"


def _forbund_of(user):
    membership = Membership.objects.filter(user=user).select_related("forbund").first()
    return membership.forbund if membership is not None else None


def _require_signed_in(actor) -> None:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied


def _record(*, actor, action: str, user, after=None, before=None, reason: str = "") -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=user,
        object_type=USER_TYPE,
        forbund=_forbund_of(user) if user is not None else None,
        before=before,
        after=after,
        reason=reason,
    )


# Signing in --------------------------------------------------------------------------------------


def login_record(*, actor, second_factor_pending: bool) -> None:
    """A password login succeeded (the second factor, where needed, comes next)."""
    _record(actor=actor, action="login", user=actor, after={"second_factor": second_factor_pending})


def login_failure_record(*, username: str, locked_out: bool) -> None:
    """A password login failed. The password is never recorded, and a user name that belongs to
    no account is not either: people type their password into the user name field."""
    user = User.objects.filter(username=username).first() if username else None
    audit.record(
        actor=None,
        action="login.locked_out" if locked_out else "login.failed",
        object_type=USER_TYPE,
        object_id=str(user.pk) if user is not None else "",
        forbund=_forbund_of(user) if user is not None else None,
        after={"username": user.get_username() if user is not None else ""},
    )


def logout_record(*, actor) -> None:
    _record(actor=actor, action="logout", user=actor)


@transaction.atomic
def lockout_release(*, actor, username: str = "", ip_address: str = "") -> int:
    """Lift the login lock of a user name or of an address before its cool-off ends (NNS only).
    Returns how many recorded attempts were cleared. The audit names the user name, never the
    address."""
    require_manage(actor, None)
    if bool(username) == bool(ip_address):
        raise ValueError("Give either a user name or an address.")
    cleared = axes_reset(username=username) if username else axes_reset(ip=ip_address)
    user = User.objects.filter(username=username).first() if username else None
    audit.record(
        actor=actor,
        action="login.unlock",
        object_type=USER_TYPE,
        object_id=str(user.pk) if user is not None else "",
        forbund=_forbund_of(user) if user is not None else None,
        after={
            "kind": "username" if username else "address",
            "username": username,
            "cleared_attempts": cleared,
        },
    )
    return cleared


# The second factor -------------------------------------------------------------------------------


def authenticator_pending(*, actor) -> TOTPDevice:
    """The authenticator the actor is setting up: a new secret, kept unconfirmed until the
    first code from the app proves that the app has it. The same one while the page reloads."""
    _require_signed_in(actor)
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name="Mätpunkt", confirmed=False)
    return device


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Återställningskoder")
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def authenticator_confirm(*, actor, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the pending authenticator with a code from the app. It replaces any earlier
    one, and new recovery codes replace the old ones; returns the codes (shown once)."""
    _require_signed_in(actor)
    if device.user_id != actor.pk or device.confirmed:
        raise PermissionDenied
    if verify_token(actor, device.persistent_id, normalise_token(token)) is None:
        raise ValidationError(
            _(
                "Koden stämmer inte. Skriv den kod som appen visar just nu; kontrollera att "
                "telefonens klocka går rätt."
            ),
            code="wrong_token",
        )
    replaced = TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk)
    had_one = replaced.filter(confirmed=True).exists()
    replaced.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(actor)
    _record(
        actor=actor,
        action="two_factor.replace" if had_one else "two_factor.enable",
        user=actor,
        after={"recovery_codes": len(codes)},
    )
    return codes


@transaction.atomic
def recovery_codes_renew(*, actor) -> list[str]:
    """New recovery codes for a person with an authenticator; the old ones stop working."""
    _require_signed_in(actor)
    if authenticator_of(actor) is None:
        raise ValidationError(_("Slå på tvåstegsverifiering först."), code="no_second_factor")
    codes = _new_recovery_codes(actor)
    _record(
        actor=actor,
        action="two_factor.recovery_codes",
        user=actor,
        after={"recovery_codes": len(codes)},
    )
    return codes


@transaction.atomic
def two_factor_disable(*, actor) -> None:
    """Turn one's own second factor off; refused to those who must use one."""
    _require_signed_in(actor)
    if second_factor_required(actor):
        raise PermissionDenied(
            _("NNS-administratörer och superanvändare måste använda tvåstegsverifiering.")
        )
    deleted, _details = TOTPDevice.objects.filter(user=actor).delete()
    StaticDevice.objects.filter(user=actor).delete()
    if deleted:
        _record(actor=actor, action="two_factor.disable", user=actor)


@transaction.atomic
def two_factor_reset(*, actor, user, reason: str) -> None:
    """Remove someone's authenticator and recovery codes, e.g. after a lost phone (NNS only).
    They set up a new one at their next login if they must use one."""
    require_manage(actor, None)
    if user.pk == actor.pk:
        raise ValidationError(
            _(
                "Du kan inte återställa din egen tvåstegsverifiering. Ställ in en ny app på "
                "sidan Mitt konto, eller be en annan NNS-administratör."
            ),
            code="self_reset",
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Skriv varför tvåstegsverifieringen återställs.")}, code="reason"
        )
    had_one = authenticator_of(user) is not None
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _record(
        actor=actor,
        action="two_factor.reset",
        user=user,
        before={"second_factor": had_one},
        after={"second_factor": False},
        reason=reason,
    )


def normalise_token(token: str) -> str:
    """What people type: spaces and hyphens between groups, capitals from the printed sheet."""
    return "".join(token.split()).replace("-", "").lower()


@transaction.atomic
def second_factor_verify(*, actor, token: str):
    """Check a code from the app or a recovery code for a signed-in person. Returns the device
    that accepted it (None for no match) and the number of recovery codes left. A recovery code
    works once. Both kinds are throttled by django-otp (doubling waits after each miss)."""
    _require_signed_in(actor)
    token = normalise_token(token)
    devices = []
    if token.isdigit():
        devices = list(TOTPDevice.objects.filter(user=actor, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=actor, confirmed=True))
    matched = None
    for device in devices:
        if verify_token(actor, device.persistent_id, token) is not None:
            matched = device
            break
    left = StaticToken.objects.filter(device__user=actor).count()
    kind = None
    if matched is not None:
        kind = "totp" if isinstance(matched, TOTPDevice) else "recovery_code"
    _record(
        actor=actor,
        action="login.second_factor" if matched else "login.second_factor_failed",
        user=actor,
        after={"method": kind, "recovery_codes_left": left},
    )
    return matched, left


def second_factor_throttled(user) -> bool:
    """django-otp is making this person wait after wrong codes."""
    devices = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    return bool(devices) and all(not device.verify_is_allowed()[0] for device in devices)
