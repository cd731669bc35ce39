"""Operations of the report: build an edition's PDF and annex, request a background build,
edit the foreword and introduction."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone, translation

from aiatlas.catalog.models import Edition
from aiatlas.common.files import Area
from aiatlas.report.exceptions import BuildFailed, UnknownLanguage
from aiatlas.report.models import EditionReportText, ReportBuild
from aiatlas.report.snapshots import published_edition

Progress = Callable[[str, int], None]
CONTACT_FIELDS = ("contact_name", "contact_email")


@dataclass
class BuildResult:
    year: int
    pdf: Path
    csv: Path
    activities: int
    entities: int
    seconds: float
    warnings: list[str] = field(default_factory=list)


#: the built reports in the file storage: ``reports/<year>/`` for English, a sub-folder
#: named by the language for the others (``reports/2024/fr/report.pdf``, ``data.csv``)
REPORTS = Area("reports")
REPORT_FILES = ("report.pdf", "data.csv")


def report_language(language: str) -> str:
    """One of the six report languages (Django codes: ``zh-hans``; ``zh`` is accepted),
    else :class:`UnknownLanguage` naming them."""
    from aiatlas.common.l10n import UN_LANGUAGES

    code = str(language or "").strip().lower().replace("_", "-")
    code = {"zh": "zh-hans"}.get(code, code)
    if code not in UN_LANGUAGES:
        raise UnknownLanguage(
            f"the report has no language {language!r}; choose one of {', '.join(UN_LANGUAGES)}"
        )
    return code


def report_folder(year: int, language: str = "en") -> str:
    """The folder of an edition's built report in ``language``, inside :data:`REPORTS`:
    the year for English, ``<year>/<language>`` for the others."""
    code = report_language(language)
    return str(year) if code == "en" else f"{year}/{code}"


def is_built(year: int, name: str = "report.pdf", language: str = "en") -> bool:
    """Whether the file ``name`` of the edition's report in ``language`` has been built."""
    return REPORTS.exists(f"{report_folder(year, language)}/{name}")


def open_built(year: int, name: str, language: str = "en") -> IO[bytes]:
    """The built file ``name`` (one of :data:`REPORT_FILES`) of the edition's report;
    FileNotFoundError when it has not been built."""
    if name not in REPORT_FILES:
        raise FileNotFoundError(name)
    relative = f"{report_folder(year, language)}/{name}"
    if not REPORTS.exists(relative):
        raise FileNotFoundError(relative)
    return REPORTS.open(relative)


def built_languages(year: int) -> list[str]:
    """The languages whose PDF of the edition's report has been built, in site order."""
    from aiatlas.common.l10n import UN_LANGUAGES

    return [lang for lang in UN_LANGUAGES if is_built(year, "report.pdf", lang)]


