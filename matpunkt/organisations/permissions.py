"""Who may do what. Views and services ask these functions; nothing else reads roles."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from matpunkt.organisations.models import Membership, Role


@dataclass(frozen=True)
class UserRole:
    role: str
    forbund_id: int | None

    @property
    def is_national(self) -> bool:
        return self.role == Role.NNS_ADMIN

    @property
    def can_manage(self) -> bool:
        """May change förbund settings, insatser, periods' distribution and users."""
        return self.role in (Role.NNS_ADMIN, Role.FORBUND_ADMIN)

    @property
    def can_register(self) -> bool:
        """May enter, edit, import and delete responses and distribution counts."""
        return self.role in (Role.NNS_ADMIN, Role.FORBUND_ADMIN, Role.REGISTRAR)

    @property
    def can_export_rows(self) -> bool:
        """May download row-level response data (the svarsfil): one row per questionnaire can
        identify a member of a small group such as a board, so only administrators may."""
        return self.role in (Role.NNS_ADMIN, Role.FORBUND_ADMIN)


def role_of(user) -> UserRole | None:
    """The user's role, or None for an anonymous user or one without a role.

    A Django superuser without a membership acts as NNS administrator.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    cached = getattr(user, "_matpunkt_role", None)
    if cached is not None:
        return cached
    try:
        membership = user.membership
    except Membership.DoesNotExist:
        membership = None
    if membership is not None:
        role = UserRole(membership.role, membership.forbund_id)
    elif user.is_superuser:
        role = UserRole(Role.NNS_ADMIN, None)
    else:
        return None
    user._matpunkt_role = role
    return role


def require_role(user) -> UserRole:
    role = role_of(user)
    if role is None:
        raise PermissionDenied
    return role


def require_register(user, forbund_id: int) -> UserRole:
    """The user may enter data for this förbund; 404 for a stranger, 403 for a reader."""
    role = require_role(user)
    if not role.is_national and role.forbund_id != forbund_id:
        raise Http404
    if not role.can_register:
        raise PermissionDenied
    return role


def require_manage(user, forbund_id: int | None) -> UserRole:
    """The user may manage this förbund (None: national data such as periods)."""
    role = require_role(user)
    if forbund_id is None:
        if not role.is_national:
            raise PermissionDenied
        return role
    if not role.is_national and role.forbund_id != forbund_id:
        raise Http404
    if not role.can_manage:
        raise PermissionDenied
    return role
