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
