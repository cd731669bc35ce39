"""Pages of the review workflow around a submission and the dashboard: the comment thread
and internal notes, undoing a withdrawal, approving several at once, an entity's
submissions and the dashboard as CSV. Thin over the services."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aiatlas.accounts.views import LOGIN_URL
from aiatlas.catalog.models import Organization
from aiatlas.common.downloads import CSV, attachment
from aiatlas.common.rules import allowed
from aiatlas.submissions import queries, review_queries
from aiatlas.submissions.exceptions import NotAllowed, NotFound, SubmissionError
from aiatlas.submissions.forms import CommentForm
from aiatlas.submissions.models import Call, Submission
from aiatlas.submissions.services import comments, drafts, review
from aiatlas.submissions.views import _detail_form, _error_page, _int, _with_submission


@require_POST
@login_required(login_url=LOGIN_URL)
@_with_submission
def comment(request: HttpRequest, sub: Submission) -> HttpResponse:
    """Add a comment to the thread, or (``internal``) a reviewers' note."""
    internal = request.POST.get("internal") == "1"

    def act(sub: Submission, data: dict[str, Any]) -> object:
        return comments.add_comment(
            user=request.user, submission_id=sub.pk, body=data["body"], internal=internal
        )

    form = CommentForm(request.POST)
    done = _("Note kept for the secretariat.") if internal else _("Comment sent.")
    return _detail_form(request, sub, form, act, done, form_name="comment_form", error_field="body")


@require_POST
@login_required(login_url=LOGIN_URL)
def undo_withdraw(request: HttpRequest, submission_id: int) -> HttpResponse:
    try:
        sub = drafts.undo_withdraw(
            user=request.user,
            submission_id=submission_id,
            expected_version=_int(request.POST.get("version")) or 0,
        )
    except SubmissionError as exc:
        return _error_page(request, exc)
    if sub is None:
        messages.success(request, _("Undone: decide again about the activity."))
        return redirect("submissions:home")
    state = sub.get_state_display()
    messages.success(request, _("Undone: the submission is %(state)s again.") % {"state": state})
    return redirect("submissions:detail", sub.pk)


def _secretariat(request: HttpRequest) -> None:
    if not allowed(request.user, "submissions.view_dashboard"):
        raise NotAllowed(_("Only the secretariat sees the dashboard."))


def _call(request: HttpRequest) -> Call:
    year = _int(request.GET.get("year"))
    call = (
        Call.objects.select_related("edition").filter(edition__year=year).first()
        if year
        else queries.current_call()
    )
    if call is None:
        raise NotFound(_("There is no such call."))
    return call


@require_POST
@login_required(login_url=LOGIN_URL)
def bulk_approve(request: HttpRequest) -> HttpResponse:
    """Approve the ticked submissions, each in its own transaction; list what happened."""
    items = []
    for value in request.POST.getlist("approve")[:500]:
        number, _sep, version = str(value).partition(":")
        sub_id, seen = _int(number), _int(version)
        if sub_id and seen:
            items.append((sub_id, seen))
    try:
        results = review.approve_many(user=request.user, items=items)
    except SubmissionError as exc:
        return _error_page(request, exc)
    status = 200 if any(r.ok for r in results) else 409
    year = _int(request.POST.get("year"))
    return render(
        request,
        "submissions/bulk_result.html",
        {"results": results, "year": year, "approved": sum(r.ok for r in results)},
        status=status,
    )


@login_required(login_url=LOGIN_URL)
def entity(request: HttpRequest, organization_id: int) -> HttpResponse:
    """One entity's submissions in a call, from its dashboard row."""
    try:
        _secretariat(request)
        call = _call(request)
        org = Organization.objects.filter(pk=organization_id).first()
        if org is None:
            raise NotFound(_("There is no such organization."))
    except SubmissionError as exc:
        return _error_page(request, exc)
    context = {
        "call": call,
        "organization": org,
        "subs": review_queries.entity_submissions(call, org.pk),
    }
    return render(request, "submissions/entity.html", context)


@login_required(login_url=LOGIN_URL)
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    from aiatlas.catalog.io.cells import neutralise

    try:
        if not allowed(request.user, "submissions.can_export_dashboard"):
            raise NotAllowed(_("Only the secretariat exports the dashboard."))
        call = _call(request)
    except SubmissionError as exc:
        return _error_page(request, exc)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(review_queries.DASHBOARD_COLUMNS)
    for row in review_queries.dashboard_csv_rows(call):
        writer.writerow([neutralise(cell) for cell in row])
    return attachment(out.getvalue(), f"dashboard-{call.year}.csv", CSV)
