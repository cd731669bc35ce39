"""Pages of the classifier: agreement between submitters and the classifier, and the
curator's accept / reject of a suggestion. Thin: parse, call, render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aiatlas.catalog.queries import activity_by_public_id, edition_exists, edition_years
from aiatlas.classify.queries import agreement_rows
from aiatlas.classify.services import NotAllowed, UnknownGoal, review_suggestion
from aiatlas.common.rules import permission_required


@require_GET
def agreement(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("edition", "")
    edition = None
    if raw:
        if not raw.isdigit() or not edition_exists(int(raw)):
            return render(
                request,
                "classify/agreement.html",
                {"error": _("There is no edition %(year)s.") % {"year": raw[:10]}},
                status=400,
            )
        edition = int(raw)
    rows = agreement_rows(edition=edition)
    editions = edition_years()
    return render(
        request, "classify/agreement.html", {"rows": rows, "edition": edition, "editions": editions}
    )


@require_POST
@permission_required("classify.curate")
def review(request: HttpRequest, public_id: str) -> HttpResponse:
    activity = activity_by_public_id(public_id)
    if activity is None:
        raise Http404("unknown activity")
    goal = request.POST.get("goal", "")
    decision = request.POST.get("decision", "")
    if not goal.isdigit() or decision not in {"accept", "reject"}:
        raise Http404("unknown goal or decision")
    try:
        review_suggestion(
            activity_id=activity.pk,
            goal=int(goal),
            accepted=decision == "accept",
            reviewer=request.user,
        )
    except NotAllowed as exc:
        return HttpResponseForbidden(str(exc))
    except UnknownGoal as exc:
        raise Http404(str(exc)) from None
    target = request.POST.get("next", "") or "/"
    return redirect(target if _safe_next(request) else "/")


def _safe_next(request: HttpRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