def annex_records(records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The edition's records for data.csv: contacts blanked unless they may be public."""
    for record in records:
        if record.get("contact_public"):
            yield record
        else:
            yield {**record, **dict.fromkeys(CONTACT_FIELDS, "")}


def _noop(stage: str, percent: int) -> None:
    return None


def build_report(
    *,
    year: int,
    out_dir: Path,
    language: str = "en",
    progress: Progress | None = None,
    tagged: bool = True,
    parts_from: int | None = None,
) -> BuildResult:
    """Write ``report.pdf`` and ``data.csv`` of a published edition into ``out_dir``.

    Reads only the edition's frozen snapshots, so rebuilding gives the same figures.
    Editions of more than ``parts_from`` activities (default
    :data:`aiatlas.report.parts.PARTS_FROM`) are typeset in parts and joined, which keeps
    the compiler's memory bounded (an untagged PDF; see :mod:`aiatlas.report.parts`).
    Raises :class:`EditionNotFound`, :class:`EditionNotPublished` or :class:`BuildFailed`.
    """
    from aiatlas.catalog.io.writers import write_records
    from aiatlas.catalog.services.demo import is_demo_database
    from aiatlas.common.typst import compile_pdf
    from aiatlas.report.charts import render_svg
    from aiatlas.report.content import build_content
    from aiatlas.report.parts import PARTS_FROM, typeset_in_parts
    from aiatlas.report.pdf import document

    report = progress or _noop
    started = time.perf_counter()
    language = report_language(language)
    published_edition(year)  # clear errors before any work
    out_dir.mkdir(parents=True, exist_ok=True)
    with translation.override(language):
        report("figures", 5)
        content = build_content(year, language=language)
        report("charts", 25)
        with tempfile.TemporaryDirectory(prefix="aiatlas-report-") as tmp:
            root = Path(tmp)
            files: dict[str, str] = {}
            for chart in content.all_charts:
                name = f"{chart.id}.svg"
                (root / name).write_text(render_svg(chart), encoding="utf-8")
                files[name] = name
            report("typesetting", 40)
            published = content.data.published_at
            stamp = int(published.timestamp()) if published else None
            partial = out_dir / "report.pdf.part"
            limit = PARTS_FROM if parts_from is None else parts_from
            try:
                if len(content.data.records) > limit:
                    warnings = typeset_in_parts(
                        content, files, root, partial, demo=is_demo_database(), timestamp=stamp
                    )
                else:
                    source = document(content, files, demo=is_demo_database())
                    warnings = compile_pdf(source, root, partial, timestamp=stamp, tagged=tagged)
            except Exception as exc:  # typst.TypstError: the message is for the user
                partial.unlink(missing_ok=True)
                raise BuildFailed(f"the PDF could not be typeset: {exc}") from exc
        pdf = out_dir / "report.pdf"
        partial.replace(pdf)
    report("annex", 90)
    csv_path = out_dir / "data.csv"
    write_records(annex_records(content.data.records), "csv", csv_path)
    report("done", 100)
    return BuildResult(
        year=year,
        pdf=pdf,
        csv=csv_path,
        activities=len(content.data.records),
        entities=len(content.chapters),
        seconds=time.perf_counter() - started,
        warnings=warnings,
    )


def build_and_keep(
    *, year: int, language: str = "en", progress: Progress | None = None
) -> tuple[BuildResult, str]:
    """Build the edition's report in ``language`` and keep its files in the file storage
    (where the site serves them from); returns the result and the folder in
    :data:`REPORTS`."""
    folder = report_folder(year, language)
    with tempfile.TemporaryDirectory(prefix="aiatlas-build-") as tmp:
        result = build_report(year=year, out_dir=Path(tmp), language=language, progress=progress)
        for name, path in (("report.pdf", result.pdf), ("data.csv", result.csv)):
            REPORTS.put(f"{folder}/{name}", path)
    return result, folder


def save_report_text(*, year: int, foreword: str, introduction: str) -> EditionReportText:
    """Set the foreword and introduction (Markdown) of an edition's report."""
    with transaction.atomic():
        edition = Edition.objects.get(year=year)
        text, _created = EditionReportText.objects.update_or_create(
            edition=edition, defaults={"foreword": foreword, "introduction": introduction}
        )
    return text


def request_build(*, year: int, user: Any = None, language: str = "en") -> ReportBuild:
    """Queue a background build of a published edition's report in ``language``; returns
    its record."""
    from aiatlas.report.tasks import build_report_task

    language = report_language(language)
    edition = published_edition(year)
    with transaction.atomic():
        build = ReportBuild.objects.create(
            edition=edition,
            requested_by=user if getattr(user, "pk", None) else None,
            language=language,
        )
    result = build_report_task.enqueue(build.pk)
    ReportBuild.objects.filter(pk=build.pk).update(task_id=str(result.id))
    build.refresh_from_db()
    return build


def run_build(*, build_id: int) -> str:
    """Run a queued build (called by the task), recording its stage and outcome."""
    build = ReportBuild.objects.select_related("edition").get(pk=build_id)

    def progress(stage: str, percent: int) -> None:
        ReportBuild.objects.filter(pk=build_id).update(
            status=ReportBuild.Status.RUNNING, stage=stage, progress=percent
        )

    progress("starting", 1)
    try:
        result, folder = build_and_keep(
            year=build.edition.year, language=build.language, progress=progress
        )
    except Exception as exc:
        ReportBuild.objects.filter(pk=build_id).update(
            status=ReportBuild.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        raise
    ReportBuild.objects.filter(pk=build_id).update(
        status=ReportBuild.Status.DONE,
        stage="done",
        progress=100,
        out_dir=REPORTS.name(folder),
        finished_at=timezone.now(),
    )
    return REPORTS.name(f"{folder}/{result.pdf.name}")
