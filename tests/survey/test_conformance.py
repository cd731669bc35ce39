"""Conformance: every form of the corpus either runs (loads, renders each page in each
language, settles and validates empty answers) or is refused naming its one unsupported
feature. The counts are printed for the closing note (``pytest -s``)."""

from __future__ import annotations

import pytest

from aiatlas.survey import engine
from aiatlas.survey.form import Form
from aiatlas.survey.render import page_widgets
from aiatlas.survey.xlsform import FormRefused, read_xlsform
from tests.survey.corpus import CASES, Case, build


def run_case(case: Case) -> str:
    data = build(case)
    try:
        spec, _warnings = read_xlsform(data, media=case.media)
    except FormRefused as exc:
        return "refused: " + " | ".join(str(e) for e in exc.errors)
    form = Form(spec)
    answers = engine.settle(form, {})
    for lang in form.languages:
        for page in form.pages:
            page_widgets(form, page, answers, lang)
    engine.validate_all(form, answers, form.default_language)
    return "run"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_form_runs_or_is_refused_for_its_feature(case: Case) -> None:
    outcome = run_case(case)
    if case.refused:
        assert outcome.startswith("refused") and case.refused in outcome, outcome
        assert outcome.count(" | ") == 0, outcome  # one feature, one located message
        assert ", row " in outcome, outcome
    else:
        assert outcome == "run", outcome


def test_corpus_counts() -> None:
    outcomes = [run_case(c) for c in CASES]
    ran = sum(o == "run" for o in outcomes)
    print(f"\nconformance corpus: {len(CASES)} forms, {ran} run, {len(CASES) - ran} refused")
    assert len(CASES) >= 25 and ran == sum(not c.refused for c in CASES)
