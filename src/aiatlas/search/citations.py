"""Citations of an activity: BibTeX and CSL-JSON."""

from __future__ import annotations

import re
from typing import Any


def _bibtex_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    return re.sub(r"([{}%$&#_^~])", r"\\\1", text)


def bibtex(record: dict[str, Any], url: str) -> str:
    key = re.sub(r"[^A-Za-z0-9]", "", record["id"]) or "activity"
    year = (record.get("editions") or [record.get("start_year") or ""])[-1]
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


def csl_json(record: dict[str, Any], url: str) -> dict[str, Any]:
    year = (record.get("editions") or [record.get("start_year")])[-1]
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
