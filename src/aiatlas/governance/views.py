"""Pages of the governance app, at /<lang>/governance/: the principles, the questionnaire,
self-assessments (filled by the entity's focal points, signed off by the secretariat),
figures, the instruments registry with its crosswalks, national policies by country."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aiatlas.common.downloads import CSV, attachment
from aiatlas.common.errors import DomainError, PermissionDenied
from aiatlas.common.params import four_digit_year, query_param
from aiatlas.common.rules import allowed, permission_required
from aiatlas.governance import queries, questionnaire
from aiatlas.governance.choices import InstrumentKind, RiskLevel
from aiatlas.governance.pages import figure_charts, form_rows, read_form
from aiatlas.governance.reference import reference
from aiatlas.governance.services import assessments
from aiatlas.governance.services.exchange import export_policies_csv


def _edition(request: HttpRequest) -> int | None:
    return four_digit_year(query_param(request, "edition"))


def _signed_in(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    """To the sign-in page, and back to this page after it."""
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(request.get_full_path())


def _levels() -> dict[str, str]:
    return {value: str(label) for value, label in RiskLevel.choices}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _signed_in(request)
    return render(
        request,
        "governance/index.html",
        {
            "reference": reference(),
            "mine": queries.activities_of_user(user) if user else [],
            "may_review": bool(user and allowed(user, "governance.review_queue")),
            "version": questionnaire.current().version,
        },
    )


@require_GET
def questionnaire_page(request: HttpRequest) -> HttpResponse:
    version = request.GET.get("version", "")
    try:
        q = questionnaire.load(version) if version else questionnaire.current()
    except questionnaire.QuestionnaireError as exc:
        raise Http404(exc.problems[0]) from exc
    return render(
        request,
        "governance/questionnaire.html",
        {"q": q, "versions": questionnaire.versions(), "overall_rule": q.overall_rule()},
    )


@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    found, charts = figure_charts(edition)
    return render(
        request,
        "governance/figures.html",
        {"figures": found, "charts": charts, "edition": edition, "editions": queries.editions()},
    )


@require_GET
def activities(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    assessed = request.GET.get("assessed", "")
    assessed = assessed if assessed in {"yes", "no"} else ""
    every = queries.assessed_activities(edition=edition, assessed="")
    rows = [r for r in every if not assessed or r[1] == (assessed == "yes")]
    done = sum(1 for _a, d in every if d)
    facet = [("yes", _("Assessed"), done), ("no", _("Not assessed"), len(every) - done)]
    return render(
        request,
        "governance/activities.html",
        {
            "rows": rows,
            "facet": facet,
            "assessed": assessed,
            "edition": edition,
            "editions": queries.editions(),
        },
    )


@require_GET
def activity_page(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = queries.activity(public_id)
    user = _signed_in(request)
    insider = bool(user and activity and allowed(user, "governance.view_private", activity))
    if activity is None or not (insider or queries.is_public_activity(activity)):
        raise Http404(_("There is no such activity."))
    signed = queries.latest_signed_off(activity)
    return render(
        request,
        "governance/activity.html",
        {
            "activity": activity,
            "view": queries.public_view(signed) if signed else None,
            "signed": signed,
            "history": queries.assessments_of(activity) if insider else [],
            "may_start": bool(user and allowed(user, "governance.start", activity))
            and queries.open_assessment(activity) is None,
            "stages": reference().lifecycle_stages,
            "levels": _levels(),
        },
    )


@require_POST
def start(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    activity = queries.activity(public_id)
    if activity is None:
        raise Http404(_("There is no such activity."))
    try:
        a = assessments.start(user, activity, request.POST.get("stage", ""))
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("governance:activity", public_id=public_id)
    return redirect("governance:assessment", pk=a.pk)


@require_POST
def start_for_submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    """ "Fill the self-assessment" on a draft: the draft's assessment (started if needed)."""
    user = _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    sub = queries.submission(user, submission_id)
    if sub is None:
        raise Http404(_("There is no such submission."))
    try:
        a = assessments.start_for_submission(user, sub, request.POST.get("stage", ""))
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    except assessments.AssessmentInvalid as exc:
        for p in exc.problems:
            messages.error(request, p)
        return redirect("submissions:detail", submission_id=sub.pk)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("submissions:detail", submission_id=sub.pk)
    return redirect("governance:assessment", pk=a.pk)


def _assessment_for(request: HttpRequest, pk: int) -> tuple[Any, Any]:
    user = _signed_in(request)
    a = queries.assessment(pk)
    if a is None or user is None or not allowed(user, "governance.view_private", a):
        raise Http404(_("There is no such assessment."))
    return user, a


