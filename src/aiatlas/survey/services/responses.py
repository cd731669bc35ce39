"""The respondent's operations: open a link, save a page (draft), submit once.

Every save checks the response's version (optimistic locking) inside a transaction that
locks the row, so two windows or two colleagues never overwrite each other silently and
two concurrent submissions produce exactly one submission.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiatlas.survey import engine
from aiatlas.survey.exceptions import AlreadySubmitted, StaleResponse, SurveyClosed
from aiatlas.survey.form import Form, walk
from aiatlas.survey.models import Invitation, Response, ResponseStatus, Survey
from aiatlas.survey.services.invitations import find_invitation


@dataclass
class Session:
    invitation: Invitation
    survey: Survey
    response: Response
    form: Form
    lang: str
    token: str = ""

    @property
    def submitted(self) -> bool:
        return self.response.status == ResponseStatus.SUBMITTED

    @property
    def editable(self) -> bool:
        if not self.survey.is_open():
            return False
        return not self.submitted or self.survey.allow_edits


def open_session(*, token: str, language: str | None) -> Session:
    """The invitation behind a link; TokenInvalid for unknown, tampered or expired ones."""
    inv = find_invitation(token)
    response = Response.objects.filter(invitation=inv).first() or Response(
        invitation=inv, answers={}, version=0
    )
    form = Form(inv.survey.form)
    return Session(inv, inv.survey, response, form, form.language_for(language), token)


def _check_editable(survey: Survey, response: Response, version: int, stale: str) -> None:
    """The response may be changed now, and is still at the ``version`` the page showed
    (else :class:`StaleResponse` with the message ``stale``)."""
    if not survey.is_open():
        raise SurveyClosed(
            _("This survey is closed.")
            if survey.has_closed()
            else _("This survey is not open yet.")
        )
    if response.status == ResponseStatus.SUBMITTED and not survey.allow_edits:
        raise AlreadySubmitted(_("This questionnaire has already been submitted."))
    if version != response.version:
        raise StaleResponse(stale)


def _locked_response(inv: Invitation) -> Response:
    response = Response.objects.select_for_update().filter(invitation=inv).first()
    if response is None:
        try:
            with transaction.atomic():
                response = Response.objects.create(invitation=inv, answers={}, version=0)
        except IntegrityError:
            raise StaleResponse(
                _("This questionnaire was changed in another window; the page has been reloaded.")
            ) from None
    return response


@dataclass
class PageOutcome:
    """What happened to a posted page: ``goto`` is the page to show next (None = review),
    ``errors`` by field key, ``raw`` posted values to show back."""

    saved: bool
    goto: int | None
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, list[str]] = field(default_factory=dict)
    answers: dict[str, object] = field(default_factory=dict)
    version: int = 0
    notice: str = ""


def save_page(
    *,
    token: str,
    page: int,
    post: Mapping[str, list[str]],
    version: int,
    action: str,
    language: str | None,
    files: Mapping[str, Any] | None = None,
) -> PageOutcome:
    """Save the posted answers of one page. ``action``: ``next``, ``back``, ``save``,
    ``add:<repeat path>`` or ``remove:<repeat path>:<index>`` (a path is ``r`` or
    ``outer.1.inner``). ``files``: uploaded files by field key. Moving on requires a valid
    page."""
    with transaction.atomic():
        inv = find_invitation(token)
        survey = inv.survey
        response = _locked_response(inv)
        _check_editable(
            survey,
            response,
            version,
            _(
                "This questionnaire was changed in another window or by a "
                "colleague; the page shows the latest answers."
            ),
        )
        form = Form(survey.form)
        lang = form.language_for(language)
        if not 0 <= page < len(form.pages):
            page = 0
        the_page = form.pages[page]
        stored, upload_errors = _store_files(form, the_page, files or {}, inv.pk)
        got = engine.read_page(form, the_page, dict(response.answers), post, stored)
        got.errors.update(upload_errors)
        answers = got.answers
        stay = action.startswith(("add:", "remove:"))
        if action.startswith("add:"):
            found = engine.find_repeat(form, answers, action[4:])
            if found is not None:
                box, rep = found
                items = list(box.get(rep, []))
                if len(items) < engine.MAX_REPEATS:
                    box[rep] = [*items, {}]
        elif action.startswith("remove:"):
            path, _sep, idx = action[7:].rpartition(":")
            found = engine.find_repeat(form, answers, path)
            if found is not None and idx.isdigit():
                box, rep = found
                items = list(box.get(rep, []))
                if int(idx) < len(items):
                    del items[int(idx)]
                    box[rep] = items
        answers = engine.settle(form, answers, previous=dict(response.answers))
        errors = dict(got.errors)
        notice = ""
        if action == "next":
            # the page was rendered from the stored answers (the version matched), so the
            # questions shown are those visible before this post; with the page's script,
            # the browser lists those it showed as they became relevant (``_shown``)
            shown = set(
                engine.visible_keys(
                    form, engine.settle(form, dict(response.answers)), the_page.nodes
                )
            )
            shown.update(" ".join(post.get("_shown", [])).split())
            now_visible = engine.visible_keys(form, answers, the_page.nodes)
            appeared = [
                k
                for k in now_visible
                if k not in shown and not k.startswith(tuple(f"{r['name']}." for r in form.repeats))
            ]
            if appeared:
                stay = True
                notice = _("More questions apply after your answers; please complete them.")
            else:
                errors = {**engine.validate_nodes(form, answers, the_page.nodes, lang), **errors}
        if response.status == ResponseStatus.SUBMITTED:
            # a submitted response changes only into another complete, valid response
            problems = engine.validate_all(form, answers, lang)
            errors.update(problems.get(page, {}))
            if problems and not errors:
                pages = ", ".join(str(i + 1) for i in sorted(problems))
                notice = _(
                    "Not saved: with these answers, page(s) %(pages)s of your "
                    "submitted questionnaire would be incomplete."
                ) % {"pages": pages}
            if problems or errors:
                return PageOutcome(False, page, errors, got.raw, answers, response.version, notice)
        response.answers = answers
        response.version += 1
        response.language = lang
        response.page = max(response.page, page)
        response.save()
        if errors or stay or action == "save":
            return PageOutcome(True, page, errors, got.raw, answers, response.version, notice)
        step = -1 if action == "back" else 1
        goto = engine.next_page(form, answers, page, step)
        if goto is None and step == -1:
            goto = page
        return PageOutcome(True, goto, {}, {}, answers, response.version, notice)


def _store_files(
    form: Form, page: Any, files: Mapping[str, Any], invitation_id: int
) -> tuple[dict[str, Any], dict[str, str]]:
    """Keep the uploads of the page's file and image questions; refusals by field key."""
    from aiatlas.survey.uploads import UploadRefused, store_upload

    kinds = {n["name"]: n["type"] for n in walk(page.nodes) if n.get("type") in ("file", "image")}
    stored: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, upload in files.items():
        kind = kinds.get(key.rsplit(".", 1)[-1])
        if kind is None or upload is None:
            continue
        try:
            stored[key] = store_upload(
                kind, upload, f"survey-{form.spec.get('form_id') or 'form'}/{invitation_id}"
            )
        except UploadRefused as exc:
            errors[key] = str(exc)
    return stored, errors


