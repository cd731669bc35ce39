# ruff: noqa: E501  (the illustrative records read best one per line)
"""The illustrative governance records of the demo: twenty instruments, five national
policies and assessments of up to ten public activities, all marked ``illustrative``.

Instrument titles, issuing bodies and the years are public facts; the summaries, the
mappings, the day of the month of dates, the status histories, the policies' details and
every assessment are made up for the demo and say so."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from aiatlas.catalog.models import Country
from aiatlas.catalog.queries import public_activities
from aiatlas.governance import questionnaire
from aiatlas.governance.models import ActionItem, Assessment, Instrument, NationalPolicy
from aiatlas.governance.services.exchange import import_jsonl

ALL = ["do_no_harm", "purpose", "safety_security", "fairness", "sustainability", "privacy",
       "human_oversight", "transparency", "accountability", "inclusion"]  # fmt: skip


def _i(slug: str, title: str, kind: str, body: str, principles: list[str], areas: list[str],
       functions: list[str], steps: list[tuple[str, str, str]], status: str = "adopted",
       binding: bool = False, history: list[tuple[str, str, str]] | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "type": "instrument", "slug": slug, "title": title, "kind": kind, "issuing_body": body,
        "binding": binding, "summary": "Illustrative record: summary and mappings made up for the demo.",
        "status": status, "principles": principles, "focus_areas": areas, "functions": functions,
        "lifecycle_stages": ["design", "development", "deployment", "operation"], "links": [],
        "activities": [], "groups": [], "illustrative": True,
        "steps": [{"body": b, "action": a, "date": d, "link": ""} for b, a, d in steps],
        "history": [{"date": d, "status": s, "note": n} for d, s, n in (history or [])],
    }  # fmt: skip


HLAB = [
    ("hlab-1-scientific-panel", "HLAB recommendation 1: an international scientific panel on AI", ["scientific_assessment"]),
    ("hlab-2-policy-dialogue", "HLAB recommendation 2: a policy dialogue on AI governance", ["norms_interoperability"]),
    ("hlab-3-standards-exchange", "HLAB recommendation 3: an AI standards exchange", ["standards_risk"]),
    ("hlab-4-capacity-network", "HLAB recommendation 4: a capacity development network", ["capacity"]),
    ("hlab-5-global-fund", "HLAB recommendation 5: a global fund for AI", ["capacity", "cooperation_benefit"]),
    ("hlab-6-data-framework", "HLAB recommendation 6: a global AI data framework", ["capacity", "norms_interoperability"]),
    ("hlab-7-ai-office", "HLAB recommendation 7: an AI office within the Secretariat", ["norms_interoperability", "accountability_compliance"]),
]  # fmt: skip

GDC = [
    ("gdc-ai-scientific-panel", "GDC commitment: an independent international scientific panel on AI", ["scientific_assessment"]),
    ("gdc-ai-global-dialogue", "GDC commitment: a global dialogue on AI governance", ["norms_interoperability"]),
    ("gdc-ai-capacity", "GDC commitment: AI capacity building for developing countries", ["capacity"]),
]  # fmt: skip


def instrument_records() -> list[dict[str, Any]]:
    out = [
        _i("un-principles-ethical-ai", "Principles for the Ethical Use of Artificial Intelligence in the United Nations System", "principles", "UN System Chief Executives Board for Coordination (CEB)", ALL, ["instruments"], ["norms_interoperability"], [("HLCP", "approved", "2022-09-05"), ("CEB", "endorsed", "2022-09-20")]),
        _i("un-white-paper-ai-governance", "United Nations System White Paper on AI Governance", "report", "UN System Chief Executives Board for Coordination (CEB)", ["accountability", "inclusion"], ["instruments", "functions", "structures"], ["norms_interoperability", "monitoring"], [("HLCP", "approved", "2024-03-04"), ("CEB", "endorsed", "2024-04-10")]),
        _i("unesco-recommendation-ethics-ai", "UNESCO Recommendation on the Ethics of Artificial Intelligence", "recommendation", "UNESCO General Conference", ALL, ["instruments"], ["norms_interoperability", "capacity"], [("UNESCO General Conference", "adopted", "2021-11-23")]),
        _i("unesco-eia", "UNESCO Ethical Impact Assessment", "tool", "UNESCO", ALL, ["instruments"], ["standards_risk"], [("UNESCO", "published", "2023-08-29")]),
        _i("ga-res-78-265", "General Assembly resolution 78/265 on safe, secure and trustworthy AI", "resolution", "UN General Assembly", ["safety_security", "privacy", "inclusion"], ["instruments", "structures"], ["norms_interoperability", "capacity"], [("UN General Assembly", "adopted", "2024-03-21")]),
        _i("ga-res-78-311", "General Assembly resolution 78/311 on capacity-building of AI", "resolution", "UN General Assembly", ["inclusion", "sustainability"], ["instruments"], ["capacity"], [("UN General Assembly", "adopted", "2024-07-01")]),
        _i("who-ethics-ai-health", "WHO guidance: Ethics and governance of artificial intelligence for health", "guidance", "World Health Organization", ["do_no_harm", "human_oversight", "transparency", "accountability", "inclusion", "privacy"], ["instruments"], ["standards_risk"], [("WHO", "published", "2021-06-28")]),
        _i("itu-aiforgood-standards", "ITU-T Recommendations on AI for networks (illustrative selection)", "standard", "ITU-T", ["safety_security", "transparency"], ["instruments", "structures"], ["standards_risk"], [("ITU-T Study Group 13", "approved", "2023-07-14")]),
        _i("unicef-policy-guidance-children", "UNICEF Policy guidance on AI for children", "guidance", "UNICEF", ["do_no_harm", "fairness", "privacy", "inclusion"], ["instruments"], ["norms_interoperability"], [("UNICEF", "published", "2021-11-18")]),
        _i("ohchr-b-tech", "OHCHR B-Tech guidance on business and human rights in technology", "guidance", "OHCHR", ["do_no_harm", "accountability"], ["instruments", "structures"], ["accountability_compliance"], [("OHCHR", "published", "2023-06-01")]),
    ]  # fmt: skip
    for slug, title, functions in HLAB:
        out.append(
            _i(
                slug,
                title,
                "report",
                "High-level Advisory Body on Artificial Intelligence",
                ["inclusion", "accountability"],
                ["functions", "structures"],
                functions,
                [("HLAB", "recommended", "2024-09-19")],
                status="in_progress",
                history=[
                    (
                        "2024-09-19",
                        "proposed",
                        "in the final report, Governing AI for Humanity (illustrative date)",
                    ),
                    ("2025-03-15", "in_progress", "illustrative status for the demo"),
                ],
            )
        )
    for slug, title, functions in GDC:
        out.append(
            _i(
                slug,
                title,
                "commitment",
                "UN General Assembly (Global Digital Compact)",
                ["inclusion", "accountability"],
                ["functions", "structures"],
                functions,
                [("UN General Assembly", "adopted with the Pact for the Future", "2024-09-22")],
                status="in_progress",
                history=[
                    ("2024-09-22", "adopted", "Global Digital Compact"),
                    ("2025-08-26", "in_progress", "illustrative status for the demo"),
                ],
            )
        )
    return out  # fmt: skip


def policy_records() -> list[dict[str, Any]]:
    def p(ref: str, country: str, name: str, kind: str, start: int, groups: list[str], orgs: list[str], budget: str, evaluated: bool) -> dict[str, Any]:  # fmt: skip
        return {"type": "policy", "ref": ref, "country": country, "name": name, "initiative_type": kind,
                "description": "Illustrative record made up for the demo.", "target_groups": groups,
                "responsible_organisations": orgs, "policy_instruments": ["Illustrative instrument"],
                "start_year": start, "end_year": None, "budget_band": budget, "evaluated": evaluated,
                "url": "", "illustrative": True}  # fmt: skip

    return [
        p("demo-ken-strategy", "KEN", "National AI strategy (illustrative)", "strategy", 2024, ["Government", "Researchers"], ["Ministry of ICT (illustrative)"], "5M-20M", False),
        p("demo-bra-plan", "BRA", "AI plan for public services (illustrative)", "strategy", 2024, ["Public sector"], ["Ministry of Science (illustrative)"], "100M-500M", False),
        p("demo-fra-ethics", "FRA", "AI ethics guidance for the public sector (illustrative)", "guidance", 2023, ["Public sector"], ["Digital agency (illustrative)"], "", True),
        p("demo-ind-compute", "IND", "Shared compute for AI research (illustrative)", "infrastructure", 2024, ["Researchers", "Start-ups"], ["Ministry of Electronics (illustrative)"], ">500M", False),
        p("demo-jor-skills", "JOR", "AI skills for youth (illustrative)", "skills", 2022, ["Students", "Youth"], ["Ministry of Digital Economy (illustrative)"], "1M-5M", True),
    ]  # fmt: skip


def _answers(q: questionnaire.Questionnaire, n: int) -> dict[str, Any]:
    """A varied, complete set of answers (the n-th demo activity)."""
    answers: dict[str, Any] = {
        "scope.purpose": "Illustrative purpose for the demo.",
        "scope.context": "Illustrative context of use.",
        "scope.groups": "Illustrative affected groups.",
        "scope.data": "Illustrative data sources.",
        "scope.sourcing": ["in_house", "procured", "partner", "mixed"][n % 4],
        "scope.stage": ["development", "deployment", "operation"][n % 3],
        "triage.decisions": "yes" if n % 2 else "no",
        "triage.personal": "yes" if n % 3 else "no",
        "triage.public": "yes",
    }
    for s in q.sections:
        for i, x in enumerate(s.questions):
            pick = (n + i + s.number) % 3
            if x.kind == "yes_no":
                answers[x.id] = "no" if pick == 0 else "yes"
            elif x.kind == "scale":
                answers[x.id] = x.min + (n + s.number) % (x.max - x.min + 1)
            elif x.kind == "choice":
                answers[x.id] = x.options[pick % len(x.options)][0]
            elif x.kind == "evidence" and pick:
                answers[x.id] = {
                    "text": "Illustrative evidence.",
                    "links": ["https://example.org/illustrative/evidence"],
                }
    return answers  # fmt: skip


MEASURES = [
    ("fairness", "Test performance per language and region before each release"),
    ("transparency", "Publish a model card"),
    ("privacy", "Complete a data-protection impact assessment"),
    ("human_oversight", "Train staff who review the outputs"),
    ("accountability", "Name an accountable unit"),
]  # fmt: skip


@transaction.atomic
def load_governance_demo() -> dict[str, int]:
    """Replace the illustrative records with fresh ones."""
    Instrument.objects.filter(illustrative=True).delete()
    NationalPolicy.objects.filter(illustrative=True).delete()
    Assessment.objects.filter(illustrative=True).delete()
    known = set(Country.objects.values_list("alpha3", flat=True))
    import json

    records = instrument_records() + [r for r in policy_records() if r["country"] in known]
    import_jsonl("".join(json.dumps(r) + "\n" for r in records))
    q = questionnaire.current()
    activities = list(public_activities().order_by("public_id")[:10])
    now = timezone.now()
    for n, activity in enumerate(activities):
        answers = _answers(q, n)
        # the entity publishes the scoping purpose and every other section's answers
        published = [
            k
            for k in answers
            if k == "scope.purpose"
            or (not k.startswith(("scope.", "triage.")) and (n + len(k)) % 2 == 0)
        ]
        signed = n < 8
        when = now - timedelta(days=30 - n)
        a = Assessment.objects.create(
            activity=activity, questionnaire_version=q.version, stage=answers["scope.stage"],
            state="signed_off" if signed else ("submitted" if n == 8 else "draft"),
            answers=answers, published=sorted(published), created_at=when, updated_at=when,
            submitted_at=when if n < 9 else None, signed_off_at=when if signed else None,
            illustrative=True,
        )  # fmt: skip
        for k, (principle, measure) in enumerate(MEASURES[: 1 + n % len(MEASURES)]):
            ActionItem.objects.create(
                assessment=a, principle=principle, measure=measure, owner="Illustrative owner",
                due_on=(when + timedelta(days=90 + 30 * k)).date(), public=k % 2 == 0,
            )  # fmt: skip
    return {
        "instruments": Instrument.objects.filter(illustrative=True).count(),
        "national policies": NationalPolicy.objects.filter(illustrative=True).count(),
        "assessments": len(activities),
    }
