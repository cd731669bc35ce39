"""JSON API of focus groups, initiatives and challenges under /api/v1/initiatives/: the
same queries as the pages, the same figures as the figures page, and the lossless export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError

from aiatlas.common.downloads import JSONL, attachment
from aiatlas.common.exchange import jsonl
from aiatlas.common.figures import FigureOut, figure_out
from aiatlas.common.schemas import ErrorOut
from aiatlas.initiatives import figures, queries
from aiatlas.initiatives.services.exchange import export_jsonl, group_record

router = Router(tags=["initiatives"])


class GroupSummaryOut(Schema):
    acronym: str
    name: str
    kind: str
    status: str
    parent: str
    partners: list[str]
    deliverables: int
    meetings: int
    illustrative: bool


class StandingOut(Schema):
    rank: int | None
    team: str
    category: str
    countries: list[str]
    problem: str
    score: float | None
    repository: str


class RoundOut(Schema):
    name: str
    level: str
    starts_on: str
    ends_on: str
    leaderboard: list[StandingOut]


class ChallengeOut(Schema):
    slug: str
    title: str
    year: int
    group: str | None
    rounds: list[RoundOut]


def _public(record: dict[str, Any]) -> dict[str, Any]:
    """A group's record without what is private: restricted documents' links and a
    contact address its owner did not publish."""
    out = dict(record)
    if not out.get("contact_public"):
        out["contact_email"] = ""
    out["meetings"] = [
        m | {"documents": [d if d["public"] else d | {"url": ""} for d in m["documents"]]}
        for m in out["meetings"]
    ]
    return out


@router.get(
    "/initiatives/groups", response=list[GroupSummaryOut], summary="Focus groups and initiatives"
)
def list_groups(request: HttpRequest, kind: str = "", status: str = "") -> list[dict[str, Any]]:
    return [
        {
            "acronym": g.acronym,
            "name": g.name,
            "kind": g.kind,
            "status": g.status,
            "parent": g.parent,
            "partners": sorted(o.acronym or o.name for o in g.partners.all()),
            "deliverables": g.deliverable_count,
            "meetings": g.meeting_count,
            "illustrative": g.illustrative,
        }
        for g in queries.groups(kind=kind, status=status)
    ]


@router.get(
    "/initiatives/groups/{acronym}",
    response={200: dict[str, Any], 404: ErrorOut},
    summary="One group with its milestones, structure, deliverables and meetings",
)
def get_group(request: HttpRequest, acronym: str) -> Any:
    group = queries.group(acronym)
    if group is None:
        raise HttpError(404, f"There is no group {acronym!r}.")
    return _public(group_record(group))


@router.get(
    "/initiatives/challenges/{slug}",
    response={200: ChallengeOut, 404: ErrorOut},
    summary="A challenge with the leaderboard of each round",
)
def get_challenge(request: HttpRequest, slug: str) -> Any:
    challenge = queries.challenge(slug)
    if challenge is None:
        raise HttpError(404, f"There is no challenge {slug!r}.")
    return {
        "slug": challenge.slug,
        "title": challenge.title,
        "year": challenge.year,
        "group": challenge.group.acronym if challenge.group else None,
        "rounds": [
            {
                "name": r.name,
                "level": r.level,
                "starts_on": r.starts_on.isoformat(),
                "ends_on": r.ends_on.isoformat(),
                "leaderboard": [
                    s.__dict__ | {"score": None if s.score is None else float(s.score)}
                    for s in queries.leaderboard(r)
                ],
            }
            for r in challenge.rounds.all()
        ],
    }


@router.get(
    "/initiatives/figures",
    response=list[FigureOut],
    summary="The figures, each with the records it counts",
    url_name="initiatives_figures",
)
def get_figures(request: HttpRequest) -> list[dict[str, Any]]:
    return [figure_out(f) for f in figures.all_figures()]


@router.get(
    "/initiatives.jsonl",
    response={200: None},
    summary="Every group and challenge as JSON Lines (public fields)",
)
def export(request: HttpRequest) -> HttpResponse:
    import json

    lines = [json.loads(line) for line in export_jsonl().splitlines()]
    body = jsonl(_public(r) if r["type"] == "group" else r for r in lines)
    return attachment(body, "initiatives.jsonl", JSONL)
