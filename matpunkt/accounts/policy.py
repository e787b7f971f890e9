"""Who must pass a second factor, and whether a session has."""

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from matpunkt.organisations.permissions import role_of


def second_factor_required(user) -> bool:
    """NNS administrators and superusers see every förbund and the admin: they must use one."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    role = role_of(user)
    return role is not None and role.is_national


def authenticator_of(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they set one up."""
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device.token_set.count() if device is not None else 0


def is_verified(user) -> bool:
    """This session passed the second factor (set by django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def pending_step(user) -> str | None:
    """What a signed-in session must do before it may use Mätpunkt: "verify" (enter a code),
    "setup" (set up an authenticator app first), or None. A person who chose a second factor
    must use it too, not only those who are required to."""
    if user is None or not user.is_authenticated or is_verified(user):
        return None
    if authenticator_of(user) is not None:
        return "verify"
    if second_factor_required(user):
        return "setup"
    return None
