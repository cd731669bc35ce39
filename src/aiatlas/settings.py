"""Django settings for aiatlas: defaults -> aiatlas.toml -> AIATLAS_* environment.

See ``aiatlas.config`` for the lookup and ``docs/settings.md`` for every setting.
"""

from __future__ import annotations

from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from aiatlas.config import ConfigError, load_config

django_stubs_ext.monkeypatch()  # lets admin.ModelAdmin[Model] be written at run time

try:
    CONFIG = load_config()
except ConfigError as exc:  # Django prints ImproperlyConfigured clearly and exits
    raise ImproperlyConfigured(str(exc)) from exc

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
DATA_DIR = CONFIG.data_dir

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "aiatlas.taxonomy",
    "aiatlas.catalog",
    "aiatlas.classify",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            from pathlib import Path

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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not CONFIG.is_development
CSRF_COOKIE_SECURE = not CONFIG.is_development
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
