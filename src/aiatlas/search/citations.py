"""Citations of an activity: BibTeX and CSL-JSON, of the record a published edition
published (so that a citation points at something that does not change), else of the
current public record."""

from __future__ import annotations

import re
from typing import Any


def _bibtex_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    return re.sub(r"([{}%$&#_^~])", r"\\\1", text)


def bibtex(record: dict[str, Any], url: str, year: int | None = None) -> str:
    key = re.sub(r"[^A-Za-z0-9]", "", record["id"]) or "activity"
    year = year or (record.get("editions") or [record.get("start_year") or ""])[-1]
    fields = {
        "title": record["title"],
        "author": "{" + record["lead_organization"] + "}",
        "year": str(year),
        "howpublished": "aiatlas: United Nations Activities on AI",
        "url": url,
        "note": f"Activity {record['id']}",
    }
    body = ",\n".join(
        f"  {k} = {{{v if k == 'author' else _bibtex_escape(v)}}}" for k, v in fields.items() if v
    )
    return f"@misc{{{key},\n{body}\n}}\n"


def csl_json(record: dict[str, Any], url: str, year: int | None = None) -> dict[str, Any]:
    year = year or (record.get("editions") or [record.get("start_year")])[-1]
    item: dict[str, Any] = {
        "id": record["id"],
        "type": "webpage",
        "title": record["title"],
        "author": [{"literal": record["lead_organization"]}],
        "container-title": "aiatlas: United Nations Activities on AI",
        "URL": url,
        "abstract": record.get("description", "")[:1000],
    }
    if year:
        item["issued"] = {"date-parts": [[int(year)]]}
    return item


def citable_record(public_id: str, edition: int | None) -> tuple[dict[str, Any], int | None] | None:
    """(record, year of the published edition it comes from, or None for the live record);
    None when the activity is not public or not in the edition asked for."""
    from aiatlas.catalog.models import EditionSnapshot
    from aiatlas.catalog.queries import activity_record, public_activities

    frozen = EditionSnapshot.objects.filter(public_id=public_id, edition__status="published")
    if edition is not None:
        frozen = frozen.filter(edition__year=edition)
    found = frozen.order_by("-edition__year").values_list("record", "edition__year").first()
    if found is not None:
        return found[0], int(found[1])
    if edition is not None or not public_activities().filter(public_id=public_id).exists():
        return None
    record = activity_record(public_id)
    return (record, None) if record is not None else None
