"""The frozen open-data package of a published edition: a Frictionless data package
(``datapackage.json`` with a Table Schema per CSV file) and DCAT metadata (JSON-LD), in
one ZIP built only from the edition's snapshot records, byte for byte the same each time,
so researchers can cite exactly what was published.

``activities.csv`` is the documented import/export format (``docs/data-format.md``:
lists joined with ``;``, formula-like cells prefixed with ``'``), so ``aiatlas import``
reads it back; the other files are tidy tables, one row per activity and SDG tag,
partner or country. Contact details are left out unless the activity's contact is
public.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from aiatlas import config
from aiatlas.catalog.choices import ActivityKind, ActivityStatus, OrganizationKind, TagSource
from aiatlas.catalog.fields import FIELDS
from aiatlas.catalog.io.cells import neutralise, record_to_cells
from aiatlas.catalog.io.schema import INTEGER_COLUMNS, LIST_COLUMNS
from aiatlas.report.services import annex_records
from aiatlas.report.snapshots import EditionData, load_edition

#: licences an edition's data may carry: SPDX id -> (title, URL)
LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}  # fmt: skip
DEFAULT_LICENCE = "CC-BY-4.0"


@dataclass(frozen=True)
class Licence:
    id: str
    title: str
    url: str


def configured_licence() -> Licence:
    """The licence new editions are published under: the ``data_licence`` setting (an SPDX
    id from :data:`LICENCES`), by default CC BY 4.0."""
    key = config.data_licence() or DEFAULT_LICENCE
    return licence(key if key in LICENCES else DEFAULT_LICENCE)


def licence(key: str) -> Licence:
    title, url = LICENCES.get(key, LICENCES[DEFAULT_LICENCE])
    return Licence(key if key in LICENCES else DEFAULT_LICENCE, title, url)


def edition_licence(year: int) -> Licence:
    """The licence frozen when the edition was published (the configured one for editions
    published before licences were recorded)."""
    from aiatlas.report.models import EditionLicence

    row = EditionLicence.objects.filter(edition__year=year).values_list("licence", flat=True)
    key = row.first()
    return licence(key) if key else configured_licence()


# --- the tables ----------------------------------------------------------------------

Row = list[Any]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    fields: list[dict[str, Any]]
    rows: Callable[[list[dict[str, Any]]], Iterator[Row]]
    primary_key: list[str]
    foreign_key: bool = True  # activity_id refers to activities.id

    @property
    def path(self) -> str:
        return f"{self.name}.csv"


def _enum(values: Iterable[str]) -> dict[str, Any]:
    return {"enum": list(values)}


def _activity_fields() -> list[dict[str, Any]]:
    described = {
        "id": "public id of the activity (stable across editions)",
        "kind": "kind of activity",
        "status": "status when the edition was published",
        "lead_organization": "lead organization (acronym, else full name)",
        "contact_public": "whether the contact may be shown publicly",
    }
    fields: list[dict[str, Any]] = []
    for spec in FIELDS:
        column = spec.name
        field: dict[str, Any] = {"name": column, "type": "string"}
        if column in INTEGER_COLUMNS:
            field["type"] = "integer"
        elif spec.type == "boolean":
            field.update(type="boolean", trueValues=["true"], falseValues=["false"])
        if column in LIST_COLUMNS:
            field["description"] = "list separated by '; ' (see docs/data-format.md)"
        if column in described:
            field["description"] = described[column]
        constraints: dict[str, Any] = {}
        if spec.required or column == "id":  # a published activity always has its id
            constraints["required"] = True
        if column == "id":
            constraints["unique"] = True
        if column == "kind":
            constraints.update(_enum(ActivityKind.values))
        if column == "status":
            constraints.update(_enum(ActivityStatus.values))
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return fields


def _text(value: Any) -> str:
    return neutralise("" if value is None else str(value))


def _activities(records: list[dict[str, Any]]) -> Iterator[Row]:
    for record in records:
        yield ["" if v is None else v for v in record_to_cells(record)]


def _partners(records: list[dict[str, Any]]) -> Iterator[Row]:
    for record in records:
        for position, p in enumerate(record.get("partners") or [], start=1):
            yield [record["id"], position, _text(p["organization"]), p.get("sector") or ""]


def _countries(records: list[dict[str, Any]]) -> Iterator[Row]:
    for record in records:
        for code in record.get("countries") or []:
            yield [record["id"], code]


_ID = {"name": "activity_id", "type": "string", "constraints": {"required": True}}
_SOURCE = {"name": "source", "type": "string", "constraints": _enum(TagSource.values)}
_EVIDENCE = {"name": "evidence", "type": "string"}
_SECTOR = {"name": "sector", "type": "string", "constraints": _enum(["", *OrganizationKind.values])}


def _tag_table(key: str, column: str, what: str) -> Table:
    """The table of the SDG tags under ``key`` of the records: each activity's ``column``
    (``what`` they are) with who tagged it and why."""

    def rows(records: list[dict[str, Any]]) -> Iterator[Row]:
        for record in records:
            for tag in record.get(key) or []:
                yield [
                    record["id"],
                    str(tag["code"]),
                    str(tag.get("source") or "submitter"),
                    _text(tag.get("evidence")),
                ]

    fields = [_ID, {"name": column, "type": "string"}, _SOURCE, _EVIDENCE]
    title = f"{what} of each activity, with who tagged them"
    return Table(key, title, fields, rows, ["activity_id", column, "source"])


_KEYWORDS = ["artificial intelligence", "Sustainable Development Goals", "United Nations"]

TABLES = [
    Table("activities", "Activities", [], _activities, ["id"], foreign_key=False),
    _tag_table("sdg_goals", "goal", "SDG goals"),
    _tag_table("sdg_targets", "target", "SDG targets"),
    Table(
        "partners",
        "Partners of each activity, in the order given",
        [
            _ID,
            {"name": "position", "type": "integer"},
            {"name": "organization", "type": "string"},
            _SECTOR,
        ],
        _partners,
        ["activity_id", "position"],
    ),
    Table(
        "countries",
        "Countries of each activity (ISO 3166-1 alpha-3)",
        [_ID, {"name": "country", "type": "string", "constraints": {"pattern": "[A-Z]{3}"}}],
        _countries,
        ["activity_id", "country"],
    ),
]  # fmt: skip


def _fields(table: Table) -> list[dict[str, Any]]:
    return table.fields or _activity_fields()


def _csv_bytes(table: Table, records: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([f["name"] for f in _fields(table)])
    writer.writerows(table.rows(records))
    return buf.getvalue().encode("utf-8")


# --- metadata ------------------------------------------------------------------------


def package_url(year: int) -> str:
    from aiatlas.common.links import absolute_url

    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("report:open-data", kwargs={"year": year}))


def _page_url(name: str, year: int) -> str:
    from aiatlas.common.links import absolute_url

    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, kwargs={"year": year}))


def _schema(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": _fields(table), "primaryKey": table.primary_key}
    if table.foreign_key:
        schema["foreignKeys"] = [
            {"fields": "activity_id", "reference": {"resource": "activities", "fields": "id"}}
        ]
    return schema


def datapackage(data: EditionData, files: dict[str, bytes], lic: Licence) -> dict[str, Any]:
    published = data.published_at.isoformat() if data.published_at else None
    return {
        "profile": "tabular-data-package",
        "name": f"aiatlas-edition-{data.year}",
        "id": package_url(data.year),
        "title": data.title,
        "description": (
            f"The activities of the {data.year} edition exactly as published (frozen at "
            f"publication), with their SDG tags, partners and countries. Cite as: "
            f"{data.title} ({data.year}), open-data package, {package_url(data.year)}"
        ),
        "version": "1.0.0",
        "created": published,
        "homepage": _page_url("web:edition-detail", data.year),
        "licenses": [{"name": lic.id, "title": lic.title, "path": lic.url}],
        "resources": [
            {
                "name": t.name,
                "path": t.path,
                "title": t.title,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(files[t.path]),
                "schema": _schema(t),
            }
            for t in TABLES
        ],
    }


def dcat(data: EditionData, lic: Licence) -> dict[str, Any]:
    """The DCAT description of the package (JSON-LD), for data catalogues to harvest."""
    url = package_url(data.year)
    published = data.published_at.date().isoformat() if data.published_at else None
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": _page_url("report:dcat", data.year),
        "@type": "dcat:Dataset",
        "dct:identifier": f"aiatlas-edition-{data.year}",
        "dct:title": data.title,
        "dct:description": (
            f"AI activities of the UN system reported for the {data.year} edition, as "
            "published: activities, SDG goals and targets, partners and countries."
        ),
        "dct:issued": {"@value": published, "@type": "xsd:date"} if published else None,
        "dct:license": {"@id": lic.url},
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "aiatlas"},
        "dcat:landingPage": {"@id": _page_url("web:edition-detail", data.year)},
        "dcat:keyword": _KEYWORDS,
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": "Frictionless data package (ZIP)",
                "dcat:downloadURL": {"@id": url},
                "dcat:mediaType": "application/zip",
                "dct:license": {"@id": lic.url},
                "dct:conformsTo": {"@id": "https://specs.frictionlessdata.io/data-package/"},
            }
        ],
    }  # fmt: skip


def package_files(year: int) -> dict[str, bytes]:
    """Every file of the package by name (reads only the frozen snapshot records)."""
    data = load_edition(year, with_previous=False)
    records = list(annex_records(data.records))
    lic = edition_licence(year)
    files = {t.path: _csv_bytes(t, records) for t in TABLES}
    dump = {"ensure_ascii": False, "indent": 2, "sort_keys": False}
    meta = {
        "datapackage.json": json.dumps(datapackage(data, files, lic), **dump),  # type: ignore[arg-type]
        "dcat.jsonld": json.dumps(dcat(data, lic), **dump),  # type: ignore[arg-type]
    }
    return {**{k: (v + "\n").encode("utf-8") for k, v in meta.items()}, **files}


def package_zip(year: int) -> bytes:
    """The package as a ZIP; the same bytes each time for the same edition."""
    data = load_edition(year, with_previous=False)
    stamp = data.published_at.timetuple()[:6] if data.published_at else (1980, 1, 1, 0, 0, 0)
    buf = io.BytesIO()
    folder = f"aiatlas-edition-{year}"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_files(year).items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buf.getvalue()
