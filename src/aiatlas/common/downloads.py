"""Files the pages and the API hand out for saving (exports, documents): one response
with the name the browser saves them under."""

from __future__ import annotations

from django.http import HttpResponse

#: the content types of the exchange files
JSONL = "application/x-ndjson; charset=utf-8"
CSV = "text/csv; charset=utf-8"


def attachment(body: str | bytes, filename: str, content_type: str) -> HttpResponse:
    """``body`` as a file the browser saves as ``filename`` (``Content-Disposition:
    attachment``)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
