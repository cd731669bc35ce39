"""The error body every API operation answers with (documented in the OpenAPI schema)."""

from __future__ import annotations

from ninja import Schema


class ProblemOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every 4xx answer: ``detail`` says what is wrong; ``problems`` names each field (422);
    a 409 conflict also carries the current ``version`` and ``record``."""

    detail: str
    problems: list[ProblemOut] | None = None
    version: int | None = None
    record: dict[str, object] | None = None
    duplicates: list[dict[str, object]] | None = None
