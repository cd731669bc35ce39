"""Import the responses of a survey run in KoboToolbox or ODK Central: all or nothing.

Each row of the export's main table becomes the submitted response of one Member State
(an invitation without a contact is made for a state not yet invited); every problem is
named with its file, row and column and nothing is stored while one remains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiatlas.catalog.models import Country
from aiatlas.survey import interop
from aiatlas.survey.exceptions import BadImport
from aiatlas.survey.form import Form
from aiatlas.survey.models import Invitation, Response, ResponseStatus, Survey

#: the ministry written on invitations made by an import (no contact is known)
IMPORTED = "imported"


@dataclass
class ImportResult:
    layout: str  # "kobo" or "odk"
    created: int = 0
    replaced: int = 0
    warnings: list[str] = field(default_factory=list)


def _countries() -> dict[str, Country]:
    """Country by alpha-3, alpha-2 and English name, all upper-case."""
    out: dict[str, Country] = {}
    for c in Country.objects.all():
        for key in (c.name, c.alpha2, c.alpha3):
            out[key.upper()] = c
    return out


def import_responses(
    *,
    survey_id: int,
    files: Iterable[tuple[str, bytes]],
    country_question: str = "country",
    replace: bool = False,
) -> ImportResult:
    """Store the export's submissions as submitted responses; BadImport lists every problem."""
    survey = Survey.objects.get(pk=survey_id)
    form = Form(survey.form)
    try:
        tables = interop.read_tables(files)
    except ValueError as exc:
        raise BadImport([str(exc)]) from None
    if not tables:
        raise BadImport([_("The files hold no table.")])
    read, problems = interop.read_export(form, tables, country_question)
    countries = _countries()
    seen: dict[str, str] = {}
    chosen: list[tuple[interop.Imported, Country]] = []
    for sub in read.submissions:
        if not sub.country:
            continue  # already a problem
        country = countries.get(sub.country.strip().upper())
        if country is None:
            problems.append(
                f"{sub.where}: "
                + _("%(value)s is not a country code or name") % {"value": sub.country}
            )
            continue
        if country.alpha3 in seen:
            problems.append(
                f"{sub.where}: "
                + _("%(state)s has another response (%(other)s)")
                % {"state": country.name, "other": seen[country.alpha3]}
            )
            continue
        seen[country.alpha3] = sub.where
        chosen.append((sub, country))
    result = ImportResult(read.layout, warnings=read.warnings)
    with transaction.atomic():
        existing = {
            r.invitation.country_id: r
            for r in Response.objects.filter(
                invitation__survey=survey, invitation__country_id__in=list(seen)
            ).select_related("invitation")
        }
        if not replace:
            problems += [
                f"{sub.where}: "
                + _("%(state)s already has a response in this survey (choose replace)")
                % {"state": country.name}
                for sub, country in chosen
                if country.alpha3 in existing
            ]
        if problems:
            raise BadImport(problems)
        invitations = {
            i.country_id: i
            for i in Invitation.objects.filter(survey=survey, country_id__in=list(seen))
        }
        now = timezone.now()
        for sub, country in chosen:
            inv = invitations.get(country.alpha3)
            if inv is None:
                inv = Invitation.objects.create(
                    survey=survey, country=country, ministry=IMPORTED, contact_email=""
                )
            response = existing.get(country.alpha3)
            if response is None:
                response = Response(invitation=inv)
                result.created += 1
            else:
                response.version += 1
                response.checked_at, response.checked_by = None, None
                result.replaced += 1
            response.answers = sub.answers
            response.status = ResponseStatus.SUBMITTED
            response.language = form.default_language
            response.page = max(0, len(form.pages) - 1)
            response.submitted_at = sub.submitted_at or now
            response.save()
    return result
