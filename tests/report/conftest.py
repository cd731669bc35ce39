"""A small, hand-counted catalog: edition 2023 (2 activities) and 2024 (4), published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aiatlas.catalog.services.activities import publish_edition
from aiatlas.catalog.services.importing import import_activities
from tests.conftest import make_record, write_jsonl


def _p(org: str, sector: str) -> dict[str, str]:
    return {"organization": org, "sector": sector}


def _g(*codes: str) -> list[dict[str, str]]:
    return [{"code": c, "source": "submitter", "evidence": ""} for c in codes]


SMALL = [
    make_record(
        id="A000001", lead_organization="FAO", editions=[2023, 2024], sdg_goals=_g("2"),
        sdg_targets=[], partners=[_p("Makerere University", "academia")], countries=["KEN"],
        regions=["002"], technologies=["computer_vision"], status="ongoing",
    ),
    make_record(
        id="A000002", lead_organization="WHO", editions=[2023], sdg_goals=_g("3"),
        sdg_targets=[], partners=[], countries=["FRA"], regions=["150"],
        technologies=["nlp"], status="completed",
    ),
    make_record(
        id="A000003", lead_organization="FAO", editions=[2024], sdg_goals=_g("2", "13"),
        sdg_targets=[],
        partners=[_p("Makerere University", "academia"), _p("Example Corp", "private_sector")],
        countries=["UGA", "KEN"], regions=["002"],
        technologies=["remote_sensing", "machine_learning"], status="completed",
        title="Flood mapping from satellites",
    ),
    make_record(
        id="A000004", lead_organization="UNICEF", editions=[2024], sdg_goals=_g("3", "4"),
        sdg_targets=[], partners=[_p("Ministry of Health of Brazil", "government")],
        countries=["BRA"], regions=["019"], technologies=["nlp"], status="planned",
        title="Chatbot for school nurses", contact_public=True,
        contact_name="Public Person", contact_email="public@example.org",
    ),
    make_record(
        id="A000005", lead_organization="ITU", editions=[2024], sdg_goals=[], sdg_targets=[],
        partners=[], countries=[], regions=["001"], technologies=["generative_ai"],
        status="ongoing", title="Standards for generative AI", contact_name="Hidden Person",
        contact_email="hidden@example.org", contact_public=False,
    ),
]  # fmt: skip


def load(tmp_path: Path, records: list[dict[str, Any]], publish: tuple[int, ...]) -> None:
    from aiatlas.catalog.services.demo import load_un_entities

    load_un_entities()
    import_activities(path=write_jsonl(tmp_path / "in.jsonl", records))
    for year in publish:
        publish_edition(year=year)


@pytest.fixture
def small(tmp_path: Path, db: None) -> None:
    load(tmp_path, SMALL, (2023, 2024))
