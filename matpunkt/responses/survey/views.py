"""The public web questionnaire: opened by a one-time code (/e/<code>) or an open link (/o/<token>).

No login and no session. The pages follow POST-redirect-GET: a stored questionnaire redirects to
the thank-you page, and opening a used code again (reload, back button) shows a friendly "already
used" page. They work without JavaScript; survey.js only hides F9–F10 until F8 = Ja (CSS does so
too where it can), keeps a draft in the browser and stops double clicks.

CSRF protection is off for these forms on purpose: CSRF abuses a logged-in user's ambient
credentials, and a respondent has none (no session, no login). What authorises a submission is
the code or the signed one-time form key in the address, which another site cannot know.
Requiring Django's CSRF cookie would only turn away respondents whose browsers block cookies.

Every page is in the respondent's language (?sprak= or the form's field, when the questionnaire
has an approved translation into it): the questionnaire's texts from `survey_texts`, and all the
page's own texts, error messages included, from `interface_texts` (`ui` in the templates).
"""

import uuid
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from matpunkt.fieldwork.codes import (
    CodeState,
    code_entry,
    code_scope,
    is_code_shaped,
    normalise_code,
    open_link_for_token,
)
from matpunkt.fieldwork.locks import is_locked
from matpunkt.instrument.models import Group
from matpunkt.instrument.translations.texts import (
    SWEDISH,
    InterfaceTexts,
    available_languages,
    interface_texts,
)
from matpunkt.responses.survey import throttle
from matpunkt.responses.survey.forms import SurveyForm
from matpunkt.responses.survey.services import (
    form_key_used,
    period_spec,
    scope_spec,
    submit_with_code,
    submit_with_open_link,
)
from matpunkt.responses.survey.texts import (
    has_comment,
    question_rows,
    survey_languages,
    survey_texts,
)

METHODS = ["GET", "POST"]


