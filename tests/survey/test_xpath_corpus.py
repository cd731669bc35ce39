"""One corpus of expressions (tests/survey/xpath_corpus.json), run by the server's
evaluator (xpath.py + engine.Evaluator) and by the browser's (static/survey/xpath.js under
node): each must give the expected value, so the two agree; any difference fails."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from aiatlas.survey import xpath
from aiatlas.survey.engine import Evaluator
from aiatlas.survey.form import Form
from aiatlas.survey.logic import logic_spec

HERE = Path(__file__).parent
CORPUS = json.loads((HERE / "xpath_corpus.json").read_text(encoding="utf-8"))
NODE = shutil.which("node")


def norm(v: Any) -> Any:
    """A value as JSON, the same way xpath_corpus.js writes the browser's values."""
    if v is None or isinstance(v, bool | str):
        return v
    if isinstance(v, int | float):
        if math.isnan(v):
            return {"nan": True}
        if math.isinf(v):
            return {"inf": 1 if v > 0 else -1}
        return v
    if isinstance(v, dt.datetime):
        return {"datetime": xpath.to_string(v)}
    if isinstance(v, dt.date):
        return {"date": v.isoformat()}
    if isinstance(v, xpath.NodeSet):
        return {"nodeset": [norm(x) for x in v]}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v


def python_value(case: dict[str, Any]) -> Any:
    form = Form(CORPUS["forms"][case["form"]])
    answers = json.loads(json.dumps(CORPUS["answers"][case["form"]]))
    ev = Evaluator(form, answers, dt.date.fromisoformat(CORPUS["today"]), case.get("lang", "en"))
    box: Any = answers
    scope = []
    for rep, i in case.get("scope", []):
        box = box[rep][i]
        scope.append((rep, i, box))
    try:
        tree = xpath.parse(case["expr"], allow_columns="row" in case)
    except xpath.XPathError:
        return {"error": True}
    return norm(
        xpath.evaluate(tree, ev.context(tuple(scope), case.get("current"), case.get("row")))
    )


def _id(case: dict[str, Any]) -> str:
    return case["expr"] + (f" @{case['scope']}" if case.get("scope") else "")


def test_corpus_is_broad() -> None:
    exprs = " ".join(c["expr"] for c in CORPUS["cases"])
    assert len(CORPUS["cases"]) >= 80
    for needle in (
        "selected(",
        "count-selected(",
        "indexed-repeat(",
        "jr:choice-name(",
        "if(",
        "coalesce(",
        "regex(",
        "position(",
        "format-date(",
        "div",
        "mod",
    ):
        assert needle in exprs, needle


@pytest.mark.parametrize("case", CORPUS["cases"], ids=_id)
def test_python_evaluator_gives_the_expected_value(case: dict[str, Any]) -> None:
    assert python_value(case) == case["expected"]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_browser_evaluator_gives_the_same_values(tmp_path: Path) -> None:
    today = dt.date.fromisoformat(CORPUS["today"])
    specs = {
        name: {lang: logic_spec(Form(spec), lang, today) for lang in ("en", "fr")}
        for name, spec in CORPUS["forms"].items()
    }
    bundle = tmp_path / "bundle.json"
    bundle.write_text(
        json.dumps({"specs": specs, **{k: CORPUS[k] for k in ("answers", "today", "cases")}}),
        encoding="utf-8",
    )
    run = subprocess.run(
        [str(NODE), str(HERE / "xpath_corpus.js"), str(bundle)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    got = json.loads(run.stdout)
    diffs = [
        f"{_id(case)}: browser {value!r}, expected {case['expected']!r}"
        for case, value in zip(CORPUS["cases"], got, strict=True)
        if value != case["expected"]
    ]
    assert not diffs, "\n".join(diffs)