class Incomplete(Exception):
    """Submitting a response with errors; ``errors`` by page index."""

    def __init__(self, errors: dict[int, dict[str, str]]) -> None:
        super().__init__(f"{len(errors)} page(s) need answers")
        self.errors = errors


def submit_response(*, token: str, version: int, language: str | None) -> Response:
    """Submit once; a second submission (or a concurrent one) is refused."""
    with transaction.atomic():
        inv = find_invitation(token)
        survey = inv.survey
        response = Response.objects.select_for_update().filter(invitation=inv).first()
        if response is None:
            raise StaleResponse(_("Nothing has been answered yet."))
        if response.status == ResponseStatus.SUBMITTED:
            raise AlreadySubmitted(_("This questionnaire has already been submitted."))
        _check_editable(
            survey,
            response,
            version,
            _(
                "This questionnaire was changed in another window or by a "
                "colleague; please review it again."
            ),
        )
        form = Form(survey.form)
        lang = form.language_for(language)
        answers = engine.settle(form, dict(response.answers))
        problems = engine.validate_all(form, answers, lang)
        if problems:
            raise Incomplete(problems)
        response.answers = answers
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = timezone.now()
        response.version += 1
        response.save()
        return response


def mark_checked(*, survey_id: int, invitation_id: int, user: object, checked: bool) -> Response:
    """Mark the response of an invitation as checked by the secretariat (or not)."""
    with transaction.atomic():
        response = (
            Response.objects.select_for_update()
            .filter(invitation_id=invitation_id, invitation__survey_id=survey_id)
            .first()
        )
        if response is None:
            raise Response.DoesNotExist(f"invitation {invitation_id} has no response yet")
        response.checked_at = timezone.now() if checked else None
        response.checked_by = user if checked and getattr(user, "pk", None) else None  # type: ignore[assignment]
        response.save(update_fields=["checked_at", "checked_by"])
    return response
