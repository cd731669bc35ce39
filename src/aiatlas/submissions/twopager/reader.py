"""Read the 2-pagers entities write: aiatlas's own template, and the layouts of the published
report "United Nations Activities on Artificial Intelligence" — numbered project headings
("1. AI for Health Diagnostics", "Project 2: …"), several projects per document, bullet
fields ("Project Status: Ongoing") with partner sub-bullets ("UN Partners: WHO, UNICEF"),
and field tables ("Project Status | Ongoing").

Every field of every project found is reported as read, not found or ambiguous (with the
text as written), so that the focal point can confirm before drafts are made."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from aiatlas.catalog.io.schema import COLUMNS, LIST_COLUMNS
from aiatlas.submissions.docx_reader import (
    DocxProblem,
    Paragraph,
    Row,
    core_identifier,
    document_blocks,
    document_items,
    read_parts,
)
from aiatlas.submissions.twopager import values as v
from aiatlas.submissions.twopager.labels import split_label, strip_bullet

READ, NOT_FOUND, AMBIGUOUS = "read", "not_found", "ambiguous"
STATE_LABELS = {READ: "read", NOT_FOUND: "not found", AMBIGUOUS: "ambiguous"}
#: the identifier aiatlas writes into a 2-pager exported from a draft
REFERENCE = re.compile(r"^aiatlas:submission:(\d{1,10}):version:(\d{1,10})$")


@dataclass
class FieldRead:
    key: str
    state: str
    value: Any = None
    raw: str = ""  # the text as written
    message: str = ""

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class ProjectRead:
    heading: str
    fields: dict[str, FieldRead]

    @property
    def title(self) -> str:
        title = self.fields.get("title")
        return str(title.value) if title and title.state == READ else self.heading

    def count(self, state: str) -> int:
        return sum(1 for f in self.fields.values() if f.state == state)

    def record(self) -> dict[str, Any]:
        """The record of the draft: every field read, and what could be read of an
        ambiguous list (an ambiguous single value stays empty)."""
        out: dict[str, Any] = {}
        for key, found in self.fields.items():
            if found.state == NOT_FOUND and found.message == "empty":  # cleared in the file
                out[key] = [] if key in LIST_COLUMNS else (None if "year" in key else "")
                continue
            usable = found.state == READ or (found.state == AMBIGUOUS and key in LIST_COLUMNS)
            if usable and (found.value is not None or key == "end_year"):
                out[key] = found.value
        return out


@dataclass
class TwoPagerRead:
    filename: str
    layout: str = ""
    projects: list[ProjectRead] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refused: str = ""  # why the file cannot be read at all
    submission_id: int | None = None  # the draft it was exported from, if any
    version: int | None = None

    @property
    def fields_read(self) -> int:
        return sum(p.count(READ) for p in self.projects)


def read_twopager(
    source: Path | str | bytes | IO[bytes],
    *,
    filename: str | None = None,
    vocabulary: Any = None,
) -> TwoPagerRead:
    """Every project of one Word file with the state of each field."""
    import io

    if isinstance(source, bytes):
        name, stream, close = "document.docx", io.BytesIO(source), False
    elif isinstance(source, str | Path):
        name, stream, close = Path(source).name, open(source, "rb"), True  # noqa: SIM115
    else:
        name, stream, close = str(getattr(source, "name", "") or "document.docx"), source, False
    name = filename or name
    result = TwoPagerRead(filename=name)
    try:
        if name.lower().endswith(".docm"):
            result.refused = f"{name}: macro-enabled Word files (.docm) are refused; save as .docx"
            return result
        try:
            parts = read_parts(stream)
            blocks = document_blocks(parts.document)
            items = document_items(parts.document)
        except DocxProblem as exc:
            result.refused = f"{name} {exc}"
            return result
    finally:
        if close:
            stream.close()
    reference = REFERENCE.match(core_identifier(parts.core))
    if reference:
        result.submission_id, result.version = int(reference.group(1)), int(reference.group(2))
    if items.insertions or items.deletions:
        result.notes.append(
            f"tracked changes were read as accepted ({items.insertions} insertion(s) kept, "
            f"{items.deletions} deletion(s) dropped)"
        )
    if _own_labels(items.items) >= 3:
        result.layout = "aiatlas template"
        result.projects = [_own_template(name, blocks, vocabulary)]
    else:
        result.layout, result.projects = _published(items.items)
    if not result.projects:
        result.notes.append("no project was found: no heading or field that aiatlas knows")
    return result


# ---- aiatlas's own template --------------------------------------------------------


def _own_labels(items: list[Paragraph | Row]) -> int:
    """How many labels of aiatlas's template ("Title [title]") the document holds."""
    from aiatlas.submissions.docx_fields import match_label

    texts = [
        p.text
        for item in items
        for p in ([item] if isinstance(item, Paragraph) else [q for c in item.cells for q in c])
    ]
    return sum(1 for text in texts if "[" in text and match_label(text))


