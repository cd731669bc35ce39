"""JSON API of the governance app under /api/v1/governance/: the principles and focus
areas, the questionnaire, instruments, national policies, the published figures and the
public JSON Lines export. Private answers appear nowhere here."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from ninja import Router, Schema
from ninja.errors import HttpError

from aiatlas.common.downloads import JSONL, attachment
from aiatlas.common.figures import FigureOut, figure_out
from aiatlas.common.schemas import ErrorOut
from aiatlas.governance import figures, queries, questionnaire, texts
from aiatlas.governance.reference import reference
from aiatlas.governance.services.exchange import export_jsonl, instrument_record, policy_record

router = Router(tags=["governance"])


class EntryOut(Schema):
    code: str
    name: str
    summary: str
    number: int


class ReferenceOut(Schema):
    principles: list[EntryOut]
    focus_areas: list[EntryOut]
    functions: list[EntryOut]
    lifecycle_stages: list[EntryOut]


def _language(lang: str) -> str:
    """A language the data files carry (``zh-Hans`` and ``zh-hans`` alike), else a 400."""
    code = (lang or "en").lower()
    if code not in texts.LANGUAGES:
        raise HttpError(
            400, f"unknown language {lang[:20]!r}; use one of {', '.join(texts.LANGUAGES)}"
        )
    return code


def _entries(items: Any) -> list[dict[str, Any]]:
    return [e.__dict__ for e in items]


@router.get(
    "/governance/principles",
    response={200: ReferenceOut, 400: ErrorOut},
    summary="The ten principles, focus areas, functions and lifecycle stages",
)
def get_reference(request: HttpRequest, lang: str = "en") -> dict[str, Any]:
    """Names and summaries in ``?lang=`` (en, fr, es, ar, ru, zh-hans; default en)."""
    ref = reference(_language(lang))
    return {
        "principles": _entries(ref.principles),
        "focus_areas": _entries(ref.focus_areas),
        "functions": _entries(ref.functions),
        "lifecycle_stages": _entries(ref.lifecycle_stages),
    }


@router.get(
    "/governance/questionnaire",
    response={200: dict[str, Any], 400: ErrorOut, 404: ErrorOut},
    summary="The self-assessment questionnaire (current, or ?version=) with its risk rules",
)
def get_questionnaire(request: HttpRequest, version: str = "", lang: str = "en") -> Any:
    """Texts and rules in ``?lang=`` (en, fr, es, ar, ru, zh-hans; default en)."""
    language = _language(lang)
    try:
        q = questionnaire.load(version, language) if version else questionnaire.current(language)
    except questionnaire.QuestionnaireError as exc:
        raise HttpError(404, exc.problems[0]) from exc
    with translation.override(language):
        return _questionnaire_out(q)


def _questionnaire_out(q: questionnaire.Questionnaire) -> dict[str, Any]:
    def question(x: questionnaire.Question) -> dict[str, Any]:
        return {
            "id": x.id, "kind": x.kind, "label": x.label, "core": x.core,
            "options": [{"value": v, "label": lab} for v, lab in x.options],
            "min": x.min, "max": x.max, "low": x.low, "high": x.high, "points": x.points,
        }  # fmt: skip

    return {
        "version": q.version,
        "lang": texts.language(),
        "title": q.title,
        "versions": list(questionnaire.versions()),
        "scoping": [question(x) for x in q.scoping],
        "triage": {"full_at": q.full_at, "questions": [question(x) for x in q.triage]},
        "sections": [
            {
                "principle": s.principle,
                "name": s.name,
                "levels": {"medium": s.medium, "high": s.high},
                "rule": s.rule(),
                "questions": [question(x) for x in s.questions],
            }
            for s in q.sections
        ],
        "overall_rule": q.overall_rule(),
    }


@router.get(
    "/governance/instruments",
    response=list[dict[str, Any]],
    summary="Governance instruments with their mappings",
)
def list_instruments(
    request: HttpRequest, kind: str = "", principle: str = "", focus_area: str = ""
) -> list[dict[str, Any]]:
    return [
        instrument_record(i)
        for i in queries.instruments(kind=kind, principle=principle, focus_area=focus_area)
    ]


@router.get(
    "/governance/instruments/{slug}",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="One instrument with its adoption steps and status history",
)
def get_instrument(request: HttpRequest, slug: str) -> Any:
    found = queries.instrument(slug)
    if found is None:
        raise HttpError(404, f"There is no instrument {slug!r}.")
    return instrument_record(found)


@router.get(
    "/governance/policies",
    response=list[dict[str, Any]],
    summary="National AI policy initiatives (?country=ISO alpha-3)",
)
def list_policies(request: HttpRequest, country: str = "") -> list[dict[str, Any]]:
    return [policy_record(p) for p in queries.policies(country=country)]


@router.get(
    "/governance/figures",
    response={200: list[FigureOut], 422: ErrorOut},
    summary="Published self-assessment figures (?edition=YEAR), each with its activities",
    url_name="governance_figures",
)
def get_figures(request: HttpRequest, edition: int | None = None) -> Any:
    return [figure_out(f) for f in figures.all_figures(edition)]


@router.get(
    "/governance.jsonl",
    response={200: None},
    summary="Instruments, policies and published assessments as JSON Lines (public form)",
)
def export(request: HttpRequest) -> HttpResponse:
    return attachment(export_jsonl(), "governance.jsonl", JSONL)
