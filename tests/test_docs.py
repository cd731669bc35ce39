"""Docs and code agree: the CLI reference is generated from the real command tree, every
setting is documented and used, and every column of the file schema is described."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import pytest

from aiatlas import clidocs
from aiatlas.catalog.io.schema import COLUMNS
from aiatlas.config import DEFAULTS, Config

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "aiatlas"
#: AIATLAS_* names that are not settings of DEFAULTS, and why
OTHER_VARIABLES = {
    "AIATLAS_CONFIG": "the path of aiatlas.toml (read before the settings)",
    "AIATLAS_TEST_DATABASE_URL": "the test suite's PostgreSQL server",
    "AIATLAS_BENCH_POSTGRES_URL": "the benchmarks' PostgreSQL server",
}


def _sections(text: str) -> dict[str, str]:
    """Heading (``aiatlas report build``) -> its generated block."""
    generated = text[text.index(clidocs.MARKER) :]
    parts = re.split(r"^#{2,3} (aiatlas[^\n]*)\n", generated, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_cli_reference_is_current():
    text = (DOCS / "cli.md").read_text("utf-8")
    python = "{}.{}".format(*sys.version_info[:2])
    if clidocs.python_of(text) != python:  # the next test still checks every option
        pytest.skip(f"docs/cli.md was formatted by Python {clidocs.python_of(text)}'s argparse")
    assert text == clidocs.document(text), (
        "docs/cli.md is stale: run python -m aiatlas.clidocs --write"
    )


def test_cli_reference_documents_every_command_subcommand_and_option():
    sections = _sections((DOCS / "cli.md").read_text("utf-8"))
    missing = []
    for prog, _app, parser in clidocs.command_parsers():
        if prog not in sections:
            missing.append(prog)
            continue
        missing += [f"{prog} {o}" for o in clidocs.options_of(parser) if o not in sections[prog]]
    assert not missing, f"undocumented in docs/cli.md: {missing}"


def test_cli_reference_includes_subcommand_options():
    sections = _sections((DOCS / "cli.md").read_text("utf-8"))
    assert "--edition YEAR" in sections["aiatlas report build"]
    assert "--edition" in sections["aiatlas sdg tag"]
    assert "--settings" not in sections["aiatlas report"]  # Django's options are said once


def test_cli_commands_are_discovered_from_every_app():
    """Every command module of an aiatlas app is in the registry the generator reads, so a
    command cannot be left out of the reference silently."""
    on_disk = {
        path.stem
        for path in SRC.glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    }
    assert {name for name, _app in clidocs.own_commands()} == on_disk


def test_cli_reference_keeps_the_hand_written_head():
    head = clidocs.head_of((DOCS / "cli.md").read_text("utf-8"))
    assert "## Exit codes" in head and "python -m aiatlas.clidocs --write" in head


def test_clidocs_check_stale_file_exit_1(tmp_path, capsys):
    page = tmp_path / "cli.md"
    page.write_text(f"# Hand-written\n\n{clidocs.MARKER}\n\n## aiatlas gone\n", "utf-8")
    assert clidocs.main(["--check", str(page)]) == 1
    assert "is stale" in capsys.readouterr().err


def test_clidocs_write_keeps_head_and_regenerates(tmp_path):
    page = tmp_path / "cli.md"
    stale = "stale-generated-text-xyz"
    page.write_text(f"# Hand-written\n\nExit codes.\n\n{clidocs.MARKER}\n\n{stale}\n", "utf-8")
    assert clidocs.main(["--write", str(page)]) == 0
    text = page.read_text("utf-8")
    assert text.startswith("# Hand-written\n\nExit codes.\n\n")
    assert "stale-generated-text-xyz" not in text.split(clidocs.MARKER)[1]
    assert "## aiatlas report\n" in text
    assert clidocs.main(["--check", str(page)]) == 0


def test_clidocs_write_without_marker_exit_1(tmp_path, capsys):
    page = tmp_path / "cli.md"
    page.write_text("# no marker\n", "utf-8")
    assert clidocs.main(["--write", str(page)]) == 1
    assert "marker line is missing" in capsys.readouterr().err
    assert page.read_text("utf-8") == "# no marker\n"


def test_every_setting_is_documented():
    text = (DOCS / "settings.md").read_text("utf-8")
    for name in DEFAULTS:
        assert f"`{name}`" in text and f"`AIATLAS_{name.upper()}`" in text, name


def _setting_reads() -> str:
    """Source outside config.py, where the settings are loaded."""
    return "\n".join(
        path.read_text("utf-8")
        for path in SRC.rglob("*.py")
        if path.name != "config.py" and "migrations" not in path.parts
    )


def test_every_setting_is_used():
    """Each setting reaches the code: read from the Config (``CONFIG.site_url``,
    ``CONFIG.email["email_port"]``) or through a Config property that reads it."""
    source = _setting_reads()
    properties = {
        name: inspect.getsource(member.fget)
        for name, member in vars(Config).items()
        if isinstance(member, property) and member.fget is not None
    }
    unused = []
    for name in DEFAULTS:
        readers = [name] + [p for p, code in properties.items() if f"self.{name}" in code]
        if not any(
            re.search(rf"CONFIG\.{reader}\b|CONFIG\.email\[[\"']{reader}[\"']\]", source)
            for reader in readers
        ):
            unused.append(name)
    assert not unused, f"settings that nothing reads: {unused}"


@pytest.mark.parametrize("folder", ["src", "docs", "README.md"])
def test_every_aiatlas_variable_is_a_setting(folder):
    """An ``AIATLAS_*`` name in the code or the docs is a setting of DEFAULTS (or one of
    the few listed variables), so nothing reads or documents a variable that does nothing."""
    known = {f"AIATLAS_{name.upper()}" for name in DEFAULTS} | set(OTHER_VARIABLES)
    root = ROOT / folder
    paths = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
    unknown = set()
    for path in paths:
        if path.suffix in {".py", ".md", ".html", ".toml", ".txt"}:
            unknown |= set(re.findall(r"AIATLAS_[A-Z0-9_]*[A-Z0-9]", path.read_text("utf-8")))
    assert unknown <= known, f"not settings: {sorted(unknown - known)}"


def test_every_column_is_documented():
    text = (DOCS / "data-format.md").read_text("utf-8")
    for column in COLUMNS:
        assert f"| `{column}` |" in text, column
