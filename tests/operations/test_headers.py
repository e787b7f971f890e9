"""Security headers on every kind of page: staff, respondent, admin, static and error pages."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import path

from matpunkt.core.headers import PERMISSIONS_POLICY
from matpunkt.urls import urlpatterns as site_urls
from tests.codes.helpers import issue

CSP = {
    "base-uri": "'none'",
    "connect-src": "'self'",
    "default-src": "'none'",
    "font-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "img-src": "'self'",
    "object-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
}


def directives(header: str) -> dict[str, str]:
    """The policy's directives; django-csp writes them in no fixed order."""
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def _fail(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [*site_urls, path("test-500/", _fail)]


def assert_secure_headers(response):
    assert directives(response["Content-Security-Policy"]) == CSP
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_policy_switches_every_powerful_feature_off():
    assert PERMISSIONS_POLICY.startswith("accelerometer=(), autoplay=(), camera=()")
    assert "geolocation=()" in PERMISSIONS_POLICY
    assert "microphone=()" in PERMISSIONS_POLICY
    assert "payment=()" in PERMISSIONS_POLICY


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/resultat/",
        "/faltarbete/utdelning/",
        "/svar/registrera/",
        "/konto/",
        "/konto/tvastegsverifiering/",
        "/halsa/",
    ],
)
def test_staff_pages_carry_every_header(client, forbund_admin, url):
    client.force_login(forbund_admin)

    response = client.get(url)

    assert response.status_code == 200
    assert_secure_headers(response)


def test_the_login_page_carries_every_header(client):
    response = client.get("/logga-in/")

    assert response.status_code == 200
    assert_secure_headers(response)


def test_respondent_pages_carry_every_header(client, registrar, insats, period, instrument):
    code = issue(registrar, insats, period, group="deltagare_avslut", count=1)[0].code

    pages = [
        client.get("/e/"),
        client.get(f"/e/{code}"),
        client.get(f"/e/{code}/integritet"),
        client.get("/e/OKANDKOD"),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200, 404]
    for page in pages:
        assert_secure_headers(page)


def test_a_missing_page_carries_every_header(client, forbund_admin):
    client.force_login(forbund_admin)

    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    assert_secure_headers(response)


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_page_carries_every_header_and_no_inline_style(client):
    client.raise_request_exception = False

    response = client.get("/test-500/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Ett fel uppstod" in html
    assert "style=" not in html
    assert '<body class="error-page">' in html
    assert_secure_headers(response)


def test_a_redirect_to_the_login_carries_every_header(client):
    response = client.get("/resultat/")

    assert response.status_code == 302
    assert_secure_headers(response)


def test_production_cookies_use_the_host_prefix_and_stay_away_from_scripts():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_HTTPONLY)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "matpunkt.settings",
        "MATPUNKT_DEBUG": "0",
        "MATPUNKT_SECRET_KEY": "x" * 50,
    }

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True", "True"]
