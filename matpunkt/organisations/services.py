"""Writing förbund, insatser and users. Every write is validated, atomic and audited.

Services check the acting user's rights themselves as well, so that a command or a forged request
cannot do what the pages would not offer.
"""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.core.validators import reject_personnummer
from matpunkt.instrument.models import Group
from matpunkt.organisations.models import Forbund, Insats, Membership, Role
from matpunkt.organisations.permissions import require_manage, role_of

User = get_user_model()

# Fields a förbund administrator may change; the name and the agreement are NNS's.
FORBUND_SELF_FIELDS = ("members", "contact_name", "contact_role", "contact_phone", "contact_email")
FORBUND_NATIONAL_FIELDS = ("name", "agreement_status", "agreement_since")
_FREE_TEXT_FIELDS = ("name", "members", "contact_name", "contact_role")

# Lower-case letters and digits that cannot be mistaken for each other when read aloud or typed.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _jsonable(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _forbund_snapshot(forbund: Forbund) -> dict:
    fields = (*FORBUND_NATIONAL_FIELDS, *FORBUND_SELF_FIELDS)
    snap = {name: _jsonable(getattr(forbund, name)) for name in fields}
    snap["logo"] = forbund.logo.name if forbund.logo else ""
    return snap


def _reject_personnummer_in(obj, field_names) -> None:
    errors = {}
    for name in field_names:
        try:
            reject_personnummer(getattr(obj, name, "") or "")
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)


def _clean_forbund(forbund: Forbund) -> None:
    _reject_personnummer_in(forbund, _FREE_TEXT_FIELDS)
    if Forbund.objects.filter(name__iexact=forbund.name).exclude(pk=forbund.pk).exists():
        raise ValidationError(
            {
                "name": _("Det finns redan ett förbund med namnet ”%(name)s”.")
                % {"name": forbund.name}
            },
            code="duplicate",
        )
    forbund.full_clean(validate_unique=False)


def _apply_logo(forbund: Forbund, logo, remove_logo: bool) -> None:
    if logo is not None:
        forbund.logo.save(logo.name, logo, save=False)
    elif remove_logo and forbund.logo:
        forbund.logo.delete(save=False)
        forbund.logo = ""


@transaction.atomic
def forbund_create(
    *,
    actor,
    name: str,
    members: str = "",
    agreement_status: str = "avtal",
    agreement_since: datetime.date | None = None,
    contact_name: str = "",
    contact_role: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    logo=None,
) -> Forbund:
    """Create a förbund. Only an NNS administrator may."""
    require_manage(actor, None)
    forbund = Forbund(
        name=name.strip(),
        members=members,
        agreement_status=agreement_status,
        agreement_since=agreement_since,
        contact_name=contact_name,
        contact_role=contact_role,
        contact_phone=contact_phone,
        contact_email=contact_email,
    )
    _clean_forbund(forbund)
    _apply_logo(forbund, logo, remove_logo=False)
    forbund.save()
    audit.record(
        actor=actor,
        action="forbund.create",
        obj=forbund,
        forbund=forbund,
        after=_forbund_snapshot(forbund),
    )
    return forbund


@transaction.atomic
def forbund_update(*, actor, forbund: Forbund, logo=None, remove_logo: bool = False, **fields):
    """Change a förbund's details.

    A förbund administrator may change the members, the contact person and the logo of their own
    förbund; the name and the agreement with NNS are changed by an NNS administrator only.
    """
    role = require_manage(actor, forbund.pk)
    allowed = set(FORBUND_SELF_FIELDS)
    if role.is_national:
        allowed |= set(FORBUND_NATIONAL_FIELDS)
    unknown = set(fields) - set(FORBUND_SELF_FIELDS) - set(FORBUND_NATIONAL_FIELDS)
    if unknown:
        raise TypeError(f"forbund_update() got unexpected fields: {sorted(unknown)}")
    changed_national = {
        name for name in set(fields) - allowed if fields[name] != getattr(forbund, name)
    }
    if changed_national:
        raise PermissionDenied
    before = _forbund_snapshot(forbund)
    for name, value in fields.items():
        setattr(forbund, name, value.strip() if name == "name" else value)
    _clean_forbund(forbund)
    _apply_logo(forbund, logo, remove_logo)
    forbund.save()
    after = _forbund_snapshot(forbund)
    if before != after:
        audit.record(
            actor=actor,
            action="forbund.update",
            obj=forbund,
            forbund=forbund,
            before=before,
            after=after,
        )
    return forbund


