"""Reads of the governance app: pages, the API, exports and figures ask these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from aiatlas.catalog.models import Activity, Country, Edition
from aiatlas.catalog.queries import public_activities
from aiatlas.common.wordsearch import every_word
from aiatlas.governance import questionnaire
from aiatlas.governance.choices import AssessmentState
from aiatlas.governance.models import (
    ActionItem,
    Assessment,
    CallSetting,
    Instrument,
    NationalPolicy,
)
from aiatlas.governance.reference import reference

OPEN_STATES = (AssessmentState.DRAFT, AssessmentState.SUBMITTED)


def activity(public_id: str) -> Activity | None:
    return Activity.objects.select_related("lead_organization").filter(public_id=public_id).first()


def is_public_activity(a: Activity) -> bool:
    from aiatlas.catalog.queries import is_public

    return is_public(a)


def _assessments() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "activity__lead_organization", "submission__organization", "signed_off_by", "created_by"
    ).prefetch_related(Prefetch("actions", queryset=ActionItem.objects.order_by("due_on", "pk")))


def assessments_of(a: Activity) -> list[Assessment]:
    """Every assessment of the activity, oldest first: the history."""
    return list(_assessments().filter(activity=a).order_by("created_at", "pk"))


def history_of(a: Assessment) -> list[Assessment]:
    """The assessments of ``a``'s activity, or of its draft while there is no activity."""
    if a.activity is not None:
        return assessments_of(a.activity)
    return list(_assessments().filter(submission=a.submission).order_by("created_at", "pk"))


def for_submission(sub: Any) -> Assessment | None:
    """The self-assessment a draft shows beside its 2-pager: its own while it belongs to
    no activity yet (a new activity), else the activity's assessment in progress, else the
    activity's latest (the one a reviewer reads)."""
    own = _assessments().filter(submission_id=sub.pk).order_by("-created_at", "-pk").first()
    if own is not None and own.activity_id is None:
        return own
    if sub.activity_id is not None:
        rows = _assessments().filter(activity_id=sub.activity_id).order_by("-created_at", "-pk")
        return rows.filter(state__in=OPEN_STATES).first() or rows.first()
    return own


def submission(user: Any, pk: int) -> Any:
    """A submission the user may see, or None."""
    from aiatlas.submissions.queries import visible_submissions

    return visible_submissions(user).filter(pk=pk).first()


def assessment(pk: int) -> Assessment | None:
    return _assessments().filter(pk=pk).first()


def open_assessment(a: Activity) -> Assessment | None:
    return Assessment.objects.filter(activity=a, state__in=OPEN_STATES).first()


def latest(a: Activity) -> Assessment | None:
    return Assessment.objects.filter(activity=a).order_by("-created_at", "-pk").first()


def review_queue() -> list[Assessment]:
    return list(_assessments().filter(state=AssessmentState.SUBMITTED).order_by("submitted_at"))


def activities_of_user(user: Any) -> list[Activity]:
    """The activities led by the user's organizations, with their assessments."""
    org_ids = list(user.organizations.values_list("pk", flat=True))
    return list(
        Activity.objects.filter(lead_organization_id__in=org_ids)
        .select_related("lead_organization")
        .prefetch_related(
            Prefetch("governance_assessments", queryset=Assessment.objects.order_by("-created_at"))
        )
        .order_by("public_id")
    )


def signed_off(*, edition: int | None = None) -> list[Assessment]:
    """The latest signed-off assessment of each public activity (of ``edition``): what
    public figures and pages count. Embargoed activities are left out."""
    activities = public_activities()
    if edition is not None:
        activities = activities.filter(editions__year=edition)
    rows = (
        _assessments()
        .filter(state=AssessmentState.SIGNED_OFF, activity__in=activities)
        .order_by("activity__public_id", "-signed_off_at", "-pk")
    )
    out: dict[int, Assessment] = {}
    for row in rows:
        if row.activity_id is not None:  # always: the filter asks for public activities
            out.setdefault(row.activity_id, row)
    return list(out.values())


