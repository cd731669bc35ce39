"""Uploaded 2-pagers in two steps: read every project of every file (nothing is stored),
then, once the focal point has confirmed, make the drafts — or update the draft a file
was exported from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction

from aiatlas.common.rules import allowed
from aiatlas.submissions import records
from aiatlas.submissions.exceptions import EditConflict, InvalidInput, SubmissionError
from aiatlas.submissions.models import Submission
from aiatlas.submissions.services import drafts


@dataclass
class ProjectPreview:
    heading: str
    record: dict[str, Any]  # the editable part the draft gets
    fields: list[dict[str, str]]  # key, label, state, value, raw, message
    counts: dict[str, int]
    public_id: str = ""


@dataclass
class FilePreview:
    filename: str
    layout: str = ""
    refused: str = ""
    notes: list[str] = field(default_factory=list)
    projects: list[ProjectPreview] = field(default_factory=list)
    #: the draft the file was exported from, when it may be updated: (id, version now)
    update: tuple[int, int] | None = None


@dataclass
class Outcome:
    filename: str
    heading: str
    submission: Submission | None
    updated: bool = False
    message: str = ""


def _shown(key: str, value: Any) -> str:
    from aiatlas.submissions.twopager.names import display_paragraphs

    if key == "end_year" and value is None:
        return "open-ended"
    if value in (None, "", []):
        return ""
    return "\n".join(display_paragraphs(key, value)).replace("\\;", ";")


def _preview(result: Any, *, user: Any, call: Any, org: Any) -> FilePreview:
    from aiatlas.submissions.labels import field_label
    from aiatlas.submissions.queries import visible_submissions

    preview = FilePreview(
        filename=result.filename, layout=result.layout, refused=result.refused, notes=result.notes
    )
    for project in result.projects:
        record = records.editable_part(project.record())
        too_big = records.record_size_problem(record)
        if too_big:
            preview.notes.append(f"{project.heading}: {too_big}; no draft can be made of it")
            continue
        fields = [
            {
                "key": f.key,
                "label": field_label(f.key),
                "state": f.state,
                "state_label": f.state_label,
                "value": _shown(f.key, f.value) if f.state != "not_found" else "",
                "raw": f.raw[:2000],
                "message": f.message,
            }
            for f in project.fields.values()
            if f.key in records.EDITABLE_FIELDS or f.key == "lead_organization"
        ]
        counts = {s: sum(1 for f in fields if f["state"] == s) for s in ("read", "ambiguous")}
        counts["not_found"] = len(fields) - sum(counts.values())
        named = project.fields.get("lead_organization")
        if named is not None and named.state == "read" and named.value:
            text = str(named.value).strip()
            if text.casefold() not in {org.reference.casefold(), org.name.casefold()}:
                preview.notes.append(
                    f"{project.heading}: the file names {text} as lead organization; the "
                    f"draft is filed under {org.reference}"
                )
        public_id = project.fields.get("id")
        preview.projects.append(
            ProjectPreview(
                heading=project.title or project.heading or result.filename,
                record=record,
                fields=fields,
                counts=counts,
                public_id=str(public_id.value or "")[:64]
                if public_id and public_id.state == "read"
                else "",
            )
        )
    if result.submission_id is not None and len(preview.projects) == 1:
        sub = (
            visible_submissions(user)
            .filter(pk=result.submission_id, call=call, organization=org)
            .first()
        )
        number = result.submission_id
        if sub is None:
            preview.notes.append(
                f"the file was exported from draft #{number}, which is not a draft of "
                f"{org.reference} in this call: a new draft will be made"
            )
        elif not allowed(user, "submissions.edit_draft", sub):
            preview.notes.append(
                f"the file was exported from submission #{number}, which is "
                f"{sub.get_state_display().lower()} and cannot be changed: a new draft will "
                "be made"
            )
        else:
            preview.update = (sub.pk, sub.version)
            if sub.version != result.version:
                preview.notes.append(
                    f"draft #{number} has changed since this file was exported (version "
                    f"{result.version}, now {sub.version}): confirming replaces those changes "
                    "with the file"
                )
    return preview


def read_upload(
    *, user: Any, call_id: int, organization_id: int, files: list[Any]
) -> list[FilePreview]:
    """Every project of every uploaded Word file (a .zip counts as its files), with the
    state of each field; nothing is stored. Raises UploadRejected for an upload refused
    as a whole (too many files, a zip bomb)."""
    from aiatlas.catalog.services.storage import load_vocabulary
    from aiatlas.submissions.docx import read_upload_files

    call = drafts._open_call(call_id)
    org = drafts._organization(user, organization_id)
    drafts.check_upload_sizes(files)
    results = read_upload_files(files, vocabulary=load_vocabulary())
    return [_preview(r, user=user, call=call, org=org) for r in results]


def preview_data(previews: list[FilePreview]) -> list[dict[str, Any]]:
    """The previews as JSON-ready data (kept in the session until confirmed)."""
    return [asdict(p) for p in previews]


def confirm_upload(
    *,
    user: Any,
    call_id: int,
    organization_id: int,
    previews: list[dict[str, Any]],
    chosen: set[tuple[int, int]],
) -> list[Outcome]:
    """Make a draft of each chosen (file, project) — or update the draft the file was
    exported from — with what was read; a draft changed since the preview is a conflict
    for that project only."""
    if not chosen:
        raise InvalidInput("Tick at least one project to make a draft of it.")
    outcomes: list[Outcome] = []
    with transaction.atomic():
        call = drafts._open_call(call_id)
        org = drafts._organization(user, organization_id)
        for f_index, preview in enumerate(previews):
            for p_index, project in enumerate(preview.get("projects") or []):
                if (f_index, p_index) not in chosen:
                    continue
                outcomes.append(_make(preview, project, user=user, call=call, org=org))
    return outcomes


def _make(
    preview: dict[str, Any], project: dict[str, Any], *, user: Any, call: Any, org: Any
) -> Outcome:
    filename, heading = str(preview.get("filename", "")), str(project.get("heading", ""))
    part = records.editable_part(project.get("record") or {})
    update = preview.get("update")
    if update:
        submission_id, version = int(update[0]), int(update[1])
        current = Submission.objects.filter(pk=submission_id).first()
        merged = {**(current.record if current else {}), **part}
        try:
            with transaction.atomic():
                sub = drafts.save_draft(
                    user=user, submission_id=submission_id, record=merged, expected_version=version
                )
        except EditConflict:
            return Outcome(
                filename,
                heading,
                None,
                message=f"draft #{submission_id} was changed after the file was read; "
                "upload the file again",
            )
        except SubmissionError as exc:
            return Outcome(filename, heading, None, message=str(exc))
        return Outcome(filename, heading, sub, updated=True)
    sub = drafts._new_draft(call, org, part, user=user, source_file=filename)
    notes: list[str] = []
    if project.get("public_id"):
        drafts._link_upload(sub, str(project["public_id"]), user=user, notes=notes)
    return Outcome(filename, heading, sub, message="; ".join(notes))
