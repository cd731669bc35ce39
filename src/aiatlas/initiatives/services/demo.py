# ruff: noqa: E501  (the illustrative records read best one per line)
"""The illustrative focus groups, initiatives and a challenge of the demo.

The groups' names, partner organizations and the months they were established are public
facts from ITU's pages; the day of the month, the people, the deliverables' titles and
the meeting figures are made up for the demo, and every record is marked ``illustrative``
so that its pages say so."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction

from aiatlas.catalog.models import Activity, Organization
from aiatlas.initiatives.models import Challenge, Group
from aiatlas.initiatives.services.exchange import import_jsonl

PARTNERS = {
    "ITU": "International Telecommunication Union",
    "WHO": "World Health Organization",
    "WMO": "World Meteorological Organization",
    "UNEP": "United Nations Environment Programme",
    "FAO": "Food and Agriculture Organization of the United Nations",
    "WIPO": "World Intellectual Property Organization",
    "UNECE": "United Nations Economic Commission for Europe",
}


def _group(acronym: str, name: str, kind: str, parent: str, partners: list[str],
           established: str, summary: str, **extra: Any) -> dict[str, Any]:  # fmt: skip
    record: dict[str, Any] = {
        "type": "group", "acronym": acronym, "name": name, "kind": kind, "status": "active",
        "parent": parent, "summary": summary, "mandate": "", "participation": "open",
        "partners": partners, "predecessor": None, "activities": [], "sdg_targets": [],
        "website": "", "contact_email": "", "contact_public": False, "illustrative": True,
        "milestones": [{"kind": "established", "date": established, "decision": parent, "link": ""}],
        "subgroups": [], "leaders": [], "deliverables": [], "meetings": [],
    }  # fmt: skip
    record.update(extra)
    return record


def _deliverable(code: str, title: str, kind: str, status: str, approved: str | None,
                 sdgs: list[str], sub: str | None = None, became: str = "") -> dict[str, Any]:  # fmt: skip
    return {"code": code, "title": title, "kind": kind, "subgroup": sub, "status": status,
            "approved_on": approved, "became": became, "summary": "", "link": "",
            "sdg_targets": sdgs}  # fmt: skip


def _meeting(n: int, starts: str, ends: str, city: str, host: str, participants: int,
             countries: int, online: bool = False) -> dict[str, Any]:  # fmt: skip
    return {"number": n, "starts_on": starts, "ends_on": ends, "host": host, "city": city,
            "online": online, "participants": participants, "countries": countries,
            "programme_event": "", "documents": [
                {"code": f"M{n}-01", "title": "Meeting report (illustrative)",
                 "url": "https://example.org/illustrative/report.pdf", "public": True},
                {"code": f"M{n}-02", "title": "Input contribution (illustrative, restricted)",
                 "url": "https://example.org/illustrative/restricted.docx", "public": False},
            ]}  # fmt: skip


def records() -> list[dict[str, Any]]:
    wg = [{"code": "WG1", "name": "Data and benchmarking", "kind": "working"},
          {"code": "WG2", "name": "Regulatory considerations", "kind": "working"}]  # fmt: skip
    people = [
        {"role": "chair", "name": "Dr A. Example (illustrative)", "affiliation": "Illustrative University",
         "subgroup": None, "starts_on": None, "ends_on": None},
        {"role": "wg_lead", "name": "B. Sample (illustrative)", "affiliation": "Illustrative Institute",
         "subgroup": "WG1", "starts_on": None, "ends_on": None},
    ]  # fmt: skip
    return [
        _group(
            "FG-AI4H", "ITU-T Focus Group on Artificial Intelligence for Health", "focus_group",
            "ITU-T Study Group 16", ["ITU", "WHO"], "2018-07-20",
            "Benchmarking framework for AI in health, with WHO; its work passed to GI-AI4H.",
            status="closed", sdg_targets=["3.8", "3.d"], subgroups=wg, leaders=people,
            milestones=[
                {"kind": "established", "date": "2018-07-20", "decision": "ITU-T Study Group 16", "link": ""},
                {"kind": "closed", "date": "2023-09-30", "decision": "work passed to the Global Initiative on AI for Health", "link": ""},
            ],
            deliverables=[
                _deliverable("D.WG1-01", "Benchmarking data sets for health AI (illustrative)", "technical_report", "approved", "2021-06-10", ["3.8"], "WG1"),
                _deliverable("D.WG2-01", "Regulatory checklist for health AI (illustrative)", "guideline", "transferred", "2022-12-15", ["3.d"], "WG2", "ITU-T supplement (illustrative)"),
                _deliverable("D.00", "Glossary of health AI terms (illustrative)", "glossary", "approved", "2020-05-01", []),
            ],
            meetings=[
                _meeting(1, "2018-09-25", "2018-09-27", "Geneva", "ITU", 120, 30),
                _meeting(2, "2018-11-14", "2018-11-16", "New York", "illustrative host", 90, 25),
                _meeting(20, "2023-05-02", "2023-05-04", "", "online", 150, 45, True),
            ],
        ),
        _group(
            "GI-AI4H", "Global Initiative on AI for Health", "global_initiative", "", ["ITU", "WHO", "WIPO"],
            "2023-07-06", "Continues FG-AI4H's work on standards and evaluation of AI for health.",
            predecessor="FG-AI4H", sdg_targets=["3.8"],
        ),
        _group(
            "FG-AI4NDM", "ITU-T Focus Group on AI for Natural Disaster Management", "focus_group",
            "ITU-T Telecommunication Standardization Advisory Group", ["ITU", "WMO", "UNEP"], "2020-12-15",
            "Data collection, modelling and communication for disaster management with AI.",
            status="closed", sdg_targets=["11.5", "13.1"],
            deliverables=[_deliverable("D.DM-01", "Data collection and handling for disaster AI (illustrative)", "technical_report", "approved", "2023-03-01", ["13.1"])],
            meetings=[_meeting(1, "2021-03-15", "2021-03-17", "", "online", 200, 50, True)],
        ),
        _group(
            "FG-AI4A", "ITU-T Focus Group on AI and IoT for Digital Agriculture", "focus_group",
            "ITU-T Study Group 20", ["ITU", "FAO"], "2021-07-09",
            "AI and the Internet of Things for data-driven agriculture, with FAO.",
            status="closed", sdg_targets=["2.4"],
            deliverables=[_deliverable("D.A-01", "Use cases of AI in digital agriculture (illustrative)", "technical_report", "approved", "2023-06-30", ["2.4"])],
        ),
        _group(
            "FG-AI4AD", "ITU-T Focus Group on AI for Autonomous and Assisted Driving", "focus_group",
            "ITU-T Telecommunication Standardization Advisory Group", ["ITU", "UNECE"], "2019-10-01",
            "Behavioural evaluation of automated driving software.", status="closed", sdg_targets=["3.6"],
        ),
        _group(
            "FG-AI4EE", "ITU-T Focus Group on Environmental Efficiency for AI and other Emerging Technologies",
            "focus_group", "ITU-T Study Group 5", ["ITU", "UNEP"], "2019-05-01",
            "Environmental requirements of AI and emerging technologies.", status="closed", sdg_targets=["13.2"],
        ),
        _group(
            "AI4RS", "AI for Road Safety", "initiative", "", ["ITU"], "2021-10-06",
            "Launched with the UN Secretary-General's Special Envoy for Road Safety and the Envoy on Technology.",
            sdg_targets=["3.6", "11.2"],
        ),
        {
            "type": "challenge", "slug": "ai-ml-5g-demo", "title": "AI/ML in 5G Challenge (illustrative)",
            "year": 2024, "group": None, "illustrative": True,
            "summary": "An illustrative challenge: problem statements from industry and academia, "
                       "regional rounds, then a global round and a final.",
            "judges": ["Judge One (illustrative)", "Judge Two (illustrative)"],
            "problems": [
                {"code": "PS-01", "title": "Network traffic prediction (illustrative)", "owner": "Illustrative operator",
                 "track": "Networks", "datasets": [{"name": "Traffic traces", "provider": "Illustrative operator", "licence": "CC-BY-4.0"}],
                 "criteria": "Mean absolute error on the hidden test set", "standard": "ITU-T Y.3172"},
                {"code": "PS-02", "title": "Radio fault localisation (illustrative)", "owner": "Illustrative university",
                 "track": "Radio", "datasets": [], "criteria": "F1 score", "standard": ""},
            ],
            "teams": [
                {"name": "Team Alpha", "category": "student", "countries": ["KEN", "UGA"], "members": ["A. One", "B. Two"]},
                {"name": "Team Beta", "category": "professional", "countries": ["BRA"], "members": ["C. Three"]},
                {"name": "Team Gamma", "category": "mixed", "countries": ["IND", "FRA"], "members": ["D. Four", "E. Five"]},
                {"name": "Team Delta", "category": "student", "countries": ["CHN"], "members": ["F. Six"]},
            ],
            "rounds": [
                {"name": "Regional round", "level": "regional", "starts_on": "2024-03-01", "ends_on": "2024-06-30",
                 "entries": [
                     {"team": "Team Alpha", "problem": "PS-01", "repository": "https://example.org/alpha", "score": "0.912"},
                     {"team": "Team Beta", "problem": "PS-01", "repository": "https://example.org/beta", "score": "0.874"},
                     {"team": "Team Gamma", "problem": "PS-02", "repository": "https://example.org/gamma", "score": "0.874"},
                     {"team": "Team Delta", "problem": "PS-02", "repository": "", "score": None},
                 ]},
                {"name": "Global round", "level": "global", "starts_on": "2024-07-15", "ends_on": "2024-10-31",
                 "entries": [
                     {"team": "Team Alpha", "problem": "PS-01", "repository": "https://example.org/alpha", "score": "0.935"},
                     {"team": "Team Gamma", "problem": "PS-02", "repository": "https://example.org/gamma", "score": "0.901"},
                 ]},
            ],
            "prizes": [{"name": "First prize", "winner": "Team Alpha"}, {"name": "Best student team", "winner": "Team Alpha"}],
        },
    ]  # fmt: skip


@transaction.atomic
def load_initiatives_demo() -> dict[str, int]:
    """Replace the illustrative records with fresh ones (real records stay)."""
    for acronym, name in PARTNERS.items():
        if not Organization.objects.filter(acronym=acronym).exists():
            Organization.objects.create(acronym=acronym, name=name, kind="un_entity")
    Group.objects.filter(illustrative=True).delete()
    Challenge.objects.filter(illustrative=True).delete()
    data = records()
    # link the health groups to the catalog's health activities, if the demo catalog has some
    health = list(
        Activity.objects.filter(title__icontains="health").values_list("public_id", flat=True)[:3]
    )
    data[0]["activities"] = sorted(health)
    result = import_jsonl("".join(json.dumps(r) + "\n" for r in data))
    return {"groups": result.groups, "challenges": result.challenges}