def _own_template(name: str, blocks: Any, vocabulary: Any) -> ProjectRead:
    from aiatlas.catalog.io.validation import RecordErrors, validate_record
    from aiatlas.submissions.docx import parse_blocks

    parsed = parse_blocks(name, blocks, vocabulary=vocabulary)
    problems: dict[str, list[str]] = {}
    for problem in parsed.problems:
        problems.setdefault(problem.field, []).append(problem.message)
    record = parsed.record
    if problems and vocabulary is not None:  # the fields without a problem, checked
        try:
            blank = {k: [] if k in LIST_COLUMNS else "" for k in problems if k in COLUMNS}
            record = {**validate_record({**parsed.record, **blank}, vocabulary)}
            record.update({k: parsed.record.get(k) for k in blank})
        except RecordErrors:
            record = parsed.record
    fields: dict[str, FieldRead] = {}
    for key in COLUMNS:
        value = record.get(key)
        raw = parsed.raw.get(key, "")
        messages = problems.get(key, [])
        if any(m.startswith("not found") for m in messages):
            fields[key] = FieldRead(key, NOT_FOUND, message=messages[0])
        elif messages:
            fields[key] = FieldRead(key, AMBIGUOUS, value, raw, "; ".join(messages))
        elif key == "end_year" and value is None:
            fields[key] = FieldRead(key, READ, None, raw, "empty: open-ended")
        elif value in (None, "", []) and key != "contact_public":
            fields[key] = FieldRead(key, NOT_FOUND, message="empty")
        else:
            fields[key] = FieldRead(key, READ, value, raw)
    return ProjectRead(heading=str(record.get("title") or name), fields=fields)


# ---- the published report's layouts ----------------------------------------------

_PROJECT_N = re.compile(
    r"^\s*(?:project|activity|initiative|projet|proyecto)\s*(?:no\.?|n[°º]|#)?\s*(\d{1,3})\s*"
    r"[:.\-–—)]\s*(.+)$",
    re.IGNORECASE | re.DOTALL,
)
_NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[.)]\s+(.+)$", re.DOTALL)


@dataclass
class _Project:
    heading: str
    raw: dict[str, list[str]] = field(default_factory=dict)
    partners: list[tuple[str | None, str]] = field(default_factory=list)
    partners_written: list[str] = field(default_factory=list)
    last: str | None = None
    labelled: bool = False  # a field label was seen


def _lines(items: list[Paragraph | Row]) -> list[tuple[Paragraph, tuple[str, str] | None]]:
    """Paragraphs in reading order; a table row "Label | value" becomes a label line."""
    out: list[tuple[Paragraph, tuple[str, str] | None]] = []
    for item in items:
        if isinstance(item, Paragraph):
            if item.text.strip():
                out.append((item, None))
            continue
        cells = [[p.text for p in cell if p.text.strip()] for cell in item.cells]
        label = " ".join(cells[0]).strip() if cells else ""
        found = split_label(label if label.endswith(":") else f"{label}:") if label else None
        if len(cells) >= 2 and found and not found[1]:
            value_lines = [line for cell in cells[1:] for line in cell]
            first = value_lines[0] if value_lines else ""
            out.append((Paragraph(text=label), (found[0], first)))
            out.extend((Paragraph(text=line, list_level=1), None) for line in value_lines[1:])
        else:
            for cell in item.cells:
                out.extend((p, None) for p in cell if p.text.strip())
    return out


def _heading_of(paragraph: Paragraph, text: str) -> tuple[str, int | None] | None:
    """(title, number) when the paragraph looks like a project heading."""
    match = _PROJECT_N.match(text)
    if match:
        return match.group(2).strip(), int(match.group(1))
    match = _NUMBERED.match(text)
    if match and (paragraph.heading or paragraph.bold) and len(match.group(2)) <= 300:
        return match.group(2).strip(), int(match.group(1))
    if match and paragraph.list_level is None and len(match.group(2)) <= 200:
        return match.group(2).strip(), int(match.group(1))
    return None


