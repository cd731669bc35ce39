"""Django settings for aiatlas: defaults -> aiatlas.toml -> AIATLAS_* environment.

See ``aiatlas.config`` for the lookup and ``docs/settings.md`` for every setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from aiatlas.config import ConfigError, load_config

django_stubs_ext.monkeypatch()  # lets admin.ModelAdmin[Model] be written at run time

try:
    CONFIG = load_config()
except ConfigError as exc:  # `aiatlas` prints this one line and exits with status 2
    raise ImproperlyConfigured(str(exc)) from exc

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
DATA_DIR = CONFIG.data_dir
#: the public address of the web app, for absolute links in PDFs, e-mails and the CLI
SITE_URL = CONFIG.site_url
#: administrators and reviewers must sign in with a one-time code as well (TOTP)
AIATLAS_REQUIRE_2FA = CONFIG.require_2fa
# forms posted from the public address pass the CSRF origin check behind a TLS proxy
_site = urlsplit(SITE_URL)
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]
# even the development debug page shows no settings, environment or local variables
DEFAULT_EXCEPTION_REPORTER = "aiatlas.security.SettingsFreeExceptionReporter"

INSTALLED_APPS = [
    "aiatlas.accounts.admin_site.AtlasAdminConfig",  # the admin, for secretariat admins only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # Swagger UI for /api/v1/docs from the package's own static files (no CDN)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "aiatlas.accounts",
    "aiatlas.taxonomy",
    "aiatlas.catalog",
    "aiatlas.classify",
    "aiatlas.search",
    "aiatlas.web",
    "aiatlas.report",
    "aiatlas.survey",
    "aiatlas.submissions",
    "aiatlas.programme",
    "aiatlas.initiatives",
    "aiatlas.governance",
    "aiatlas.ops",
]
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "aiatlas.accounts.lockout.LockoutBackend",  # a growing delay after wrong passwords
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",  # object-level permissions
    "django.contrib.auth.backends.ModelBackend",
]
#: an upload of 2-pagers holds at most this many files (more get a clear refusal; a ZIP
#: counts as one file here, its contents are counted by the parser)
DATA_UPLOAD_MAX_NUMBER_FILES = 200
# django-axes records failed sign-ins (kept a day, cleared by a successful sign-in);
# aiatlas.accounts.lockout turns them into a short, growing delay per account and per
# address, so axes itself never locks
AXES_LOCK_OUT_AT_FAILURE = False
AXES_COOLOFF_TIME = 24  # hours a failure is remembered
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field (it holds the e-mail)
AXES_USERNAME_CALLABLE = "aiatlas.accounts.lockout.normalize_username"
# a successful sign-in clears that account's failures from that address only
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
#: the reverse proxy whose X-Forwarded-For and X-Forwarded-Proto `aiatlas serve` (waitress)
#: believes: the client's address (for the lockout) and https come from it; from any other
#: peer waitress drops those headers
AIATLAS_TRUSTED_PROXY = CONFIG.trusted_proxy

# long work (report builds, batch tagging, e-mail) runs as tasks in the database queue, so
# several web processes and workers on PostgreSQL share one queue; `aiatlas serve` starts
# and supervises a worker, `aiatlas worker` runs more (docs/tasks-and-mail.md)
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: the task backend that delivers the outbox (the test settings deliver immediately)
MAIL_TASK_BACKEND = "default"
#: reviewers get one daily digest of what waits for them instead of one e-mail each time
AIATLAS_REVIEW_DIGEST = CONFIG.review_digest
#: the licence of published editions' data (an SPDX id; see report/opendata.py)
DATA_LICENCE = CONFIG.data_licence
#: who may read /metrics besides loopback (``Authorization: Bearer …``); empty: loopback only
AIATLAS_METRICS_TOKEN = CONFIG.metrics_token

MIDDLEWARE = [
    "aiatlas.ops.middleware.RequestIdMiddleware",  # request id, access line, metrics
    "django.middleware.security.SecurityMiddleware",
    "aiatlas.security.SecurityHeadersMiddleware",  # CSP, Permissions-Policy (static too)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag / If-None-Match -> 304
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "aiatlas.accounts.two_factor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "aiatlas.urls"
WSGI_APPLICATION = "aiatlas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

SQLITE_OPTIONS: dict[str, Any] = {
    # WAL lets readers run beside one writer; IMMEDIATE avoids lock upgrades mid-transaction
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA busy_timeout=20000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_from_url(url: str) -> dict[str, Any]:
    """A Django DATABASES entry for ``url``; SQLite gets WAL, foreign keys, busy timeout."""
    if not url:
        url = f"sqlite:///{DATA_DIR / 'aiatlas.sqlite3'}"
    try:
        db: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"AIATLAS_DATABASE_URL is not a database URL: {exc}") from exc
    engine = db.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        name = str(db.get("NAME", ""))
        if name and name != ":memory:" and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        db["OPTIONS"] = dict(SQLITE_OPTIONS)
        db["CONN_MAX_AGE"] = 0
    elif engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"AIATLAS_DATABASE_URL: unsupported database {engine!r}; use sqlite:// or postgres://"
        )
    return db


DATABASES = {"default": database_from_url(CONFIG.database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = CONFIG.language_code
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("ru", "Русский"),
    ("zh-hans", "中文"),
]
LANGUAGES_BIDI = ["ar"]
TIME_ZONE = CONFIG.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# static files come from the apps' static/ folders (all vendored: no CDN), served by
# WhiteNoise straight from the finders, so no collectstatic step is needed
WHITENOISE_USE_FINDERS = True
# built reports and uploaded files go through the storage API: by default the data
# directory, or a shared volume or an object store (file_storage, docs/operations.md)
STORAGES = {
    "default": {"BACKEND": CONFIG.file_storage, "OPTIONS": CONFIG.file_storage_options},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = DEBUG
# each process's memory, or one Redis for every process (cache_url, docs/operations.md);
# a cache that is down is a miss: nothing needs it to be right
CACHES = CONFIG.caches
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]

# cookies: HttpOnly and SameSite everywhere, Secure (https only) outside development
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # pages send the token in forms; no script reads the cookie
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = CONFIG.is_production
# headers (aiatlas.security adds the Content-Security-Policy and Permissions-Policy)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# https: HSTS on secure responses in production; http requests are redirected to https
SECURE_HSTS_SECONDS = CONFIG.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = CONFIG.hsts_seconds > 0
SECURE_SSL_REDIRECT = CONFIG.ssl_redirect
# the probes and the scraper may reach a process directly over plain http behind the proxy
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
if CONFIG.proxy_ssl_header:  # another WSGI server behind a TLS proxy (X-Forwarded-Proto)
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + CONFIG.proxy_ssl_header.upper().replace("-", "_"),
        "https",
    )
# HSTS preloading is a commitment for the whole domain, for the operator to make
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

# mail: SMTP when AIATLAS_EMAIL_HOST is set; otherwise every message goes to the outbox,
# which admins read in the web app and with `aiatlas outbox`
DEFAULT_FROM_EMAIL = CONFIG.email["default_from_email"]
if CONFIG.email["email_host"]:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG.email["email_host"]
    EMAIL_PORT = int(CONFIG.email["email_port"])
    EMAIL_HOST_USER = CONFIG.email["email_host_user"]
    EMAIL_HOST_PASSWORD = CONFIG.email["email_host_password"]
    EMAIL_USE_TLS = bool(CONFIG.email["email_use_tls"])
else:
    EMAIL_BACKEND = "aiatlas.accounts.mail.OutboxBackend"

# request bodies besides files (Django's default is 2.5 MB); file sizes per kind are checked
# by aiatlas.common.limits before a file is parsed
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# every line written passes the redaction filter (Authorization, cookies, tokens, passwords);
# Django's own loggers write through the same handler instead of their unfiltered defaults
_LOG_HANDLER = {"handlers": ["console"], "level": "INFO", "propagate": False}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "aiatlas.common.logging.RedactSecrets"},
        "request_id": {"()": "aiatlas.common.logging.RequestId"},
    },
    "formatters": {
        "json": {"()": "aiatlas.common.logging.JsonLines"},
        "text": {"()": "aiatlas.common.logging.TextLines"},
    },
    # AIATLAS_LOG_FORMAT: JSON lines in production, readable text in development
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact", "request_id"],
            "formatter": CONFIG.log_format,
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": dict(_LOG_HANDLER, level="WARNING"),
        "django.server": _LOG_HANDLER,
        # one line per request (method, path, status, duration, request id)
        "aiatlas.request": _LOG_HANDLER,
    },
}
