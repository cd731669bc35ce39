"""Configuration: built-in defaults, then ``aiatlas.toml``, then ``AIATLAS_*`` variables.

The TOML file is looked up at ``$AIATLAS_CONFIG`` or ``./aiatlas.toml``. Its keys are the
lower-case setting names (``database_url = "postgres://..."``); an environment variable
``AIATLAS_<NAME>`` wins over the file.

Production is the default. Development (``AIATLAS_ENV=development``, set by ``aiatlas
demo``, ``aiatlas --dev …`` and ``dev.py demo``) and test are asked for explicitly. Any
insecure combination raises :class:`ConfigError` with one line naming the setting; the
``aiatlas`` command prints that line and exits with status 2.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import secrets
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: the signing key of the test suite only (``AIATLAS_ENV=test``); refused everywhere else
DEFAULT_SECRET_KEY = "insecure-test-key-do-not-use-outside-the-test-suite"  # noqa: S105
#: the file in the data directory that holds the generated secret key
SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name)
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ENVIRONMENTS = ("production", "development", "test")

#: every setting with its default; docs/settings.md documents each one
DEFAULTS: dict[str, Any] = {
    "env": "production",
    "debug": None,
    "secret_key": "",
    "data_dir": "var",
    "database_url": "",
    "allowed_hosts": [],
    "time_zone": "UTC",
    "language_code": "en",
    "site_url": "",
    "hsts_seconds": 31536000,
    "ssl_redirect": None,
    "proxy_ssl_header": "",
    "trusted_proxy": "",
    "require_2fa": False,
    "email_host": "",
    "email_port": 587,
    "email_host_user": "",
    "email_host_password": "",
    "email_use_tls": True,
    "default_from_email": "aiatlas <no-reply@localhost>",
    "review_digest": False,
    "data_licence": "CC-BY-4.0",
    "log_format": "",
    "metrics_token": "",
    "file_storage": "",
    "file_storage_options": {},
    "cache_url": "",
}
_BOOLEANS = {"debug", "ssl_redirect"}


class ConfigError(Exception):
    """The configuration cannot be used; the message (one line) says which setting."""


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
    hsts_seconds: int
    ssl_redirect: bool
    proxy_ssl_header: str
    trusted_proxy: str
    require_2fa: bool
    review_digest: bool
    data_licence: str
    log_format: str
    metrics_token: str = field(repr=False)
    #: Django's STORAGES["default"]: the backend's dotted path and its options (which may
    #: hold keys)
    file_storage: str
    file_storage_options: dict[str, Any] = field(repr=False)
    #: empty, or the shared cache's Redis URL (it may hold a password)
    cache_url: str = field(repr=False)
    email: dict[str, Any] = field(repr=False)
    sources: dict[str, str] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:  # never print the secret key or the database password
        return f"Config(env={self.env!r}, debug={self.debug!r}, site_url={self.site_url!r})"

    @property
    def is_development(self) -> bool:
        """Development or test: plain http, the loopback hosts, no Secure cookies."""
        return self.env in {"development", "test"}

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def caches(self) -> dict[str, Any]:
        """Django's CACHES, from ``cache_url``."""
        return caches_for(self.cache_url)


def _parse_env_value(name: str, raw: str, default: Any) -> Any:
    if isinstance(default, dict):
        try:
            value = json.loads(raw) if raw.strip() else {}
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise ConfigError(f"AIATLAS_{name.upper()} must be a JSON object, not {raw!r}")
        return value
    if isinstance(default, list):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if name in _BOOLEANS or isinstance(default, bool):
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


def _check_type(name: str, value: Any, where: str) -> Any:
    default = DEFAULTS[name]
    if value is None and default is None:
        return value
    if name in _BOOLEANS or isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, dict):
        ok = isinstance(value, dict)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif isinstance(default, list):
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ConfigError(f"{where}: {name} has the wrong type ({type(value).__name__})")
    return value


def _read_toml(path: Path, values: dict[str, Any], sources: dict[str, str]) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})".replace("\n", " ")) from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from exc
    for key, value in data.items():
        if key not in DEFAULTS:
            raise ConfigError(
                f"{path}: unknown setting {key!r}; known: {', '.join(sorted(DEFAULTS))}"
            )
        values[key] = _check_type(key, value, str(path))
        sources[key] = str(path)