def gated(view):
    """Count the request against the device's limits before the code or token in its address
    is looked up. A device over a limit gets the same throttled page for every code, real or
    made up, on every such address (the logo's too): the refusal reveals nothing."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        admission = throttle.admit(request)
        if not admission:
            return _page(request, "survey/throttled.html", None, _scopeless_ui(request), status=429)
        try:
            return view(request, *args, **kwargs)
        finally:
            throttle.settle(admission)

    return wrapper


@dataclass(frozen=True)
class Scope:
    """What one questionnaire page is for, and where its companion pages are."""

    forbund: object
    insats: object
    period: object
    group: str
    variant: str
    base: str  # the page's own address, e.g. /e/ABCD2345
    draft_key: str
    draft_storage: str  # "local" for a personal code, "session" for a shared tablet

    @property
    def logo_url(self) -> str:
        return f"{self.base}/logotyp" if self.forbund.logo else ""

    @property
    def privacy_url(self) -> str:
        return f"{self.base}/integritet"


def _code_scope(entry) -> Scope:
    distribution = entry.distribution
    base = reverse("survey:code", args=[entry.code])
    return Scope(
        forbund=distribution.insats.forbund,
        insats=distribution.insats,
        period=distribution.period,
        group=distribution.group,
        variant=entry.variant,
        base=base,
        draft_key=f"matpunkt:e:{entry.code}",
        draft_storage="local",
    )


def _link_scope(link, form_key: uuid.UUID | None = None) -> Scope:
    base = reverse("survey:open", args=[link.token])
    return Scope(
        forbund=link.insats.forbund,
        insats=link.insats,
        period=link.period,
        group=link.group,
        variant=link.variant,
        base=base,
        draft_key=f"matpunkt:o:{link.token}:{form_key.hex if form_key else ''}",
        draft_storage="session",
    )


def _asked_language(request) -> str:
    return (request.POST.get("sprak") or request.GET.get("sprak") or SWEDISH).strip()


def _language(request, scope: Scope) -> str:
    """The language asked for (?sprak= or the form's field) if the questionnaire has it."""
    asked = _asked_language(request)
    if asked == SWEDISH:
        return SWEDISH
    codes = {language.code for language in survey_languages(period=scope.period, group=scope.group)}
    return asked if asked in codes else SWEDISH


def _scope_ui(request, scope: Scope) -> InterfaceTexts:
    """The page texts of a questionnaire's own pages, in the language asked for if it has it."""
    return interface_texts(scope.period, _language(request, scope))


def _scopeless_ui(request) -> InterfaceTexts:
    """The page texts of a page that knows no questionnaire (the code entry page, an unknown
    code, a closed link): the language asked for if any version has an approved translation."""
    return interface_texts(None, _asked_language(request))


def _with_language(url: str, language: str) -> str:
    return url if language == SWEDISH else f"{url}?{urlencode({'sprak': language})}"


def _page(
    request, template: str, scope: Scope | None, ui: InterfaceTexts, context=None, status=200
):
    """Render a respondent page in the language of its texts (and its direction), never cached."""
    with translation.override(ui.language):
        response = render(
            request,
            template,
            {
                "scope": scope,
                "ui": ui,
                "lang_query": _with_language("", ui.language),
                **(context or {}),
            },
            status=status,
        )
    patch_cache_control(response, no_store=True)
    # The staff-language middleware would otherwise name the staff pages' language.
    response["Content-Language"] = ui.language
    return response


def _questionnaire(request, scope: Scope, spec, form, language: str, *, status=200, notice=""):
    """The questionnaire page; `notice` names an interface text to show above the errors."""
    texts = survey_texts(
        period=scope.period,
        group=scope.group,
        forbund=scope.forbund,
        insats=scope.insats,
        spec=spec,
        language=language,
    )
    ui = interface_texts(scope.period, texts.language)
    languages = survey_languages(period=scope.period, group=scope.group)
    errors = form.error_messages(ui)
    summary = form.error_summary(errors) if form.is_bound else []
    if notice:
        summary = [("", ui.text(notice)), *summary]
    values = {}
    if form.is_bound:
        values = {name: form.data.get(name, "") for name in form.fields}
    return _page(
        request,
        "survey/questionnaire.html",
        scope,
        ui,
        {
            "texts": texts,
            "rows": question_rows(texts, values, errors),
            "form": form,
            "values": values,
            "errors": errors,
            "summary": summary,
            "languages": languages if len(languages) > 1 else [],
            "with_gender": form.with_gender,
            "restore_draft": not form.is_bound,
            "group_label": Group(scope.group).label,
            "min_cell": settings.MATPUNKT_MIN_CELL,
        },
        status=status,
    )


# By code ---------------------------------------------------------------------------------------


@require_GET
def code_start(request):
    """A page to type the code from a paper questionnaire; ?kod= opens it, in the language of
    ?sprak= when the code's questionnaire has it."""
    ui = _scopeless_ui(request)
    raw = request.GET.get("kod")
    error = ""
    if raw is not None:
        code = normalise_code(raw)
        if is_code_shaped(code):
            return redirect(_with_language(reverse("survey:code", args=[code]), ui.language))
        error = ui.text("code_malformed")
    languages = available_languages(None)
    return _page(
        request,
        "survey/start.html",
        None,
        ui,
        {
            "error": error,
            "value": raw or "",
            "languages": languages if len(languages) > 1 else [],
        },
        status=400 if error else 200,
    )


def _unknown_code(request, code: str):
    throttle.record_miss(request)
    ui = _scopeless_ui(request)
    return _page(request, "survey/unknown.html", None, ui, {"code": code}, status=404)


def _code_or_page(request, code: str):
    """The code's row, or the page to show instead (unknown, voided)."""
    entry = code_entry(code)
    if entry is None:
        return None, _unknown_code(request, code)
    if entry.voided:
        scope = _code_scope(entry)
        ui = _scope_ui(request, scope)
        return None, _page(request, "survey/voided.html", scope, ui, status=410)
    return entry, None


@csrf_exempt
@never_cache
@require_http_methods(METHODS)
@gated
def code_survey(request, code: str):
    canonical = normalise_code(code)
    if request.method == "POST":
        return _code_submit(request, canonical)
    if canonical != code and is_code_shaped(canonical):
        return redirect("survey:code", canonical)
    entry, page = _code_or_page(request, canonical)
    if page is not None:
        return page
    scope = _code_scope(entry)
    language = _language(request, scope)
    if entry.used:
        return _page(request, "survey/used.html", scope, interface_texts(scope.period, language))
    spec = period_spec(scope.period, scope.group)
    if spec is None:
        raise Http404
    if is_locked(scope.forbund.pk, scope.period.pk):
        return _locked(request, scope, language)
    form = SurveyForm(spec=spec, variant=scope.variant)
    return _questionnaire(request, scope, spec, form, language)


def _code_submit(request, code: str):
    """A submitted questionnaire. The busiest path of the site, so it reads only the code's
    keys (`code_scope`); any answer other than "stored" is a redirect to the code's page,
    which then shows why (already used, voided)."""
    lean = code_scope(code)
    if lean is None:
        return _unknown_code(request, code)
    base = f"{reverse('survey:code_start')}{code}"
    language = request.POST.get("sprak") or SWEDISH
    if lean.used or lean.voided:
        return _see_other(_with_language(base, language))
    spec = scope_spec(lean)
    if spec is None:
        raise Http404
    form = SurveyForm(request.POST, spec=spec, variant=lean.variant)
    if not form.is_valid():
        entry = code_entry(code)
        scope = _code_scope(entry)
        return _questionnaire(request, scope, spec, form, _language(request, scope))
    try:
        state = submit_with_code(scope=lean, submission=form.submission(), spec=spec)
    except ValidationError as error:
        if error.code != "locked":
            raise
        scope = _code_scope(code_entry(code))
        return _locked(request, scope, _language(request, scope))
    if state == CodeState.USED_NOW:
        return _see_other(_with_language(f"{base}/tack", language))
    return _see_other(_with_language(base, language))


def _locked(request, scope: Scope, language: str):
    """The förbund has handed in its data for the period: no more answers are taken."""
    ui = interface_texts(scope.period, language)
    return _page(request, "survey/locked.html", scope, ui, status=409)


def _see_other(url: str):
    response = redirect(url)
    response.status_code = 303
    return response


@never_cache
@require_GET
@gated
def code_thanks(request, code: str):
    entry, page = _code_or_page(request, normalise_code(code))
    if page is not None:
        return page
    scope = _code_scope(entry)
    if not entry.used:
        return redirect(scope.base)
    return _page(
        request,
        "survey/thanks.html",
        scope,
        _scope_ui(request, scope),
        {"has_comment": has_comment(scope.group)},
    )


@require_GET
@gated
def code_privacy(request, code: str):
    entry, page = _code_or_page(request, normalise_code(code))
    if page is not None:
        return page
    scope = _code_scope(entry)
    return _privacy(request, scope, by_code=True)


@require_GET
@gated
def code_logo(request, code: str):
    entry = code_entry(normalise_code(code))
    if entry is None:
        throttle.record_miss(request)
        raise Http404
    if entry.voided:
        raise Http404
    return _logo(entry.distribution.insats.forbund)


def code_slash(request, code: str):
    """A short link typed with a trailing slash still opens."""
    return redirect("survey:code", normalise_code(code))


# By open link ----------------------------------------------------------------------------------


def _signer(link) -> signing.Signer:
    return signing.Signer(salt=f"matpunkt.survey.open:{link.token}")


def new_form_key(link) -> str:
    """A signed one-time key for one blank questionnaire of an open link."""
    return _signer(link).sign(uuid.uuid4().hex)


def _parse_form_key(link, signed: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=_signer(link).unsign(signed))
    except (signing.BadSignature, ValueError):
        return None


def _closed(request):
    """An open link that does not exist or is closed (a miss, as an unknown code is)."""
    throttle.record_miss(request)
    return _page(request, "survey/closed.html", None, _scopeless_ui(request), status=404)


@never_cache
@require_GET
@gated
def open_start(request, token: str):
    """Each visit gets a fresh one-time form key, kept in the address so a reload keeps it."""
    link = open_link_for_token(token)
    if link is None:
        return _closed(request)
    url = reverse("survey:open_form", args=[link.token, new_form_key(link)])
    return redirect(_with_language(url, request.GET.get("sprak", SWEDISH)))


@csrf_exempt
@never_cache
@require_http_methods(METHODS)
@gated
def open_survey(request, token: str, form_key: str):
    link = open_link_for_token(token)
    if link is None:
        return _closed(request)
    key = _parse_form_key(link, form_key)
    if key is None:
        return redirect("survey:open", link.token)
    scope = _link_scope(link, key)
    language = _language(request, scope)
    if form_key_used(key):
        if request.method == "POST":
            return _see_other(_with_language(request.path, language))
        ui = interface_texts(scope.period, language)
        return _page(request, "survey/used.html", scope, ui, {"open_link": True})
    spec = period_spec(link.period, link.group)
    if spec is None:
        raise Http404
    if request.method == "GET" and is_locked(scope.forbund.pk, scope.period.pk):
        return _locked(request, scope, language)
    if request.method == "POST":
        form = SurveyForm(request.POST, spec=spec, variant=link.variant)
        if not throttle.allow_open_link_submission(request, link):
            form.is_valid()
            return _questionnaire(
                request, scope, spec, form, language, status=429, notice="too_many_sent"
            )
        if form.is_valid():
            try:
                state = submit_with_open_link(
                    link=link, form_key=key, submission=form.submission(), spec=spec
                )
            except ValidationError as error:
                if error.code != "locked":
                    raise
                return _locked(request, scope, language)
            if state == CodeState.USED_NOW:
                return _see_other(_with_language(f"{scope.base}/tack", language))
            return _see_other(_with_language(request.path, language))
    else:
        form = SurveyForm(spec=spec, variant=link.variant)
    return _questionnaire(request, scope, spec, form, language)


@never_cache
@require_GET
@gated
def open_thanks(request, token: str):
    link = open_link_for_token(token)
    if link is None:
        return _closed(request)
    scope = _link_scope(link)
    return _page(
        request,
        "survey/thanks.html",
        scope,
        _scope_ui(request, scope),
        {"open_link": True, "has_comment": has_comment(scope.group)},
    )


@require_GET
@gated
def open_privacy(request, token: str):
    link = open_link_for_token(token)
    if link is None:
        return _closed(request)
    return _privacy(request, _link_scope(link), by_code=False)


@require_GET
@gated
def open_logo(request, token: str):
    link = open_link_for_token(token)
    if link is None:
        throttle.record_miss(request)
        raise Http404
    return _logo(link.insats.forbund)


# Shared ----------------------------------------------------------------------------------------


def _privacy(request, scope: Scope, *, by_code: bool):
    back = request.GET.get("tillbaka", "")
    if not back.startswith(scope.base):
        back = scope.base
    return _page(
        request,
        "survey/privacy.html",
        scope,
        _scope_ui(request, scope),
        {
            "by_code": by_code,
            "has_comment": has_comment(scope.group),
            "min_cell": settings.MATPUNKT_MIN_CELL,
            "back": back,
        },
    )


def _logo(forbund):
    if not forbund.logo:
        raise Http404
    try:
        handle = forbund.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle)
    patch_cache_control(response, private=True, max_age=3600)
    return response
