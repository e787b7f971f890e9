"""Writes of the core app: a staff member's own choice of language."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matpunkt.core import audit
from matpunkt.core.language import site_languages
from matpunkt.core.models import LanguagePreference


@transaction.atomic
def language_preference_set(*, actor, language: str) -> LanguagePreference:
    """Store the language the signed-in `actor` chose for the staff pages. A person chooses for
    themselves only; the choice is audited like any other change to a user."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Logga in för att spara ett språkval."))
    if language not in site_languages():
        raise ValidationError(
            _("Språket %(language)s finns inte i Mätpunkt.") % {"language": language},
            code="unknown_language",
        )
    preference = LanguagePreference.objects.select_for_update().filter(user=actor).first()
    before = {"language": preference.language} if preference is not None else None
    if preference is None:
        preference = LanguagePreference(user=actor)
    preference.language = language
    preference.full_clean()
    preference.save()
    audit.record(
        actor=actor,
        action="user.language",
        obj=actor,
        object_type="auth.user",
        before=before,
        after={"language": language},
    )
    return preference
