"""Docs and code agree: the CLI reference is generated from the commands, every setting
is documented, and every column of the file schema is described."""

from __future__ import annotations

import os
from pathlib import Path

from aiatlas.catalog.io.schema import COLUMNS
from aiatlas.config import DEFAULTS

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_cli_reference_is_current():
    os.environ.setdefault("COLUMNS", "90")
    from aiatlas.clidocs import render

    expected = render()
    assert (DOCS / "cli.md").read_text("utf-8") == expected, (
        "docs/cli.md is stale: run COLUMNS=90 python -m aiatlas.clidocs > docs/cli.md"
    )


def test_every_setting_is_documented():
    text = (DOCS / "settings.md").read_text("utf-8")
    for name in DEFAULTS:
        assert f"`{name}`" in text and f"`AIATLAS_{name.upper()}`" in text, name


def test_every_column_is_documented():
    text = (DOCS / "data-format.md").read_text("utf-8")
    for column in COLUMNS:
        assert f"| `{column}` |" in text, column
