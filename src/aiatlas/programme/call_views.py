"""Pages of the call for sessions and its review, under /<lang>/programme/: parse, call a
query or a service, render. Permissions are asked of ``rules.py``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from aiatlas.accounts.views import LOGIN_URL
from aiatlas.common.downloads import attachment
from aiatlas.programme import call_queries, queries
from aiatlas.programme.exceptions import InvalidInput, ProgrammeError
from aiatlas.programme.forms import ConflictForm, InviteForm, ProposalForm
from aiatlas.programme.rules import can
from aiatlas.programme.services import calls, review
from aiatlas.programme.services.calls import fields_for
from aiatlas.programme.views import error_page


def _all_fields(call: Any) -> list:
    return list(call.fields.prefetch_related("tracks"))


def _proposal_values(form: ProposalForm, call: Any, request: HttpRequest) -> dict[str, Any]:
    data = form.cleaned_data
    answers: dict[str, Any] = {}
    files: dict[str, calls.Upload] = {}
    for field in _all_fields(call):
        value = data.get(f"answer_{field.key}")
        if field.kind == "file":
            upload = request.FILES.get(f"answer_{field.key}")
            if upload is not None:
                if upload.size and upload.size > calls.MAX_FILE:
                    raise InvalidInput(
                        "too large",
                        [
                            (
                                field.key,
                                _("%(label)s: the file is too large.") % {"label": field.label},
                            )
                        ],
                    )
                files[field.key] = calls.Upload(
                    upload.name or "file", upload.content_type or "", upload.read()
                )
        elif value not in (None, ""):
            answers[field.key] = value
    return {
        "title": data["title"],
        "type": data["type"],
        "track_id": data.get("track"),
        "languages": [c for c in (data.get("languages") or "en").replace(" ", "").split(",") if c],
        "abstract": data.get("abstract", ""),
        "description": data.get("description", ""),
        "answers": answers,
        "files": files,
    }


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's call: what it asks, and the proposal form for signed-in speakers."""
    event = queries.event(slug)
    call = call_queries.call_of(event) if event is not None else None
    if call is None:
        raise Http404(_("This event has no call for sessions."))
    call = call_queries.call(call.pk)
    fields = _all_fields(call)
    form = ProposalForm(call=call, fields=fields)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{LOGIN_URL}?next={request.path}")
        form = ProposalForm(request.POST, request.FILES, call=call, fields=fields)
        if form.is_valid():
            try:
                values = _proposal_values(form, call, request)
                done = calls.submit_proposal(
                    user=request.user,
                    call_id=call.pk,
                    co_speakers=[form.cleaned_data.get("co_speakers", "")],
                    **values,
                )
            except ProgrammeError as exc:
                return error_page(request, exc)
            messages.success(request, _("Your proposal is submitted."))
            return redirect("programme:proposal", pk=done.pk)
    return render(
        request,
        "programme/call.html",
        {
            "event": event,
            "call": call,
            "fields": fields,
            "form": form,
            "open": call_queries.is_open(call),
            "can_submit": can(request.user, "submit_proposal", call),
        },
    )


@login_required(login_url=LOGIN_URL)
def my_proposals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programme/proposals.html",
        {
            "proposals": call_queries.proposals_of(request.user),
            "calls": call_queries.open_calls(),
            "review_calls": call_queries.reviewer_calls(request.user),
        },
    )


def _proposal_or_404(request: HttpRequest, pk: int) -> Any:
    proposal = call_queries.proposal(pk)
    if proposal is None or not can(request.user, "view_proposal", proposal):
        raise Http404(_("There is no such proposal."))
    return proposal


@login_required(login_url=LOGIN_URL)
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    call = proposal.call
    fields = _all_fields(call)
    editable = can(request.user, "edit_proposal", proposal)
    initial = {
        "title": proposal.title,
        "type": proposal.type,
        "track": proposal.track_id,
        "languages": ", ".join(proposal.languages),
        "abstract": proposal.abstract,
        "description": proposal.description,
        **{f"answer_{k}": v for k, v in proposal.answers.items()},
    }
    form = ProposalForm(initial=initial, call=call, fields=fields, new=False)
    if request.method == "POST" and editable:
        form = ProposalForm(request.POST, request.FILES, call=call, fields=fields, new=False)
        if form.is_valid():
            try:
                calls.edit_proposal(
                    user=request.user,
                    proposal_id=pk,
                    version=int(request.POST.get("version") or 0),
                    **_proposal_values(form, call, request),
                )
            except ProgrammeError as exc:
                return error_page(request, exc)
            messages.success(request, _("Your changes are saved."))
            return redirect("programme:proposal", pk=pk)
    return render(
        request,
        "programme/proposal.html",
        {
            "proposal": proposal,
            "form": form,
            "editable": editable,
            "invite": InviteForm(),
            "applies": {f.key for f in fields_for(call, proposal.type, proposal.track)},
            "can_withdraw": can(request.user, "withdraw_proposal", proposal),
            "can_confirm": can(request.user, "confirm_proposal", proposal),
        },
    )


def _step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    try:
        step()
    except ProgrammeError as exc:
        return error_page(request, exc)
    messages.success(request, done)
    return redirect("programme:proposal", pk=pk)


@require_POST
@login_required(login_url=LOGIN_URL)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        return error_page(request, InvalidInput(_("Give the co-speaker's e-mail address.")))
    data = form.cleaned_data
    return _step(
        request,
        pk,
        lambda: calls.invite_co_speaker(
            user=request.user, proposal_id=pk, email=data["email"], name=data["name"]
        ),
        _("The invitation is sent."),
    )


