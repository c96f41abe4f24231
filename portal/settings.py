"""Settings for Error Portal, read from the environment.

Safe defaults give a working embedded SQLite setup with DEBUG off: without
DJANGO_SECRET_KEY a random key is created once in a git-ignored file (0600),
so every `manage.py` command works with no environment variable set.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from errors import limits

BASE_DIR = Path(__file__).resolve().parent.parent


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_flag(name: str, default: bool) -> bool:
    """A boolean from the environment: 1/0, true/false, yes/no, on/off (any
    case), empty for the default. Anything else stops the start with an error
    naming the variable: `DJANGO_DEBUG=ture` must not quietly mean False."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    if value.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
        raise ImproperlyConfigured(f"{name}={value!r} is not a boolean")
    return value.lower() in {"1", "true", "yes", "on"}


def read_or_create_key_file(path: Path) -> str:
    """The secret key kept in `path`, created (mode 0600) on first use.

    One machine keeps one key across restarts (sessions and CSRF tokens stay
    valid); several app servers must share DJANGO_SECRET_KEY instead.
    """
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if key:
        return key
    key = secrets.token_urlsafe(50)
    try:
        # O_EXCL: two processes starting at once must not write two keys.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    except OSError as error:
        raise ImproperlyConfigured(
            f"Set DJANGO_SECRET_KEY, or let the portal write {path}: {error}"
        ) from error
    with os.fdopen(descriptor, "w", encoding="ascii") as key_file:
        key_file.write(key + "\n")
    return key


DEBUG = env_flag("DJANGO_DEBUG", False)  # only `make dev` sets it
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or read_or_create_key_file(
    Path(os.environ.get("DJANGO_SECRET_KEY_FILE") or BASE_DIR / ".secret_key")
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "axes",
    "reversion",
    "errors",
]

MIDDLEWARE = [
    # Outermost, so every answer gets CSP and X-Frame-Options: static files
    # (WhiteNoise answers early), the HTTPS redirect and the guards' refusals.
    "errors.content_policy.AdminInlineStylesCSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "errors.web.guards.TrustedProxyMiddleware",  # before anything reads X-Forwarded-*
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "errors.web.guards.RequestLimitsMiddleware",
    "errors.web.cors.ReadOnlyCorsMiddleware",  # before CommonMiddleware: its redirects get CORS too
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sign-ins for one username from one address one at a time, so that
    # axes counts each failure before the next password is checked.
    "errors.web.login_gate.LoginGateMiddleware",
    # Last: turns a login refused by the lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an admin saves; IMMEDIATE transactions
    # and a busy timeout turn write contention into a short wait, not an error.
    # Each thread keeps its connection (as for PostgreSQL): opening one reads
    # the schema, runs the PRAGMAs below and starts with a cold page cache,
    # about a millisecond a request. An outage closes it (errors.failures).
    DATABASES["default"]["CONN_MAX_AGE"] = int(
        os.environ.get("SQLITE_CONN_MAX_AGE", "600")
    )
    # A missing file is an error, never a new empty database: SQLite opens it
    # read-write only ("mode=rw"), unless SQLITE_CREATE=1 says that creating
    # it is the point (`make run`'s first migrate, throw-away test databases).
    SQLITE_PATH = Path(DATABASES["default"]["NAME"])
    if not env_flag("SQLITE_CREATE", False) and SQLITE_PATH.name != ":memory:":
        DATABASES["default"]["NAME"] = f"{SQLITE_PATH.absolute().as_uri()}?mode=rw"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("SQLITE_TIMEOUT", "5")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")
    )