def _published(items: list[Paragraph | Row]) -> tuple[str, list[ProjectRead]]:
    lines = _lines(items)
    marks: list[tuple[str, int | None] | None] = []
    for paragraph, label in lines:
        text = strip_bullet(paragraph.text)
        found = None if label else split_label(text)
        marks.append(None if (label or found) else _heading_of(paragraph, text))
    numbered = [m for m in marks if m is not None]
    # plain numbered paragraphs count only in sequence (1, 2, 3 …): a numbered list in a
    # description is not a run of projects
    layout = "numbered headings"
    if numbered:
        expected: int | None = None
        for i, mark in enumerate(marks):
            if mark is None:
                continue
            paragraph = lines[i][0]
            number = mark[1]
            strong = bool(paragraph.heading or paragraph.bold) or _PROJECT_N.match(
                strip_bullet(paragraph.text)
            )
            if not strong and expected is not None and number != expected:
                marks[i] = None
                continue
            expected = (number or 0) + 1
        if any(_PROJECT_N.match(strip_bullet(lines[i][0].text)) for i, m in enumerate(marks) if m):
            layout = "“Project N:” headings"
    if not any(marks):
        layout = "headings"
        marks = [
            (strip_bullet(p.text), None)
            if p.heading and not label and not split_label(strip_bullet(p.text))
            else None
            for p, label in lines
        ]
    if any(label for _p, label in lines):
        layout += " and field tables"
    projects: list[_Project] = []
    current: _Project | None = None
    for (paragraph, label), mark in zip(lines, marks, strict=True):
        if mark is not None:
            current = _Project(heading=mark[0])
            projects.append(current)
            continue
        text = strip_bullet(paragraph.text)
        found = label or split_label(text)
        if found and found[0] == "title" and (current is None or current.labelled):
            current = _Project(heading=found[1])
            projects.append(current)
        if current is None:
            if not found:
                continue  # a preamble before the first project
            current = _Project(heading="")
            projects.append(current)
        _add(current, paragraph, text, found)
    kept = [p for p in projects if p.labelled] or projects[:1]
    if layout == "headings" and len(kept) == 1 and not kept[0].heading:
        layout = "single project"
    return layout, [_interpret(p) for p in kept]


def _add(project: _Project, paragraph: Paragraph, text: str, found: tuple[str, str] | None) -> None:
    if found:
        key, rest = found
        project.labelled = True
        if key == "partners" or key.startswith("partners:"):
            sector = key.partition(":")[2] or None
            inner = split_label(rest) if rest else None
            if inner and inner[0].startswith("partners:"):
                sector, rest = inner[0].partition(":")[2], inner[1]
            project.last = f"partners:{sector or ''}"
            project.partners_written.append(text)
            if rest:
                project.partners.append((sector, rest))
            return
        project.raw.setdefault(key, [])
        if rest:
            project.raw[key].append(rest)
        project.last = key
        return
    last = project.last
    if last is None:
        project.raw.setdefault("description", []).append(text)
        return
    if last.startswith("partners:"):
        project.partners_written.append(text)
        project.partners.append((last.partition(":")[2] or None, text))
        return
    values = project.raw.setdefault(last, [])
    if (
        last in LIST_COLUMNS
        or last in {"description", "_period"}
        or not values
        or paragraph.list_level
    ):
        values.append(text)
    else:  # a plain paragraph after a one-line field: more of the description
        project.raw.setdefault("description", []).append(text)


def _state(key: str, reading: v.Reading, raw: str) -> FieldRead:
    if reading.problem:
        return FieldRead(key, AMBIGUOUS, reading.value, raw, reading.problem)
    return FieldRead(key, READ, reading.value, raw)


