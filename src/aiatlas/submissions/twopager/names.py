"""Names, not codes, in aiatlas's own Word template: a record's values as people read them
(country, region, sector, technology and SDG names) and back to the record's codes.

``display_paragraphs`` writes what ``normalise`` reads back to the same value, so a 2-pager
exported from a draft round-trips exactly; codes typed by hand are still understood."""

from __future__ import annotations

import re
from typing import Any

from aiatlas.catalog.io.cells import join_list
from aiatlas.submissions.docx_fields import value_paragraphs
from aiatlas.submissions.twopager import values as v

SECTOR_NAMES = {
    "un_entity": "UN entity",
    "government": "Government",
    "academia": "Academia",
    "private_sector": "Private sector",
    "civil_society": "Civil society",
    "intergovernmental": "Intergovernmental",
    "other": "Other",
}
KIND_NAMES = {
    "project": "Project",
    "initiative": "Initiative",
    "focus_group": "Focus group",
    "tool_or_dataset": "Tool or dataset",
    "publication": "Publication",
    "event_series": "Event series",
}
STATUS_NAMES = {
    "planned": "Planned",
    "ongoing": "Ongoing",
    "completed": "Completed",
    "discontinued": "Discontinued",
}


def goal_name(code: str) -> str:
    from aiatlas.taxonomy.texts import load_texts

    name = load_texts().goal_short.get(str(code), {}).get("en", "")
    return f"{code} – {name}" if name else str(code)


def _tag(tag: dict[str, Any], *, named: bool) -> str:
    code = str(tag.get("code", ""))
    text = goal_name(code) if named else code
    source = tag.get("source") or "submitter"
    evidence = tag.get("evidence") or ""
    if evidence:
        return f"{text} ({source}: {evidence})"
    return f"{text} ({source})" if source != "submitter" else text


def display_paragraphs(key: str, value: Any) -> list[str]:
    """The paragraphs of one field in the Word template, with names for codes."""
    from aiatlas.catalog.choices import TECHNOLOGIES

    try:
        if key == "countries":
            return [join_list([v.country_name(str(c))]) for c in value or []]
        if key == "regions":
            names = v.region_names()
            return [join_list([names.get(str(c), str(c))]) for c in value or []]
        if key == "technologies":
            labels = dict(TECHNOLOGIES)
            return [join_list([labels.get(str(t), str(t))]) for t in value or []]
        if key == "partners":
            out = []
            for partner in value or []:
                sector = SECTOR_NAMES.get(partner.get("sector") or "", partner.get("sector"))
                name = str(partner["organization"])
                out.append(join_list([f"{name} ({sector})" if sector else name]))
            return out
        if key in {"sdg_goals", "sdg_targets"}:
            return [join_list([_tag(t, named=key == "sdg_goals")]) for t in value or []]
        if key == "kind" and value in KIND_NAMES:
            return [KIND_NAMES[value]]
        if key == "status" and value in STATUS_NAMES:
            return [STATUS_NAMES[value]]
        return value_paragraphs(key, value)
    except (KeyError, TypeError, AttributeError, ValueError):  # a value as typed, not as stored
        if isinstance(value, list):
            return [join_list([str(item)]) for item in value]
        return [str(value)]


_QUALIFIER = re.compile(r"^(.*?)(\s*\((?:submitter|classifier|curator)\b.*\))?\s*$", re.DOTALL)


def normalise_paragraphs(key: str, paragraphs: list[str]) -> list[str]:
    """Goal names ("3 – Good health and well-being", "Climate action") turned back into
    numbers before the paragraphs are read as tags."""
    if key != "sdg_goals":
        return paragraphs
    out = []
    for text in paragraphs:
        match = _QUALIFIER.match(text)
        head, qualifier = (match.group(1), match.group(2) or "") if match else (text, "")
        if head.strip() and not head.strip().isdigit():
            goals = v.read_goals(head).value
            if len(goals) == 1:
                head = goals[0]["code"]
        out.append(f"{head}{qualifier}")
    return out


def normalise(key: str, value: Any, *, countries: frozenset[str]) -> Any:
    """A value read from the template with names turned back into codes; what cannot be
    turned is left as written, for the validator to report."""
    if key == "countries" and isinstance(value, list):
        out = []
        for item in value:
            text = str(item).strip()
            if text.upper() in countries:
                out.append(text.upper())
                continue
            out.append(v.country_code(text) or text)
        return out
    if key == "partners" and isinstance(value, list):
        for partner in value:
            sector = partner.get("sector") if isinstance(partner, dict) else None
            if sector and sector not in SECTOR_NAMES:
                partner["sector"] = v.sector_of(str(sector)) or sector
        return value
    if key in {"kind", "status"} and isinstance(value, str) and value.strip():
        names = KIND_NAMES if key == "kind" else STATUS_NAMES
        if value.strip() in names:
            return value.strip()
        reading = v.read_kind(value) if key == "kind" else v.read_status(value)
        return reading.value or value
    if key in {"start_year", "end_year"} and isinstance(value, str) and value.strip():
        if value.strip().isdigit():
            return value
        if key == "start_year":
            reading, _end = v.read_start_year(value)
        else:
            reading = v.read_end_year(value)
        if not reading.problem:
            return "" if reading.value is None else reading.value
    return value
