"""Tenancy, proven page by page: a URL × role matrix over every organisation, fieldwork and
accounts page.

Anonymous users are sent to the login page; a user of another förbund gets 404 for the first
förbund's objects (never a hint that they exist); a reader may read but gets 403 on every write;
registrars, förbund administrators and NNS administrators may do what their role allows.
"""

from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from matpunkt.fieldwork import codes as fieldwork_codes
from matpunkt.fieldwork import services as fieldwork_services
from matpunkt.fieldwork.models import Distribution
from matpunkt.organisations.models import Insats
from tests.organisations.helpers import image_upload

User = get_user_model()

ROLES = ["anonymous", "reader", "registrar", "forbund_admin", "outsider", "nns_admin"]
LOGIN_URL = reverse("login")
OK = "ok"  # 200, or a redirect that is not to the login page


@pytest.fixture
def world(settings, tmp_path, forbund, insats, other_insats, period, registrar):
    """The first förbund's objects every URL points at: a logo, a distribution list, a user."""
    settings.MEDIA_ROOT = tmp_path / "media"
    logo = image_upload()
    forbund.logo.save("logo.png", SimpleUploadedFile("logo.png", logo.read()), save=True)
    fieldwork_services.distribution_list_add_entries(
        actor=registrar, insats=insats, period=period, group="personal", count=3
    )
    distribution = Distribution.objects.get(insats=insats, group="personal")
    code_entry = fieldwork_codes.codes_issue(
        actor=registrar, insats=insats, period=period, group="personal", variant="utan_kon", count=1
    )[0]
    open_link = fieldwork_codes.open_link_create(
        actor=registrar, insats=insats, period=period, group="styrelse", variant="utan_kon"
    )
    return {
        "forbund": forbund,
        "insats": insats,
        "period": period,
        "registrar": registrar,
        "entry": distribution.entries.get(pseudonym="1"),
        "code_entry": code_entry,
        "open_link": open_link,
    }


def _list_args(w):
    return [w["period"].pk, w["insats"].pk, "personal"]


# (url name, args from the world, method, POST data from the world, expected status by role)
READ = {"reader": 200, "registrar": 200, "forbund_admin": 200, "nns_admin": 200}
MANAGE = {"reader": 403, "registrar": 403, "forbund_admin": OK, "nns_admin": OK}
NATIONAL = {"reader": 403, "registrar": 403, "forbund_admin": 403, "outsider": 403, "nns_admin": OK}
REGISTER = {"reader": 403, "registrar": OK, "forbund_admin": OK, "nns_admin": OK}

