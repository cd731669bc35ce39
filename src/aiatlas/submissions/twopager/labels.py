"""The field labels entities write in their 2-pagers ("Project Status:", "Related
Sustainable Development Goals (SDGs):", "UN Partners:" …), matched loosely."""

from __future__ import annotations

import re

from aiatlas.submissions.twopager.values import fold, sector_of

#: our key -> the labels that name it (the published report's first)
SYNONYMS: dict[str, list[str]] = {
    "title": [
        "project title",
        "title",
        "project name",
        "name of the project",
        "activity title",
        "activity name",
        "name of activity",
        "initiative",
        "name",
    ],
    "description": [
        "project description",
        "description",
        "summary",
        "brief description",
        "short description",
        "overview",
        "abstract",
        "about",
        "objective",
        "objectives",
        "project summary",
        "description of the project",
    ],
    "output_type": [
        "project type output",
        "project type",
        "type output",
        "output type",
        "type of output",
        "output",
        "outputs",
        "project output",
        "deliverable",
        "deliverables",
        "type",
    ],
    "kind": ["kind", "kind of activity", "type of activity", "activity type", "category"],
    "status": ["project status", "status", "current status", "stage"],
    "start_year": [
        "project start year",
        "start year",
        "start date",
        "start",
        "year started",
        "launch year",
        "launched",
        "year of launch",
        "starting year",
        "since",
    ],
    "end_year": [
        "project end year",
        "end year",
        "end date",
        "end",
        "completion year",
        "expected end",
        "expected end year",
        "completion date",
        "ending year",
    ],
    "_period": [
        "project duration",
        "duration",
        "timeline",
        "timeframe",
        "time frame",
        "period",
        "project period",
        "years",
        "dates",
        "implementation period",
    ],
    "domains": [
        "project domain",
        "domain",
        "domains",
        "thematic area",
        "thematic areas",
        "focus area",
        "focus areas",
        "sector",
        "sectors",
        "theme",
        "themes",
        "field",
    ],
    "sdg_goals": [
        "related sustainable development goals sdgs",
        "related sustainable development goals",
        "sustainable development goals sdgs",
        "sustainable development goals",
        "related sdgs",
        "sdgs",
        "sdg",
        "sdg goals",
        "goals",
        "sdgs addressed",
        "relevant sdgs",
        "sdg alignment",
    ],
    "sdg_targets": ["sdg targets", "targets", "related sdg targets", "related targets"],
    "partners": [
        "partnership collaborator",
        "partnerships collaborators",
        "partnership",
        "partnerships",
        "partners",
        "partner",
        "collaborators",
        "collaborator",
        "partner organizations",
        "partner organisations",
        "implementing partners",
        "partners and collaborators",
    ],
    "links": [
        "links",
        "link",
        "website",
        "websites",
        "url",
        "urls",
        "more information",
        "web page",
        "webpage",
        "project website",
        "resources",
        "further information",
    ],
    "countries": [
        "countries",
        "country",
        "geographic scope",
        "geographical scope",
        "geographic coverage",
        "geographical coverage",
        "location",
        "locations",
        "country region",
        "countries regions",
        "beneficiary countries",
        "countries of implementation",
        "where",
        "coverage",
        "scope",
    ],
    "regions": ["region", "regions"],
    "technologies": [
        "technology",
        "technologies",
        "ai technology",
        "ai technologies",
        "technology used",
        "technologies used",
        "type of ai",
        "ai techniques",
        "ai methods",
        "ai approach",
        "ai type",
    ],
    "lead_organization": [
        "lead entity",
        "lead organization",
        "lead organisation",
        "lead agency",
        "lead un entity",
        "entity",
        "organization",
        "organisation",
        "un entity",
        "lead",
    ],
    "co_leads": [
        "co leads",
        "co lead",
        "co lead entities",
        "co leading entities",
        "co lead entity",
        "co leading entity",
        "joint lead",
    ],
    "contact_name": [
        "contact",
        "contact person",
        "contact name",
        "focal point",
        "contact point",
        "contact details",
        "contact information",
    ],
    "contact_email": ["email", "e mail", "contact email", "contact e mail", "email address"],
    "contact_public": ["contact may be shown publicly", "public contact", "show contact"],
    "editions": ["editions", "edition", "reporting year", "reporting years"],
    "id": ["activity id", "id", "aiatlas id"],
}
_BY_LABEL: dict[str, str] = {}
for _key, _labels in SYNONYMS.items():
    for _label in _labels:
        _BY_LABEL.setdefault(fold(_label), _key)
        _BY_LABEL.setdefault(fold(f"project {_label}"), _key)

_PLURAL = re.compile(r"\(s\)|\(es\)|\(ies\)", re.IGNORECASE)
_BULLET = re.compile(
    r"^\s*(?:[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2219\-\u2013\u2014*·o➢►•]\s+)+"
)
_LABEL_LINE = re.compile(r"^\s*([^:：\n]{1,80}?)\s*[:：]\s*(.*)$", re.DOTALL)


def strip_bullet(text: str) -> str:
    """A paragraph without the bullet characters typed in front of it ("• ", "- ", "o ")."""
    return _BULLET.sub("", text).strip()


def label_key(label: str) -> str | None:
    """Our key for a field label ("Project Start Year", "Partnership(s)/Collaborator(s)"),
    "partners:<sector>" for a partner sub-label ("UN Partners", "Private Sector"), else
    None."""
    name = fold(_PLURAL.sub("", label.replace("*", "")))
    if not name:
        return None
    key = _BY_LABEL.get(name)
    if key:
        return key
    sector = sector_of(name)
    if sector and name not in {"un entity"}:
        return f"partners:{sector}"
    return None


def split_label(text: str) -> tuple[str, str] | None:
    """(key, value) of a line "Label: value" whose label is a known field, else None."""
    match = _LABEL_LINE.match(text)
    if not match or match.group(1).lower().startswith(("http", "www")):
        return None
    key = label_key(match.group(1))
    return (key, match.group(2).strip()) if key else None