def load_secret_key(data_dir: Path) -> str:
    """The key in ``data_dir/secret_key``; generated there (mode 0600) on first use.

    Several processes may start at once: the key is written to a private temporary file
    and linked into place, so every process reads the same complete key."""
    path = data_dir / SECRET_KEY_FILE
    if not path.exists():
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=data_dir, prefix=".secret_key.")  # mode 0600
            try:
                with os.fdopen(fd, "w", encoding="ascii") as handle:
                    handle.write(secrets.token_urlsafe(64) + "\n")
                with contextlib.suppress(FileExistsError):  # another process was first
                    os.link(tmp, path)
            finally:
                os.unlink(tmp)
        except OSError as exc:
            raise ConfigError(
                f"cannot create the secret key file {path} ({exc.strerror}); "
                "set AIATLAS_SECRET_KEY or make AIATLAS_DATA_DIR writable"
            ) from exc
    try:
        mode = path.stat().st_mode
        key = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the secret key file {path} ({exc})") from exc
    if os.name == "posix" and mode & 0o077:
        raise ConfigError(
            f"the secret key file {path} can be read by other users; run chmod 600 {path}"
        )
    return key


def _check_secret_key(key: str, source: str) -> None:
    if key == DEFAULT_SECRET_KEY:
        raise ConfigError(
            f"{source} is the built-in test key; set a long random secret "
            "(or leave it unset to generate one in the data directory)"
        )
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        raise ConfigError(
            f"{source} must be a random secret of at least 50 characters "
            '(python -c "import secrets; print(secrets.token_urlsafe(64))")'
        )


def _site_url(raw: str, env: str) -> str:
    url = raw.strip().rstrip("/")
    if not url:
        if env == "production":
            raise ConfigError(
                "AIATLAS_SITE_URL is not set: in production give the public address of "
                "the site (https://atlas.example.org), used for links in e-mails and PDFs"
            )
        return DEVELOPMENT_SITE_URL
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(f"AIATLAS_SITE_URL must be an http(s) address, not {raw!r}")
    if parts.query or parts.fragment:
        raise ConfigError(f"AIATLAS_SITE_URL must not have a query or fragment: {raw!r}")
    if env == "production" and parts.scheme != "https":
        raise ConfigError(
            f"AIATLAS_SITE_URL must start with https:// in production (cookies are "
            f"Secure-only), not {url!r}"
        )
    return url


DATA_DIR_STORAGE = "aiatlas.common.files.DataDirStorage"


def _file_storage(values: dict[str, Any]) -> str:
    backend = str(values["file_storage"]).strip() or DATA_DIR_STORAGE
    if "." not in backend or not all(part.isidentifier() for part in backend.split(".")):
        raise ConfigError(
            f"AIATLAS_FILE_STORAGE must be the dotted path of a Django storage class such as "
            f"storages.backends.s3.S3Storage, not {backend!r}"
        )
    return backend


def _file_storage_options(values: dict[str, Any]) -> dict[str, Any]:
    options = dict(values["file_storage_options"])
    if any(not isinstance(key, str) or not key.isidentifier() for key in options):
        raise ConfigError("file_storage_options: the option names must be plain names")
    return options


#: how long the web app waits for an optional Redis cache before it carries on without it
CACHE_TIMEOUT_SECONDS = 0.25


def caches_for(url: str) -> dict[str, Any]:
    """Django's CACHES from a ``cache_url``: empty, each process's own memory; ``redis://`` or
    ``rediss://``, one Redis shared by every process (django-redis). Nothing aiatlas keeps
    in a cache is needed for a right answer (every key holds the version of what it was
    made from), so a Redis that is down or slow is a cache miss, never an error."""
    url = url.strip()
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        shown = parts._replace(netloc=parts.hostname or "").geturl() if parts.password else url
        raise ConfigError(
            f"AIATLAS_CACHE_URL must be empty (each process's memory) or a Redis URL such as "
            f"redis://127.0.0.1:6379/0, not {shown!r}"
        )
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        raise ConfigError("AIATLAS_CACHE_URL has a port that is not a number") from None
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "aiatlas",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": CACHE_TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": CACHE_TIMEOUT_SECONDS,
            },
        }
    }


def _cache_url(values: dict[str, Any]) -> str:
    url = str(values["cache_url"]).strip()
    caches_for(url)  # refuses a bad one now, at start-up, naming the setting
    return url