CASES = [
    ("home", lambda w: [], "get", None, {**READ, "outsider": 200}),
    (
        "organisations:forbund_list",
        lambda w: [],
        "get",
        None,
        {"reader": OK, "registrar": OK, "forbund_admin": OK, "outsider": OK, "nns_admin": 200},
    ),
    (
        "organisations:forbund_detail",
        lambda w: [w["forbund"].pk],
        "get",
        None,
        {**READ, "outsider": 404},
    ),
    (
        "organisations:forbund_logo",
        lambda w: [w["forbund"].pk],
        "get",
        None,
        {**READ, "outsider": 404},
    ),
    ("organisations:forbund_create", lambda w: [], "get", None, NATIONAL),
    ("organisations:forbund_create", lambda w: [], "post", lambda w: {"name": ""}, NATIONAL),
    (
        "organisations:forbund_edit",
        lambda w: [w["forbund"].pk],
        "get",
        None,
        {**MANAGE, "outsider": 404},
    ),
    (
        "organisations:forbund_edit",
        lambda w: [w["forbund"].pk],
        "post",
        lambda w: {},
        {**MANAGE, "outsider": 404},
    ),
    ("organisations:insats_list", lambda w: [], "get", None, {**READ, "outsider": 200}),
    ("organisations:insats_create", lambda w: [], "get", None, {**MANAGE, "outsider": OK}),
    (
        "organisations:insats_create",
        lambda w: [],
        "post",
        lambda w: {"name": ""},
        {**MANAGE, "outsider": OK},
    ),
    (
        "organisations:insats_edit",
        lambda w: [w["insats"].pk],
        "get",
        None,
        {**MANAGE, "outsider": 404},
    ),
    (
        "organisations:insats_edit",
        lambda w: [w["insats"].pk],
        "post",
        lambda w: {"name": ""},
        {**MANAGE, "outsider": 404},
    ),
    ("organisations:user_list", lambda w: [], "get", None, {**MANAGE, "outsider": OK}),
    ("organisations:user_create", lambda w: [], "get", None, {**MANAGE, "outsider": OK}),
    (
        "organisations:user_create",
        lambda w: [],
        "post",
        lambda w: {"username": ""},
        {**MANAGE, "outsider": OK},
    ),
    (
        "organisations:user_edit",
        lambda w: [w["registrar"].pk],
        "get",
        None,
        {**MANAGE, "outsider": 404},
    ),
    (
        "organisations:user_edit",
        lambda w: [w["registrar"].pk],
        "post",
        lambda w: {"email": ""},
        {**MANAGE, "outsider": 404},
    ),
    (
        "organisations:user_password",
        lambda w: [w["registrar"].pk],
        "get",
        None,
        {**MANAGE, "outsider": 404},
    ),
    (
        "organisations:user_password",
        lambda w: [w["registrar"].pk],
        "post",
        lambda w: {"password_choice": "set"},
        {**MANAGE, "outsider": 404},
    ),
    ("organisations:own_password", lambda w: [], "get", None, {**READ, "outsider": 200}),
    ("fieldwork:period_list", lambda w: [], "get", None, {**READ, "outsider": 200}),
    ("fieldwork:period_create", lambda w: [], "get", None, NATIONAL),
    ("fieldwork:period_create", lambda w: [], "post", lambda w: {"label": ""}, NATIONAL),
    ("fieldwork:period_edit", lambda w: [w["period"].pk], "get", None, NATIONAL),
    (
        "fieldwork:period_edit",
        lambda w: [w["period"].pk],
        "post",
        lambda w: {"label": ""},
        NATIONAL,
    ),
    ("fieldwork:distribution_list", lambda w: [], "get", None, {**READ, "outsider": 200}),
    (
        "fieldwork:distribution_list",
        lambda w: [],
        "post",
        lambda w: {"period": w["period"].pk, f"asked-{w['insats'].pk}-styrelse": "5"},
        {**REGISTER, "outsider": 404},
    ),
    ("fieldwork:distribution_entries", _list_args, "get", None, {**READ, "outsider": 404}),
    (
        "fieldwork:distribution_entries",
        _list_args,
        "post",
        lambda w: {},
        {**REGISTER, "outsider": 404},
    ),
    (
        "fieldwork:distribution_entries_add",
        _list_args,
        "post",
        lambda w: {"count": "2"},
        {**REGISTER, "outsider": 404},
    ),
    ("fieldwork:distribution_source", _list_args, "get", None, {**REGISTER, "outsider": 404}),
    (
        "fieldwork:distribution_source",
        _list_args,
        "post",
        lambda w: {"source": "angivet"},
        {**REGISTER, "outsider": 404},
    ),
    ("fieldwork:distribution_list_clear", _list_args, "get", None, {**REGISTER, "outsider": 404}),
    ("fieldwork:distribution_source", _list_args, "get", None, {**REGISTER, "outsider": 404}),
    (
        "fieldwork:distribution_list_clear",
        _list_args,
        "post",
        lambda w: {},
        {**REGISTER, "outsider": 404},
    ),
    (
        "fieldwork:distribution_entry_delete",
        lambda w: [w["entry"].pk],
        "get",
        None,
        {**REGISTER, "outsider": 404},
    ),
    (
        "fieldwork:distribution_entry_delete",
        lambda w: [w["entry"].pk],
        "post",
        lambda w: {},
        {**REGISTER, "outsider": 404},
    ),
    ("fieldwork:codes_index", lambda w: [], "get", None, {**READ, "outsider": 200}),
    ("fieldwork:codes_scope", _list_args, "get", None, {**READ, "outsider": 404}),
    (
        "fieldwork:codes_scope",
        _list_args,
        "post",
        lambda w: {"kod": [w["code_entry"].pk], "action": "utdelad"},
        {**REGISTER, "outsider": 404},
    ),
    (
        "fieldwork:codes_issue",
        _list_args,
        "post",
        lambda w: {"count": "1", "variant": "utan_kon"},
        {**REGISTER, "outsider": 404},
    ),
    ("fieldwork:codes_csv", _list_args, "get", None, {**REGISTER, "outsider": 404}),
    (
        "fieldwork:code_qr",
        lambda w: [w["code_entry"].pk],
        "get",
        None,
        {**REGISTER, "outsider": 404},
    ),
    (
        "fieldwork:open_link_create",
        lambda w: [w["period"].pk, w["insats"].pk, "chefsgrupp"],
        "post",
        lambda w: {"variant": "utan_kon"},
        {**REGISTER, "outsider": 404},
    ),
    (
        "fieldwork:open_link_close",
        lambda w: [w["open_link"].pk],
        "post",
        lambda w: {},
        {**REGISTER, "outsider": 404},
    ),
    (
        "fieldwork:open_link_qr",
        lambda w: [w["open_link"].pk],
        "get",
        None,
        {**REGISTER, "outsider": 404},
    ),
    ("results:submission_overview", lambda w: [], "get", None, NATIONAL),
    ("results:release_confirm", lambda w: [w["period"].label], "get", None, NATIONAL),
    (
        # NNS is refused with a message: nothing of the period is submitted in this world.
        "results:release_confirm",
        lambda w: [w["period"].label],
        "post",
        lambda w: {"note": ""},
        {**NATIONAL, "nns_admin": 400},
    ),
]


