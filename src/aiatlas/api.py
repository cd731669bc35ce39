"""The JSON API under /api/v1, assembled from each app's router (OpenAPI 3.1 at
/api/v1/openapi.json, interactive docs at /api/v1/docs).

Every error is JSON with a ``detail`` message. A request whose parameters or body do not
fit the operation's schema (a wrong type, a value out of range, an unknown key) is a 422
whose ``problems`` list each field (``record.domains``, ``goal``) with the reason. A domain
error (common/errors.py) answers with the status of its kind (400, 403, 404, 409); any
other exception is a bug: logged, and answered with a 500 that shows no traceback."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from aiatlas.catalog.api import router as catalog_router
from aiatlas.common.errors import DomainError, status_of
from aiatlas.governance.api import router as governance_router
from aiatlas.initiatives.api import router as initiatives_router
from aiatlas.programme.api import router as programme_router
from aiatlas.search.api import router as search_router
from aiatlas.submissions.api import router as submissions_router
from aiatlas.taxonomy.api import router as taxonomy_router
from aiatlas.web.api import router as editions_router

logger = logging.getLogger("aiatlas.api")

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
api.add_router("", initiatives_router)
api.add_router("", governance_router)

#: where a parameter comes from, left out of the field name shown to the client
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def problems_of(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """(field, message) per pydantic error; the field is the dotted path without the
    parameter source and the body's name (``record.domains``, ``goal``, ``version``)."""
    out = []
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        if loc and loc[0] in _SOURCES:
            loc = loc[1:]
        if len(loc) > 1 and loc[0] in {"body", "filters"}:
            loc = loc[1:]
        name = ""
        for part in loc:
            if part.isdigit():
                name += f"[{part}]"
            elif "[" not in part and "-" not in part:  # not a union branch's name
                name += f".{part}" if name else part
        out.append({"field": name, "message": str(error.get("msg", "is not valid"))})
    return out


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = problems_of(list(exc.errors))
    detail = "invalid input: " + "; ".join(
        f"{p['field']}: {p['message']}" if p["field"] else p["message"] for p in problems[:20]
    )
    return api.create_response(request, {"detail": detail, "problems": problems}, status=422)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return api.create_response(
        request, {"detail": f"the request body is larger than {limit:,.1f} MB"}, status=413
    )


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """A client's mistake the domain names: its status comes from its type."""
    return api.create_response(request, {"detail": str(exc)}, status=status_of(exc))


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else is a bug: logged with its traceback, answered with a plain 500."""
    if isinstance(exc, Http404 | DjangoPermissionDenied):  # ninja's own handlers
        raise exc
    where = f"{request.method} {request.path}"
    logger.error("internal error in %s", where, exc_info=exc, extra={"status_code": 500})
    return api.create_response(request, {"detail": "internal server error"}, status=500)
