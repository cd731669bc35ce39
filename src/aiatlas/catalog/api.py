"""JSON API of the catalog: one activity, organizations (editions: ``web.api``). It asks
the same queries as the pages (``catalog.queries``), so both give one answer."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from aiatlas.catalog.choices import OrganizationKind
from aiatlas.catalog.models import Organization
from aiatlas.catalog.public import public_record
from aiatlas.catalog.queries import (
    led_public_count,
    organization_by_ref,
    organizations_with_counts,
    public_activity_record,
)
from aiatlas.common.schemas import ErrorOut

router = Router(tags=["catalog"])
OrganizationKindKey = Literal[tuple(OrganizationKind.values)]  # type: ignore[valid-type]


class OrganizationOut(Schema):
    reference: str
    acronym: str
    name: str
    kind: str
    website: str
    country: str | None
    activities: int


def _organization(org: Organization, count: int) -> dict[str, Any]:
    return {
        "reference": org.reference,
        "acronym": org.acronym,
        "name": org.name,
        "kind": org.kind,
        "website": org.website,
        "country": org.country_id,
        "activities": count,
    }


@router.get(
    "/activities/{public_id}",
    response={200: dict[str, Any], 404: ErrorOut, 422: ErrorOut},
    summary="One activity",
)
def activity_detail(request: HttpRequest, public_id: str) -> dict[str, Any]:
    """The activity as a record of the open file schema (contacts only when public); an
    activity of an edition that is not released yet is not found."""
    record = public_activity_record(public_id[:64])
    if record is None:
        raise HttpError(404, f"there is no activity {public_id[:64]!r}")
    return public_record(record)


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], 422: ErrorOut},
    summary="Organizations",
)
def organizations(
    request: HttpRequest,
    kind: Query[OrganizationKindKey | None] = None,  # type: ignore[valid-type]
) -> list[dict[str, Any]]:
    """The organizations that lead at least one public activity, by name, with how many
    they lead (the organizations page lists the same)."""
    return [_organization(o, n) for o, n in organizations_with_counts(kind=kind)]


@router.get(
    "/organizations/{ref}",
    response={200: OrganizationOut, 404: ErrorOut, 422: ErrorOut},
    summary="One organization",
)
def organization_detail(request: HttpRequest, ref: str) -> dict[str, Any]:
    """``ref`` is an acronym or a full name, matched exactly (case-insensitive): an acronym
    first, then a full name, as on ``/organizations/<ref>/``."""
    org = organization_by_ref(ref)
    if org is None:
        raise HttpError(404, f"there is no organization {ref[:100]!r}")
    return _organization(org, led_public_count(org))
