"""Backup and restore of a whole installation: the database and the data directory's files
(reports, uploads, the generated secret key …) in one ``.tar.gz`` archive with a manifest.

- SQLite is copied with its online backup API (``sqlite3.Connection.backup``), page by
  page, while the app keeps running: readers and writers wait a moment at most.
- PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with ``pg_restore``
  (the PostgreSQL client tools must be installed; the commands say so when they are not).

A restore refuses a database that already holds data unless ``force`` is given, and a
file that is not an aiatlas backup; afterwards it applies this version's migrations and
rebuilds the search index, so an older backup restores into a newer aiatlas.

The archive holds every account's password hash and API token digests: keep it as
private as the database (it is written with mode 0600)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connections

from aiatlas import config
from aiatlas.ops.exceptions import BackupError, DatabaseNotEmpty, NotABackup, ToolMissing

FORMAT = "aiatlas-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES = "files/"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: tables that a freshly migrated database already fills (reference data, derived data):
#: rows in them do not make a database "non-empty"
_REFERENCE = {
    "auth.permission",
    "contenttypes.contenttype",
    "sessions.session",
    "catalog.region",
    "catalog.country",
    "catalog.technology",
}
_REFERENCE_APPS = {"taxonomy", "search", "axes", "django_tasks_db", "django_tasks"}
#: what the data directory holds that is not backed up as a file
_SKIPPED_DIRS = {"static", "tmp", "cache"}


@dataclass
class BackupResult:
    path: Path
    database: str
    files: int
    size: int
    tables: dict[str, int] = field(default_factory=dict)


@dataclass
class RestoreResult:
    database: str
    files: int
    indexed: int
    created_at: str
    tables: dict[str, int] = field(default_factory=dict)


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def table_counts(using: str = "default") -> dict[str, int]:
    """Rows per model of the aiatlas apps (the manifest's record of what was saved)."""
    counts = {}
    for model in apps.get_models():
        if model.__module__.startswith("aiatlas."):
            counts[model._meta.label_lower] = model._default_manager.using(using).count()
    return dict(sorted(counts.items()))


def holds_data(using: str = "default") -> list[str]:
    """The tables with rows beyond what a fresh ``migrate`` loads (empty: none)."""
    found = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in _REFERENCE or model._meta.app_label in _REFERENCE_APPS:
            continue
        if model._meta.managed and model._default_manager.using(using).exists():
            found.append(label)
    return sorted(found)


def _migrations(using: str) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _data_files(skip: set[Path]) -> Iterator[tuple[Path, str]]:
    """(path, name inside the data directory) of each file to back up."""
    root = config.data_dir()
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in _SKIPPED_DIRS or not path.is_file() or path.is_symlink():
            continue
        if path.resolve() in skip:
            continue
        yield path, relative.as_posix()


def _sqlite_files(using: str) -> set[Path]:
    name = str(connections[using].settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return set()
    base = Path(name).resolve()
    return {base, *(base.with_name(base.name + s) for s in ("-wal", "-shm", "-journal"))}


def _pg_env(using: str) -> tuple[dict[str, str], str]:
    conf = connections[using].settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if conf.get(key):
            env[var] = str(conf[key])
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return env, str(conf["NAME"])


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ToolMissing(
            f"{name} is not installed: backups of a PostgreSQL database need the PostgreSQL "
            "client tools (Debian/Ubuntu: apt install postgresql-client), of the server's "
            "major version or newer"
        )
    return found


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        raise BackupError(f"{what} failed: {lines[-1] if lines else f'exit {proc.returncode}'}")


def _dump_database(using: str, vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        connection = connections[using]
        connection.ensure_connection()
        source = connection.connection
        destination = sqlite3.connect(target)
        try:
            source.backup(destination, pages=4096)  # a short lock per step; the app runs on
        finally:
            destination.close()
        return
    env, name = _pg_env(using)
    _run(
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
            name,
        ],
        env,
        "pg_dump",
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(*, path: Path, using: str = "default") -> BackupResult:
    """Write the database and the data files to ``path`` (a .tar.gz archive)."""
    from aiatlas import __version__

    vendor = _vendor(using)
    path = path.expanduser()
    if not path.parent.is_dir():
        raise BackupError(f"{path}: the folder {path.parent} does not exist")
    with tempfile.TemporaryDirectory(prefix="aiatlas-backup-") as tmp:
        database = Path(tmp) / DATABASE_MEMBER[vendor]
        _dump_database(using, vendor, database)
        skip = _sqlite_files(using) | {path.resolve()}
        files = list(_data_files(skip))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "aiatlas_version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": vendor,
                "member": DATABASE_MEMBER[vendor],
                "sha256": _sha256(database),
            },
            "migrations": _migrations(using),
            "tables": table_counts(using),
            "files": [
                {"name": name, "size": file.stat().st_size, "sha256": _sha256(file)}
                for file, name in files
            ],
        }
        partial = path.with_name(path.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(datetime.now().timestamp()), 0o600
                archive.addfile(info, io.BytesIO(data))
                archive.add(database, arcname=DATABASE_MEMBER[vendor], recursive=False)
                for file, name in files:
                    archive.add(file, arcname=FILES + name, recursive=False)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(
        path=path,
        database=vendor,
        files=len(files),
        size=path.stat().st_size,
        tables=manifest["tables"],  # type: ignore[arg-type]
    )


def read_manifest(path: Path) -> dict[str, Any]:
    """The archive's manifest, after checking that it is an aiatlas backup."""
    if not path.is_file():
        raise NotABackup(f"{path}: no such file")
    try:
        with tarfile.open(path, "r:*") as archive:
            member = archive.getmember(MANIFEST)
            handle = archive.extractfile(member)
            manifest = json.loads(handle.read(1 << 24)) if handle else None
    except KeyError:
        raise NotABackup(f"{path.name} is not an aiatlas backup: it has no {MANIFEST}") from None
    except (tarfile.TarError, OSError, EOFError, ValueError):
        raise NotABackup(
            f"{path.name} is not an aiatlas backup (not a readable .tar.gz archive)"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise NotABackup(f"{path.name} is not an aiatlas backup: its manifest is not one")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise NotABackup(
            f"{path.name} is an aiatlas backup of format {manifest.get('format_version')!r}; "
            f"this aiatlas reads format {FORMAT_VERSION}"
        )
    return manifest


def _newer_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations the backup has that this aiatlas does not know (a newer version)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    known_apps = {app for app, _name in known}
    unknown = []
    for app, names in (manifest.get("migrations") or {}).items():
        if app in known_apps:  # an app this version no longer has is ignored
            unknown += [f"{app}.{n}" for n in names if (app, n) not in known]
    return unknown


def _safe_members(archive: tarfile.TarFile, names: set[str]) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        name = member.name
        parts = Path(name).parts
        if name.startswith("/") or ".." in parts or not (member.isfile() or member.isdir()):
            raise NotABackup(f"the backup holds an unsafe entry {name!r}; refused")
        if name in names or name.startswith(FILES):
            members.append(member)
    return members


def _load_database(using: str, vendor: str, dump: Path) -> None:
    connection = connections[using]
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
        return
    connection.close()
    env, name = _pg_env(using)
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--dbname",
            name,
            str(dump),
        ],
        env,
        "pg_restore",
    )


def restore(*, path: Path, force: bool = False, using: str = "default") -> RestoreResult:
    """Replace the database (and the data files the backup holds) with the backup's."""
    from django.core.management import call_command

    from aiatlas.search.services import rebuild_index

    path = path.expanduser()
    manifest = read_manifest(path)
    vendor = _vendor(using)
    saved = manifest["database"]["vendor"]
    if saved != vendor:
        raise BackupError(
            f"{path.name} holds a {saved} database and the configured database is {vendor}; "
            "restore it into the same kind of database (to move between them, restore "
            "and then use aiatlas export / import)"
        )
    newer = _newer_migrations(manifest)
    if newer:
        raise BackupError(
            f"{path.name} comes from a newer aiatlas (migrations {', '.join(newer[:5])} are "
            "unknown here); upgrade aiatlas first"
        )
    if not force:
        tables = holds_data(using)
        if tables:
            raise DatabaseNotEmpty(
                f"the database already holds data ({', '.join(tables[:5])}"
                + (" …" if len(tables) > 5 else "")
                + "); restore into an empty database, or pass --force to replace it"
            )
    member = manifest["database"]["member"]
    root = config.data_dir()
    with (
        tempfile.TemporaryDirectory(prefix="aiatlas-restore-") as tmp,
        tarfile.open(path, "r:*") as archive,
    ):
        members = _safe_members(archive, {member})
        archive.extractall(tmp, members=members, filter="data")
        dump = Path(tmp) / member
        if not dump.is_file() or _sha256(dump) != manifest["database"].get("sha256"):
            raise NotABackup(f"{path.name} is damaged: its database does not match the manifest")
        _load_database(using, vendor, dump)
        restored = 0
        extracted = Path(tmp) / FILES
        for item in manifest.get("files") or []:
            source = extracted / item["name"]
            if not source.is_file():
                continue
            target = root / item["name"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            restored += 1
    call_command("migrate", database=using, interactive=False, verbosity=0)
    indexed = rebuild_index()
    return RestoreResult(
        database=vendor,
        files=restored,
        indexed=indexed,
        created_at=str(manifest.get("created_at", "")),
        tables=table_counts(using),
    )
