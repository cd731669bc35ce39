"""The self-assessment questionnaire as versioned data (``data/questionnaires/*.yaml``).

A file has a ``version``, a scoping section, an optional triage that decides how deep the
assessment goes, and one section per principle whose questions carry risk points per
answer; the section's ``levels`` turn the points into a risk level. The format is
documented in docs/governance.md; :func:`parse` checks a file and names every problem.
Each assessment stores the version it was made with, so an old assessment is always read
against its own questionnaire. Every text (title, labels, choices, scale ends) is written
in the six UN languages (governance/texts.py); :func:`load` gives a questionnaire in the
active language. Pure Python: no database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from aiatlas.governance import texts
from aiatlas.governance.reference import DATA, reference

FORMAT = "aiatlas-governance-questionnaire/2"
KINDS = {"text", "yes_no", "scale", "choice", "evidence"}
YES_NO = ("yes", "no")
LEVELS = ("not_assessed", "low", "medium", "high")
MAX_TEXT = 4000
MAX_LINKS = 10
URL = re.compile(r"^https?://[^\s<>\"']+$")
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$")


class QuestionnaireError(texts.DataFileError):
    """A questionnaire file, or a version, that cannot be used."""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    label: str
    #: "scoping", "triage" or the principle's code
    section: str
    options: tuple[tuple[str, str], ...] = ()
    min: int = 1
    max: int = 5
    low: str = ""
    high: str = ""
    core: bool = False
    #: answer -> risk points (principle sections) or triage points
    points: dict[str, int] = field(default_factory=dict)

    @property
    def principle(self) -> str | None:
        return None if self.section in {"scoping", "triage"} else self.section

    @property
    def scale(self) -> list[int]:
        return list(range(self.min, self.max + 1))

    def option_label(self, value: Any) -> str:
        return dict(self.options).get(str(value), str(value))

    @property
    def points_shown(self) -> list[tuple[str, int]]:
        """(answer as a reader sees it, points) of each answer that adds points."""
        return [(self.shown(k), v) for k, v in self.points.items()]

    def shown(self, value: Any) -> str:
        """The answer as a reader sees it."""
        if value in (None, ""):
            return ""
        if self.kind == "yes_no":
            return _("Yes") if value == "yes" else _("No")
        if self.kind == "choice":
            return self.option_label(value)
        if self.kind == "evidence":
            return str(value.get("text", ""))
        return str(value)


@dataclass(frozen=True)
class Section:
    principle: str
    name: str
    number: int
    medium: int
    high: int
    questions: tuple[Question, ...]

    def rule(self) -> str:
        return _(
            "Each answer adds the points shown beside it. Low below %(medium)s points, "
            "medium from %(medium)s, high from %(high)s."
        ) % {"medium": self.medium, "high": self.high}


@dataclass(frozen=True)
class PrincipleRisk:
    principle: str
    name: str
    number: int
    level: str
    points: int
    answered: int
    asked: int
    rule: str
    #: (question id, answer shown, points) for each answer that added points
    reasons: tuple[tuple[str, str, int], ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title: str
    scoping: tuple[Question, ...]
    triage: tuple[Question, ...]
    full_at: int
    sections: tuple[Section, ...]

    @property
    def questions(self) -> list[Question]:
        return [*self.scoping, *self.triage, *(q for s in self.sections for q in s.questions)]

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def depth(self, answers: dict[str, Any]) -> str:
        """ "full" or "short": the triage's points against ``full_at``. Without a
        triage, or until every triage question is answered, the whole questionnaire."""
        if not self.triage or any(answers.get(q.id) in (None, "") for q in self.triage):
            return "full"
        points = sum(q.points.get(str(answers.get(q.id)), 0) for q in self.triage)
        return "full" if points >= self.full_at else "short"

    def asked(self, section: Section, answers: dict[str, Any]) -> list[Question]:
        """The questions of a section the assessment asks, at its depth."""
        full = self.depth(answers) == "full"
        return [q for q in section.questions if full or q.core]

    # -- answers ----------------------------------------------------------------------

    def clean(self, raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Answers as stored (only known questions, empty ones left out) and a problem
        per wrong answer, naming the question."""
        answers: dict[str, Any] = {}
        problems: list[str] = []
        unknown = sorted(set(raw) - {q.id for q in self.questions})
        if unknown:
            problems.append(_("no such question: %(ids)s") % {"ids": ", ".join(unknown)})
        for q in self.questions:
            if q.id not in raw:
                continue
            value, problem = _clean_value(q, raw[q.id])
            if problem:
                problems.append(f"{q.id}: {problem}")
            elif value not in (None, "", {}):
                answers[q.id] = value
        return answers, problems

    def missing(self, answers: dict[str, Any]) -> list[Question]:
        """Questions that must be answered before the assessment is submitted: the
        scoping and triage questions and every asked question but evidence."""
        needed = [*self.scoping, *self.triage]
        for s in self.sections:
            needed += [q for q in self.asked(s, answers) if q.kind != "evidence"]
        return [q for q in needed if answers.get(q.id) in (None, "", {})]

    # -- risk -------------------------------------------------------------------------

    def risks(self, answers: dict[str, Any]) -> list[PrincipleRisk]:
        """The risk level of each principle from ``answers``: the sum of the points of
        the answers given, against the section's levels. A section without an answer is
        "not assessed"."""
        out = []
        for s in self.sections:
            asked = self.asked(s, answers)
            scored = [q for q in asked if q.kind != "evidence"]
            given = [q for q in scored if answers.get(q.id) not in (None, "")]
            reasons = tuple(
                (q.id, q.shown(answers[q.id]), q.points[str(answers[q.id])])
                for q in given
                if q.points.get(str(answers[q.id]))
            )
            points = sum(r[2] for r in reasons)
            if not given:
                level = "not_assessed"
            elif points >= s.high:
                level = "high"
            elif points >= s.medium:
                level = "medium"
            else:
                level = "low"
            out.append(
                PrincipleRisk(
                    s.principle, s.name, s.number, level, points, len(given), len(scored),
                    s.rule(), reasons,
                )
            )  # fmt: skip
        return out

    @staticmethod
    def overall(risks: list[PrincipleRisk]) -> str:
        """The highest level of any principle assessed."""
        return max((r.level for r in risks), key=LEVELS.index, default="not_assessed")

    @staticmethod
    def overall_rule() -> str:
        return _("The overall risk is the highest risk level of any principle.")


