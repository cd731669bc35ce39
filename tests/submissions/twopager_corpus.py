"""A generated corpus of 2-pagers written the way entities write them, from known records.

Layouts: aiatlas's own template, numbered headings with Word bullets, "Project N:" headings
with typed bullets, field tables, loose values (any case, SDG names only, ranges, months),
several projects per document, and documents with fields left out. The projects are
illustrative, written for these tests; they describe no real activity.

``python -m tests.submissions.twopager_corpus OUT_DIR`` writes the files for a look in Word.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

PROJECTS: list[dict[str, Any]] = [
    {
        "title": "AI for Health Diagnostics",
        "description": "A decision-support tool that helps nurses in rural clinics read chest "
        "X-rays and flag tuberculosis for a second opinion.",
        "output_type": "Software tool",
        "status": "ongoing",
        "start_year": 2023,
        "end_year": None,
        "domains": ["Health"],
        "sdg_goals": ["3", "10"],
        "countries": ["KEN", "UGA"],
        "partners": [
            ("WHO", "un_entity"),
            ("UNICEF", "un_entity"),
            ("Ministry of Health of Kenya", "government"),
            ("Makerere University", "academia"),
        ],
        "links": ["https://example.org/health-diagnostics"],
    },
    {
        "title": "Machine Translation for Refugee Services",
        "description": "Translates registration forms and service information into the "
        "languages refugees speak, reviewed by community interpreters.",
        "output_type": "Platform",
        "status": "completed",
        "start_year": 2020,
        "end_year": 2023,
        "domains": ["Humanitarian aid", "Language"],
        "sdg_goals": ["10", "16"],
        "countries": ["JOR", "LBN", "TUR"],
        "partners": [
            ("UNHCR", "un_entity"),
            ("Translators Without Walls", "civil_society"),
            ("LinguaTech Ltd", "private_sector"),
        ],
        "links": ["https://example.org/mt-refugees", "https://example.org/mt-report"],
    },
    {
        "title": "Flood Early Warning with Satellite Data",
        "description": "Combines rainfall radar, river gauges and satellite imagery to forecast "
        "floods and warn district offices by SMS.",
        "output_type": "Early warning system",
        "status": "ongoing",
        "start_year": 2021,
        "end_year": 2026,
        "domains": ["Disaster risk reduction", "Climate"],
        "sdg_goals": ["11", "13"],
        "countries": ["BGD", "NPL"],
        "partners": [
            ("WMO", "un_entity"),
            ("National Meteorological Service", "government"),
            ("Open Flood Network", "other"),
        ],
        "links": ["https://example.org/flood-warning"],
    },
    {
        "title": "Skills for the Digital Economy",
        "description": "Online courses on data and AI literacy for young people, with "
        "mentoring by volunteers from companies.",
        "output_type": "Training course",
        "status": "planned",
        "start_year": 2025,
        "end_year": 2027,
        "domains": ["Education", "Employment"],
        "sdg_goals": ["4", "8"],
        "countries": ["BRA", "COL", "PER"],
        "partners": [
            ("ILO", "un_entity"),
            ("Universidad Nacional", "academia"),
            ("Code Mentors Network", "civil_society"),
        ],
        "links": ["https://example.org/digital-skills"],
    },
    {
        "title": "Crop Yield Forecasts for Smallholders",
        "description": "Forecasts maize and sorghum yields from weather and soil data and "
        "advises farmers by SMS on when to plant.",
        "output_type": "Mobile application",
        "status": "discontinued",
        "start_year": 2019,
        "end_year": 2022,
        "domains": ["Agriculture", "Food security"],
        "sdg_goals": ["1", "2"],
        "countries": ["ETH", "TZA"],
        "partners": [
            ("FAO", "un_entity"),
            ("AgriData Company", "private_sector"),
        ],
        "links": ["https://example.org/crop-forecasts"],
    },
    {
        "title": "Ocean Plastic Detection",
        "description": "Detects floating plastic in drone and satellite images so that "
        "clean-up boats go where the waste is.",
        "output_type": "Dataset and model",
        "status": "ongoing",
        "start_year": 2022,
        "end_year": None,
        "domains": ["Environment", "Oceans"],
        "sdg_goals": ["12", "14"],
        "countries": ["IDN", "PHL", "VNM"],
        "partners": [
            ("UNEP", "un_entity"),
            ("Blue Seas Alliance", "civil_society"),
            ("Ministry of Environment and Forestry", "government"),
        ],
        "links": ["https://example.org/ocean-plastic"],
    },
]

#: the fields the corpus writes (and the reader is measured on)
MEASURED = [
    "title",
    "description",
    "output_type",
    "status",
    "start_year",
    "end_year",
    "domains",
    "sdg_goals",
    "countries",
    "partners",
    "links",
]
SECTOR_LABELS = {
    "un_entity": "UN Partners",
    "government": "Government",
    "academia": "Academia",
    "private_sector": "Private Sector",
    "civil_society": "Civil Society",
    "other": "Others",
}
COUNTRY_NAMES = {
    "KEN": "Kenya",
    "UGA": "Uganda",
    "JOR": "Jordan",
    "LBN": "Lebanon",
    "TUR": "Türkiye",
    "BGD": "Bangladesh",
    "NPL": "Nepal",
    "BRA": "Brazil",
    "COL": "Colombia",
    "PER": "Peru",
    "ETH": "Ethiopia",
    "TZA": "United Republic of Tanzania",
    "IDN": "Indonesia",
    "PHL": "Philippines",
    "VNM": "Viet Nam",
}
GOAL_NAMES = {
    "1": "No Poverty",
    "2": "Zero Hunger",
    "3": "Good Health and Well-being",
    "4": "Quality Education",
    "8": "Decent Work and Economic Growth",
    "10": "Reduced Inequalities",
    "11": "Sustainable Cities and Communities",
    "12": "Responsible Consumption and Production",
    "13": "Climate Action",
    "14": "Life Below Water",
    "16": "Peace, Justice and Strong Institutions",
}
MONTHS = ["January", "March", "June", "September", "December"]


def as_record(project: dict[str, Any]) -> dict[str, Any]:
    """The project as a record of the file schema (for aiatlas's own template)."""
    from tests.conftest import make_record

    return make_record(
        title=project["title"],
        description=project["description"],
        output_type=project["output_type"],
        status=project["status"],
        start_year=project["start_year"],
        end_year=project["end_year"],
        domains=list(project["domains"]),
        lead_organization="WHO",
        partners=[{"organization": n, "sector": s} for n, s in project["partners"]],
        countries=list(project["countries"]),
        regions=[],
        sdg_goals=[
            {"code": g, "source": "submitter", "evidence": ""} for g in project["sdg_goals"]
        ],
        sdg_targets=[],
        links=[{"url": u, "label": ""} for u in project["links"]],
    )


# ---- writers ---------------------------------------------------------------------------


def _bytes(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _end(project: dict[str, Any]) -> str:
    return "Open-ended" if project["end_year"] is None else str(project["end_year"])


def _sdgs(project: dict[str, Any]) -> str:
    return "; ".join(f"SDG {g} – {GOAL_NAMES[g]}" for g in project["sdg_goals"])


def _bullet_fields(project: dict[str, Any], n: int) -> list[tuple[int, str]]:
    """(level, text) of the published report's bullet fields."""
    month = MONTHS[n % len(MONTHS)]
    lines = [
        (0, f"Project Type/Output: {project['output_type']}"),
        (0, f"Project Status: {project['status'].capitalize()}"),
        (0, f"Project Start Year: {month} {project['start_year']}"),
        (0, f"Project End Year: {_end(project)}"),
        (0, f"Project Domain: {', '.join(project['domains'])}"),
        (0, f"Related Sustainable Development Goals (SDGs): {_sdgs(project)}"),
        (0, f"Countries: {', '.join(COUNTRY_NAMES[c] for c in project['countries'])}"),
        (0, "Partnership(s)/Collaborator(s):"),
    ]
    by_sector: dict[str, list[str]] = {}
    for name, sector in project["partners"]:
        by_sector.setdefault(sector, []).append(name)
    for sector, names in by_sector.items():
        lines.append((1, f"{SECTOR_LABELS[sector]}: {', '.join(names)}"))
    lines.append((1, f"Links: {' '.join(project['links'])}"))
    return lines


def own_template(projects: list[dict[str, Any]]) -> list[bytes]:
    from aiatlas.submissions.docx import export_activity

    return [export_activity(as_record(p)) for p in projects]


def numbered_headings(projects: list[dict[str, Any]]) -> list[bytes]:
    """One document, "1. Title" headings, Word bullets and sub-bullets."""
    import docx

    doc = docx.Document()
    doc.add_heading("World Health Organization (WHO)", level=1)
    doc.add_paragraph("Our contribution to the report on UN activities on AI.")
    for n, project in enumerate(projects, start=1):
        doc.add_heading(f"{n}. {project['title']}", level=2)
        doc.add_paragraph(project["description"])
        for level, text in _bullet_fields(project, n):
            doc.add_paragraph(text, style="List Bullet 2" if level else "List Bullet")
    return [_bytes(doc)]


def project_n_headings(projects: list[dict[str, Any]]) -> list[bytes]:
    """One document, bold "Project N: Title" paragraphs, bullets typed as text."""
    import docx

    doc = docx.Document()
    doc.add_paragraph("Contribution of our entity").runs[0].bold = True
    for n, project in enumerate(projects, start=1):
        doc.add_paragraph().add_run(f"Project {n}: {project['title']}").bold = True
        doc.add_paragraph(f"Project Description: {project['description']}")
        for level, text in _bullet_fields(project, n):
            doc.add_paragraph(("    o " if level else "• ") + text)
    return [_bytes(doc)]


def field_tables(projects: list[dict[str, Any]]) -> list[bytes]:
    """One document, a heading and a two-column table per project."""
    import docx

    doc = docx.Document()
    for n, project in enumerate(projects, start=1):
        doc.add_heading(project["title"], level=2)
        rows = [
            ("Project Description", [project["description"]]),
            ("Project Type/Output", [project["output_type"]]),
            ("Project Status", [project["status"].capitalize()]),
            ("Project Start Year", [str(project["start_year"])]),
            ("Project End Year", [_end(project)]),
            ("Project Domain", ["; ".join(project["domains"])]),
            ("Related Sustainable Development Goals (SDGs)", [_sdgs(project)]),
            ("Countries", [", ".join(COUNTRY_NAMES[c] for c in project["countries"])]),
        ]
        by_sector: dict[str, list[str]] = {}
        for name, sector in project["partners"]:
            by_sector.setdefault(sector, []).append(name)
        rows.append(
            (
                "Partnership(s)/Collaborator(s)",
                [f"{SECTOR_LABELS[s]}: {', '.join(names)}" for s, names in by_sector.items()],
            )
        )
        rows.append(("Links", list(project["links"])))
        table = doc.add_table(rows=0, cols=2)
        for label, values in rows:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = values[0]
            for more in values[1:]:
                cells[1].add_paragraph(more)
        doc.add_paragraph("")
    return [_bytes(doc)]


def loose_values(projects: list[dict[str, Any]]) -> list[bytes]:
    """One document per project: any case, SDGs in words only, a period instead of years,
    ISO codes for countries, statuses in other words."""
    import docx

    words = {
        "ongoing": "in progress",
        "completed": "Finished",
        "planned": "not started yet",
        "discontinued": "Cancelled",
    }
    out = []
    for n, project in enumerate(projects, start=1):
        doc = docx.Document()
        doc.add_heading(f"{n}) {project['title'].upper()}", level=3)
        doc.add_paragraph(project["description"])
        end = "present" if project["end_year"] is None else str(project["end_year"])
        lines = [
            f"TYPE/OUTPUT: {project['output_type']}",
            f"status: {words[project['status']]}",
            f"project duration: {project['start_year']}–{end}",
            f"Domains: {' / '.join(project['domains'])}",
            "SDGs: " + ", ".join(GOAL_NAMES[g].lower() for g in project["sdg_goals"]),
            f"country: {'; '.join(project['countries'])}",
        ]
        for name, sector in project["partners"]:
            label = SECTOR_LABELS[sector].lower()
            lines.append(f"partners: {name} ({label if sector != 'un_entity' else 'UN entity'})")
        lines.append("website: " + ", ".join(project["links"]))
        for line in lines:
            doc.add_paragraph(line, style="List Bullet")
        out.append(_bytes(doc))
    return out


def missing_fields(projects: list[dict[str, Any]]) -> list[bytes]:
    """One document, numbered headings, with some fields left out of each project."""
    import docx

    doc = docx.Document()
    for n, project in enumerate(projects, start=1):
        doc.add_heading(f"{n}. {project['title']}", level=2)
        doc.add_paragraph(project["description"])
        for i, (level, text) in enumerate(_bullet_fields(project, n)):
            if (i + n) % 3 == 0 and level == 0 and not text.endswith(":"):
                continue  # left out
            doc.add_paragraph(text, style="List Bullet 2" if level else "List Bullet")
    return [_bytes(doc)]


LAYOUTS: dict[str, Callable[[list[dict[str, Any]]], list[bytes]]] = {
    "own template": own_template,
    "numbered headings + bullets": numbered_headings,
    "Project N: headings, typed bullets": project_n_headings,
    "field tables": field_tables,
    "loose values, one per document": loose_values,
    "missing fields": missing_fields,
}


def written_fields(layout: str, project_index: int) -> list[str]:
    """The measured fields a layout writes for a project (missing_fields leaves some out)."""
    if layout != "missing fields":
        return list(MEASURED)
    project = PROJECTS[project_index]
    keys = [
        "output_type",
        "status",
        "start_year",
        "end_year",
        "domains",
        "sdg_goals",
        "countries",
    ]
    n = project_index + 1
    kept = [k for i, k in enumerate(keys) if (i + n) % 3 != 0]
    del project
    return ["title", "description", *kept, "partners", "links"]


def expected_value(key: str, project: dict[str, Any]) -> Any:
    """What the reader should give for a field, in a comparable form."""
    if key == "partners":
        return sorted((n.casefold(), s) for n, s in project["partners"])
    if key == "domains":
        return sorted(d.casefold() for d in project["domains"])
    if key in {"countries", "sdg_goals", "links"}:
        return sorted(project[key])
    if key == "title":
        return project[key].casefold()
    return project[key]


def comparable(key: str, value: Any) -> Any:
    if key == "partners":
        return sorted((p["organization"].casefold(), p["sector"]) for p in value or [])
    if key == "domains":
        return sorted(d.casefold() for d in value or [])
    if key == "sdg_goals":
        return sorted(t["code"] for t in value or [])
    if key == "links":
        return sorted(link["url"] for link in value or [])
    if key == "countries":
        return sorted(value or [])
    if key == "title":
        return str(value or "").casefold()
    return value


def main(out_dir: str) -> None:
    from pathlib import Path

    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    for name, write in LAYOUTS.items():
        for i, data in enumerate(write(PROJECTS)):
            slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
            (target / f"{slug}-{i + 1}.docx").write_bytes(data)


if __name__ == "__main__":
    import sys

    import django

    django.setup()
    main(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts/twopager-corpus")
