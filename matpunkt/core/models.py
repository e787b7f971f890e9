from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One change made by a user: who, when, what, and the values before and after.

    Never holds anything about a respondent: for answers only the answer codes are recorded.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The actor's user name when the event was written: it stays when the user is deleted (the
    # foreign key then becomes null), so the trail always says who did what.
    actor_label = models.CharField(_("användarnamn"), max_length=150, blank=True)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    action = models.CharField(_("händelse"), max_length=60)
    object_type = models.CharField(_("objekttyp"), max_length=60)
    object_id = models.CharField(_("objekt-id"), max_length=60, blank=True)
    forbund = models.ForeignKey(
        "organisations.Forbund",
        verbose_name=_("förbund"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    before = models.JSONField(_("före"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("logghändelse")
        verbose_name_plural = _("logg")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"


class LanguagePreference(models.Model):
    """The language a staff member chose for the staff pages. Without one the pages are Swedish:
    the browser's language never decides (see `matpunkt.core.language`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="language_preference",
    )
    language = models.CharField(_("språk"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("språkval")
        verbose_name_plural = _("språkval")

    def __str__(self):
        return f"{self.user} – {self.get_language_display()}"
