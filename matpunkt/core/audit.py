"""Writing the audit trail: every service that changes data calls `record`."""

from typing import Any

from matpunkt.core.models import AuditEvent


def record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    forbund=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Store one audit event. `actor` may be None for changes made from the command line."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        forbund=forbund,
        before=before,
        after=after,
        reason=reason,
    )