def load_config(environ: dict[str, str] | None = None, cwd: Path | None = None) -> Config:
    env = dict(os.environ if environ is None else environ)
    base = cwd or Path.cwd()
    values: dict[str, Any] = dict(DEFAULTS)
    sources = dict.fromkeys(DEFAULTS, "default")

    toml_path = Path(env["AIATLAS_CONFIG"]) if env.get("AIATLAS_CONFIG") else base / "aiatlas.toml"
    if env.get("AIATLAS_CONFIG") and not toml_path.is_file():
        raise ConfigError(f"AIATLAS_CONFIG points to {toml_path}, which does not exist")
    if toml_path.is_file():
        _read_toml(toml_path, values, sources)

    for key, default in DEFAULTS.items():
        var = f"AIATLAS_{key.upper()}"
        if var in env:
            values[key] = _parse_env_value(key, env[var], default)
            sources[key] = var

    mode = str(values["env"])
    if mode not in ENVIRONMENTS:
        raise ConfigError(
            f"AIATLAS_ENV must be production, development or test, not {values['env']!r}"
        )
    production = mode == "production"
    data_dir = Path(str(values["data_dir"])).expanduser()
    if not data_dir.is_absolute():
        data_dir = base / data_dir

    debug = values["debug"]
    if debug is None:
        debug = mode == "development"
    if debug and production:
        raise ConfigError(
            f"debug is on in production ({sources['debug']}); debug pages are for "
            "AIATLAS_ENV=development only: unset AIATLAS_DEBUG"
        )

    secret_key = str(values["secret_key"])
    if secret_key:
        _check_secret_key(secret_key, sources["secret_key"])
    elif mode == "test":
        secret_key = DEFAULT_SECRET_KEY
    else:
        secret_key = load_secret_key(data_dir)
        _check_secret_key(secret_key, str(data_dir / SECRET_KEY_FILE))

    site_url = _site_url(str(values["site_url"]), mode)
    hosts = list(values["allowed_hosts"])
    if not hosts:
        site_host = urlsplit(site_url).hostname or ""
        hosts = [site_host] if production else sorted({*LOOPBACK_HOSTS, site_host})
    if production and "*" in hosts:
        raise ConfigError(
            "AIATLAS_ALLOWED_HOSTS must name the site's host names in production, not '*'"
        )

    proxy_header = str(values["proxy_ssl_header"]).strip()
    if proxy_header and not all(c.isalnum() or c == "-" for c in proxy_header):
        raise ConfigError(
            f"AIATLAS_PROXY_SSL_HEADER must be a header name such as X-Forwarded-Proto, "
            f"not {proxy_header!r}"
        )
    trusted_proxy = str(values["trusted_proxy"]).strip()
    if trusted_proxy and trusted_proxy != "*":
        try:
            ipaddress.ip_address(trusted_proxy)
        except ValueError:
            raise ConfigError(
                f"AIATLAS_TRUSTED_PROXY must be the proxy's IP address (or *), "
                f"not {trusted_proxy!r}"
            ) from None
    log_format = str(values["log_format"]).strip().lower() or ("json" if production else "text")
    if log_format not in {"json", "text"}:
        raise ConfigError(f"AIATLAS_LOG_FORMAT must be json or text, not {values['log_format']!r}")
    ssl_redirect = values["ssl_redirect"]
    if ssl_redirect is None:
        ssl_redirect = production

    return Config(
        env=mode,
        debug=bool(debug),
        secret_key=secret_key,
        data_dir=data_dir,
        database_url=str(values["database_url"]),
        allowed_hosts=hosts,
        time_zone=str(values["time_zone"]),
        language_code=str(values["language_code"]),
        site_url=site_url,
        hsts_seconds=int(values["hsts_seconds"]) if production else 0,
        ssl_redirect=bool(ssl_redirect),
        proxy_ssl_header=proxy_header,
        trusted_proxy=trusted_proxy,
        require_2fa=bool(values["require_2fa"]),
        email={
            k: values[k] for k in DEFAULTS if k.startswith("email_") or k == "default_from_email"
        },
        review_digest=bool(values["review_digest"]),
        data_licence=str(values["data_licence"]),
        log_format=log_format,
        metrics_token=str(values["metrics_token"]),
        file_storage=_file_storage(values),
        file_storage_options=_file_storage_options(values),
        cache_url=_cache_url(values),
        sources=sources,
    )


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


def require_two_factor() -> bool:
    """Administrators and reviewers must sign in with a one-time code too."""
    return bool(_setting("AIATLAS_REQUIRE_2FA", False))


def trusted_proxy() -> str:
    """The address of the reverse proxy whose X-Forwarded-For/-Proto ``aiatlas serve``
    believes ("" for none, "*" for any peer)."""
    return str(_setting("AIATLAS_TRUSTED_PROXY", "") or "")


def data_licence() -> str:
    """The SPDX id of the licence published editions are released under."""
    return str(_setting("DATA_LICENCE", "") or "")


def metrics_token() -> str:
    """The bearer token that opens ``/metrics`` from other addresses than loopback."""
    return str(_setting("AIATLAS_METRICS_TOKEN", "") or "")