def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    user, a = _assessment_for(request, pk)
    q = questionnaire.load(a.questionnaire_version)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        raw, published = read_form(q, request.POST)
        try:
            assessments.save(user, a, raw, published)
        except assessments.AssessmentInvalid as exc:
            problems, status = exc.problems, 400
        except PermissionDenied as exc:
            return HttpResponse(str(exc), status=403)
        except DomainError as exc:
            problems, status = [str(exc)], 409
        else:
            messages.success(request, _("Saved."))
            return redirect("governance:assessment", pk=a.pk)
    risks = q.risks(a.answers)
    return render(
        request,
        "governance/assessment.html",
        {
            "a": a,
            "q": q,
            "form": form_rows(q, a.answers, a.published),
            "risks": risks,
            "overall": q.overall(risks),
            "overall_rule": q.overall_rule(),
            "levels": _levels(),
            "problems": problems,
            "may_edit": allowed(user, "governance.edit", a),
            "may_sign_off": allowed(user, "governance.sign_off", a),
            "missing": q.missing(a.answers),
            "principles": reference().principles,
            "principle_names": reference().names("principles"),
            "history": queries.history_of(a),
        },
        status=status,
    )


def _step(request: HttpRequest, pk: int, run: Any, done: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("governance:assessment", pk=pk)
    user = _signed_in(request)
    if user is None:
        return _to_sign_in(request)
    user, a = _assessment_for(request, pk)
    try:
        run(user, a)
    except assessments.AssessmentInvalid as exc:
        for p in exc.problems:
            messages.error(request, p)
    except PermissionDenied as exc:
        return HttpResponse(str(exc), status=403)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    if request.POST.get("back") == "submission" and a.submission_id:
        from django.urls import reverse

        url = reverse("submissions:detail", kwargs={"submission_id": a.submission_id})
        return redirect(f"{url}#governance-assessment")
    return redirect("governance:assessment", pk=a.pk)


def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, assessments.submit, _("Submitted for sign-off."))


def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    post = request.POST

    def run(user: Any, a: Any) -> None:
        if post.get("remove", "").isdigit():
            assessments.remove_action(user, a, int(post["remove"]))
            return
        assessments.add_action(
            user, a, principle=post.get("principle", ""), measure=post.get("measure", ""),
            owner=post.get("owner", ""), due_on=post.get("due_on", "").strip(),
            public=bool(post.get("public")),
        )  # fmt: skip

    return _step(request, pk, run, _("Action plan updated."))


def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"

    def run(user: Any, a: Any) -> None:
        assessments.sign_off(user, a, approve=approve, note=request.POST.get("note", ""))

    done = _("Signed off.") if approve else _("Sent back to the entity.")
    return _step(request, pk, run, done)


@permission_required("governance.review_queue")
@require_GET
def review(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/review.html", {"rows": queries.review_queue()})


@require_GET
def instruments(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in InstrumentKind.values else ""
    principle = request.GET.get("principle", "")
    principle = principle if principle in reference().codes("principles") else ""
    area = request.GET.get("focus_area", "")
    area = area if area in reference().codes("focus_areas") else ""
    q = query_param(request, "q")
    return render(
        request,
        "governance/instruments.html",
        {
            "rows": queries.instruments(kind=kind, principle=principle, focus_area=area, q=q),
            "kinds": InstrumentKind.choices,
            "reference": reference(),
            "chosen": {"kind": kind, "principle": principle, "focus_area": area, "q": q},
        },
    )


@require_GET
def instrument_page(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.instrument(slug)
    if found is None:
        raise Http404(_("There is no such instrument."))
    ref = reference()
    return render(
        request,
        "governance/instrument.html",
        {
            "i": found,
            "principles": [p for p in ref.principles if p.code in found.principles],
            "areas": [x for x in ref.focus_areas if x.code in found.focus_areas],
            "functions": [x for x in ref.functions if x.code in found.functions],
            "stages": [x for x in ref.lifecycle_stages if x.code in found.lifecycle_stages],
        },
    )


@require_GET
def crosswalk(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in {"principles", "focus-areas"}:
        raise Http404(_("There is no such crosswalk."))
    columns, rows = queries.crosswalk(kind.replace("-", "_"))
    return render(
        request, "governance/crosswalk.html", {"kind": kind, "columns": columns, "rows": rows}
    )


@require_GET
def policies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/policies.html",
        {"rows": queries.policies(), "countries": queries.policy_countries()},
    )


@require_GET
def policies_csv(request: HttpRequest) -> HttpResponse:
    return attachment(export_policies_csv(), "national-ai-policies.csv", CSV)


@require_GET
def country_page(request: HttpRequest, alpha3: str) -> HttpResponse:
    found = queries.country(alpha3)
    if found is None:
        raise Http404(_("There is no such country."))
    return render(
        request,
        "governance/country.html",
        {
            "country": found,
            "rows": queries.policies(country=found.alpha3),
            "activities": queries.country_activities(found.alpha3),
            "surveys": queries.country_survey_answers(found.alpha3, get_language()),
        },
    )
