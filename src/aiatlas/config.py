"""Configuration: built-in defaults, then ``aiatlas.toml``, then ``AIATLAS_*`` variables.

The TOML file is looked up at ``$AIATLAS_CONFIG`` or ``./aiatlas.toml``. Its keys are the
lower-case setting names (``database_url = "postgres://..."``); an environment variable
``AIATLAS_<NAME>`` wins over the file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

#: every setting with its default; docs/settings.md documents each one
DEFAULTS: dict[str, Any] = {
    "env": "development",
    "debug": None,
    "secret_key": DEFAULT_SECRET_KEY,
    "data_dir": "var",
    "database_url": "",
    "allowed_hosts": ["127.0.0.1", "localhost", "[::1]"],
    "time_zone": "UTC",
    "language_code": "en",
    "site_url": "http://127.0.0.1:8000",
    "email_host": "",
    "email_port": 587,
    "email_host_user": "",
    "email_host_password": "",
    "email_use_tls": True,
    "default_from_email": "aiatlas <no-reply@localhost>",
    "review_digest": False,
}


class ConfigError(Exception):
    """The configuration cannot be used; the message says which setting is wrong."""


@dataclass(frozen=True)
class Config:
    env: str
    debug: bool
    secret_key: str
    data_dir: Path
    database_url: str
    allowed_hosts: list[str]
    time_zone: str
    language_code: str
    site_url: str
    email: dict[str, Any]
    review_digest: bool = False
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def is_development(self) -> bool:
        return self.env in {"development", "test"}


def _parse_env_value(name: str, raw: str, default: Any) -> Any:
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if name == "debug" or isinstance(default, bool):
        low = raw.strip().lower()
        if low in {"1", "true", "yes", "on"}:
            return True
        if low in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"AIATLAS_{name.upper()} must be true or false, not {raw!r}")
    if isinstance(default, int):
        if not raw.strip().isdigit():
            raise ConfigError(f"AIATLAS_{name.upper()} must be a whole number, not {raw!r}")
        return int(raw)
    return raw


def load_config(environ: dict[str, str] | None = None, cwd: Path | None = None) -> Config:
    env = dict(os.environ if environ is None else environ)
    base = cwd or Path.cwd()
    values: dict[str, Any] = dict(DEFAULTS)
    sources = dict.fromkeys(DEFAULTS, "default")

    toml_path = Path(env["AIATLAS_CONFIG"]) if env.get("AIATLAS_CONFIG") else base / "aiatlas.toml"
    if env.get("AIATLAS_CONFIG") and not toml_path.is_file():
        raise ConfigError(f"AIATLAS_CONFIG points to {toml_path}, which does not exist")
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{toml_path}: not valid TOML ({exc})") from exc
        for key, value in data.items():
            if key not in DEFAULTS:
                raise ConfigError(
                    f"{toml_path}: unknown setting {key!r}; known: {', '.join(sorted(DEFAULTS))}"
                )
            values[key] = value
            sources[key] = str(toml_path)

    for key, default in DEFAULTS.items():
        var = f"AIATLAS_{key.upper()}"
        if var in env:
            values[key] = _parse_env_value(key, env[var], default)
            sources[key] = var

    if values["env"] not in {"development", "test", "production"}:
        raise ConfigError(
            f"AIATLAS_ENV must be development, test or production, not {values['env']!r}"
        )
    data_dir = Path(str(values["data_dir"])).expanduser()
    if not data_dir.is_absolute():
        data_dir = base / data_dir
    debug = values["debug"]
    if debug is None:
        debug = values["env"] == "development"
    config = Config(
        env=str(values["env"]),
        debug=bool(debug),
        secret_key=str(values["secret_key"]),
        data_dir=data_dir,
        database_url=str(values["database_url"]),
        allowed_hosts=list(values["allowed_hosts"]),
        time_zone=str(values["time_zone"]),
        language_code=str(values["language_code"]),
        site_url=str(values["site_url"]).rstrip("/"),
        email={
            k: values[k] for k in DEFAULTS if k.startswith("email_") or k == "default_from_email"
        },
        review_digest=bool(values["review_digest"]),
        sources=sources,
    )
    if not config.is_development and config.secret_key == DEFAULT_SECRET_KEY:
        raise ConfigError(
            "AIATLAS_SECRET_KEY is the built-in development key; set a long random secret "
            "before running with AIATLAS_ENV=production"
        )
    if not config.is_development and len(config.secret_key) < 32:
        raise ConfigError("AIATLAS_SECRET_KEY must be at least 32 characters in production")
    return config


# --- typed reads of aiatlas's own settings for the rest of the code -----------------------
# Django's settings object holds them (so tests can override them); these functions are the
# one place outside the settings modules that reads them.


def _setting(name: str, default: Any) -> Any:
    from django.conf import settings

    return getattr(settings, name, default)


def site_url() -> str:
    """The public address of the web app, without a trailing slash."""
    return str(_setting("SITE_URL", "") or "").rstrip("/")


def data_dir() -> Path:
    """Where aiatlas keeps its database, reports and uploads."""
    return Path(str(_setting("DATA_DIR", "var")))


def review_digest() -> bool:
    """Reviewers get one daily digest instead of a message per submission."""
    return bool(_setting("AIATLAS_REVIEW_DIGEST", False))


def mail_task_backend() -> str:
    """The task backend that delivers the outbox ("immediate" in the test settings)."""
    return str(_setting("MAIL_TASK_BACKEND", "default"))
