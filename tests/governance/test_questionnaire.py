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


# -- the six languages ---------------------------------------------------------------------


def test_every_text_is_read_in_the_reader_language():
    from django.utils import translation

    with translation.override("ar"):
        q = questionnaire.current()
        assert q.sections[0].name == "عدم الإضرار" == reference().principles[0].name
        assert q.question("harm.monitoring").option_label("none") == "ليس بعد"
    with translation.override("zh-hans"):
        assert reference().names("lifecycle_stages")["design"] == "设计"
        assert questionnaire.current().question("harm.severity").high == "严重"
    fr = questionnaire.current("fr")
    assert fr.question("privacy.impact").options[0] == ("done", "Oui")
    # the points beside an answer name the answer in the reader's language
    assert fr.question("harm.monitoring").points_shown == [("Pas encore", 2)]
    # a language the files do not carry reads English
    assert questionnaire.current("de").sections[0].name == "Do no harm"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["scoping"][0]["label"].pop("ar"), "x.yaml, scoping #1 (scope.purpose): label: the ar text is missing"),
        (lambda d: d["scoping"][4]["options"][1]["label"].update({"zh-hans": " "}), "(scope.sourcing): option procured: the zh-hans text is missing"),
        (lambda d: d["sections"][0]["questions"][1]["high"].pop("ru"), "(harm.severity): high: the ru text is missing"),
        (lambda d: d["title"].pop("es"), "x.yaml: title: the es text is missing"),
        (lambda d: d["triage"]["questions"][0].update(label="Only English"), "(triage.decisions): label: must give the text in each language"),
        (lambda d: d["scoping"][0]["label"].update(de="Wofür?"), "de is not a language of the site"),
    ],
)  # fmt: skip
def test_a_text_missing_in_a_language_is_named(change, named):
    data = _base()
    change(data)
    with pytest.raises(questionnaire.QuestionnaireError) as exc:
        questionnaire.parse(yaml.safe_dump(data, allow_unicode=True), "x.yaml")
    assert any(named in p for p in exc.value.problems), exc.value.problems


def test_a_reference_name_missing_in_a_language_is_named():
    from aiatlas.governance.reference import DATA, ReferenceFileError, parse_reference

    data = yaml.safe_load((DATA / "reference.yaml").read_text("utf-8"))
    data["principles"][6]["name"].pop("fr")
    data["focus_areas"][0]["summary"] = "English only"
    with pytest.raises(ReferenceFileError) as exc:
        parse_reference(yaml.safe_dump(data, allow_unicode=True), "reference.yaml")
    problems = exc.value.problems
    assert (
        "reference.yaml, principles #7 (human_oversight): name: the fr text is missing" in problems
    )
    assert any(
        p.startswith("reference.yaml, focus_areas #1 (instruments): summary: must give")
        for p in problems
    )


def test_the_api_gives_the_texts_in_the_language_asked(client):
    body = client.get("/api/v1/governance/principles?lang=ru").json()
    assert body["principles"][7]["name"] == "Прозрачность и объяснимость"
    assert (
        client.get("/api/v1/governance/principles").json()["principles"][0]["name"] == "Do no harm"
    )
    q = client.get("/api/v1/governance/questionnaire?lang=zh-Hans").json()
    assert q["lang"] == "zh-hans" and q["sections"][0]["name"] == "不伤害"
    assert q["scoping"][0]["label"] == "该系统的用途是什么？它要解决什么问题？"
    assert q["overall_rule"] == "总体风险为各项原则中的最高风险等级。"  # from the catalogue
    bad = client.get("/api/v1/governance/principles?lang=xx")
    assert bad.status_code == 400 and "unknown language 'xx'" in bad.json()["detail"]
