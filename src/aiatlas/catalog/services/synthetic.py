"""Synthetic activities for scale tests: plausible shapes, deterministic for a seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from aiatlas.catalog.choices import TECHNOLOGIES, ActivityKind, ActivityStatus, OrganizationKind

_LEADS = [
    "ITU",
    "UNESCO",
    "WHO",
    "FAO",
    "UNDP",
    "UNEP",
    "UNICEF",
    "UNHCR",
    "WFP",
    "ILO",
    "WMO",
    "WIPO",
    "UNIDO",
    "UNFPA",
    "UN-Habitat",
    "UNOPS",
    "UNCTAD",
    "UNODC",
    "UNU",
    "IOM",
    "OCHA",
    "UNITAR",
    "ESCAP",
    "ECA",
    "ECLAC",
    "UPU",
    "IFAD",
    "IAEA",
    "ICAO",
    "IMO",
]
_ADJ = [
    "Open",
    "Adaptive",
    "Inclusive",
    "Predictive",
    "Responsible",
    "Smart",
    "Regional",
    "Community",
    "Digital",
    "Resilient",
    "Multilingual",
    "Low-cost",
    "Federated",
]
_TOPIC = [
    "crop monitoring",
    "flood forecasting",
    "maternal health triage",
    "literacy tutoring",
    "supply chain mapping",
    "air quality sensing",
    "land-use mapping",
    "fraud detection",
    "job matching",
    "disaster response",
    "water leak detection",
    "energy demand forecasting",
    "fisheries surveillance",
    "refugee registration",
    "road safety analytics",
    "hate speech monitoring",
    "census modelling",
    "malaria prediction",
    "urban mobility",
]
_NOUN = [
    "platform",
    "toolkit",
    "pilot",
    "programme",
    "observatory",
    "assistant",
    "network",
    "dataset",
    "lab",
    "initiative",
]
_PARTNERS = [
    (f"{kind.label} partner {i}", kind.value)
    for kind in OrganizationKind
    for i in range(1, 41)
    if kind != OrganizationKind.UN_ENTITY
]
_COUNTRIES = [
    "KEN",
    "BRA",
    "IND",
    "FRA",
    "USA",
    "CHN",
    "NGA",
    "EGY",
    "IDN",
    "MEX",
    "DEU",
    "ZAF",
    "PER",
    "VNM",
    "FJI",
    "AUS",
    "CAN",
    "JOR",
    "UKR",
    "BGD",
    "ETH",
    "COL",
]
_REGIONS = ["001", "002", "019", "142", "150", "009"]
_TARGETS = {g: [f"{g}.{i}" for i in range(1, 4)] for g in range(1, 18)}


def synthetic_records(count: int, *, seed: int = 1) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    techs = [k for k, _ in TECHNOLOGIES]
    for n in range(1, count + 1):
        goals = sorted(rng.sample(range(1, 18), rng.randint(1, 3)))
        start = rng.randint(2016, 2024)
        yield {
            "id": "",
            "kind": rng.choice(ActivityKind.values),
            "title": f"{rng.choice(_ADJ)} {rng.choice(_TOPIC)} {rng.choice(_NOUN)} #{n}",
            "description": (
                f"Synthetic activity {n} for scale tests. It applies AI to "
                f"{rng.choice(_TOPIC)} and {rng.choice(_TOPIC)} with local partners."
            ),
            "output_type": rng.choice(["Platform", "Dataset", "Model", "Report", "Training"]),
            "status": rng.choice(ActivityStatus.values),
            "start_year": start,
            "end_year": rng.choice([None, start + rng.randint(0, 4)]),
            "domains": rng.sample(
                [
                    "health",
                    "agriculture",
                    "climate",
                    "education",
                    "energy",
                    "finance",
                    "migration",
                    "statistics",
                ],
                2,
            ),
            "lead_organization": rng.choice(_LEADS),
            "co_leads": [],
            "partners": [
                {"organization": name, "sector": sector}
                for name, sector in rng.sample(_PARTNERS, rng.randint(0, 3))
            ],
            "countries": sorted(rng.sample(_COUNTRIES, rng.randint(0, 3))),
            "regions": [rng.choice(_REGIONS)],
            "technologies": sorted(rng.sample(techs, rng.randint(1, 2)), key=techs.index),
            "sdg_goals": [{"code": str(g), "source": "submitter", "evidence": ""} for g in goals],
            "sdg_targets": [
                {"code": rng.choice(_TARGETS[goals[0]]), "source": "submitter", "evidence": ""}
            ],
            "links": [{"url": f"https://example.org/activity/{n}", "label": "Project page"}],
            "contact_name": "",
            "contact_email": "",
            "contact_public": False,
            "editions": sorted(rng.sample([2022, 2023, 2024], rng.randint(1, 2))),
        }