# Security headers. HSTS is only sent over HTTPS (SecurityMiddleware); behind a
# TLS-terminating proxy set DJANGO_BEHIND_PROXY=1 so Django trusts
# X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe over plain HTTP: a redirect would read as "healthy".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a promise to browser vendors that is slow to take back (months
# to leave their lists, for every subdomain too): only on request.
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", False)
# `check --deploy` warns when preload is off; off is the chosen default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env_flag("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The only addresses whose X-Forwarded-* headers (and CLIENT_IP_HEADER) count;
# from any other address they are dropped (errors/web/guards.py). gunicorn reads
# the same variable (gunicorn.conf.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
# Scripts and styles only from our own files: no inline scripts, event
# handlers or styles. The admin's pages add 'unsafe-inline' to style-src for
# Django's own templates (errors/content_policy.py); the public pages do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# The portal speaks English only (no translations, no LocaleMiddleware), so
# the translation machinery is off: it asked which language is active on
# every reverse() and every number a template shows, to the same answer.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Plain static files, served from the finders without collectstatic:
# development and tests.
PLAIN_STATIC = DEBUG or env_flag("DJANGO_PLAIN_STATIC", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if PLAIN_STATIC
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = PLAIN_STATIC
# Plain files are looked up per request, as in development, rather than
# scanned when the middleware starts: the test client starts it once per
# test, and the scan of every admin file was most of a short test's time.
WHITENOISE_AUTOREFRESH = PLAIN_STATIC

# Search: how many ranked matches a query keeps (counts above show as "N+").
SEARCH_MAX_RESULTS = int(os.environ.get("SEARCH_MAX_RESULTS", "500"))
# The vendor page the catalogue is imported from: every entry links to its
# place there. Empty hides the links.
CATALOGUE_SOURCE_URL = os.environ.get(
    "CATALOGUE_SOURCE_URL",
    "https://www.alibabacloud.com/help/en/model-studio/error-code",
)
# A URL long enough for a whole query percent-encoded (3 bytes a byte), no
# longer: beyond it the answer is 414 (errors/web/guards.py). The query's limit is
# declared in errors/limits.py with every other limit.
MAX_URL_BYTES = 3 * limits.MAX_QUERY_BYTES + 1024
# POST /api/v1/search per client address (errors/web/throttle.py): at most this
# many at once, and this many a minute; beyond, 429 with Retry-After.
SEARCH_POST_CONCURRENCY = int(os.environ.get("SEARCH_POST_CONCURRENCY", "2"))
SEARCH_POST_PER_MINUTE = int(os.environ.get("SEARCH_POST_PER_MINUTE", "60"))
# Searches are counted per week, and those without a good match kept,
# redacted, for admins to turn into entries (errors/web/search_log.py);
# SEARCH_LOG=0 turns it off. Kept searches not seen for SEARCH_LOG_DAYS go
# with `manage.py purge_search_log`.
SEARCH_LOG = env_flag("SEARCH_LOG", True)
SEARCH_LOG_DAYS = int(os.environ.get("SEARCH_LOG_DAYS", "90"))
# Searches noted are written together at most this often, per process
# (0: after every answer).
SEARCH_LOG_FLUSH_SECONDS = float(os.environ.get("SEARCH_LOG_FLUSH_SECONDS", "2"))

# Behind a reverse proxy: the header holding the client address (X-Forwarded-For,
# X-Real-IP; its last value is used). Leave empty otherwise: clients can forge it.
# Read only from TRUSTED_PROXIES (errors/web/guards.py).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

# Admin login throttling: django-axes. ADMIN_LOGIN_FAILURE_LIMIT failed logins
# for one username from one client address lock that pair (not the username
# everywhere: a stranger elsewhere cannot lock an admin out) until
# ADMIN_LOGIN_LOCKOUT_MINUTES after the last of them.
ADMIN_LOGIN_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
ADMIN_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("ADMIN_LOGIN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = ADMIN_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=ADMIN_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Counts in the database, so every app server sees the same ones.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The one definition of the client's address (CLIENT_IP_HEADER from trusted
# proxies, else REMOTE_ADDR), shared with the search throttle.
AXES_CLIENT_IP_CALLABLE = "errors.web.guards.client_address"
# A right password clears the pair's failures; attempts while locked are not
# counted, so a lock ends on time even while someone keeps trying.
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"  # answered with 429

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
