"""Upload of 2-pagers, in two steps: what was read, per file and project, with each field's
state; then the focal point confirms (or unticks projects) and the drafts are made."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aiatlas.accounts.views import LOGIN_URL
from aiatlas.submissions.exceptions import InvalidInput, SubmissionError, UploadRejected
from aiatlas.submissions.services import uploads

#: the session key of the upload waiting for confirmation (one per session)
PENDING = "submissions_pending_upload"


def _error_page(request: HttpRequest, exc: SubmissionError) -> HttpResponse:
    return render(request, "submissions/error.html", {"message": str(exc)}, status=exc.status)


def _int(value: Any) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 0
    return number if 0 <= number < 2**31 else 0


@require_POST
@login_required(login_url=LOGIN_URL)
def upload(request: HttpRequest) -> HttpResponse:
    from aiatlas.submissions.docx import MAX_FILES_PER_UPLOAD

    try:
        files = request.FILES.getlist("files")
    except TooManyFilesSent:
        message = _(
            "Too many files in one upload: at most %(n)s are allowed. Upload them in "
            "smaller batches."
        ) % {"n": MAX_FILES_PER_UPLOAD}
        return _error_page(request, UploadRejected(message))
    if not files:
        return _error_page(request, InvalidInput(_("Choose at least one .docx or .zip file.")))
    call_id, org_id = _int(request.POST.get("call")), _int(request.POST.get("organization"))
    try:
        previews = uploads.read_upload(
            user=request.user, call_id=call_id, organization_id=org_id, files=files
        )
    except SubmissionError as exc:
        return _error_page(request, exc)
    token = secrets.token_urlsafe(16)
    request.session[PENDING] = {
        "token": token,
        "call": call_id,
        "organization": org_id,
        "files": uploads.preview_data(previews),
    }
    found = sum(len(p.projects) for p in previews)
    context = {"previews": previews, "token": token, "found": found}
    return render(request, "submissions/upload_confirm.html", context, status=200 if found else 400)


@require_POST
@login_required(login_url=LOGIN_URL)
def confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING)
    if not pending or pending.get("token") != request.POST.get("token"):
        return _error_page(
            request,
            InvalidInput(
                _("This upload is no longer waiting for confirmation: upload the files again.")
            ),
        )
    chosen: set[tuple[int, int]] = set()
    for value in request.POST.getlist("project"):
        f_index, _sep, p_index = str(value).partition("-")
        if f_index.isdigit() and p_index.isdigit():
            chosen.add((int(f_index), int(p_index)))
    try:
        outcomes = uploads.confirm_upload(
            user=request.user,
            call_id=_int(pending.get("call")),
            organization_id=_int(pending.get("organization")),
            previews=pending.get("files") or [],
            chosen=chosen,
        )
    except SubmissionError as exc:
        return _error_page(request, exc)
    del request.session[PENDING]
    made = sum(1 for o in outcomes if o.submission is not None)
    return render(
        request,
        "submissions/upload_result.html",
        {"outcomes": outcomes, "made": made},
        status=200 if made else 400,
    )
