"""JSON API of search: activities with the web search's filters, facets, exports, citations.

Filters are the query parameters of the web search (``q``, ``organization``, ``goal``,
``target``, ``edition``, ``status``, ``kind``, ``technology``, ``sector``, ``country``,
``region``, ``source``; repeat a parameter for OR; ``confirmed=1`` leaves out SDG tags
that only the classifier suggested). A search filtered to a published edition reads that
edition's snapshot records; embargoed activities are never found. Pages are walked with
``cursor``: an opaque, signed token that belongs to one search; a tampered or foreign
cursor is a 400.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from django.core import signing
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.params.functions import Query as QueryParam
from pydantic import Field

from aiatlas.catalog.choices import (
    TECHNOLOGIES,
    ActivityKind,
    ActivityStatus,
    OrganizationKind,
    TagSource,
)
from aiatlas.catalog.io.validation import YEAR_RANGE
from aiatlas.common.schemas import ErrorOut
from aiatlas.search.params import (
    FACETS,
    MAX_QUERY_CHARS,
    MAX_VALUE_CHARS,
    SORTS,
    InvalidSearch,
    SearchParams,
)

router = Router(tags=["search"])
MAX_LIMIT = 100
MAX_CURSOR_CHARS = 200
_SALT = "aiatlas.search.cursor"


_Goal = Annotated[int, Field(ge=1, le=17)]
_Year = Annotated[int, Field(ge=YEAR_RANGE[0], le=YEAR_RANGE[1])]
_Value = Annotated[str, Field(max_length=MAX_VALUE_CHARS)]


def _keys(values: list[str]) -> Any:
    return Literal[tuple(values)]


#: the values of ``confirmed`` (params._TRUE and params._FALSE)
_CONFIRMED = r"^\s*(|0|1|true|false|on|off|yes|no)\s*$"


class Filters(Schema):
    """The query parameters, typed: a value of the wrong form (``goal=abc``, ``goal=99``,
    ``country=Kenya``) is a 422 naming the parameter, never an empty list."""

    q: Annotated[str, Field(max_length=MAX_QUERY_CHARS)] | None = None
    organization: list[_Value] | None = None
    goal: list[_Goal] | None = None
    target: list[Annotated[str, Field(pattern=r"^\s*\d{1,2}\.[0-9A-Za-z]{1,2}\s*$")]] | None = None
    edition: list[_Year] | None = None
    status: list[_keys(ActivityStatus.values)] | None = None  # type: ignore[valid-type]
    kind: list[_keys(ActivityKind.values)] | None = None  # type: ignore[valid-type]
    technology: list[_keys([k for k, _ in TECHNOLOGIES])] | None = None  # type: ignore[valid-type]
    sector: list[_keys(OrganizationKind.values)] | None = None  # type: ignore[valid-type]
    country: list[Annotated[str, Field(pattern=r"^\s*[A-Za-z]{3}\s*$")]] | None = None
    region: list[Annotated[str, Field(pattern=r"^\s*\d{1,3}\s*$")]] | None = None
    source: list[_keys(TagSource.values)] | None = None  # type: ignore[valid-type]
    confirmed: Annotated[str, Field(pattern=r"^\s*(|0|1|true|false|on|off|yes|no)\s*$")] | None = (
        None
    )
    sort: _keys(list(SORTS)) | None = None  # type: ignore[valid-type]
    exact: Annotated[str, Field(pattern=_CONFIRMED)] | None = None


#: error answers of the search operations
_ERRORS: dict[int, Any] = {400: ErrorOut, 422: ErrorOut}


class HitOut(Schema):
    id: str
    title: str
    snippet: str
    score: float
    url: str


class PageOut(Schema):
    count: int
    next_cursor: str | None
    items: list[HitOut]
    #: the query as typed, when the items are those of its correction ``corrected_to``
    #: (send ``exact=1`` to search the words as typed)
    corrected_from: str | None = None
    corrected_to: str | None = None
    #: a correction offered ("did you mean")
    suggestion: str | None = None
    #: no activity matches every word: the items match some of them, best first
    relaxed: bool = False


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


def _params(request: HttpRequest) -> SearchParams:
    data = {
        k: v
        for k, v in request.GET.lists()
        if k in FACETS or k in {"q", "sort", "confirmed", "exact"}
    }
    try:
        return SearchParams.from_query(data)
    except InvalidSearch as exc:
        raise HttpError(400, str(exc)) from None


def _search_key(params: SearchParams) -> str:
    filters = sorted((k, sorted(v)) for k, v in params.filters.items())
    return json.dumps([params.q, filters, params.sort, params.confirmed, params.exact])


def _cursor_page(cursor: str, params: SearchParams) -> int:
    try:
        if len(cursor) > MAX_CURSOR_CHARS:
            raise ValueError("too long")
        data = signing.loads(cursor, salt=_SALT)
        page, key = int(data["p"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise HttpError(400, "invalid cursor; start again without one") from None
    if key != _search_key(params):
        raise HttpError(400, "the cursor belongs to another search; start again without one")
    if not 1 <= page <= 10_000:
        raise HttpError(400, "invalid cursor; start again without one")
    return page


@router.get("/activities", response={200: PageOut, **_ERRORS}, summary="Search activities")
def activities(
    request: HttpRequest,
    filters: Query[Filters],
    limit: int = QueryParam(20, ge=1, le=MAX_LIMIT),
    cursor: str | None = None,
) -> dict[str, Any]:
    """Activities matching the filters, best first (``sort``: relevance, newest, title)."""
    from aiatlas.search.queries import search

    if not 1 <= limit <= MAX_LIMIT:
        raise HttpError(400, f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    params = _params(request)
    page = _cursor_page(cursor, params) if cursor else 1
    params = SearchParams(
        q=params.q,
        filters=params.filters,
        sort=params.sort,
        page=page,
        per_page=limit,
        confirmed=params.confirmed,
        exact=params.exact,
    )
    result = search(params, with_facets=False)
    more = page * limit < result.total and page < 10_000
    next_cursor = (
        signing.dumps({"p": page + 1, "k": _search_key(params)}, salt=_SALT) if more else None
    )
    return {
        "count": result.total,
        "next_cursor": next_cursor,
        "corrected_from": result.corrected_from,
        "corrected_to": result.corrected_to,
        "suggestion": result.suggestion,
        "relaxed": result.relaxed,
        "items": [
            {
                "id": h.public_id,
                "title": h.title,
                "snippet": h.snippet,
                "score": h.score,
                "url": f"/api/v1/activities/{h.public_id}",
            }
            for h in result.hits
        ],
    }


@router.get(
    "/facets", response={200: dict[str, list[FacetValueOut]], **_ERRORS}, summary="Facet counts"
)
def facets(request: HttpRequest, filters: Query[Filters], lang: str = "en") -> Any:
    """Every facet's values with the number of matching activities (OR within a facet, AND
    across facets; a facet's counts leave out its own selection)."""
    from aiatlas.search.queries import facet_counts
    from aiatlas.taxonomy.api import check_language

    counts = facet_counts(_params(request), language=check_language(lang))
    return {
        name: [
            {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
            for v in values
        ]
        for name, values in counts.items()
    }


def _export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    from aiatlas.search.exports import export_file, iter_json

    params = _params(request)
    name = f"aiatlas-activities.{fmt}"
    if fmt == "json":
        response = StreamingHttpResponse(iter_json(params), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    path = export_file(params, fmt)
    handle = path.open("rb")
    path.unlink()  # the open handle keeps the data until the response is sent
    return FileResponse(handle, as_attachment=True, filename=name)


@router.get("/activities.csv", response={200: None, **_ERRORS}, summary="Export a search as CSV")
def export_csv(request: HttpRequest, filters: Query[Filters]) -> Any:
    """The matching activities in the open file schema (contacts only when public)."""
    return _export(request, "csv")


@router.get("/activities.xlsx", response={200: None, **_ERRORS}, summary="Export a search as XLSX")
def export_xlsx(request: HttpRequest, filters: Query[Filters]) -> Any:
    """The matching activities in the open file schema (contacts only when public)."""
    return _export(request, "xlsx")


@router.get("/activities.json", response={200: None, **_ERRORS}, summary="Export a search as JSON")
def export_json(request: HttpRequest, filters: Query[Filters]) -> Any:
    """The matching activities as a JSON array of records (contacts only when public)."""
    return _export(request, "json")


@router.get(
    "/activities/{public_id}/citation",
    response={200: None, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Cite an activity",
)
def citation(
    request: HttpRequest, public_id: str, format: str = "bibtex", edition: int | None = None
) -> HttpResponse:
    """``format``: ``bibtex`` or ``csl-json``. With ``edition`` (a published edition's year)
    the record as that edition published it; without, the record as the latest published
    edition it belongs to published it, else the current record."""
    from aiatlas.search.citations import bibtex, citable_record, csl_json

    if format not in ("bibtex", "csl-json"):
        raise HttpError(400, "format must be bibtex or csl-json")
    found = citable_record(public_id[:64], edition)
    if found is None:
        what = f" in edition {edition}" if edition is not None else ""
        raise HttpError(404, f"there is no public activity {public_id[:64]!r}{what}")
    record, year = found
    path = f"/en/activities/{record['id']}/" + (f"as-published/{year}/" if year else "")
    from aiatlas.common.links import absolute_url

    url = absolute_url(path, request)
    if format == "bibtex":
        return HttpResponse(
            bibtex(record, url, year), content_type="application/x-bibtex; charset=utf-8"
        )
    return HttpResponse(
        json.dumps([csl_json(record, url, year)], ensure_ascii=False),
        content_type="application/vnd.citationstyles.csl+json",
    )