# Accounts: one's own account for everyone; someone else's second factor and locked logins for
# NNS only (403 for everyone else, the outsider included: the check is national, not per förbund).
EVERYONE = {"reader": OK, "registrar": OK, "forbund_admin": OK, "outsider": OK, "nns_admin": OK}
CASES += [
    ("accounts:account", lambda w: [], "get", None, {**READ, "outsider": 200}),
    ("accounts:verify", lambda w: [], "get", None, EVERYONE),
    ("accounts:verify", lambda w: [], "post", lambda w: {"token": ""}, EVERYONE),
    ("accounts:two_factor_setup", lambda w: [], "get", None, {**READ, "outsider": 200}),
    (
        "accounts:two_factor_setup",
        lambda w: [],
        "post",
        lambda w: {"token": ""},
        {**READ, "outsider": 200},
    ),
    (
        "accounts:two_factor_disable",
        lambda w: [],
        "post",
        lambda w: {},
        {**EVERYONE, "nns_admin": 403},
    ),
    ("accounts:recovery_codes", lambda w: [], "post", lambda w: {}, EVERYONE),
    ("accounts:two_factor_reset", lambda w: [w["registrar"].pk], "get", None, NATIONAL),
    (
        "accounts:two_factor_reset",
        lambda w: [w["registrar"].pk],
        "post",
        lambda w: {"reason": ""},
        NATIONAL,
    ),
    ("accounts:lockouts", lambda w: [], "get", None, NATIONAL),
    (
        "accounts:lockout_release",
        lambda w: [],
        "post",
        lambda w: {"username": "gissning"},
        NATIONAL,
    ),
]


def _matrix():
    for name, args, method, data, expected in CASES:
        for role in ROLES:
            status = 302 if role == "anonymous" else expected[role]
            yield pytest.param(name, args, method, data, role, status, id=f"{name}-{method}-{role}")