def _interpret(project: _Project) -> ProjectRead:
    raw = {k: "\n".join(x for x in lines if x.strip()) for k, lines in project.raw.items()}
    fields: dict[str, FieldRead] = {}

    def text(key: str) -> str | None:
        return raw[key] if key in raw and raw[key].strip() else None

    title = text("title") or project.heading
    if title:
        fields["title"] = FieldRead("title", READ, " ".join(title.split())[:500], title)
    for key in ("description", "output_type", "lead_organization"):
        if text(key):
            value = raw[key].strip() if key == "description" else " ".join(raw[key].split())
            fields[key] = FieldRead(key, READ, value, raw[key])
    for key, reader in (("status", v.read_status), ("kind", v.read_kind)):
        if text(key):
            fields[key] = _state(key, reader(raw[key]), raw[key])
    _years(raw, fields)
    simple = {
        "domains": v.read_domains,
        "sdg_goals": v.read_goals,
        "sdg_targets": v.read_targets,
        "links": v.read_links,
        "technologies": v.read_technologies,
        "editions": v.read_list_of_years,
        "contact_public": v.read_yes_no,
    }
    for key, reader in simple.items():
        if text(key):
            fields[key] = _state(key, reader(raw[key]), raw[key])
    if "sdg_targets" not in fields and text("sdg_goals"):
        targets = v.read_targets(raw["sdg_goals"])
        if targets.value:
            fields["sdg_targets"] = FieldRead("sdg_targets", READ, targets.value, raw["sdg_goals"])
    if text("co_leads"):
        fields["co_leads"] = FieldRead(
            "co_leads", READ, v.split_items(raw["co_leads"]), raw["co_leads"]
        )
    if text("id"):
        fields["id"] = FieldRead("id", READ, raw["id"].strip()[:64], raw["id"])
    _places(raw, fields)
    _contact(raw, fields)
    if project.partners:
        partners: list[dict[str, Any]] = []
        for sector, line in project.partners:
            for partner in v.read_partners(line, sector).value:
                if partner["organization"].casefold() not in {
                    p["organization"].casefold() for p in partners
                }:
                    partners.append(partner)
        written = "\n".join(project.partners_written)
        fields["partners"] = FieldRead("partners", READ, partners, written)
    ordered = {
        key: fields.get(key) or FieldRead(key, NOT_FOUND, message="not in the document")
        for key in COLUMNS
    }
    return ProjectRead(heading=project.heading or str(ordered["title"].value or ""), fields=ordered)


def _years(raw: dict[str, str], fields: dict[str, FieldRead]) -> None:
    start_text = raw.get("start_year", "").strip()
    end_text = raw.get("end_year", "").strip()
    period = raw.get("_period", "").strip()
    if period:
        start, end = v.read_period(period)
        fields["start_year"] = _state("start_year", start, period)
        fields["end_year"] = _state("end_year", end, period)
    if start_text:
        start, implied_end = v.read_start_year(start_text)
        fields["start_year"] = _state("start_year", start, start_text)
        if implied_end is not None and not end_text:
            fields["end_year"] = FieldRead("end_year", READ, implied_end, start_text)
    if end_text:
        fields["end_year"] = _state("end_year", v.read_end_year(end_text), end_text)
    start, end = fields.get("start_year"), fields.get("end_year")
    if start and end and start.value and end.value and end.value < start.value:
        fields["end_year"] = FieldRead(
            "end_year", AMBIGUOUS, None, end.raw, f"ends ({end.value}) before it starts"
        )


def _places(raw: dict[str, str], fields: dict[str, FieldRead]) -> None:
    written = "\n".join(x for x in (raw.get("countries", ""), raw.get("regions", "")) if x)
    if not written.strip():
        return
    countries, regions = v.read_places(written)
    message = countries.problem
    for key, reading in (("countries", countries), ("regions", regions)):
        if reading.value or (message and key == "countries"):
            fields[key] = FieldRead(
                key, AMBIGUOUS if message else READ, reading.value, written, message
            )
    if not countries.value and not regions.value and not message:
        fields["countries"] = FieldRead("countries", READ, [], written)


def _contact(raw: dict[str, str], fields: dict[str, FieldRead]) -> None:
    name_text = raw.get("contact_name", "")
    email_text = raw.get("contact_email", "")
    if name_text.strip():
        name, email = v.read_contact(name_text)
        if name.value:
            fields["contact_name"] = FieldRead("contact_name", READ, name.value, name_text)
        if email.value and not email_text.strip():
            fields["contact_email"] = FieldRead("contact_email", READ, email.value, name_text)
    if email_text.strip():
        _name, email = v.read_contact(email_text)
        if email.value:
            fields["contact_email"] = FieldRead("contact_email", READ, email.value, email_text)
        else:
            fields["contact_email"] = FieldRead(
                "contact_email", AMBIGUOUS, "", email_text, "holds no e-mail address"
            )