def _insats_snapshot(insats: Insats) -> dict:
    return {
        "name": insats.name,
        "orientation": insats.orientation,
        "groups": list(insats.groups),
        "active": insats.active,
    }


def _clean_insats(insats: Insats) -> None:
    _reject_personnummer_in(insats, ["name"])
    duplicate = (
        Insats.objects.filter(forbund_id=insats.forbund_id, name__iexact=insats.name)
        .exclude(pk=insats.pk)
        .exists()
    )
    if duplicate:
        raise ValidationError(
            {
                "name": _("Förbundet har redan en insats med namnet ”%(name)s”.")
                % {"name": insats.name}
            },
            code="duplicate",
        )
    insats.full_clean(validate_unique=False)


def _ordered_groups(groups) -> list[str]:
    """Groups in the instrument's order, without duplicates, so that comparisons are stable."""
    chosen = set(groups)
    unknown = chosen - set(Group.values)
    return [code for code in Group.values if code in chosen] + sorted(unknown)


@transaction.atomic
def insats_create(
    *,
    actor,
    forbund: Forbund,
    name: str,
    orientation: str,
    groups: list[str],
    active: bool = True,
) -> Insats:
    """Create an insats in a förbund the actor manages."""
    require_manage(actor, forbund.pk)
    insats = Insats(
        forbund=forbund,
        name=name.strip(),
        orientation=orientation,
        groups=_ordered_groups(groups),
        active=active,
    )
    _clean_insats(insats)
    insats.save()
    audit.record(
        actor=actor,
        action="insats.create",
        obj=insats,
        forbund=forbund,
        after=_insats_snapshot(insats),
    )
    return insats


@transaction.atomic
def insats_update(
    *,
    actor,
    insats: Insats,
    name: str,
    orientation: str,
    groups: list[str],
    active: bool,
) -> Insats:
    """Change an insats. Its förbund never changes: its responses belong to that förbund."""
    require_manage(actor, insats.forbund_id)
    before = _insats_snapshot(insats)
    insats.name = name.strip()
    insats.orientation = orientation
    insats.groups = _ordered_groups(groups)
    insats.active = active
    _clean_insats(insats)
    insats.save()
    after = _insats_snapshot(insats)
    if before != after:
        audit.record(
            actor=actor,
            action="insats.update",
            obj=insats,
            forbund=insats.forbund,
            before=before,
            after=after,
        )
    return insats


# Users ---------------------------------------------------------------------------------------


def generate_password() -> str:
    """A one-time password that is easy to read out and type: four groups of four characters."""
    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


def _user_snapshot(user) -> dict:
    membership = Membership.objects.filter(user=user).first()
    return {
        "username": user.get_username(),
        "email": user.email,
        "is_active": user.is_active,
        "role": membership.role if membership else "",
        "forbund": membership.forbund_id if membership else None,
    }


def _require_may_assign(actor, role: str, forbund: Forbund | None) -> None:
    """The actor may give this role in this förbund (404 for another förbund, 403 otherwise)."""
    if role not in Role.values:
        raise ValidationError(
            {"role": _("Okänd roll ”%(role)s”.") % {"role": role}}, code="invalid_role"
        )
    if role == Role.NNS_ADMIN:
        require_manage(actor, None)
        if forbund is not None:
            raise ValidationError(
                {"forbund": _("En NNS-administratör hör inte till något förbund.")},
                code="forbund_for_national",
            )
        return
    if forbund is None:
        raise ValidationError(
            {"forbund": _("Välj det förbund som rollen gäller.")}, code="forbund_required"
        )
    require_manage(actor, forbund.pk)