def latest_signed_off(a: Activity) -> Assessment | None:
    return (
        _assessments()
        .filter(activity=a, state=AssessmentState.SIGNED_OFF)
        .order_by("-signed_off_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class PublicAnswer:
    question: questionnaire.Question
    value: Any

    @property
    def shown(self) -> str:
        return self.question.shown(self.value)


def published_answers(a: Assessment) -> dict[str, Any]:
    """Only the answers the entity chose to publish."""
    chosen = set(a.published)
    return {qid: v for qid, v in a.answers.items() if qid in chosen}


def public_actions(a: Assessment) -> list[ActionItem]:
    return [x for x in a.actions.all() if x.public]


def public_view(a: Assessment) -> dict[str, Any]:
    """What the public may see of a signed-off assessment: the published answers by
    section, the risk computed from those answers only, and the public action items."""
    q = questionnaire.load(a.questionnaire_version)
    answers = published_answers(a)
    risks = q.risks(answers)
    sections = []
    for s in q.sections:
        shown = [PublicAnswer(x, answers[x.id]) for x in s.questions if x.id in answers]
        sections.append((s, shown))
    scoping = [PublicAnswer(x, answers[x.id]) for x in q.scoping if x.id in answers]
    return {
        "questionnaire": q,
        "scoping": scoping,
        "sections": sections,
        "risks": risks,
        "overall": q.overall(risks),
        "actions": public_actions(a),
    }


def editions() -> list[int]:
    return list(Edition.objects.order_by("-year").values_list("year", flat=True))


def assessed_activities(*, edition: int | None, assessed: str) -> list[tuple[Activity, bool]]:
    """Public activities (of ``edition``) with whether they are assessed against the
    principles (a signed-off assessment); ``assessed`` "yes"/"no" keeps one side."""
    activities = public_activities().select_related("lead_organization").order_by("public_id")
    if edition is not None:
        activities = activities.filter(editions__year=edition)
    done = {x.activity_id for x in signed_off(edition=edition)}
    rows = [(a, a.pk in done) for a in activities]
    if assessed == "yes":
        rows = [r for r in rows if r[1]]
    elif assessed == "no":
        rows = [r for r in rows if not r[1]]
    return rows


# -- instruments ---------------------------------------------------------------------------


def instruments(
    *, kind: str = "", principle: str = "", focus_area: str = "", q: str = ""
) -> list[Instrument]:
    qs = Instrument.objects.prefetch_related("steps").order_by("title")
    if kind:
        qs = qs.filter(kind=kind)
    qs = qs.filter(
        every_word(q, ["title__icontains", "summary__icontains", "issuing_body__icontains"])
    )
    rows = list(qs)
    if principle:
        rows = [i for i in rows if principle in i.principles]
    if focus_area:
        rows = [i for i in rows if focus_area in i.focus_areas]
    return rows


def instrument(slug: str) -> Instrument | None:
    return (
        Instrument.objects.prefetch_related(
            "steps", "history", "activities__lead_organization", "groups"
        )
        .filter(slug=slug)
        .first()
    )


def crosswalk(kind: str) -> tuple[list[Any], list[tuple[Instrument, list[bool]]]]:
    """Instrument × principle (``kind`` "principles") or × focus area ("focus_areas"):
    the columns and, per instrument, whether it maps to each."""
    columns = list(getattr(reference(), kind))
    rows = [
        (i, [c.code in getattr(i, kind) for c in columns])
        for i in Instrument.objects.order_by("title")
    ]
    return columns, rows


# -- national policies ---------------------------------------------------------------------


def policies(*, country: str = "") -> QuerySet[NationalPolicy]:
    qs = NationalPolicy.objects.select_related("country").order_by("country__alpha3", "name")
    if country:
        qs = qs.filter(country__alpha3=country.upper())
    return qs


def country(code: str) -> Country | None:
    return Country.objects.filter(alpha3=code.upper()).first()


def policy_countries() -> list[tuple[Country, int]]:
    counts: dict[str, int] = {}
    for code in NationalPolicy.objects.values_list("country_id", flat=True):
        counts[code] = counts.get(code, 0) + 1
    return [(c, counts[c.alpha3]) for c in Country.objects.filter(alpha3__in=counts)]


def country_activities(code: str) -> list[Activity]:
    return list(
        public_activities()
        .filter(countries__alpha3=code.upper())
        .select_related("lead_organization")
        .order_by("public_id")[:50]
    )


def country_survey_answers(code: str, language: str) -> list[Any]:
    """The Member State survey's answers of the country, for the surveys the secretariat
    publishes on country pages (closed questions of submitted responses only)."""
    from aiatlas.survey.queries import country_answers

    return country_answers(code, language)


# -- calls -------------------------------------------------------------------------------


def call_setting(call_id: int) -> str:
    row = CallSetting.objects.filter(call_id=call_id).first()
    return row.self_assessment if row else "none"
