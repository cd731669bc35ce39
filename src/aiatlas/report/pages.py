"""Template contexts of the web report, built from the same content as the PDF."""

from __future__ import annotations

from typing import Any

from aiatlas.report.content import ReportContent, build_content
from aiatlas.report.figures import Figure, compute_figure
from aiatlas.report.links import figure_url, search_url
from aiatlas.report.models import ReportBuild
from aiatlas.report.services import built_languages, is_built
from aiatlas.report.snapshots import load_edition


def _figure_part(fig: Figure, content: ReportContent) -> dict[str, Any]:
    ref = content.reference(fig.id)
    return {
        "figure": fig,
        "mark": ref.mark,
        "anchor": ref.anchor,
        "search_url": search_url(fig, language=content.language),
    }


def summary_parts(content: ReportContent) -> list[list[list[dict[str, Any]]]]:
    """Paragraphs -> sentences -> parts ({"text"} or a figure with its mark and links)."""
    out = []
    for paragraph in content.summary:
        sentences = []
        for sentence in paragraph:
            parts: list[dict[str, Any]] = []
            for part in sentence.parts:
                if isinstance(part, str):
                    parts.append({"text": part})
                else:
                    parts.append(_figure_part(part, content))
            sentences.append(parts)
        out.append(sentences)
    return out


def provenance_rows(content: ReportContent) -> list[dict[str, Any]]:
    """The annex "How the figures were computed": one row per figure the summary cites."""
    return [
        {
            "ref": ref,
            "figure": ref.figure,
            "search_url": search_url(ref.figure, language=content.language),
            "figure_url": figure_url(content.year, ref.figure.id, language=content.language),
        }
        for ref in content.references
    ]


def pdf_links(year: int) -> list[dict[str, str]]:
    """The PDFs of an edition's report built so far, one per language: its code, its name
    in that language ("العربية", "français") and its URL."""
    from django.conf import settings
    from django.urls import reverse

    names = dict(settings.LANGUAGES)
    out = []
    for lang in built_languages(year):
        if lang == "en":
            url = reverse("report:pdf", args=[year])
        else:
            url = reverse("report:pdf-language", args=[year, lang])
        out.append({"code": lang, "name": str(names.get(lang, lang)), "url": url})
    return out


def build_languages() -> list[tuple[str, str]]:
    """The languages the report may be built in (code, name)."""
    from django.conf import settings

    return [(code, str(name)) for code, name in settings.LANGUAGES]


def report_page(year: int, language: str, *, can_build: bool) -> dict[str, Any]:
    content = build_content(year, language=language)
    latest = ReportBuild.objects.filter(edition__year=year).first() if can_build else None
    return {
        "content": content,
        "year": year,
        "summary": summary_parts(content),
        "provenance": provenance_rows(content),
        "charts": content.charts,
        "pdf_available": is_built(year),
        "latest_build": latest,
        "can_build": can_build,
        "pdf_links": pdf_links(year),
        "build_languages": build_languages() if can_build else [],
        "licence": content.licence,
    }


def figure_page(year: int, figure_id: str, language: str) -> dict[str, Any]:
    data = load_edition(year)
    fig = compute_figure(data, figure_id)
    return {
        "year": year,
        "edition": data,
        "figure": fig,
        "search_url": search_url(fig, language=language),
        "command": f"aiatlas report figure {fig.id} --edition {year} --records",
    }


def build_page(year: int, build_id: int) -> dict[str, Any] | None:
    build = ReportBuild.objects.filter(pk=build_id, edition__year=year).first()
    if build is None:
        return None
    task_status = ""
    if build.task_id:
        from aiatlas.report.tasks import build_report_task

        try:
            task_status = str(build_report_task.get_result(build.task_id).status)
        except Exception:  # the task row may have been pruned
            task_status = ""
    finished = build.status in (ReportBuild.Status.DONE, ReportBuild.Status.FAILED)
    return {"year": year, "build": build, "task_status": task_status, "finished": finished}


def edition_outputs(edition: Any, *, staff: bool) -> dict[str, Any]:
    """What the edition page links for a published edition: the web report, the PDF and
    the annex once built, the state of the latest build, the licence and the open-data
    package."""
    from aiatlas.report.opendata import edition_licence

    if not getattr(edition, "is_published", False):
        return {"published": False}
    year = edition.year
    latest = ReportBuild.objects.filter(edition=edition).first()
    return {
        "published": True,
        "year": year,
        "pdf": is_built(year),
        "pdf_links": [p for p in pdf_links(year) if p["code"] != "en"],
        "csv": is_built(year, "data.csv"),
        "build": latest,
        "building": latest is not None
        and latest.status in (ReportBuild.Status.QUEUED, ReportBuild.Status.RUNNING),
        "licence": edition_licence(year),
        "staff": staff,
    }
