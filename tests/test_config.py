"""Settings: defaults -> aiatlas.toml -> AIATLAS_* environment.

Production refuses the default secret."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from aiatlas.config import DEFAULT_SECRET_KEY, ConfigError, load_config


def test_defaults_are_development_with_sqlite_under_data_dir(tmp_path):
    config = load_config(environ={}, cwd=tmp_path)
    assert config.env == "development" and config.debug is True
    assert config.data_dir == tmp_path / "var"
    assert config.database_url == ""
    assert config.sources["secret_key"] == "default"


def test_toml_overrides_defaults_and_environment_overrides_toml(tmp_path):
    (tmp_path / "aiatlas.toml").write_text(
        'data_dir = "/srv/atlas"\n'
        'database_url = "sqlite:////srv/a.db"\n'
        'time_zone = "Europe/Zurich"\n'
    )
    config = load_config(environ={"AIATLAS_DATABASE_URL": "postgres://db/atlas"}, cwd=tmp_path)
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


def test_production_refuses_the_default_or_a_short_secret(tmp_path):
    with pytest.raises(ConfigError, match="built-in development key"):
        load_config(environ={"AIATLAS_ENV": "production"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_config(
            environ={"AIATLAS_ENV": "production", "AIATLAS_SECRET_KEY": "short"}, cwd=tmp_path
        )
    config = load_config(
        environ={"AIATLAS_ENV": "production", "AIATLAS_SECRET_KEY": "s" * 50}, cwd=tmp_path
    )
    assert config.debug is False and config.secret_key != DEFAULT_SECRET_KEY


def test_bad_values_are_named(tmp_path):
    with pytest.raises(ConfigError, match="AIATLAS_ENV must be"):
        load_config(environ={"AIATLAS_ENV": "staging"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="AIATLAS_DEBUG must be true or false"):
        load_config(environ={"AIATLAS_DEBUG": "perhaps"}, cwd=tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(environ={"AIATLAS_CONFIG": str(tmp_path / "missing.toml")}, cwd=tmp_path)


def test_the_command_refuses_to_start_in_production_with_the_default_secret(tmp_path):
    env = {**os.environ, "AIATLAS_ENV": "production", "AIATLAS_DATA_DIR": str(tmp_path)}
    env.pop("AIATLAS_SECRET_KEY", None)
    proc = subprocess.run(
        [sys.executable, "-m", "aiatlas", "check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "built-in development key" in proc.stderr


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
