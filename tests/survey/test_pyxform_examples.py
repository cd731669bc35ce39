"""Conformance on pyxform's own example forms (fixtures/pyxform_examples, BSD licence):
every form pyxform accepts is run by aiatlas (loaded, each page rendered in each language,
empty answers settled and validated) or refused with located messages that name what is
not supported. The counts are the closing note's figures (``pytest -s``)."""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import pytest

from aiatlas.survey import engine
from aiatlas.survey.form import Form
from aiatlas.survey.render import page_widgets
from aiatlas.survey.xlsform import FormRefused, read_xlsform

FORMS = sorted((Path(__file__).parent / "fixtures" / "pyxform_examples").glob("*.xls*"))
#: the forms pyxform itself refuses (``include`` sections, conflicting headers): not ours
PYXFORM_REFUSES = {
    "include.xls", "include.xlsx", "include_json.xls", "include_json.xlsx",
    "unknown_question_type.xls",
}  # fmt: skip
#: the least number of pyxform-valid forms aiatlas must run (25 of 39 at v4.5.0)
AT_LEAST_RUN = 25


def outcome(path: Path) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl: "Unknown extension is not supported"
        try:
            spec, _warnings = read_xlsform(path.read_bytes())
        except FormRefused as exc:
            return "refused: " + " | ".join(str(e) for e in exc.errors)
    form = Form(spec)
    answers = engine.settle(form, {})
    for lang in form.languages:
        for page in form.pages:
            page_widgets(form, page, answers, lang)
    engine.validate_all(form, answers, form.default_language)
    return "run"


def test_the_corpus_is_there():
    assert len(FORMS) == 44 and (FORMS[0].parent / "LICENSE").is_file()


@pytest.mark.parametrize(
    "path", [p for p in FORMS if p.name not in PYXFORM_REFUSES], ids=lambda p: p.name
)
def test_pyxform_example_runs_or_is_refused_by_name_and_place(path: Path) -> None:
    result = outcome(path)
    if result != "run":
        for message in result.removeprefix("refused: ").split(" | "):
            assert ("sheet" in message or "workbook" in message) and (
                "not supported" in message or "allowed" in message or "column" in message
            ), message


def test_most_pyxform_examples_run() -> None:
    counts = Counter(
        "run" if outcome(p) == "run" else "refused" for p in FORMS if p.name not in PYXFORM_REFUSES
    )
    print(f"\npyxform example forms: {dict(counts)} of {sum(counts.values())} pyxform accepts")
    assert counts["run"] >= AT_LEAST_RUN, counts
