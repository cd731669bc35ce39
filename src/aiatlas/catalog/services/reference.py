"""Reference lists shipped with the package: M49 regions, ISO 3166 countries, technologies."""

from __future__ import annotations

import csv
import io
from importlib import resources

from django.db import transaction

from aiatlas.catalog.choices import TECHNOLOGIES
from aiatlas.catalog.models import Country, Region, Technology


def _rows(name: str) -> list[dict[str, str]]:
    path = resources.files("aiatlas.catalog") / "data" / name
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def load_reference_data(*, using: str = "default") -> dict[str, int]:
    """Create or refresh regions, countries and technologies. Idempotent."""
    regions = _rows("regions.csv")
    countries = _rows("countries.csv")
    with transaction.atomic(using=using):
        # parents first: World, then regions, then sub-regions
        ordered = sorted(regions, key=lambda r: (r["parent_code"] != "", r["parent_code"]))
        Region.objects.using(using).bulk_create(
            [Region(code=r["code"], name=r["name"]) for r in ordered],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name"],
        )
        for r in ordered:
            if r["parent_code"]:
                Region.objects.using(using).filter(code=r["code"]).update(parent=r["parent_code"])
        Country.objects.using(using).bulk_create(
            [
                Country(
                    alpha3=c["alpha3"],
                    alpha2=c["alpha2"],
                    m49=c["m49"],
                    name=c["name"],
                    region_id=c["region_code"] or None,
                    subregion_id=c["subregion_code"] or None,
                )
                for c in countries
            ],
            update_conflicts=True,
            unique_fields=["alpha3"],
            update_fields=["alpha2", "m49", "name", "region", "subregion"],
        )
        Technology.objects.using(using).bulk_create(
            [
                Technology(key=k, label=label, position=i)
                for i, (k, label) in enumerate(TECHNOLOGIES)
            ],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["label", "position"],
        )
    return {"regions": len(regions), "countries": len(countries), "technologies": len(TECHNOLOGIES)}
