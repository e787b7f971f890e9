"""The Django admin, for NNS administrators only, and the base classes every app's admin uses.

Access needs a staff account that is an NNS administrator (or a superuser). Changes made here are
written to the audit trail like changes made on the ordinary pages.
"""

import datetime
import decimal

from django.contrib import admin
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from matpunkt.core import audit
from matpunkt.core.models import AuditEvent
from matpunkt.organisations.permissions import role_of

admin.site.site_header = _("Mätpunkt – administration för NNS")
admin.site.site_title = _("Mätpunkt administration")
admin.site.index_title = _("Administration")


def is_national_staff(user) -> bool:
    """Staff who are NNS administrators, or superusers, may use the admin."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    role = role_of(user)
    return role is not None and role.is_national


def _has_permission(request) -> bool:
    return is_national_staff(request.user)


# The default site only asks for is_staff; a staff account of a förbund must not get in.
admin.site.has_permission = _has_permission


def _jsonable(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "pk"):
        return value.pk
    return value


def snapshot(obj) -> dict:
    """The object's editable fields as JSON-safe values, for the audit trail."""
    return {key: _jsonable(value) for key, value in model_to_dict(obj).items()}


class NationalAdmin(admin.ModelAdmin):
    """A model admin open to NNS administrators; every change is audited."""

    def _allowed(self, request) -> bool:
        return is_national_staff(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def _forbund_of(self, obj):
        return None

    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk is not None:
            original = type(obj).objects.filter(pk=obj.pk).first()
            before = snapshot(original) if original is not None else None
        super().save_model(request, obj, form, change)
        obj._audit_before = before

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        action = "admin.change" if change else "admin.add"
        audit.record(
            actor=request.user,
            action=action,
            obj=obj,
            forbund=self._forbund_of(obj),
            before=getattr(obj, "_audit_before", None),
            after=snapshot(obj),
        )

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user,
            action="admin.delete",
            obj=obj,
            forbund=self._forbund_of(obj),
            before=snapshot(obj),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(NationalAdmin):
    """A model NNS administrators may look at but never change here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DescribedAdminMixin:
    """Shows `description` under the heading of the list page."""

    description = ""

    def changelist_view(self, request, extra_context=None):
        extra_context = {"subtitle": self.description, **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(AuditEvent)
class AuditEventAdmin(DescribedAdminMixin, ReadOnlyAdmin):
    description = _("Alla ändringar som gjorts i Mätpunkt. Loggen kan inte ändras.")
    list_display = ["at", "actor_label", "action", "object_type", "object_id", "forbund"]
    list_filter = ["action", "object_type", "forbund"]
    search_fields = ["action", "object_type", "object_id", "actor_label"]
    date_hierarchy = "at"
    list_select_related = ["actor", "forbund"]
