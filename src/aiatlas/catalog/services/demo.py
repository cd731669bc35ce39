"""The demo database: real UN entities and illustrative activities."""

from __future__ import annotations

import csv
import io
import tempfile
from importlib import resources
from pathlib import Path

from django.db import transaction

from aiatlas.catalog.choices import EditionStatus, OrganizationKind
from aiatlas.catalog.exceptions import CatalogError
from aiatlas.catalog.models import (
    Activity,
    Edition,
    EditionSnapshot,
    IdSequence,
    Organization,
    SiteSetting,
)
from aiatlas.catalog.services.activities import publish_edition
from aiatlas.catalog.services.importing import import_activities

DEMO_NOTICE = "Demo data: illustrative, not real UN activities"
PUBLISHED_YEARS = (2022, 2023, 2024)
OPEN_YEAR = 2025


def is_demo_database() -> bool:
    return SiteSetting.objects.filter(key="demo_data", value=True).exists()


def load_un_entities() -> int:
    """Create or refresh the UN system entities shipped with the package (facts)."""
    text = (resources.files("aiatlas.catalog") / "data" / "un_entities.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        org = (
            Organization.objects.filter(acronym__iexact=row["acronym"]).first()
            or Organization.objects.filter(name__iexact=row["name"]).first()
            or Organization(acronym=row["acronym"])
        )
        org.acronym, org.name = row["acronym"], row["name"]
        org.kind, org.website = OrganizationKind.UN_ENTITY, row.get("website", "")
        org.save()
    return len(rows)


def reset_catalog() -> None:
    """Remove every activity, snapshot, edition and organization (demo refresh only)."""
    EditionSnapshot.objects.all().delete()
    Activity.objects.all().delete()
    Edition.objects.all().delete()
    Organization.objects.all().delete()
    IdSequence.objects.filter(name="activity").delete()
    SiteSetting.objects.filter(key="demo_data").delete()


def load_demo(*, refresh: bool = False) -> dict[str, int]:
    """Load the demo data into the configured database.

    With ``refresh`` the catalog is emptied first, but only if it holds demo data or
    nothing at all: real data is never wiped.
    """
    with transaction.atomic():
        if refresh:
            if Activity.objects.exists() and not is_demo_database():
                raise CatalogError(
                    "the configured database holds activities that are not demo data; "
                    "point AIATLAS_DATABASE_URL at another database for the demo"
                )
            reset_catalog()
        entities = load_un_entities()
        path = resources.files("aiatlas.catalog") / "data" / "demo" / "activities.jsonl"
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "activities.jsonl"
            copy.write_text(path.read_text("utf-8"), "utf-8")
            report = import_activities(path=copy)
        for year in PUBLISHED_YEARS:
            edition = Edition.objects.get(year=year)
            if not edition.is_published:
                publish_edition(year=year)
        Edition.objects.get_or_create(
            year=OPEN_YEAR,
            defaults={
                "title": f"United Nations Activities on AI {OPEN_YEAR}",
                "status": EditionStatus.OPEN,
            },
        )
        SiteSetting.objects.update_or_create(key="demo_data", defaults={"value": True})
    return {"entities": entities, "activities": report.created + report.updated}
