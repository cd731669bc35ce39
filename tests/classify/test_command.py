"""aiatlas sdg classify / eval."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]

CSV = (
    "id,text,sdg,label\n"
    "1,AI screening of ultrasound scans to reduce maternal mortality in rural clinics,3,True\n"
    "2,AI screening of ultrasound scans to reduce maternal mortality in rural clinics,14,False\n"
    "3,Machine learning forecasts drinking water quality and sanitation needs,6,True\n"
)


def test_sdg_classify_prints_table(cli: Cli) -> None:
    code, out, _ = cli(
        "sdg",
        "classify",
        "Machine learning forecasts drinking water quality and finds leaks in water supply pipes",
    )
    assert code == 0 and "SDGs addressed: 6" in out


def test_sdg_classify_json(cli: Cli) -> None:
    code, out, _ = cli(
        "sdg", "classify", "Solar mini-grids bring electricity to villages", "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["supported"] and len(data["goals"]) == 17
    assert data["goals"][6]["decision"]


@pytest.mark.parametrize("text", ["   ", "Ένα σύστημα τεχνητής νοημοσύνης για την υγεία"])
def test_sdg_classify_bad_text_exits_1(cli: Cli, text: str) -> None:
    code, _, err = cli("sdg", "classify", text)
    assert code == 1 and "cannot classify" in err


def test_sdg_eval_table_and_json(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "eval.csv"
    path.write_text(CSV, encoding="utf-8")
    code, out, _ = cli("sdg", "eval", str(path))
    assert code == 0 and "mean" in out and "accuracy" in out
    code, out, _ = cli("sdg", "eval", str(path), "--json")
    data = json.loads(out)
    assert data["rows"] == 3 and data["metrics"][-1]["sdg"] == 0
    assert data["metrics"][-1]["accuracy"] == 1.0


def test_sdg_eval_bad_csv_exits_1_naming_row(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,text,sdg,label\n1,water,18,True\n", encoding="utf-8")
    code, _, err = cli("sdg", "eval", str(path))
    assert code == 1 and "line 2, column sdg" in err


@pytest.mark.parametrize("args", [("sdg",), ("sdg", "frobnicate"), ("sdg", "eval")])
def test_sdg_usage_errors_exit_2(cli: Cli, args: tuple[str, ...]) -> None:
    code, _, _ = cli(*args)
    assert code == 2
