"""JSON API of submissions, for scripts and the concurrency benchmark. Every operation
needs a signed-in user: an API token (``Authorization: Bearer aia_…``) or the session
cookie with a CSRF token. Bodies are typed (``submissions.schemas``): a wrong type, an
over-long value or an unknown code is a 422 whose ``problems`` name each field, and
nothing is stored. Errors are JSON ``{"detail": …}`` with 400, 401, 403, 404, 409 or 422;
a 409 conflict carries the current ``version`` and ``record``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema, Status

from aiatlas.accounts.api_auth import SessionAuth, TokenAuth
from aiatlas.common.schemas import ErrorOut
from aiatlas.submissions import queries
from aiatlas.submissions.exceptions import (
    DuplicatesFound,
    EditConflict,
    InvalidInput,
    NotFound,
    SubmissionError,
)
from aiatlas.submissions.models import Submission
from aiatlas.submissions.schemas import (
    DecisionIn,
    DraftIn,
    Id,
    RecordIn,
    StateKey,
    SubmitIn,
    VersionIn,
    record_dict,
)
from aiatlas.submissions.services import drafts, review

router = Router(tags=["submissions"], auth=[TokenAuth(), SessionAuth()])


class SubmissionOut(Schema):
    id: int
    call: int
    edition: int
    organization: str
    action: str
    activity: str | None
    state: str
    version: int
    reasons: list[str]
    review_comment: str
    record: dict[str, Any]


def _out(sub: Submission) -> dict[str, Any]:
    return {
        "id": sub.pk,
        "call": sub.call_id,
        "edition": sub.call.edition.year,
        "organization": sub.organization.reference,
        "action": sub.action,
        "activity": sub.activity.public_id if sub.activity else None,
        "state": sub.state,
        "version": sub.version,
        "reasons": list(sub.reasons),
        "review_comment": sub.review_comment,
        "record": sub.record,
    }


def _fail(exc: SubmissionError) -> HttpResponse:
    from django.http import JsonResponse

    body: dict[str, Any] = {"detail": str(exc)}
    if isinstance(exc, EditConflict):
        body["version"] = getattr(exc.current, "version", None)
        body["record"] = getattr(exc.current, "record", None)
    elif isinstance(exc, DuplicatesFound):
        body["duplicates"] = [
            {"kind": c.kind, "ref": c.ref, "title": c.title, "score": c.score}  # type: ignore[attr-defined]
            for c in exc.candidates
        ]
    elif isinstance(exc, InvalidInput):
        body["problems"] = [{"field": f, "message": m} for f, m in exc.problems]
    return JsonResponse(body, status=exc.status)


def _answer(step: Callable[[], Submission], status: int = 200) -> Any:
    """The submission as one service step left it, or the step's refusal with its status."""
    try:
        sub = step()
    except SubmissionError as exc:
        return _fail(exc)
    return _fresh(sub.pk) if status == 200 else Status(status, _fresh(sub.pk))


def _act(
    service: Callable[..., Submission],
    request: HttpRequest,
    submission_id: int,
    body: Any,
    **more: Any,
) -> Any:
    """:func:`_answer` for a service step on one submission, at the version (``body.version``)
    the client last saw."""
    return _answer(
        lambda: service(
            user=request.user, submission_id=submission_id, expected_version=body.version, **more
        )
    )


def _fresh(sub_id: int) -> dict[str, Any]:
    sub = Submission.objects.select_related("call__edition", "organization", "activity").get(
        pk=sub_id
    )
    return _out(sub)


#: the error answers every operation may give (a signed-in user is required; 413: a body
#: over DATA_UPLOAD_MAX_MEMORY_SIZE)
_ERRORS: dict[int, Any] = {s: ErrorOut for s in (400, 401, 403, 404, 409, 413, 422)}


@router.get(
    "/submissions",
    response={200: list[SubmissionOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Submissions you can see",
)
def list_submissions(
    request: HttpRequest,
    state: Query[StateKey | None] = None,  # type: ignore[valid-type]
) -> list[dict[str, Any]]:
    qs = queries.visible_submissions(request.user)
    if state:
        qs = qs.filter(state=state)
    return [_out(s) for s in qs[:1000]]


@router.get("/submissions/{submission_id}", response={200: SubmissionOut, **_ERRORS}, summary="One")
def get_submission(request: HttpRequest, submission_id: Path[Id]) -> Any:
    sub = queries.visible_submissions(request.user).filter(pk=submission_id).first()
    if sub is None:
        return _fail(NotFound(f"there is no submission {submission_id} that you can see"))
    return _out(sub)


@router.post("/submissions", response={201: SubmissionOut, **_ERRORS}, summary="Start a draft")
def create_submission(request: HttpRequest, body: DraftIn) -> Any:
    return _answer(
        lambda: drafts.start_draft(
            user=request.user,
            call_id=body.call,
            organization_id=body.organization,
            record=record_dict(body.record),
        ),
        status=201,
    )


@router.put(
    "/submissions/{submission_id}", response={200: SubmissionOut, **_ERRORS}, summary="Edit"
)
def update_submission(request: HttpRequest, submission_id: Path[Id], body: RecordIn) -> Any:
    return _act(drafts.save_draft, request, submission_id, body, record=record_dict(body.record))


@router.post(
    "/submissions/{submission_id}/submit",
    response={200: SubmissionOut, **_ERRORS},
    summary="Submit",
)
def submit_submission(request: HttpRequest, submission_id: Path[Id], body: SubmitIn) -> Any:
    return _act(
        drafts.submit,
        request,
        submission_id,
        body,
        link_to=body.link_to,
        confirm_new=body.confirm_new,
    )


@router.post(
    "/submissions/{submission_id}/withdraw",
    response={200: SubmissionOut, **_ERRORS},
    summary="Withdraw",
)
def withdraw_submission(request: HttpRequest, submission_id: Path[Id], body: VersionIn) -> Any:
    return _act(drafts.withdraw_submission, request, submission_id, body)


@router.post(
    "/submissions/{submission_id}/decision",
    response={200: SubmissionOut, **_ERRORS},
    summary="Decide",
)
def decide_submission(request: HttpRequest, submission_id: Path[Id], body: DecisionIn) -> Any:
    return _act(
        review.decide,
        request,
        submission_id,
        body,
        decision=body.decision,
        reasons=list(body.reasons),
        comment=body.comment,
    )