def _clean_value(q: Question, value: Any) -> tuple[Any, str]:
    if value is None or value == "":
        return None, ""
    if q.kind == "text":
        if not isinstance(value, str):
            return None, _("must be text")
        if len(value) > MAX_TEXT:
            return None, _("is longer than %(n)s characters") % {"n": MAX_TEXT}
        return value.strip(), ""
    if q.kind == "yes_no":
        if value not in YES_NO:
            return None, _("must be yes or no, not %(v)r") % {"v": value}
        return value, ""
    if q.kind == "scale":
        try:
            number = int(str(value))
        except ValueError:
            return None, _("must be a whole number from %(a)s to %(b)s") % {"a": q.min, "b": q.max}
        if isinstance(value, bool) or not q.min <= number <= q.max:
            return None, _("must be a whole number from %(a)s to %(b)s") % {"a": q.min, "b": q.max}
        return number, ""
    if q.kind == "choice":
        if str(value) not in dict(q.options):
            allowed = ", ".join(v for v, _label in q.options)
            return None, _("must be one of %(allowed)s, not %(v)r") % {
                "allowed": allowed,
                "v": value,
            }
        return str(value), ""
    # evidence: {"text": …, "links": [...]}
    if not isinstance(value, dict):
        return None, _("must be an object with text and links")
    text = value.get("text", "")
    links = value.get("links", [])
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return None, _("text must be at most %(n)s characters") % {"n": MAX_TEXT}
    if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
        return None, _("links must be a list of addresses")
    links = [x.strip() for x in links if x.strip()]
    if len(links) > MAX_LINKS:
        return None, _("at most %(n)s links") % {"n": MAX_LINKS}
    bad = [x for x in links if not URL.match(x)]
    if bad:
        return None, _("not a web address (http or https): %(v)s") % {"v": bad[0]}
    if not text.strip() and not links:
        return {}, ""
    return {"text": text.strip(), "links": links}, ""


# -- reading a file ---------------------------------------------------------------------


def _question(
    item: Any, where: str, section: str, problems: list[str], seen: set[str], lang: str
) -> Question | None:
    if not isinstance(item, dict):
        problems.append(f"{where}: a question must be a mapping")
        return None
    qid, kind, label = item.get("id"), item.get("kind"), item.get("label")
    where = f"{where} ({qid})" if qid else where
    if not isinstance(qid, str) or not re.match(r"^[a-z][a-z0-9_.]{0,79}$", qid):
        problems.append(f"{where}: id must be lower-case letters, digits, _ and .")
        return None
    if qid in seen:
        problems.append(f"{where}: id {qid} is used twice")
    seen.add(qid)
    if kind not in KINDS:
        problems.append(f"{where}: kind must be one of {', '.join(sorted(KINDS))}, not {kind!r}")
        return None
    if label in (None, ""):
        problems.append(f"{where}: label is required")
    else:
        label = texts.read(label, f"{where}: label", problems, lang)
    options: tuple[tuple[str, str], ...] = ()
    if kind == "choice":
        raw = item.get("options")
        if raw == "lifecycle_stages":
            options = tuple((e.code, e.name) for e in reference(lang).lifecycle_stages)
        elif (
            isinstance(raw, list)
            and raw
            and all(isinstance(o, dict) and o.get("value") and o.get("label") for o in raw)
        ):
            options = tuple(
                (str(o["value"]), texts.read(o["label"], f"{where}: option {o['value']}",
                                             problems, lang))
                for o in raw
            )  # fmt: skip
        else:
            problems.append(f"{where}: options must be a list of {{value, label}}")
    lo, hi = item.get("min", 1), item.get("max", 5)
    if kind == "scale" and not (isinstance(lo, int) and isinstance(hi, int) and lo < hi):
        problems.append(f"{where}: min and max must be whole numbers, min below max")
        lo, hi = 1, 5
    key = "points" if section == "triage" else "risk"
    points = item.get(key) or {}
    if not isinstance(points, dict) or not all(
        isinstance(v, int) and v >= 0 for v in points.values()
    ):
        problems.append(f"{where}: {key} must map answers to whole numbers of points")
        points = {}
    points = {str(k): v for k, v in points.items()}
    if kind == "yes_no":
        allowed = set(YES_NO)
    elif kind == "choice":
        allowed = {v for v, _label in options}
    elif kind == "scale":
        allowed = {str(n) for n in range(lo, hi + 1)}
    else:
        allowed = set()
    wrong = sorted(set(points) - allowed)
    if wrong:
        problems.append(
            f"{where}: {key} names answers the question does not have: {', '.join(wrong)}"
        )
    if section == "scoping" and points:
        problems.append(f"{where}: scoping questions carry no points")
    return Question(
        id=qid, kind=kind, label=str(label), section=section, options=options,
        min=lo, max=hi,
        low=texts.read(item.get("low"), f"{where}: low", problems, lang, required=False),
        high=texts.read(item.get("high"), f"{where}: high", problems, lang, required=False),
        core=bool(item.get("core", False)), points=points,
    )  # fmt: skip


