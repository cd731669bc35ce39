"""aiatlas twopager read FILE.docx [--json]: what aiatlas reads in a 2-pager, per project."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.common.console import console


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict) and "organization" in item:
                name, sector = item["organization"], item.get("sector")
                parts.append(f"{name} ({sector})" if sector else name)
            elif isinstance(item, dict) and "url" in item:
                parts.append(item["url"])
            elif isinstance(item, dict):
                parts.append(str(item.get("code", "")))
            else:
                parts.append(str(item))
        return "; ".join(parts)
    return str(value)


class Command(BaseCommand):
    help = (
        "Read a Word 2-pager as the upload page does — aiatlas's own template or the "
        "published report's layouts (numbered or 'Project N:' headings, bullet fields, field "
        "tables), several projects per file — and print, per project found, each field with "
        "its value and its state (read, not found, ambiguous). Exit status 0 when something "
        "was read, 1 when the file is refused (not a .docx, too big, unsafe XML) or holds "
        "nothing aiatlas can read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        read = sub.add_parser("read", help="read one .docx and show every field per project")
        read.add_argument("file", type=Path, help="the Word file (.docx)")
        read.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        from aiatlas.submissions.twopager.reader import read_twopager

        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=1)
        result = read_twopager(path)
        if result.refused:
            raise CommandError(result.refused, returncode=1)
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
        else:
            _print(result)
        if not result.fields_read:
            raise CommandError(
                f"{path.name}: no field could be read (no heading or label aiatlas knows)",
                returncode=1,
            )


def _as_json(result: Any) -> dict[str, Any]:
    return {
        "file": result.filename,
        "layout": result.layout,
        "exported_from_submission": result.submission_id,
        "version": result.version,
        "notes": result.notes,
        "projects": [
            {
                "heading": project.heading,
                "fields": [
                    {
                        "field": f.key,
                        "state": f.state_label,
                        "value": f.value,
                        "written": f.raw,
                        "message": f.message,
                    }
                    for f in project.fields.values()
                ],
            }
            for project in result.projects
        ],
    }


def _print(result: Any) -> None:
    from rich.table import Table

    out = console()
    out.print(f"{result.filename}: {len(result.projects)} project(s), layout: {result.layout}")
    if result.submission_id:
        out.print(f"exported from submission #{result.submission_id}, version {result.version}")
    for note in result.notes:
        out.print(f"note: {note}", markup=False)
    for number, project in enumerate(result.projects, start=1):
        table = Table(title=f"{number}. {project.heading}", title_justify="left")
        for column in ("field", "state", "value", "as written / why"):
            table.add_column(column, overflow="fold")
        for found in project.fields.values():
            why = found.message if found.state != "read" else ""
            written = found.raw if found.raw and found.raw != _shown(found.value) else ""
            table.add_row(
                found.key,
                found.state_label,
                _shown(found.value)[:300],
                " — ".join(x for x in (written[:200], why) if x),
            )
        out.print(table)
        out.print(
            f"read {project.count('read')}, ambiguous {project.count('ambiguous')}, "
            f"not found {project.count('not_found')} of {len(project.fields)} fields"
        )