def _require_may_manage_user(actor, user) -> None:
    membership = Membership.objects.filter(user=user).first()
    require_manage(actor, membership.forbund_id if membership else None)


def _set_password(user, password: str | None) -> str | None:
    """Set the given password, or a generated one; return the generated password (None if given)."""
    generated = None
    if not password:
        generated = password = generate_password()
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}, code="password") from exc
    user.set_password(password)
    return generated


def _save_membership(user, role: str, forbund: Forbund | None) -> None:
    Membership.objects.update_or_create(user=user, defaults={"role": role, "forbund": forbund})
    user.is_staff = user.is_superuser or role == Role.NNS_ADMIN
    user.save(update_fields=["is_staff"])
    user.__dict__.pop("_matpunkt_role", None)


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    email: str,
    role: str,
    forbund: Forbund | None,
    password: str | None = None,
) -> tuple:
    """Create a user with a role. Returns (user, generated password or None).

    A förbund administrator creates users of their own förbund, never NNS administrators.
    """
    _require_may_assign(actor, role, forbund)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": _("Användarnamnet ”%(username)s” används redan.")
                % {"username": username}
            },
            code="duplicate_username",
        )
    user = User(username=username, email=email.strip(), is_active=True)
    user.full_clean(exclude=["password"])
    generated = _set_password(user, password)
    user.save()
    _save_membership(user, role, forbund)
    audit.record(
        actor=actor,
        action="user.create",
        obj=user,
        forbund=forbund,
        after=_user_snapshot(user),
    )
    return user, generated


@transaction.atomic
def user_update(
    *,
    actor,
    user,
    email: str,
    role: str,
    forbund: Forbund | None,
    is_active: bool,
):
    """Change a user's e-mail, role and förbund, or deactivate the account.

    Nobody changes their own role or deactivates themselves: that would lock them out.
    """
    _require_may_manage_user(actor, user)
    _require_may_assign(actor, role, forbund)
    before = _user_snapshot(user)
    if user.pk == actor.pk and (
        role != before["role"] or getattr(forbund, "pk", None) != before["forbund"] or not is_active
    ):
        raise ValidationError(
            _(
                "Du kan inte ändra din egen roll eller stänga av ditt eget konto. "
                "Be en annan administratör om det."
            ),
            code="self_lockout",
        )
    user.email = email.strip()
    user.is_active = is_active
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email", "is_active"])
    _save_membership(user, role, forbund)
    after = _user_snapshot(user)
    if before != after:
        audit.record(
            actor=actor,
            action="user.update",
            obj=user,
            forbund=forbund,
            before=before,
            after=after,
        )
    return user


@transaction.atomic
def user_set_password(*, actor, user, password: str | None = None) -> str | None:
    """Set a user's password, or a generated one-time password which is returned (never logged)."""
    _require_may_manage_user(actor, user)
    generated = _set_password(user, password)
    user.save(update_fields=["password"])
    membership = Membership.objects.filter(user=user).first()
    audit.record(
        actor=actor,
        action="user.set_password",
        obj=user,
        forbund=membership.forbund if membership else None,
        after={"generated": generated is not None},
    )
    return generated


@transaction.atomic
def own_password_change(*, actor, form) -> None:
    """Save a signed-in person's own new password (a valid PasswordChangeForm) and audit it."""
    if actor is None or not actor.is_authenticated or form.user.pk != actor.pk:
        raise PermissionDenied
    form.save()
    membership = Membership.objects.filter(user=actor).first()
    audit.record(
        actor=actor,
        action="user.password_change",
        obj=actor,
        object_type="auth.user",
        forbund=membership.forbund if membership else None,
    )


def manageable_roles(actor) -> list[tuple[str, str]]:
    """The roles the actor may give, as form choices."""
    role = role_of(actor)
    if role is None or not role.can_manage:
        return []
    return [
        (value, label) for value, label in Role.choices if role.is_national or value != "nns_admin"
    ]
