"""`aiatlas sdg eval`: bootstrap interval, cross-goal false positives, per-language scores,
and the optional ``also``/``lang`` columns."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from aiatlas.classify.evaluate import (
    BadDataset,
    Row,
    bootstrap_mean_accuracy,
    cross_goal_false_positives,
    evaluate,
    read_rows,
)

Cli = Callable[..., tuple[int, str, str]]


def _decisions(*goals: int) -> list[bool]:
    return [g in goals for g in range(1, 18)]


def test_read_rows_also_lang_group_columns(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "id,text,sdg,label,also,lang,group\n"
        '1,Solar power for clinics,7,True,"3 7",en,c1\n'
        "2,Kits solaires,7,True,,fr,\n",
        encoding="utf-8",
    )
    rows = read_rows(path)
    assert rows[0] == Row("1", "Solar power for clinics", 7, True, (3,), "en", "c1")
    assert rows[1].also == () and rows[1].lang == "fr"


@pytest.mark.parametrize("also", ["18", "three", "3;4"])
def test_read_rows_bad_also_names_row_and_column(tmp_path: Path, also: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(f"id,text,sdg,label,also\n1,water,6,True,{also}\n", encoding="utf-8")
    with pytest.raises(BadDataset, match="line 2, column also"):
        read_rows(path)


def test_cross_goal_false_positives_ignores_also_goals() -> None:
    rows = [
        Row("1", "solar clinics", 7, True, (3,)),
        Row("2", "solar clinics", 3, True, (7,)),
        Row("3", "ocean plastics", 14, True),
        Row("4", "a recipe app", 2, False),
    ]
    decisions = [_decisions(3, 7), _decisions(3, 7), _decisions(14, 12), _decisions(2)]
    out = cross_goal_false_positives(rows, decisions)
    # texts: "solar clinics" (goals 3, 7: no wrong goal), "ocean plastics" (12 is wrong);
    # the negative text does not count
    assert out["texts"] == 2
    assert out["per_goal"][11] == 0.5  # goal 12: 1 of the 2 other-goal texts called yes
    assert out["per_goal"][2] == 0.0  # goal 3: "ocean plastics" is not called 3
    assert out["wrong_goals_per_text"] == 0.5
    assert out["mean"] == pytest.approx(0.5 / 17)


def test_bootstrap_interval_contains_mean_and_is_deterministic() -> None:
    rows = [Row(str(i), f"t{i}", 1 + i % 2, i % 3 == 0) for i in range(60)]
    preds = [i % 4 == 0 for i in range(60)]
    low, high = bootstrap_mean_accuracy(rows, preds)
    assert bootstrap_mean_accuracy(rows, preds) == (low, high)
    hits = {1: [], 2: []}
    for r, p in zip(rows, preds, strict=True):
        hits[r.sdg].append(r.label == p)
    mean = sum(sum(h) / len(h) for h in hits.values()) / 2
    assert low <= mean <= high and high - low < 0.4


def test_evaluate_with_predictor_reports_languages(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "id,text,sdg,label,lang\n"
        "1,Eau potable,6,True,fr\n"
        "2,Clean water,6,True,en\n"
        "3,A recipe app,2,False,en\n",
        encoding="utf-8",
    )

    def predict(rows: list[Row]) -> list[list[bool]]:
        return [_decisions(6) if r.lang == "en" else _decisions() for r in rows]

    out = evaluate(path, predict)
    assert out["per_language"]["en"]["accuracy"] == 1.0
    assert out["per_language"]["fr"] == {
        "n": 1,
        "accuracy": 0.0,
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
    }
    low, high = out["mean_accuracy_ci95"]
    assert 0.0 <= low <= high <= 1.0
    assert out["cross_goal_fp"]["texts"] == 2


def test_sdg_eval_prints_interval_cross_goal_and_languages(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "id,text,sdg,label\n"
        "1,Machine learning forecasts drinking water quality and finds leaks in pipes,6,True\n"
        "2,Une application de recettes pour les pâtissiers amateurs,2,False\n",
        encoding="utf-8",
    )
    code, out, _ = cli("sdg", "eval", str(path))
    assert code == 0
    assert "bootstrap 95% interval" in out and "Cross-goal false positives" in out
    assert "per language" in out and "fr" in out
    code, out, _ = cli("sdg", "eval", str(path), "--json")
    data = json.loads(out)
    assert set(data) >= {"mean_accuracy_ci95", "cross_goal_fp", "per_language"}
    assert data["per_language"]["fr"]["n"] == 1
