"""JSON API of the SDG taxonomy, in the six UN languages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from aiatlas.common.schemas import ErrorOut
from aiatlas.taxonomy.models import Goal

router = Router(tags=["sdgs"])
LANGUAGES = [code for code, _ in settings.LANGUAGES]


class TargetOut(Schema):
    code: str
    uri: str
    title: str


class GoalOut(Schema):
    number: int
    uri: str
    colour: str
    title: str
    short_title: str


class GoalDetailOut(GoalOut):
    targets: list[TargetOut]


def check_language(lang: str) -> str:
    """A language of the site (``zh-Hans`` and ``zh-hans`` alike), else a 400 naming them."""
    code = (lang or "en").lower()
    if code not in LANGUAGES:
        raise HttpError(400, f"unknown language {lang[:20]!r}; use one of {', '.join(LANGUAGES)}")
    return code


_language = check_language


def _goal(goal: Goal, lang: str) -> dict[str, Any]:
    return {
        "number": goal.number,
        "uri": goal.uri,
        "colour": goal.colour,
        "title": goal.title(lang),
        "short_title": goal.short_title(lang),
    }


@router.get(
    "/sdgs", response={200: list[GoalOut], 400: ErrorOut, 422: ErrorOut}, summary="The 17 goals"
)
def goals(request: HttpRequest, lang: str = "en") -> list[dict[str, Any]]:
    language = _language(lang)
    return [_goal(g, language) for g in Goal.objects.all()]


@router.get(
    "/sdgs/{number}",
    response={200: GoalDetailOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One goal with its targets",
)
def goal_detail(request: HttpRequest, number: int, lang: str = "en") -> dict[str, Any]:
    language = _language(lang)
    goal = Goal.objects.filter(number=number).first()
    if goal is None:
        raise HttpError(404, f"SDG {number} does not exist; goals are numbered 1 to 17")
    return {
        **_goal(goal, language),
        "targets": [
            {"code": t.code, "uri": t.uri, "title": t.title(language)} for t in goal.targets.all()
        ],
    }
