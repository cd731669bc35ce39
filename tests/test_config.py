"""Settings: defaults -> aiatlas.toml -> AIATLAS_* environment.

Production refuses the default secret."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from aiatlas.config import DEFAULT_SECRET_KEY, ConfigError, load_config

PROD = {"AIATLAS_ENV": "production", "AIATLAS_SITE_URL": "https://atlas.example.org"}


def test_defaults_are_production_and_refuse_a_missing_site_url(tmp_path):
    with pytest.raises(ConfigError, match="AIATLAS_SITE_URL is not set"):
        load_config(environ={}, cwd=tmp_path)
    config = load_config(environ={"AIATLAS_SITE_URL": "https://atlas.example.org"}, cwd=tmp_path)
    assert config.env == "production" and config.debug is False
    assert config.allowed_hosts == ["atlas.example.org"]
    assert config.hsts_seconds == 31536000 and config.ssl_redirect is True


def test_development_is_explicit_with_sqlite_under_data_dir(tmp_path):
    config = load_config(environ={"AIATLAS_ENV": "development"}, cwd=tmp_path)
    assert config.env == "development" and config.debug is True
    assert config.data_dir == tmp_path / "var"
    assert config.database_url == ""
    assert config.site_url == "http://127.0.0.1:8000"
    assert "localhost" in config.allowed_hosts and config.hsts_seconds == 0
    assert config.ssl_redirect is False


def test_secret_key_is_generated_once_with_mode_0600_and_reused(tmp_path):
    first = load_config(environ=PROD, cwd=tmp_path)
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(first.secret_key) >= 50 and first.secret_key in key_file.read_text()
    again = load_config(environ={**PROD, "AIATLAS_ENV": "development"}, cwd=tmp_path)
    assert again.secret_key == first.secret_key
    assert first.sources["secret_key"] == "default"
    assert first.secret_key not in repr(first)  # never printed


def test_secret_key_file_readable_by_others_is_refused(tmp_path):
    load_config(environ=PROD, cwd=tmp_path)
    key_file = tmp_path / "var" / "secret_key"
    key_file.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_config(environ=PROD, cwd=tmp_path)


def test_debug_in_production_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="debug is on in production"):
        load_config(environ={**PROD, "AIATLAS_DEBUG": "true"}, cwd=tmp_path)
    (tmp_path / "aiatlas.toml").write_text("debug = true\n")
    with pytest.raises(ConfigError, match="debug is on in production"):
        load_config(environ=PROD, cwd=tmp_path)
    config = load_config(environ={**PROD, "AIATLAS_ENV": "development"}, cwd=tmp_path)
    assert config.debug is True


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"AIATLAS_SITE_URL": "http://atlas.example.org"}, "must start with https://"),
        ({"AIATLAS_SITE_URL": "atlas.example.org"}, "must be an http(s) address"),
        ({"AIATLAS_SITE_URL": "https://a.example.org/?x=1"}, "query or fragment"),
        ({"AIATLAS_ALLOWED_HOSTS": "*"}, "not '*'"),
        ({"AIATLAS_PROXY_SSL_HEADER": "X-Proto: https"}, "header name"),
        ({"AIATLAS_HSTS_SECONDS": "a year"}, "whole number"),
        ({"AIATLAS_TRUSTED_PROXY": "proxy.local"}, "the proxy's IP address"),
    ],
)
def test_insecure_or_malformed_production_settings_are_refused(tmp_path, extra, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(environ={**PROD, **extra}, cwd=tmp_path)


def test_toml_values_of_the_wrong_type_are_named(tmp_path):
    (tmp_path / "aiatlas.toml").write_text('require_2fa = "yes"\n')
    with pytest.raises(ConfigError, match="require_2fa has the wrong type"):
        load_config(environ=PROD, cwd=tmp_path)


def test_toml_overrides_defaults_and_environment_overrides_toml(tmp_path):
    (tmp_path / "aiatlas.toml").write_text(
        'data_dir = "/srv/atlas"\n'
        'database_url = "sqlite:////srv/a.db"\n'
        'time_zone = "Europe/Zurich"\n'
    )
    config = load_config(
        environ={"AIATLAS_ENV": "test", "AIATLAS_DATABASE_URL": "postgres://db/atlas"}, cwd=tmp_path
    )
    assert str(config.data_dir) == "/srv/atlas"
    assert config.time_zone == "Europe/Zurich"
    assert config.database_url == "postgres://db/atlas"
    assert config.sources["database_url"] == "AIATLAS_DATABASE_URL"
    assert config.sources["time_zone"].endswith("aiatlas.toml")


def test_unknown_toml_key_and_bad_toml_are_named(tmp_path):
    (tmp_path / "aiatlas.toml").write_text('databse_url = "x"\n')
    with pytest.raises(ConfigError, match="unknown setting 'databse_url'"):
        load_config(environ={}, cwd=tmp_path)
    (tmp_path / "aiatlas.toml").write_text("this is = = not toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(environ={}, cwd=tmp_path)


def test_file_storage_defaults_to_the_data_directory_and_takes_an_object_store(tmp_path):
    test = {"AIATLAS_ENV": "test"}
    config = load_config(environ=test, cwd=tmp_path)
    assert config.file_storage == "aiatlas.common.files.DataDirStorage"
    assert config.file_storage_options == {}
    (tmp_path / "aiatlas.toml").write_text(
        'file_storage = "storages.backends.s3.S3Storage"\n'
        '[file_storage_options]\nbucket_name = "atlas-files"\nquerystring_auth = false\n'
    )
    config = load_config(environ=test, cwd=tmp_path)
    assert config.file_storage == "storages.backends.s3.S3Storage"
    assert config.file_storage_options == {"bucket_name": "atlas-files", "querystring_auth": False}
    options = load_config(
        environ={**test, "AIATLAS_FILE_STORAGE_OPTIONS": '{"bucket_name": "b2"}'}, cwd=tmp_path
    ).file_storage_options
    assert options == {"bucket_name": "b2"}
    assert "atlas-files" not in repr(config)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("AIATLAS_FILE_STORAGE", "s3", "dotted path of a Django storage class"),
        ("AIATLAS_FILE_STORAGE", "storages.backends.s3 S3Storage", "not 'storages.backends.s3 S3"),
        ("AIATLAS_FILE_STORAGE_OPTIONS", "bucket=files", "must be a JSON object"),
        ("AIATLAS_FILE_STORAGE_OPTIONS", '["files"]', "must be a JSON object"),
        ("AIATLAS_FILE_STORAGE_OPTIONS", '{"bucket name": "x"}', "option names must be plain"),
    ],
)
def test_bad_file_storage_settings_are_named(tmp_path, variable, value, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(environ={"AIATLAS_ENV": "test", variable: value}, cwd=tmp_path)
    (tmp_path / "aiatlas.toml").write_text('file_storage_options = "bucket=files"\n')
    with pytest.raises(ConfigError, match="file_storage_options has the wrong type"):
        load_config(environ={"AIATLAS_ENV": "test"}, cwd=tmp_path)


def test_production_refuses_the_test_key_or_a_short_secret(tmp_path):
    with pytest.raises(ConfigError, match="built-in test key"):
        load_config(environ={**PROD, "AIATLAS_SECRET_KEY": DEFAULT_SECRET_KEY}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="at least 50 characters"):
        load_config(environ={**PROD, "AIATLAS_SECRET_KEY": "short"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="at least 50 characters"):
        load_config(environ={**PROD, "AIATLAS_SECRET_KEY": "s" * 60}, cwd=tmp_path)
    config = load_config(
        environ={**PROD, "AIATLAS_SECRET_KEY": "0123456789abcdef" * 4}, cwd=tmp_path
    )
    assert config.debug is False and config.secret_key != DEFAULT_SECRET_KEY


def test_bad_values_are_named(tmp_path):
    with pytest.raises(ConfigError, match="AIATLAS_ENV must be"):
        load_config(environ={"AIATLAS_ENV": "staging"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="AIATLAS_DEBUG must be true or false"):
        load_config(environ={"AIATLAS_DEBUG": "perhaps"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(environ={"AIATLAS_CONFIG": str(tmp_path / "missing.toml")}, cwd=tmp_path)


def _aiatlas(tmp_path, env, *args):
    return subprocess.run(
        [sys.executable, "-m", "aiatlas", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _clean_env(tmp_path, **extra):
    # the suite's DJANGO_SETTINGS_MODULE (settings_test) would switch to the test env
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AIATLAS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    return {**env, "AIATLAS_DATA_DIR": str(tmp_path / "var"), **extra}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "AIATLAS_SITE_URL is not set"),
        ({**PROD, "AIATLAS_DEBUG": "true"}, "debug is on in production"),
        ({**PROD, "AIATLAS_SECRET_KEY": DEFAULT_SECRET_KEY}, "built-in test key"),
    ],
)
def test_the_command_refuses_an_insecure_start_with_one_line(tmp_path, extra, message):
    proc = _aiatlas(tmp_path, _clean_env(tmp_path, **extra), "serve")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("aiatlas: configuration error: ") and message in proc.stderr


def test_check_deploy_reports_nothing_in_production(tmp_path):
    env = _clean_env(tmp_path, **PROD)
    proc = _aiatlas(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING")
    assert proc.returncode == 0, proc.stderr
    assert "System check identified no issues" in proc.stdout
    assert "WARNING" not in proc.stderr + proc.stdout


def test_settings_in_production_are_secure(tmp_path):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS,"
        "s.SECURE_SSL_REDIRECT, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS]))"
    )
    env = _clean_env(tmp_path, **PROD, DJANGO_SETTINGS_MODULE="aiatlas.settings")
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [
        False, True, True, True, True, "Lax", 31536000, True,
        ["atlas.example.org"], ["https://atlas.example.org"],
    ]  # fmt: skip


def test_demo_and_dev_flag_run_in_development(tmp_path):
    code = "from aiatlas.__main__ import main; main(['--dev', 'diffsettings'])"
    env = _clean_env(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "DEBUG = True" in proc.stdout
    code = (
        "import os; from aiatlas.__main__ import main\n"
        "try:\n    main(['demo', '--help'])\nexcept SystemExit:\n    pass\n"
        "print('env=' + os.environ['AIATLAS_ENV'])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("env=development")


def test_unsupported_database_url_is_refused(tmp_path):
    env = {**os.environ, "AIATLAS_DATABASE_URL": "mysql://x/y", "AIATLAS_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "aiatlas", "check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0 and "unsupported database" in proc.stderr


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='aiatlas.settings';"
        "django.setup(); from django.db import connection;"
        "c=connection.cursor(); print([c.execute(f'PRAGMA {p}').fetchone()[0] "
        "for p in ('journal_mode','foreign_keys','busy_timeout')])"
    )
    env = {**os.environ, "AIATLAS_DATA_DIR": str(tmp_path), "AIATLAS_DATABASE_URL": ""}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert out.strip() == "['wal', 1, 20000]"


def test_debug_page_shows_no_settings_environment_or_variables(rf, settings):
    import secrets
    import sys as _sys

    from django.views.debug import technical_500_response

    # random values, so that the page's source excerpts cannot contain them
    smtp, db, env, local, cookie = (secrets.token_hex(8) for _ in range(5))
    settings.DEBUG = True
    settings.EMAIL_HOST_PASSWORD = smtp
    settings.AIATLAS_PRIVATE = f"postgres://atlas:{db}@db/atlas"
    request = rf.get("/en/boom/", HTTP_COOKIE=f"sessionid={cookie}")
    request.META["AIATLAS_DATABASE_URL"] = f"postgres://atlas:{env}@db/atlas"
    secret_in_a_frame = local  # noqa: F841 - Django's own page would show it
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = technical_500_response(request, *_sys.exc_info())
    page = response.content.decode()
    assert response.status_code == 500 and "RuntimeError" in page and "boom" in page
    for leak in (smtp, db, env, local, cookie):
        assert leak not in page


def test_cache_is_each_process_memory_unless_a_redis_url_is_set(tmp_path):
    config = load_config(environ={"AIATLAS_ENV": "test"}, cwd=tmp_path)
    assert config.caches["default"]["BACKEND"].endswith("LocMemCache")
    secret = "s3cret-in-the-url"
    url = f"redis://:{secret}@cache.internal:6380/2"
    shared = load_config(environ={"AIATLAS_ENV": "test", "AIATLAS_CACHE_URL": url}, cwd=tmp_path)
    default = shared.caches["default"]
    assert default["BACKEND"] == "django_redis.cache.RedisCache"
    assert default["LOCATION"] == url
    # a Redis that is down or slow is a cache miss, never an error or a long wait
    assert default["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert default["OPTIONS"]["SOCKET_TIMEOUT"] <= 0.5
    assert secret not in repr(shared)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("memcached://127.0.0.1:11211", "must be empty (each process's memory) or a Redis URL"),
        ("redis://", "or a Redis URL such as redis://127.0.0.1:6379/0"),
        ("127.0.0.1:6379", "not '127.0.0.1:6379'"),
        ("redis://cache:port/0", "port that is not a number"),
    ],
)
def test_bad_cache_urls_are_named(tmp_path, value, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(environ={"AIATLAS_ENV": "test", "AIATLAS_CACHE_URL": value}, cwd=tmp_path)


def test_a_bad_cache_url_never_shows_its_password(tmp_path):
    with pytest.raises(ConfigError) as refused:
        load_config(
            environ={"AIATLAS_ENV": "test", "AIATLAS_CACHE_URL": "http://:hunter22@cache:6379"},
            cwd=tmp_path,
        )
    assert "hunter22" not in str(refused.value)