@require_POST
@login_required(login_url=LOGIN_URL)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda: calls.withdraw_proposal(user=request.user, proposal_id=pk),
        _("The proposal is withdrawn."),
    )


@require_POST
@login_required(login_url=LOGIN_URL)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda: calls.confirm_proposal(user=request.user, proposal_id=pk),
        _("Thank you: your session is confirmed."),
    )


@login_required(login_url=LOGIN_URL)
def proposal_file(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    found = next((f for f in proposal.files.all() if f.key == key), None)
    if found is None:
        raise Http404(_("There is no such file."))
    response = attachment(bytes(found.data), found.key, "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the invitation (mail scanners follow links); POST answers it."""
    found = call_queries.invitation(token)
    if found is None:
        return error_page(
            request, calls.NotFound(_("This invitation is not valid or was already answered."))
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{LOGIN_URL}?next={request.path}")
        accept = request.POST.get("answer") == "accept"
        try:
            calls.answer_invitation(user=request.user, token=token, accept=accept)
        except ProgrammeError as exc:
            return error_page(request, exc)
        if accept:
            messages.success(request, _("You are now a speaker of this proposal."))
            return redirect("programme:proposal", pk=found.proposal_id)
        messages.success(request, _("You declined the invitation."))
        return redirect("programme:proposals")
    return render(request, "programme/invitation.html", {"invitation": found})


# -- review --------------------------------------------------------------------------


def _call_or_404(request: HttpRequest, pk: int) -> Any:
    call = call_queries.call(pk)
    if call is None or not can(request.user, "view_review", call):
        raise Http404(_("There is no such call for sessions."))
    return call


@login_required(login_url=LOGIN_URL)
def review_index(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's overview (assignment, progress, bulk decisions), or a reviewer's list."""
    call = _call_or_404(request, pk)
    team = can(request.user, "manage_review")
    return render(
        request,
        "programme/review.html",
        {
            "call": call,
            "team": team,
            "overview": call_queries.review_overview(call) if team else None,
            "assigned": call_queries.assigned_to(request.user, call),
        },
    )


@require_POST
@login_required(login_url=LOGIN_URL)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        added = review.assign_reviewers(user=request.user, call_id=pk)
    except ProgrammeError as exc:
        return error_page(request, exc)
    n = sum(len(v) for v in added.values())
    messages.success(
        request, ngettext("%(n)d assignment added.", "%(n)d assignments added.", n) % {"n": n}
    )
    return redirect("programme:review", pk=pk)


def _ids(request: HttpRequest, name: str) -> list[int]:
    return [int(v) for v in request.POST.getlist(name) if str(v).isdigit()]


@require_POST
@login_required(login_url=LOGIN_URL)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """First a preview of every message (nothing sent), then ``send=1`` decides."""
    call = _call_or_404(request, pk)
    accept = [i for i in _ids(request, "accept")]
    reject = [i for i in _ids(request, "reject") if i not in accept]
    if not accept and not reject:
        return error_page(request, InvalidInput(_("Choose proposals to accept or reject.")))
    try:
        if request.POST.get("send") == "1":
            done = review.decide_proposals(
                user=request.user, call_id=pk, accept=accept, reject=reject
            )
            messages.success(
                request,
                _("%(a)d accepted, %(r)d rejected; the speakers' messages are in the outbox.")
                % {"a": len(done["accepted"]), "r": len(done["rejected"])},
            )
            return redirect("programme:review", pk=pk)
        preview = review.preview_decisions(
            user=request.user, call_id=pk, accept=accept, reject=reject
        )
    except ProgrammeError as exc:
        return error_page(request, exc)
    return render(
        request,
        "programme/decide_preview.html",
        {"call": call, "preview": preview, "accept": accept, "reject": reject},
    )


@login_required(login_url=LOGIN_URL)
def review_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = call_queries.proposal(pk)
    if proposal is None or not (
        can(request.user, "review_proposal", proposal)
        or can(request.user, "manage_review")
        or can(request.user, "declare_conflict", proposal)
    ):
        raise Http404(_("There is no such proposal."))
    if request.method == "POST":
        scores = {
            c.pk: request.POST.get(f"score_{c.pk}", "") for c in proposal.call.categories.all()
        }
        try:
            review.score_proposal(
                user=request.user,
                proposal_id=pk,
                scores=scores,
                comment=request.POST.get("comment", ""),
            )
        except ProgrammeError as exc:
            return error_page(request, exc)
        messages.success(request, _("Your review is saved."))
        return redirect("programme:review", pk=proposal.call_id)
    mine = call_queries.review_of(request.user, proposal)
    return render(
        request,
        "programme/review_proposal.html",
        {
            "proposal": proposal,
            "categories": list(proposal.call.categories.all()),
            "mine": mine.scores if mine else {},
            "comment": mine.comment if mine else "",
            "names": can(request.user, "see_speaker_names", proposal),
            "may_score": can(request.user, "review_proposal", proposal),
            "conflict": ConflictForm(),
        },
    )


@require_POST
@login_required(login_url=LOGIN_URL)
def conflict(request: HttpRequest, pk: int) -> HttpResponse:
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        done = review.declare_conflict(user=request.user, proposal_id=pk, reason=reason)
    except ProgrammeError as exc:
        return error_page(request, exc)
    messages.success(
        request,
        _("Your conflict of interest is recorded; the proposal is no longer yours to review."),
    )
    return redirect("programme:review", pk=done.proposal.call_id)
