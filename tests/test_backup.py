"""aiatlas backup / restore: a round trip into an empty database gives the same export
and a working search; a restore refuses a database with data (unless --force) and files
that are not backups. Runs on SQLite and, with AIATLAS_TEST_DATABASE_URL, PostgreSQL."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command

from aiatlas.catalog.models import Activity
from aiatlas.catalog.services.importing import import_activities
from aiatlas.ops.exceptions import DatabaseNotEmpty, NotABackup
from aiatlas.ops.services import backup, holds_data, read_manifest, restore
from aiatlas.search.params import SearchParams
from aiatlas.search.queries import search
from tests.conftest import make_record, write_jsonl

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    (settings.DATA_DIR / "reports" / "2025").mkdir(parents=True)
    (settings.DATA_DIR / "reports" / "2025" / "report.pdf").write_bytes(b"%PDF-1.7 report")
    (settings.DATA_DIR / "static").mkdir()
    (settings.DATA_DIR / "static" / "app.css").write_text("/* collected, not backed up */")
    return settings.DATA_DIR


@pytest.fixture
def atlas(tmp_path):
    from tests.conftest import release_editions

    release_editions(2024)  # public, so that search finds the activities
    records = [
        make_record(id=f"B-{i}", title=f"Flood early warning {i}", countries=["KEN"])
        for i in range(5)
    ] + [make_record(id="B-9", title="Malaria mapping", sdg_goals=[{"code": "3"}])]
    import_activities(path=write_jsonl(tmp_path / "a.jsonl", records))


def _export(tmp_path: Path) -> str:
    out = tmp_path / "export.jsonl"
    call_command("export", "--format", "jsonl", "--out", str(out), stderr=io.StringIO())
    return out.read_text("utf-8")


def _empty_the_database() -> None:
    call_command("flush", interactive=False, verbosity=0)  # then reference data is reloaded
    assert holds_data() == []


def test_backup_then_restore_into_an_empty_database_round_trips(data_dir, atlas, tmp_path):
    before = _export(tmp_path)
    archive = tmp_path / "atlas.tar.gz"
    result = backup(path=archive)
    assert result.tables["catalog.activity"] == 6 and result.files == 1
    assert archive.stat().st_mode & 0o777 == 0o600
    manifest = read_manifest(archive)
    assert [f["name"] for f in manifest["files"]] == ["reports/2025/report.pdf"]
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and not any("static" in n for n in names)

    _empty_the_database()
    (data_dir / "reports" / "2025" / "report.pdf").unlink()
    assert Activity.objects.count() == 0

    restored = restore(path=archive)
    assert restored.indexed == 6 and restored.files == 1
    assert _export(tmp_path) == before
    assert (data_dir / "reports" / "2025" / "report.pdf").read_bytes() == b"%PDF-1.7 report"
    hits = search(SearchParams(q="flood"), with_facets=False)
    assert hits.total == 5
    assert {h.public_id for h in hits.hits} == {f"B-{i}" for i in range(5)}


def test_restore_refuses_a_database_with_data_unless_forced(data_dir, atlas, tmp_path):
    archive = tmp_path / "atlas.tar.gz"
    backup(path=archive)
    before = _export(tmp_path)
    Activity.objects.filter(public_id="B-9").delete()
    with pytest.raises(DatabaseNotEmpty, match=r"already holds data.*--force"):
        restore(path=archive)
    assert Activity.objects.count() == 5  # nothing was touched
    restore(path=archive, force=True)
    assert _export(tmp_path) == before


def _tar(tmp_path: Path, members: dict[str, bytes]) -> Path:
    path = tmp_path / "fake.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.tar.gz", "no such file"),
        (lambda p: _write(p / "notes.txt", b"hello"), "not a readable .tar.gz"),
        (lambda p: _write(p / "cut.tar.gz", b"\x1f\x8b\x08\x00broken"), "not a readable"),
        (lambda p: _tar(p, {"other.txt": b"x"}), "has no manifest.json"),
        (lambda p: _tar(p, {"manifest.json": b"[1, 2]"}), "its manifest is not one"),
        (lambda p: _tar(p, {"manifest.json": b"{not json"}), "not a readable"),
        (
            lambda p: _tar(
                p,
                {
                    "manifest.json": json.dumps(
                        {"format": "aiatlas-backup", "format_version": 9}
                    ).encode()
                },
            ),
            "format 9",
        ),
    ],
)
def test_restore_refuses_what_is_not_a_backup(data_dir, tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(NotABackup, match=message):
        restore(path=path)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_restore_refuses_unsafe_entries_and_damaged_databases(data_dir, atlas, tmp_path):
    archive = tmp_path / "atlas.tar.gz"
    backup(path=archive)
    manifest = read_manifest(archive)
    evil = _tar(tmp_path, {"manifest.json": json.dumps(manifest).encode(), "../evil": b"x"})
    _empty_the_database()
    with pytest.raises(NotABackup, match="unsafe entry"):
        restore(path=evil)
    member = manifest["database"]["member"]
    damaged = _tar(tmp_path, {"manifest.json": json.dumps(manifest).encode(), member: b"junk"})
    with pytest.raises(NotABackup, match="damaged"):
        restore(path=damaged)
    assert not (tmp_path / "evil").exists()


def test_commands_say_what_is_wrong_in_one_line(cli, data_dir, atlas, tmp_path):
    code, _, err = cli("backup", str(tmp_path / "no" / "such" / "b.tar.gz"))
    assert code == 1 and "does not exist" in err
    archive = tmp_path / "b.tar.gz"
    code, _, err = cli("backup", str(archive))
    assert code == 0 and "6 activities" in err
    code, _, err = cli("restore", str(archive))
    assert code == 1 and "--force" in err
    code, _, err = cli("restore", str(tmp_path / "nothing.tar.gz"))
    assert code == 1 and "no such file" in err
    code, _, err = cli("restore", str(archive), "--force")
    assert code == 0 and "6 indexed for search" in err
