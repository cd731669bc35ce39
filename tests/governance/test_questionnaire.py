# ruff: noqa: E501  (the cases read best one per line)
"""The questionnaire as versioned data: the shipped file is valid, a bad file is refused
with every problem named, depth follows the triage, risk follows the stated rule."""

from __future__ import annotations

import pytest
import yaml

from aiatlas.governance import questionnaire
from aiatlas.governance.reference import reference


def test_reference_holds_the_ten_principles_and_three_focus_areas():
    ref = reference()
    assert [p.number for p in ref.principles] == list(range(1, 11))
    assert ref.principles[0].name == "Do no harm"
    assert ref.principles[9].name == "Inclusion and participation"
    assert len(ref.focus_areas) == 3


def test_shipped_questionnaire_has_a_section_per_principle_and_every_kind():
    q = questionnaire.current()
    assert q.version in questionnaire.versions()
    assert [s.principle for s in q.sections] == reference().codes("principles")
    kinds = {x.kind for x in q.questions}
    assert kinds == questionnaire.KINDS
    assert {x.id for x in q.scoping} >= {"scope.purpose", "scope.sourcing", "scope.stage"}
    # every principle question is tied to its principle
    assert all(x.principle == s.principle for s in q.sections for x in s.questions)


def _base() -> dict:
    path = questionnaire.DATA / "questionnaires" / f"{questionnaire.versions()[-1]}.yaml"
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.pop("version"), "version is required"),
        (lambda d: d.update(format="other/1"), "format must be"),
        (lambda d: d["sections"][0].update(principle="kindness"), "not 'kindness'"),
        (lambda d: d["sections"][0]["questions"][0].update(kind="slider"), "(harm.assessed): kind must be"),
        (lambda d: d["sections"][0]["questions"][0].update(risk={"maybe": 1}), "answers the question does not have: maybe"),
        (lambda d: d["sections"][0].update(levels={"medium": 3, "high": 1}), "(do_no_harm): levels"),
        (lambda d: d["sections"][1]["questions"][0].update(id="harm.assessed"), "used twice"),
        (lambda d: d["sections"].append(dict(d["sections"][0], questions=[])), "has two sections"),
        (lambda d: d["scoping"][4].update(options=[]), "(scope.sourcing): options"),
    ],
)  # fmt: skip
def test_a_bad_questionnaire_is_refused_naming_the_problem(change, named):
    data = _base()
    change(data)
    with pytest.raises(questionnaire.QuestionnaireError) as exc:
        questionnaire.parse(yaml.safe_dump(data), "x.yaml")
    assert any(named in p for p in exc.value.problems), exc.value.problems


def test_not_yaml_is_named():
    with pytest.raises(questionnaire.QuestionnaireError, match="not YAML"):
        questionnaire.parse("a: [unclosed", "x.yaml")


def test_json_is_read_too():
    import json

    q = questionnaire.parse(json.dumps(_base()), "x.json")
    assert q.version == questionnaire.current().version


def test_triage_decides_the_depth():
    q = questionnaire.current()
    short = {"triage.decisions": "no", "triage.personal": "no", "triage.public": "no"}
    full = dict(short, **{"triage.decisions": "yes"})
    assert q.depth(short) == "short" and q.depth(full) == "full"
    harm = q.sections[0]
    assert [x.id for x in q.asked(harm, short)] == [x.id for x in harm.questions if x.core]
    assert len(q.asked(harm, full)) == len(harm.questions)


def test_risk_follows_the_rule_shown():
    q = questionnaire.current()
    answers = {"triage.decisions": "yes", "harm.assessed": "no", "harm.severity": 4}
    harm = q.risks(answers)[0]
    assert (harm.points, harm.level) == (3, "medium")  # 2 + 1, medium from 2, high from 4
    assert "medium from 2, high from 4" in harm.rule
    assert [r[0] for r in harm.reasons] == ["harm.assessed", "harm.severity"]
    answers["harm.monitoring"] = "none"
    risks = q.risks(answers)
    assert risks[0].level == "high"
    assert risks[1].level == "not_assessed"
    assert q.overall(risks) == "high"
    assert q.overall(q.risks({})) == "not_assessed"


def test_answers_are_checked_per_question():
    q = questionnaire.current()
    answers, problems = q.clean(
        {
            "harm.assessed": "perhaps",
            "harm.severity": 9,
            "harm.monitoring": "sometimes",
            "harm.evidence": {"text": "x", "links": ["javascript:alert(1)"]},
            "nope": "x",
        }
    )
    assert answers == {}
    text = " | ".join(problems)
    for expected in ["harm.assessed: must be yes or no", "harm.severity: must be a whole number from 1 to 5",
                     "harm.monitoring: must be one of continuous", "harm.evidence: not a web address",
                     "no such question: nope"]:  # fmt: skip
        assert expected in text
