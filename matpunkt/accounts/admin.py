"""Django's user admin, audited: who made whom a superuser or staff, changed a password in the
admin, or deleted a user. Only superusers may change users here (Django's default
permissions); everyone else uses the Användare pages, whose services audit too."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from matpunkt.core import audit
from matpunkt.organisations.models import Membership

User = get_user_model()
AUDITED_FIELDS = (
    "username",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_staff",
    "is_superuser",
)


def user_snapshot(user) -> dict:
    """The user's rights and names, never the password hash."""
    snap = {name: getattr(user, name) for name in AUDITED_FIELDS}
    if user.pk is not None:
        snap["groups"] = sorted(user.groups.values_list("name", flat=True))
        snap["user_permissions"] = sorted(user.user_permissions.values_list("codename", flat=True))
    return snap


def _forbund_of(user):
    membership = Membership.objects.filter(user=user).select_related("forbund").first()
    return membership.forbund if membership is not None else None


admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
    def save_model(self, request, obj, form, change):
        original = User.objects.filter(pk=obj.pk).first() if change else None
        obj._audit_before = user_snapshot(original) if original is not None else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        before = getattr(user, "_audit_before", None)
        after = user_snapshot(user)
        if before != after:
            audit.record(
                actor=request.user,
                action="admin.user_change" if change else "admin.user_add",
                obj=user,
                object_type="auth.user",
                forbund=_forbund_of(user),
                before=before,
                after=after,
            )

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit.record(
                actor=request.user,
                action="user.set_password",
                obj=user,
                object_type="auth.user",
                forbund=_forbund_of(user),
                after={"generated": False, "via": "admin"},
            )
        return response

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user,
            action="admin.user_delete",
            obj=obj,
            object_type="auth.user",
            forbund=_forbund_of(obj),
            before=user_snapshot(obj),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            self.delete_model(request, user)
