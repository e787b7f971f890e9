"""Tenancy in one place: every query for a förbund's data goes through `for_user`.

A model that belongs to a förbund sets `TENANT_PATH`, the lookup from the model to its Forbund
(e.g. "insats__forbund"), and uses `TenantQuerySet.as_manager()`. An NNS administrator sees every
förbund; other users see only their own; a user without a role sees nothing.
"""

from django.db import models


class TenantQuerySet(models.QuerySet):
    def for_user(self, user):
        from matpunkt.organisations.permissions import role_of

        role = role_of(user)
        if role is None:
            return self.none()
        if role.is_national:
            return self
        return self.for_forbund(role.forbund_id)

    def for_forbund(self, forbund):
        """Only the rows of one förbund (a Forbund or its primary key)."""
        forbund_id = getattr(forbund, "pk", forbund)
        return self.filter(**{self.model.TENANT_PATH or "pk": forbund_id})
