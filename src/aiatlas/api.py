"""The JSON API under /api/v1, assembled from each app's router (OpenAPI 3.1 at
/api/v1/openapi.json, interactive docs at /api/v1/docs)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from aiatlas.catalog.api import router as catalog_router
from aiatlas.programme.api import router as programme_router
from aiatlas.search.api import router as search_router
from aiatlas.submissions.api import router as submissions_router
from aiatlas.taxonomy.api import router as taxonomy_router
from aiatlas.web.api import router as editions_router

api = NinjaAPI(
    title="aiatlas",
    version="1",
    description="Open data on the UN system's AI activities for the SDGs.",
    urls_namespace="api",
)
# the export routes (/activities.csv …) must come before /activities/{public_id}
api.add_router("", search_router)
api.add_router("", catalog_router)
api.add_router("", taxonomy_router)
api.add_router("", editions_router)
api.add_router("", submissions_router)
api.add_router("", programme_router)


@api.exception_handler(ValueError)
def bad_value(request: HttpRequest, exc: ValueError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)
