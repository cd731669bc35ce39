"""JSON API of the editions and their figures: the same functions as the edition pages
(``web.editions``), so the API, the pages and the report give the same numbers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from aiatlas.common.schemas import ErrorOut

router = Router(tags=["editions"])


class EditionOut(Schema):
    year: int
    title: str
    status: str
    opens_on: str | None
    closes_on: str | None
    release_at: str | None
    activities: int


class FigureOut(Schema):
    id: str
    label: str
    value: float
    display: str
    query: str
    records: int


@router.get(
    "/editions", response={200: list[EditionOut], 422: ErrorOut}, summary="Reporting editions"
)
def editions(request: HttpRequest) -> list[dict[str, Any]]:
    """``activities``: for a published edition its ``activities.total`` figure (read from
    the snapshot), for another edition its public activities (live)."""
    from aiatlas.web.editions import editions_with_counts

    return [
        {
            "year": e.year,
            "title": e.title,
            "status": e.status,
            "opens_on": e.opens_on.isoformat() if e.opens_on else None,
            "closes_on": e.closes_on.isoformat() if e.closes_on else None,
            "release_at": e.release_at.isoformat() if e.release_at else None,
            "activities": n,
        }
        for e, n in sorted(editions_with_counts(), key=lambda t: t[0].year)
    ]


@router.get(
    "/editions/{year}/figures",
    response={200: list[FigureOut], 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Figures of a published edition",
)
def figures(request: HttpRequest, year: int) -> list[dict[str, Any]]:
    """Every figure of the report's registry for a published edition, from its snapshot."""
    from aiatlas.report.exceptions import ReportError
    from aiatlas.report.figures import Figures
    from aiatlas.report.snapshots import load_edition

    try:
        figs = Figures(load_edition(year))
    except ReportError as exc:
        raise HttpError(404, str(exc)) from None
    return [
        {
            "id": f.id,
            "label": f.label,
            "value": f.value,
            "display": f.display,
            "query": f.query,
            "records": len(f.public_ids),
        }
        for f in figs.all()
    ]
