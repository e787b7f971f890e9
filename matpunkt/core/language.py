"""The language of the staff pages: Swedish, unless the person chose another.

Staff pages used Django's LocaleMiddleware, which follows the browser's Accept-Language header, so
a browser set to English turned them English without anyone asking. Mätpunkt keeps official
Swedish statistics and its users work in Swedish, so the browser's language never decides here.
A person may choose English: the choice is stored on the user (`LanguagePreference`) and in a
persistent cookie, which keeps the login page in that language after logging out and is set
again from the stored choice at every login, on any device.

The respondent pages (/e/, /o/) choose their language themselves (?sprak=, the questionnaire's
approved translations) and render inside `translation.override`; this middleware only sets the
language that is active around them (error pages, for instance).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from matpunkt.core.models import LanguagePreference

SWEDISH = "sv"


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def stored_language(user) -> str | None:
    """The language the user chose, or None when they never chose (or are not signed in)."""
    if user is None or not user.is_authenticated:
        return None
    return LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()


def cookie_language(request) -> str | None:
    value = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return value if value in site_languages() else None


def remember_in_cookie(response, language: str) -> None:
    """Keep the language in a persistent cookie (the login page reads it after logging out)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class StaffLanguageMiddleware:
    """Activates the user's stored language, else the language cookie, else Swedish; never the
    browser's Accept-Language. After a login it sets the cookie from the stored choice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        stored = stored_language(user)
        language = stored or cookie_language(request) or SWEDISH
        request.LANGUAGE_CODE = language
        # Active for this request only: a worker thread serves the next one from a clean slate.
        with translation.override(language):
            response = self.get_response(request)
        # A login during this request (request.user is replaced) or a choice stored on another
        # device: bring the cookie in line with the stored choice.
        user_after = getattr(request, "user", None)
        if user_after is not user:
            stored = stored_language(user_after)
        if (
            stored
            and cookie_language(request) != stored
            and not response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        ):
            remember_in_cookie(response, stored)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


def languages(request):
    """The header's language chooser lists each language by its own name (Svenska, English),
    which Django's get_available_languages would translate into the page's language."""
    return {"staff_languages": settings.LANGUAGES}
