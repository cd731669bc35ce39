"""Load a questionnaire (XLSForm) into a survey, change its dates and options."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from aiatlas.survey.models import Response, Survey
from aiatlas.survey.xlsform import FormError, FormRefused, read_xlsform


@dataclass
class FormSummary:
    title: str
    version: str
    languages: list[str]
    pages: int
    questions: int
    warnings: list[str]


def check_form(
    *, data: bytes, media: dict[str, bytes] | None = None
) -> tuple[dict[str, object], FormSummary]:
    """Check a workbook without storing it; raise FormRefused with every problem.
    ``media``: the CSV files its ``select_one_from_file`` questions name."""
    from aiatlas.survey.form import Form

    spec, warnings = read_xlsform(data, media=media)
    form = Form(spec)
    summary = FormSummary(
        title=str(spec["title"]),
        version=str(spec["version"]),
        languages=form.languages,
        pages=len(form.pages),
        questions=sum(1 for q in form.questions if q["type"] not in ("note", "calculate")),
        warnings=warnings,
    )
    return spec, summary


def create_survey(
    *,
    data: bytes,
    filename: str = "",
    title: str = "",
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    description: str = "",
    is_demo: bool = False,
    media: dict[str, bytes] | None = None,
) -> tuple[Survey, FormSummary]:
    """A new survey from an XLSForm workbook."""
    spec, summary = check_form(data=data, media=media)
    _check_dates(opens_at, closes_at)
    with transaction.atomic():
        survey = Survey.objects.create(
            title=title or summary.title,
            description=description,
            form=spec,
            form_version=summary.version,
            source_name=filename[:300],
            languages=summary.languages,
            default_language=str(spec["default_language"]),
            opens_at=opens_at,
            closes_at=closes_at,
            is_demo=is_demo,
        )
    return survey, summary


def replace_form(*, survey_id: int, data: bytes, filename: str = "") -> FormSummary:
    """A corrected form for a survey that has no responses yet."""
    spec, summary = check_form(data=data)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey_id)
        if Response.objects.filter(invitation__survey=survey).exists():
            raise FormRefused(
                [
                    FormError(
                        None,
                        None,
                        None,
                        "this survey already has responses; upload the form as a new survey",
                    )
                ]
            )
        survey.form = spec
        survey.form_version = summary.version
        survey.source_name = filename[:300]
        survey.languages = summary.languages
        survey.default_language = str(spec["default_language"])
        survey.save()
    return summary


def _check_dates(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValueError("the closing date must come after the opening date")


def update_survey(
    *,
    survey_id: int,
    title: str,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    allow_edits: bool,
    results_public: bool,
    previous_round_id: int | None = None,
    country_pages: bool | None = None,
) -> Survey:
    _check_dates(opens_at, closes_at)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey_id)
        _check_round(survey, previous_round_id)
        survey.title = title or survey.title
        survey.opens_at, survey.closes_at = opens_at, closes_at
        survey.allow_edits, survey.results_public = allow_edits, results_public
        if country_pages is not None:  # None: left as it is
            survey.country_pages = country_pages
        survey.previous_round_id = previous_round_id
        survey.save()
    return survey


def _check_round(survey: Survey, previous_round_id: int | None) -> None:
    """An earlier round must exist and must not lead back to this survey (no cycle)."""
    seen = {survey.pk}
    pk = previous_round_id
    while pk is not None:
        if pk in seen:
            raise ValueError(_("A survey cannot be an earlier round of itself."))
        seen.add(pk)
        earlier = Survey.objects.filter(pk=pk).values_list("previous_round_id", flat=True)
        if not earlier:
            raise ValueError(_("There is no survey %(id)s.") % {"id": pk})
        pk = earlier[0]


def set_previous_round(*, survey_id: int, previous_round_id: int | None) -> Survey:
    """Mark ``previous_round_id`` as the earlier round of the same series (None: no link)."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey_id)
        _check_round(survey, previous_round_id)
        survey.previous_round_id = previous_round_id
        survey.save(update_fields=["previous_round", "updated_at"])
    return survey


def survey_xform(*, survey_id: int) -> tuple[str, str]:
    """(file name, XForm XML) of a survey's form, as pyxform made it when it was loaded."""
    survey = Survey.objects.get(pk=survey_id)
    form_id = str(survey.form.get("form_id") or f"survey-{survey.pk}")
    return f"{form_id}.xml", str(survey.form.get("xform") or "")


def all_surveys() -> list[Survey]:
    return list(Survey.objects.all())
