"""Settings for Mätpunkt, read from the environment with safe defaults.

Development and the demo run with MATPUNKT_DEBUG=1 on the embedded SQLite database. Production sets
MATPUNKT_SECRET_KEY, MATPUNKT_ALLOWED_HOSTS and DATABASE_URL (PostgreSQL) and leaves DEBUG off;
`matpunkt check --deploy` is then clean.
"""

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from matpunkt.env import (
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_str,
    installation_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("MATPUNKT_VAR_DIR", str(BASE_DIR.parent / "var")))

DEBUG = env_bool("MATPUNKT_DEBUG", False)
SECRET_KEY = env_str("MATPUNKT_SECRET_KEY", "") or installation_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("MATPUNKT_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("MATPUNKT_CSRF_TRUSTED_ORIGINS", [])

# Small-cell suppression: no share, positive count or distribution is shown for fewer answers.
MATPUNKT_MIN_CELL = env_int("MATPUNKT_MIN_CELL", 5)
# Largest upload accepted by the import page, in bytes.
MATPUNKT_MAX_UPLOAD_BYTES = env_int("MATPUNKT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# The site address printed questionnaires' short links and QR codes start with, e.g.
# "https://matpunkt.example.org". Empty: the address of the request that prints them.
MATPUNKT_PUBLIC_BASE_URL = env_str("MATPUNKT_PUBLIC_BASE_URL", "")
# The public web questionnaire's rate limits (responses/survey/throttle.py). An open link on a
# tablet serves one person at a time (a questionnaire takes minutes), so 10 submissions per device
# and 30 per link a minute leave room for a busy room yet stop a script.
MATPUNKT_OPEN_LINK_PER_MINUTE = env_int("MATPUNKT_OPEN_LINK_PER_MINUTE", 30)
MATPUNKT_OPEN_LINK_PER_DEVICE_PER_MINUTE = env_int("MATPUNKT_OPEN_LINK_PER_DEVICE_PER_MINUTE", 10)
# Every request to an address that holds a code or a link token counts, hit or miss. A room of
# 30 respondents behind one NAT, each taking about 8 requests, stays well inside both limits.
MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE = env_int(
    "MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_MINUTE", 120
)
MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_HOUR = env_int(
    "MATPUNKT_SURVEY_REQUESTS_PER_DEVICE_PER_HOUR", 600
)
# Unknown codes and links per clock hour, site-wide, before every device that has itself tried
# an unknown one in that hour is refused until the hour ends: caps what many addresses together
# can guess (see bench/README.md).
MATPUNKT_SURVEY_MISSES_PER_HOUR = env_int("MATPUNKT_SURVEY_MISSES_PER_HOUR", 300)
# The reverse proxies in front of Mätpunkt (addresses or networks). X-Forwarded-For is read only
# from a connection that comes from one of them (core/clients.py). The default fits the
# documented nginx on the same machine; without a proxy the header is then ignored.
MATPUNKT_TRUSTED_PROXIES = env_networks("MATPUNKT_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
# Signing in (see matpunkt.accounts): failed logins allowed per account and per address before
# both are locked for the cool-off; how long a session lives without activity; and the most a
# session lives at all, active or not (a working day).
MATPUNKT_LOGIN_FAILURE_LIMIT = env_int("MATPUNKT_LOGIN_FAILURE_LIMIT", 10)
MATPUNKT_LOGIN_COOLOFF_MINUTES = env_int("MATPUNKT_LOGIN_COOLOFF_MINUTES", 15)
MATPUNKT_SESSION_IDLE_MINUTES = env_int("MATPUNKT_SESSION_IDLE_MINUTES", 120)
MATPUNKT_SESSION_MAX_HOURS = env_int("MATPUNKT_SESSION_MAX_HOURS", 10)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "csp",
    "django.contrib.staticfiles",
    # Before the project's apps, so that their receivers of the login signals run after axes's
    # (the audit records whether axes locked the attempt out).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "matpunkt.core",
    "matpunkt.instrument",
    "matpunkt.organisations",
    "matpunkt.fieldwork",
    "matpunkt.responses",
    "matpunkt.results",
    "matpunkt.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise, so static files carry the policy and the other headers too.
    "csp.middleware.CSPMiddleware",
    "matpunkt.core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Times the request with the middleware below; static files (whitenoise) are not logged.
    "matpunkt.core.logs.RequestTimingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Staff pages are Swedish unless the person chose English; never the browser's language.
    "matpunkt.core.language.StaffLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sessions older than MATPUNKT_SESSION_MAX_HOURS end; a session that must pass the second
    # factor reaches nothing but the login steps until it has.
    "matpunkt.accounts.middleware.SessionLimitMiddleware",
    "matpunkt.accounts.middleware.SecondFactorMiddleware",
    "matpunkt.fieldwork.middleware.PeriodLockMiddleware",
    # Last, as django-axes asks: turns a locked-out login attempt into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "matpunkt.urls"
WSGI_APPLICATION = "matpunkt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "matpunkt.organisations.context_processors.membership",
                "matpunkt.core.language.languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'matpunkt.sqlite3'}"),
        conn_max_age=env_int("MATPUNKT_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Drawn charts and similar derived output, shared by the worker processes of one machine.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("MATPUNKT_CACHE_DIR", str(VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "matpunkt.accounts.passwords.ContextWordValidator"},
]
# django-axes checks every password login first and refuses a locked-out account or address;
# Django's ModelBackend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: MATPUNKT_LOGIN_FAILURE_LIMIT failures for one user name (from any address), or
# from one address (for any user name), lock that user name or address for the cool-off; every
# further attempt during it starts the cool-off again. A successful login clears the count.
AXES_FAILURE_LIMIT = MATPUNKT_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=MATPUNKT_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The address as the public questionnaire sees it: MATPUNKT_TRUSTED_PROXIES decides both.
AXES_CLIENT_IP_CALLABLE = "matpunkt.core.clients.client_address"
AXES_LOCKOUT_CALLABLE = "matpunkt.accounts.views.locked_out"
# The audit trail records logins; axes keeps only the failures of the current cool-off, and an
# NNS administrator unlocks on the page "Spärrade inloggningar" (audited), not in the admin.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# django-otp: the issuer shown in the authenticator app next to the user name.
OTP_TOTP_ISSUER = "Mätpunkt"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The staff language chosen in the header (see matpunkt.core.language), kept for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# The project-wide stylesheet lives outside the apps; without this it is neither served in
# development nor collected for production (where the missing manifest entry is a 500).
STATICFILES_DIRS = [BASE_DIR / "static"]
# Decided here rather than from DEBUG at request time, which the test runner switches off.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# A session ends after MATPUNKT_SESSION_IDLE_MINUTES without a request (every request renews
# it) and, whatever the activity, MATPUNKT_SESSION_MAX_HOURS after the login
# (matpunkt.accounts.middleware.SessionLimitMiddleware). `matpunkt clearsessions` purges the
# expired ones (docs/deployment.md: run it from cron).
SESSION_COOKIE_AGE = MATPUNKT_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
# No script reads the CSRF cookie: forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Every script and stylesheet is a file of our own; no page has inline script, style or event
# handler, so the policy needs neither 'unsafe-inline' nor nonces. Charts are inline SVG, which
# img-src does not govern. See docs/security.md, "Headers".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("MATPUNKT_SSL_REDIRECT", True)
    # Load balancers probe the health check over plain HTTP on the private side.
    SECURE_REDIRECT_EXEMPT = [r"^halsa/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse these cookies unless secure, host-only and for /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("MATPUNKT_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Everything is written to stderr as JSON lines (matpunkt.core.logs). The application's events
# (imports, web answers, period locks, throttling, logins, request times) are INFO records of
# "matpunkt.events"; MATPUNKT_EVENT_LOG_LEVEL=WARNING silences them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "matpunkt.core.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("MATPUNKT_LOG_LEVEL", "WARNING")},
    "loggers": {
        "matpunkt.events": {"level": env_str("MATPUNKT_EVENT_LOG_LEVEL", "INFO")},
        # Django logs every 4xx with its path, and a survey path holds the respondent's code.
        "django.request": {"level": "ERROR"},
    },
}
