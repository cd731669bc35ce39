"""Submission pages, mounted at /<lang>/submissions/: thin over the services."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from aiatlas.accounts.views import LOGIN_URL
from aiatlas.common.downloads import attachment
from aiatlas.common.rules import allowed
from aiatlas.submissions import queries, records
from aiatlas.submissions.exceptions import (
    DuplicatesFound,
    EditConflict,
    InvalidInput,
    InvalidState,
    NotAllowed,
    NotFound,
    SubmissionError,
)
from aiatlas.submissions.forms import (
    CallForm,
    CommentForm,
    DraftForm,
    InviteForm,
    NewActivityForm,
    ReviewForm,
)
from aiatlas.submissions.models import Call, Submission
from aiatlas.submissions.rules import is_withdrawable
from aiatlas.submissions.services import calls, drafts, review


def _error_page(request: HttpRequest, exc: SubmissionError) -> HttpResponse:
    return render(request, "submissions/error.html", {"message": str(exc)}, status=exc.status)


def _int(value: Any) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**31 else None


def _get(request: HttpRequest, submission_id: int) -> Submission:
    sub = queries.visible_submissions(request.user).filter(pk=submission_id).first()
    if sub is None:
        raise NotFound(_("There is no submission %(id)s that you can see.") % {"id": submission_id})
    return sub


def _with_submission(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view is given the submission (one the user may see) instead of its id; another
    id shows the error page."""

    @functools.wraps(view)
    def wrapped(
        request: HttpRequest, submission_id: int, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        try:
            sub = _get(request, submission_id)
        except SubmissionError as exc:
            return _error_page(request, exc)
        return view(request, sub, *args, **kwargs)

    return wrapped


@login_required(login_url=LOGIN_URL)
def home(request: HttpRequest) -> HttpResponse:
    call = queries.current_call()
    orgs = queries.user_organizations(request.user)
    context: dict[str, Any] = {
        "call": call,
        "organizations": orgs,
        "queue": queries.review_queue(request.user)[:200],
        "mine": queries.visible_submissions(request.user).filter(call=call)[:500] if call else [],
    }
    if call is not None and any(
        allowed(request.user, "submissions.write_for", org) for org in orgs
    ):
        context["carry"] = queries.carry_forward_rows(call, orgs)
        context["previous"] = queries.previous_edition(call)
    return render(request, "submissions/home.html", context)


@require_POST
@login_required(login_url=LOGIN_URL)
def new(request: HttpRequest) -> HttpResponse:
    """A new activity starts from its title; without one the form comes back."""
    form = NewActivityForm(request.POST)
    if form.is_valid():
        try:
            sub = drafts.start_activity(
                user=request.user,
                call_id=_int(form.cleaned_data["call"]) or 0,
                organization_id=_int(form.cleaned_data["organization"]) or 0,
                title=form.cleaned_data["title"],
            )
        except InvalidInput as exc:
            form.add_error("title", str(exc))
        except SubmissionError as exc:
            return _error_page(request, exc)
        else:
            return redirect("submissions:detail", sub.pk)
    return render(request, "submissions/new.html", {"form": form}, status=400)


@require_POST
@login_required(login_url=LOGIN_URL)
def carry(request: HttpRequest) -> HttpResponse:
    call_id = _int(request.POST.get("call")) or 0
    public_id = str(request.POST.get("activity", ""))[:64]
    try:
        if request.POST.get("do") == "withdraw":
            if request.POST.get("confirm") != "yes":  # ask first, on a page of its own
                activity = drafts.own_activity(user=request.user, public_id=public_id)
                context = {"activity": activity, "call_id": call_id}
                return render(request, "submissions/confirm_not_in_edition.html", context)
            drafts.withdraw_activity(user=request.user, call_id=call_id, public_id=public_id)
            messages.success(
                request,
                _("%(id)s will not be part of this edition. You can undo this below.")
                % {"id": public_id},
            )
            return redirect("submissions:home")
        sub = drafts.carry_forward(user=request.user, call_id=call_id, public_id=public_id)
    except SubmissionError as exc:
        return _error_page(request, exc)
    return redirect("submissions:detail", sub.pk)


def _detail_context(
    request: HttpRequest,
    sub: Submission,
    form: DraftForm | None,
    problems: list[tuple[str, str]] | None = None,
    *,
    review_form: ReviewForm | None = None,
    comment_form: CommentForm | None = None,
) -> dict[str, Any]:
    from aiatlas.submissions import review_queries
    from aiatlas.submissions.labels import Names, problem_rows

    user = request.user
    names = Names.load()
    editable = allowed(user, "submissions.edit_draft", sub)
    if editable and form is None:
        form = DraftForm(initial=DraftForm.initial_from(sub.record, sub.version), record=sub.record)
    if problems is None:
        _clean, problems = records.check(
            sub.record,
            organization=sub.organization,
            vocabulary=_vocabulary(),
            public_id=sub.activity.public_id if sub.activity else "",
            editions=[sub.call.year],
        )
    can_comment = allowed(user, "submissions.can_comment", sub)
    return {
        "sub": sub,
        "record_rows": record_rows(sub.record, names),
        "form": form if editable else None,
        "problems": problem_rows(problems),
        "accepted": [
            t
            for t in sub.record.get("sdg_goals") or []
            if isinstance(t, dict) and t.get("source") == "curator"
        ],
        "suggestions": queries.goal_suggestions(sub.record, sub.rejected_goals) if editable else [],
        "review_form": review_form or ReviewForm(initial={"version": sub.version}),
        "can_review": allowed(user, "submissions.review", sub),
        "can_entity_approve": allowed(user, "submissions.approve_for_entity", sub),
        "can_submit": allowed(user, "submissions.submit", sub),
        "can_withdraw": allowed(user, "submissions.withdraw", sub),
        "can_undo_withdraw": allowed(user, "submissions.can_undo_withdraw", sub),
        # the request for changes is shown while it is the submission's state, not after
        "show_reasons": sub.state == "changes_requested" and (sub.reasons or sub.review_comment),
        "changes": review_queries.published_changes(sub, names)
        if sub.action == "carry_forward"
        else None,
        "comments": review_queries.comments_for(user, sub),
        "can_comment": can_comment,
        "can_see_internal_notes": allowed(user, "submissions.can_see_internal_notes", sub),
        "comment_form": comment_form or (CommentForm() if can_comment else None),
    }


def record_rows(record: dict[str, Any], names: Any = None) -> list[tuple[str, str]]:
    """(label, text) per field, with names instead of codes."""
    from aiatlas.submissions.labels import Names
    from aiatlas.submissions.labels import record_rows as rows

    return rows(record, names or Names.load(), list(records.EDITABLE_FIELDS))


def _vocabulary() -> Any:
    from aiatlas.catalog.services.storage import load_vocabulary

    return load_vocabulary()


@login_required(login_url=LOGIN_URL)
@_with_submission
def detail(request: HttpRequest, sub: Submission) -> HttpResponse:
    if request.method != "POST":
        return render(request, "submissions/detail.html", _detail_context(request, sub, None))
    form = DraftForm(request.POST, record=sub.record)
    if not form.is_valid():
        return render(
            request, "submissions/detail.html", _detail_context(request, sub, form), status=400
        )
    record = form.to_record(sub.record)
    try:
        sub = drafts.save_draft(
            user=request.user,
            submission_id=sub.pk,
            record=record,
            expected_version=form.cleaned_data["version"],
            suggestion=str(request.POST.get("suggestion", "")),
        )
    except EditConflict as exc:
        return _conflict(request, exc, record)
    except InvalidInput as exc:
        form.add_error(None, str(exc))
        return render(
            request, "submissions/detail.html", _detail_context(request, sub, form), status=400
        )
    except SubmissionError as exc:
        return _error_page(request, exc)
    messages.success(request, _("Saved (version %(v)s).") % {"v": sub.version})
    return redirect("submissions:detail", sub.pk)


def _record_of(current: object) -> dict[str, Any]:
    record = getattr(current, "record", None)
    return record if isinstance(record, dict) else {}


def _conflict(request: HttpRequest, exc: EditConflict, yours: dict[str, Any]) -> HttpResponse:
    current = exc.current
    assert isinstance(current, Submission)
    theirs = _record_of(current)
    rows = [
        (name, yours.get(name), theirs.get(name))
        for name in records.EDITABLE_FIELDS
        if yours.get(name) != theirs.get(name)
    ]
    from aiatlas.submissions.labels import Names, field_label, field_text

    names = Names.load()
    rows = [
        (field_label(name), field_text(name, mine, names), field_text(name, other, names))
        for name, mine, other in rows
    ]
    context = {"sub": current, "rows": rows, "message": str(exc)}
    return render(request, "submissions/conflict.html", context, status=409)


@require_POST
@login_required(login_url=LOGIN_URL)
def submit(request: HttpRequest, submission_id: int) -> HttpResponse:
    version = _int(request.POST.get("version")) or 0
    link_to = str(request.POST.get("link_to", "")).strip()[:64] or None
    try:
        sub = drafts.submit(
            user=request.user,
            submission_id=submission_id,
            expected_version=version,
            link_to=link_to,
            confirm_new=request.POST.get("confirm_new") == "1",
        )
    except DuplicatesFound as exc:
        current = _get(request, submission_id)
        return render(
            request,
            "submissions/duplicates.html",
            {"sub": current, "candidates": exc.candidates},
            status=409,
        )
    except EditConflict as exc:
        return _conflict(request, exc, _record_of(exc.current))
    except InvalidInput as exc:
        current = _get(request, submission_id)
        context = _detail_context(request, current, None, exc.problems or [("", str(exc))])
        context["submit_error"] = str(exc)
        return render(request, "submissions/detail.html", context, status=400)
    except SubmissionError as exc:
        return _error_page(request, exc)
    messages.success(request, _("Submitted: %(state)s.") % {"state": sub.get_state_display()})
    return redirect("submissions:detail", sub.pk)


@login_required(login_url=LOGIN_URL)
def withdraw(request: HttpRequest, submission_id: int) -> HttpResponse:
    """Withdrawing asks first, on a page of its own (no JavaScript needed); the withdrawal
    can be undone from the submission's page while the call is open."""
    try:
        sub = _get(request, submission_id)
        if request.method != "POST" or request.POST.get("confirm") != "yes":
            if not is_withdrawable.test(request.user, sub):
                raise InvalidState(
                    _("A submission that is %(state)s cannot be withdrawn.")
                    % {"state": sub.get_state_display().lower()}
                )
            return render(request, "submissions/confirm_withdraw.html", {"sub": sub})
        drafts.withdraw_submission(
            user=request.user,
            submission_id=submission_id,
            expected_version=_int(request.POST.get("version")) or 0,
        )
    except EditConflict as exc:
        return _conflict(request, exc, _record_of(exc.current))
    except SubmissionError as exc:
        return _error_page(request, exc)
    messages.success(request, _("Withdrawn. You can undo this while the call is open."))
    return redirect("submissions:detail", submission_id)


def _detail_form(
    request: HttpRequest,
    sub: Submission,
    form: Any,
    act: Callable[[Submission, dict[str, Any]], object],
    done: str,
    *,
    form_name: str,
    error_field: str | None = None,
) -> HttpResponse:
    """A form posted from a submission's page: ``act(sub, cleaned_data)`` runs the service,
    then ``done`` is shown on the page. Invalid input (the form's, or the service's put on
    ``error_field``) shows the page again with everything typed, the form passed to the
    page as ``form_name``."""
    if form.is_valid():
        try:
            act(sub, form.cleaned_data)
        except EditConflict as exc:
            return _conflict(request, exc, _record_of(exc.current))
        except InvalidInput as exc:
            form.add_error(error_field, str(exc))
        except SubmissionError as exc:
            return _error_page(request, exc)
        else:
            messages.success(request, done)
            return redirect("submissions:detail", sub.pk)
    context = _detail_context(request, sub, None, **{form_name: form})
    return render(request, "submissions/detail.html", context, status=400)


@require_POST
@login_required(login_url=LOGIN_URL)
@_with_submission
def decide(request: HttpRequest, sub: Submission) -> HttpResponse:
    """A review decision; invalid input shows the page again with everything typed."""
    decision = str(request.POST.get("decision", ""))

    def act(sub: Submission, data: dict[str, Any]) -> object:
        return review.decide(
            user=request.user,
            submission_id=sub.pk,
            expected_version=data["version"],
            decision=decision,
            reasons=data["reasons"],
            comment=data["comment"],
        )

    form = ReviewForm(request.POST)
    done = _("Decision recorded.")
    return _detail_form(request, sub, form, act, done, form_name="review_form")


@login_required(login_url=LOGIN_URL)
@_with_submission
def history(request: HttpRequest, sub: Submission) -> HttpResponse:
    from aiatlas.submissions.labels import Names, field_label, field_text

    names = Names.load()
    revisions = queries.revisions(sub)
    for revision in revisions:
        revision.changes = [
            queries.FieldChange(
                field_label(c.field),
                field_text(c.field, c.old, names),
                field_text(c.field, c.new, names),
            )
            for c in revision.changes
        ]
    context = {
        "sub": sub,
        "revisions": revisions,
        "can_restore": allowed(request.user, "submissions.restore_version", sub),
    }
    return render(request, "submissions/history.html", context)


@require_POST
@login_required(login_url=LOGIN_URL)
def restore(request: HttpRequest, submission_id: int, history_id: int) -> HttpResponse:
    try:
        sub = review.restore_version(
            user=request.user, submission_id=submission_id, history_id=history_id
        )
    except SubmissionError as exc:
        return _error_page(request, exc)
    messages.success(request, _("Restored; now at version %(v)s.") % {"v": sub.version})
    return redirect("submissions:history", submission_id)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _word(data: bytes, filename: str) -> HttpResponse:
    return attachment(data, filename, DOCX)


@login_required(login_url=LOGIN_URL)
@_with_submission
def export_docx(request: HttpRequest, sub: Submission) -> HttpResponse:
    return _word(queries.submission_2_pager(sub), f"submission-{sub.pk}.docx")


def activity_docx(request: HttpRequest, public_id: str) -> HttpResponse:
    """Any catalog activity as a filled 2-pager (public: contacts only when public)."""
    from django.http import Http404

    data = queries.activity_2_pager(public_id[:64])
    if data is None:
        raise Http404(_("There is no activity %(id)s.") % {"id": public_id[:64]})
    return _word(data, f"{public_id[:64]}.docx")


def template_docx(request: HttpRequest) -> HttpResponse:
    """The empty 2-pager (public: anyone may read what is asked)."""
    from aiatlas.submissions.docx import template_bytes

    return _word(template_bytes(), "aiatlas-2-pager.docx")


def _secretariat(request: HttpRequest) -> None:
    if not allowed(request.user, "submissions.view_dashboard"):
        raise NotAllowed(_("Only the secretariat sees the dashboard."))


@login_required(login_url=LOGIN_URL)
def dashboard(request: HttpRequest) -> HttpResponse:
    try:
        _secretariat(request)
    except SubmissionError as exc:
        return _error_page(request, exc)
    from aiatlas.submissions.review_queries import approvable

    call = queries.current_call()
    year = _int(request.GET.get("year"))
    if year:
        call = Call.objects.select_related("edition").filter(edition__year=year).first()
    context = {
        "call": call,
        "invite_form": InviteForm() if allowed(request.user, "accounts.manage_users") else None,
        "calls": Call.objects.select_related("edition"),
        "rows": queries.dashboard(call) if call else [],
        "approvable": approvable(call)[:300] if call else [],
        "can_bulk_approve": allowed(request.user, "submissions.can_bulk_approve"),
        "can_export": allowed(request.user, "submissions.can_export_dashboard"),
        "summary": queries.call_summary(call) if call else {},
    }
    return render(request, "submissions/dashboard.html", context)


@login_required(login_url=LOGIN_URL)
def open_call(request: HttpRequest) -> HttpResponse:
    if not allowed(request.user, "submissions.manage_calls"):
        return _error_page(request, NotAllowed(_("Only administrators open calls.")))
    form = CallForm(request.POST or None, initial={"year": date.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            call = calls.open_call(user=request.user, **form.cleaned_data)
        except SubmissionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("The call for %(edition)s is open.") % {"edition": call.edition}
            )
            return redirect(reverse("submissions:dashboard") + f"?year={call.year}")
    return render(
        request,
        "submissions/open_call.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required(login_url=LOGIN_URL)
def close_call(request: HttpRequest, year: int) -> HttpResponse:
    try:
        calls.close_call(user=request.user, year=year)
    except SubmissionError as exc:
        return _error_page(request, exc)
    messages.success(request, _("The call is closed."))
    return redirect(reverse("submissions:dashboard") + f"?year={year}")


@login_required(login_url=LOGIN_URL)
def invite(request: HttpRequest) -> HttpResponse:
    """An administrator invites a focal point (or another user) by e-mail."""
    from aiatlas.accounts.exceptions import AccountError
    from aiatlas.accounts.services import add_user

    if not allowed(request.user, "accounts.manage_users"):
        return _error_page(request, NotAllowed(_("Only administrators invite users.")))
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data["organization"]
        try:
            added = add_user(
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organizations=[org.reference] if org else [],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                invited_by=request.user,  # type: ignore[arg-type]
                language=form.cleaned_data["language"],
            )
        except AccountError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(email)s is invited: the link went out by e-mail.")
                % {"email": added.user.email},
            )
            return redirect("submissions:dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "submissions/invite.html", {"form": form}, status=status)


@login_required(login_url=LOGIN_URL)
def publish(request: HttpRequest, year: int) -> HttpResponse:
    """What stands in the way of publishing (GET), then publish through the catalog's one
    publishing service (POST), which checks the same guards again under a lock."""
    from aiatlas.catalog.exceptions import CatalogError, NotFound
    from aiatlas.catalog.services import publishing

    if not allowed(request.user, "catalog.publish_edition"):
        return _error_page(request, NotAllowed(_("Only administrators publish editions.")))
    try:
        blockers = publishing.publish_blockers(year=year)
    except NotFound as exc:
        return render(request, "submissions/error.html", {"message": str(exc)}, status=404)
    published = any(b.code == "published" for b in blockers)
    context: dict[str, Any] = {
        "year": year,
        "blockers": blockers,
        "error": "",
        "published": published,
    }
    if request.method != "POST":
        return render(request, "submissions/publish.html", context)
    status = 400
    if request.POST.get("confirm") != "yes":
        context["error"] = _("Tick the box to confirm: a published edition is frozen.")
    else:
        try:
            done = publishing.publish_edition(
                year=year,
                user=request.user,
                acknowledge_left_out=request.POST.get("acknowledge_left_out") == "yes",
            )
        except publishing.PublishRefused as exc:
            message = _("Edition %(year)s was not published: see what stands in the way below.")
            context.update(blockers=exc.blockers, error=message % {"year": year})
            status = 409
        except CatalogError as exc:
            context.update(blockers=[], error=str(exc))
            status = 409
        else:
            messages.success(
                request,
                ngettext(
                    "Edition %(year)s is published with %(n)s activity.",
                    "Edition %(year)s is published with %(n)s activities.",
                    done.activities,
                )
                % {"year": year, "n": done.activities},
            )
            return redirect(reverse("submissions:dashboard") + f"?year={year}")
    return render(request, "submissions/publish.html", context, status=status)


@require_POST
@login_required(login_url=LOGIN_URL)
def remind(request: HttpRequest, year: int) -> HttpResponse:
    try:
        count = calls.send_reminders(user=request.user, year=year)
    except SubmissionError as exc:
        return _error_page(request, exc)
    messages.success(
        request,
        ngettext(
            "Reminders sent to the focal points of %(n)s entity.",
            "Reminders sent to the focal points of %(n)s entities.",
            count,
        )
        % {"n": count},
    )
    return redirect(reverse("submissions:dashboard") + f"?year={year}")