def parse(text: str, name: str = "questionnaire", lang: str = "en") -> Questionnaire:
    """A questionnaire from YAML or JSON text, its texts in ``lang``; every problem
    named (a text missing in any of the six languages too), or none."""
    data = texts.load_mapping(text, name, QuestionnaireError, "YAML or JSON")
    problems: list[str] = []
    if data.get("format") != FORMAT:
        problems.append(f"{name}: format must be {FORMAT}")
    version = str(data.get("version", ""))
    if not VERSION.match(version):
        problems.append(f"{name}: version is required (letters, digits, . _ -; at most 20)")
    seen: set[str] = set()
    scoping = [
        _question(q, f"{name}, scoping #{n}", "scoping", problems, seen, lang)
        for n, q in enumerate(data.get("scoping") or [], start=1)
    ]
    triage_data = data.get("triage") or {}
    triage = [
        _question(q, f"{name}, triage #{n}", "triage", problems, seen, lang)
        for n, q in enumerate(triage_data.get("questions") or [], start=1)
    ]
    full_at = triage_data.get("full_at", 0)
    if not isinstance(full_at, int) or full_at < 0:
        problems.append(f"{name}, triage: full_at must be a whole number")
        full_at = 0
    principles = {e.code: e for e in reference(lang).principles}
    sections: list[Section] = []
    for n, s in enumerate(data.get("sections") or [], start=1):
        where = f"{name}, section #{n}"
        code = s.get("principle") if isinstance(s, dict) else None
        if code not in principles:
            problems.append(
                f"{where}: principle must be one of {', '.join(principles)}, not {code!r}"
            )
            continue
        levels = s.get("levels") or {}
        medium, high = levels.get("medium"), levels.get("high")
        if not (isinstance(medium, int) and isinstance(high, int) and 0 < medium <= high):
            problems.append(f"{where} ({code}): levels needs medium and high, 0 < medium <= high")
            medium, high = 1, 1
        questions = [
            _question(q, f"{where} ({code}) #{i}", code, problems, seen, lang)
            for i, q in enumerate(s.get("questions") or [], start=1)
        ]
        if any(sec.principle == code for sec in sections):
            problems.append(f"{where}: principle {code} has two sections")
        entry = principles[code]
        sections.append(
            Section(code, entry.name, entry.number, medium, high, tuple(q for q in questions if q))
        )
    if not sections:
        problems.append(f"{name}: at least one principle section is needed")
    title = texts.read(data.get("title"), f"{name}: title", problems, lang)
    if problems:
        raise QuestionnaireError(problems)
    return Questionnaire(
        version=version,
        title=title,
        scoping=tuple(q for q in scoping if q),
        triage=tuple(q for q in triage if q),
        full_at=full_at,
        sections=tuple(sorted(sections, key=lambda s: s.number)),
    )


def _dir() -> Path:
    return DATA / "questionnaires"


@cache
def versions() -> tuple[str, ...]:
    """The versions shipped, oldest first."""
    return tuple(sorted(p.stem for p in _dir().glob("*.yaml")))


def load(version: str, lang: str | None = None) -> Questionnaire:
    """Questionnaire ``version`` in ``lang`` (default: the active language)."""
    if version not in versions():
        raise QuestionnaireError([f"there is no questionnaire version {version!r}"])
    return _load(version, lang or texts.language())


@cache
def _load(version: str, lang: str) -> Questionnaire:
    path = _dir() / f"{version}.yaml"
    q = parse(path.read_text("utf-8"), path.name, lang)
    if q.version != version:
        raise QuestionnaireError([f"{path.name}: says version {q.version}"])
    return q


def current(lang: str | None = None) -> Questionnaire:
    return load(versions()[-1], lang)
