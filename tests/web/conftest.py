"""Fixtures of the web tests: a small catalog built through the real import, or the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_record, write_jsonl


def import_records(tmp_path: Path, records: list[dict[str, Any]]) -> None:
    from aiatlas.catalog.services.importing import import_activities

    import_activities(path=write_jsonl(tmp_path / "web.jsonl", records))


@pytest.fixture
def catalog(db: None, tmp_path: Path) -> list[dict[str, Any]]:
    """Three activities in editions 2023 and 2024 (2024 published; 2023 open but released,
    so that its activities are public), one with a hostile title and description, one with
    a public contact."""
    from datetime import timedelta

    from django.utils import timezone

    from aiatlas.catalog.models import Edition
    from aiatlas.catalog.services.activities import publish_edition

    records = [
        make_record(
            id="A000001",
            title="Flood forecasting with satellite images",
            description="Early **warning** of floods.\n\n# Heading\n\n[site](https://example.org/x)",
            lead_organization="WMO",
            sdg_goals=[{"code": "13", "source": "submitter", "evidence": ""}],
            sdg_targets=[{"code": "13.1", "source": "submitter", "evidence": ""}],
            editions=[2023, 2024],
            contact_public=True,
            contact_name="Public Person",
            contact_email="public@example.org",
        ),
        make_record(
            id="A000002",
            title="<script>alert('title')</script> Crop advice",
            description=(
                "<script>alert('desc')</script> <img src=x onerror=alert(1)> "
                "[click](javascript:alert(2))"
            ),
            lead_organization="FAO",
            editions=[2024],
            contact_name="Hidden Person",
            contact_email="hidden@example.org",
            contact_public=False,
        ),
        make_record(
            id="A000003",
            title="Health chatbot",
            lead_organization="WHO",
            partners=[{"organization": "Example Corp", "sector": "private_sector"}],
            sdg_goals=[{"code": "3", "source": "curator", "evidence": ""}],
            sdg_targets=[{"code": "3.8", "source": "curator", "evidence": ""}],
            editions=[2023],
        ),
    ]
    import_records(tmp_path, records)
    Edition.objects.filter(year=2023).update(release_at=timezone.now() - timedelta(days=1))
    publish_edition(year=2024)
    return records


@pytest.fixture
def demo(db: None) -> None:
    from aiatlas.catalog.services.demo import load_demo

    load_demo()


# --- a small published catalog: editions 2023 and 2024 published, 2025 open --------------

PUBLISHED_YEARS = (2023, 2024)


def _g(*tags: str) -> list[dict[str, str]]:
    """SDG tags as "code:source" (source submitter when left out)."""
    out = []
    for tag in tags:
        code, _, source = tag.partition(":")
        out.append({"code": code, "source": source or "submitter", "evidence": ""})
    return out


PUBLISHED = [
    make_record(
        id="A000001", lead_organization="FAO", co_leads=["WFP"], editions=[2023, 2024],
        sdg_goals=_g("2", "9:classifier"), sdg_targets=[],
        partners=[{"organization": "Makerere University", "sector": "academia"}],
        countries=["KEN"], regions=["002"], technologies=["computer_vision"], status="ongoing",
        title="Crop disease detection",
    ),
    make_record(
        id="A000002", lead_organization="WHO", editions=[2023], sdg_goals=_g("3:curator"),
        sdg_targets=[], partners=[], countries=["FRA"], regions=["150"], technologies=["nlp"],
        status="completed", title="Health records in plain language",
    ),
    make_record(
        id="A000003", lead_organization="FAO", editions=[2024], sdg_goals=_g("2", "13", "9"),
        sdg_targets=[{"code": "13.1", "source": "submitter", "evidence": ""}],
        partners=[
            {"organization": "Makerere University", "sector": "academia"},
            {"organization": "Example Corp", "sector": "private_sector"},
        ],
        countries=["UGA", "KEN"], regions=["002"],
        technologies=["remote_sensing", "machine_learning"], status="completed",
        title="Flood mapping from satellites", kind="initiative",
    ),
    make_record(
        id="A000004", lead_organization="UNICEF", editions=[2024],
        sdg_goals=_g("3", "4", "9:classifier"), sdg_targets=[],
        partners=[{"organization": "Ministry of Health of Brazil", "sector": "government"}],
        countries=["BRA"], regions=["019"], technologies=["nlp"], status="planned",
        title="Chatbot for school nurses", contact_public=True,
        contact_name="Public Person", contact_email="public@example.org",
    ),
    make_record(
        id="A000005", lead_organization="ITU", editions=[2024], sdg_goals=[], sdg_targets=[],
        partners=[], countries=[], regions=["001"], technologies=["generative_ai"],
        status="ongoing", title="Standards for generative AI", contact_public=False,
    ),
    make_record(
        id="A000006", lead_organization="WHO", editions=[2024, 2025],
        sdg_goals=_g("3", "9:classifier", "9:curator"), sdg_targets=[], partners=[],
        countries=["SEN"], regions=["002"], technologies=["speech"], status="ongoing",
        title="Voice triage in Wolof",
    ),
]  # fmt: skip


@pytest.fixture
def published(db: None, tmp_path: Path) -> None:
    """Editions 2023 and 2024 published (from ``PUBLISHED``), 2025 open with one carried
    forward activity; classifier suggestions and curator tags mixed in."""
    from aiatlas.catalog.models import Edition
    from aiatlas.catalog.services.activities import publish_edition
    from aiatlas.catalog.services.demo import load_un_entities

    load_un_entities()
    import_records(tmp_path, PUBLISHED)
    Edition.objects.filter(year=2025).update(status="open")
    for year in PUBLISHED_YEARS:
        publish_edition(year=year)


def approve_new_submission(year: int, title: str = "Early warning for locust swarms") -> str:
    """A focal point's new activity, submitted and approved into edition ``year`` through
    the submission workflow; returns its public id."""
    from datetime import timedelta

    from django.utils import timezone

    from aiatlas.accounts.models import Role, User
    from aiatlas.catalog.models import Organization
    from aiatlas.submissions.services.calls import open_call
    from aiatlas.submissions.services.drafts import start_draft, submit
    from aiatlas.submissions.services.review import approve

    org = Organization.objects.get(acronym="FAO")
    admin = User.objects.create_user(email=f"admin{year}@example.org", role=Role.ADMIN)
    reviewer = User.objects.create_user(email=f"rev{year}@example.org", role=Role.REVIEWER)
    focal = User.objects.create_user(email=f"focal{year}@example.org", role=Role.FOCAL_POINT)
    focal.organizations.set([org])
    deadline = timezone.localdate() + timedelta(days=30)
    call = open_call(user=admin, year=year, deadline=deadline, notify_focal_points=False)
    sub = start_draft(
        user=focal,
        call_id=call.pk,
        organization_id=org.pk,
        record={
            "title": title,
            "kind": "project",
            "description": "Satellite images and farmers' reports warn of locust swarms "
            "weeks ahead, so that control teams reach the breeding grounds in time.",
            "status": "ongoing",
            "start_year": "2025",
            "countries": ["ETH"],
            "technologies": ["remote_sensing"],
            "sdg_goals": [{"code": "2", "source": "submitter", "evidence": ""}],
        },
    )
    sub = submit(user=focal, submission_id=sub.pk, expected_version=sub.version, confirm_new=True)
    sub = approve(user=reviewer, submission_id=sub.pk, expected_version=sub.version)
    assert sub.activity is not None
    return str(sub.activity.public_id)