@pytest.mark.parametrize(("name", "args", "method", "data", "role", "expected"), _matrix())
def test_url_role_matrix(client, request, world, name, args, method, data, role, expected):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url = reverse(name, args=args(world))
    response = client.get(url) if method == "get" else client.post(url, data(world))
    if role == "anonymous":
        assert response.status_code == 302
        assert urlparse(response["Location"]).path == LOGIN_URL
    elif expected == OK:
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert urlparse(response["Location"]).path != LOGIN_URL
    else:
        assert response.status_code == expected


def test_matrix_covers_every_page_of_the_apps():
    """A new organisation, fieldwork or accounts page must be added to the matrix above."""
    covered = {name for name, *_rest in CASES}
    for namespace in ("organisations", "fieldwork", "accounts"):
        resolver = get_resolver().namespace_dict[namespace][1]
        names = {f"{namespace}:{n}" for n in resolver.reverse_dict if isinstance(n, str)}
        assert names <= covered, names - covered


# Lists never show another förbund's rows ---------------------------------------------------------

LIST_PAGES = [
    "home",
    "organisations:insats_list",
    "organisations:user_list",
    "fieldwork:distribution_list",
    "fieldwork:codes_index",
]
FOREIGN_TEXT = ["Östra Södertörn", "Grannens insats", "otto_utomstaende"]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_lists_never_show_another_forbunds_rows(client, world, forbund_admin, outsider, name):
    other = outsider.membership.forbund
    Insats.objects.filter(forbund=other).update(name="Grannens insats")
    client.force_login(forbund_admin)
    response = client.get(reverse(name))
    assert response.status_code == 200
    for text in FOREIGN_TEXT:
        assert text not in response.text


@pytest.mark.parametrize("name", LIST_PAGES)
def test_outsider_lists_never_show_the_first_forbund(client, world, outsider, name):
    client.force_login(outsider)
    response = client.get(reverse(name))
    assert response.status_code == 200
    for text in ["Södra Dalarna", "Steget vidare", "rut_registrerare"]:
        assert text not in response.text


# Forged POSTs that try to move data into another förbund ---------------------------------------


def test_forged_insats_in_distribution_form_is_refused(client, world, outsider, other_insats):
    client.force_login(outsider)
    response = client.post(
        reverse("fieldwork:distribution_list"),
        {
            "period": world["period"].pk,
            f"asked-{other_insats.pk}-styrelse": "3",
            f"asked-{world['insats'].pk}-styrelse": "99",
        },
    )
    assert response.status_code == 404
    assert not Distribution.objects.filter(group="styrelse").exists()


def test_forged_forbund_in_insats_form_is_refused(client, world, outsider):
    client.force_login(outsider)
    client.post(
        reverse("organisations:insats_create"),
        {"name": "Inflyttad", "orientation": "individ", "forbund": world["forbund"].pk},
    )
    assert Insats.objects.get(name="Inflyttad").forbund == outsider.membership.forbund


def test_insats_edit_cannot_move_the_insats(client, world, nns_admin, other_forbund):
    client.force_login(nns_admin)
    client.post(
        reverse("organisations:insats_edit", args=[world["insats"].pk]),
        {"name": "Steget vidare", "orientation": "individ", "forbund": other_forbund.pk},
    )
    world["insats"].refresh_from_db()
    assert world["insats"].forbund == world["forbund"]


def test_forged_forbund_in_user_form_is_refused(client, world, outsider, forbund_admin):
    client.force_login(outsider)
    client.post(
        reverse("organisations:user_create"),
        {
            "username": "inflyttad",
            "email": "i@example.org",
            "role": "forbund_admin",
            "forbund": world["forbund"].pk,
            "password_choice": "generate",
        },
    )
    assert User.objects.get(username="inflyttad").membership.forbund == outsider.membership.forbund


def test_user_edit_cannot_move_a_user_to_another_forbund(client, world, outsider):
    client.force_login(outsider)
    client.post(
        reverse("organisations:user_edit", args=[outsider.pk]),
        {
            "email": "o@example.org",
            "role": "forbund_admin",
            "is_active": "on",
            "forbund": world["forbund"].pk,
        },
    )
    outsider.refresh_from_db()
    assert outsider.membership.forbund != world["forbund"]
