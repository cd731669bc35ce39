"""The call for sessions: the programme team sets it up (dates, custom fields, score
categories, reviewer teams); signed-in speakers submit proposals, invite co-speakers by
e-mail (tracked until they accept), edit until the deadline, withdraw, and confirm once
accepted. Each function is one transaction and checks its permission in ``rules.py``."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from aiatlas.accounts.mail import send_to_each
from aiatlas.common.limits import MB, human
from aiatlas.programme.choices import (
    FieldKind,
    InvitationStatus,
    SessionState,
    SessionType,
)
from aiatlas.programme.exceptions import InvalidInput, InvalidState, NotAllowed, NotFound
from aiatlas.programme.models import (
    Call,
    CallField,
    Event,
    Proposal,
    ProposalFile,
    ProposalSpeaker,
    ReviewTeam,
    ScoreCategory,
    Session,
    Track,
)
from aiatlas.programme.rules import can
from aiatlas.programme.services.sessions import check_languages

#: the largest file a file field takes
MAX_FILE = 5 * MB
#: co-speakers of one proposal (a panel of 40 is possible; more is a mistake)
MAX_SPEAKERS = 60


@dataclass(frozen=True)
class Upload:
    """A file given for a file field (the view reads it; size checked here)."""

    name: str
    content_type: str
    data: bytes


def _call(call_id: int, *, lock: bool = False) -> Call:
    qs = Call.objects.select_related("event")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=call_id).first()
    if found is None:
        raise NotFound("There is no such call for sessions.")
    return found


def locked_proposal(proposal_id: int) -> Proposal:
    """The proposal, locked for this transaction (with its call and event), for the
    services of the call and of its review."""
    found = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call__event")
        .filter(pk=proposal_id)
        .first()
    )
    if found is None:
        raise NotFound("There is no such proposal.")
    return found


def _team(user: Any) -> None:
    if not can(user, "manage_review"):
        raise NotAllowed("Only the programme team sets up the call and its review.")


# -- setting up ----------------------------------------------------------------------


@transaction.atomic
def open_call(
    *,
    user: Any,
    event_id: int,
    opens_at: datetime,
    closes_at: datetime | None,
    anonymised: bool = False,
    reviews_per_proposal: int = 2,
    session_types: Sequence[str] = (),
    intro: str = "",
) -> Call:
    """Create or change the event's call. ``closes_at`` None: a rolling call."""
    _team(user)
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        raise NotFound("There is no such event.")
    if timezone.is_naive(opens_at) or (closes_at is not None and timezone.is_naive(closes_at)):
        raise InvalidInput("The call's dates need a time zone.")
    if closes_at is not None and closes_at <= opens_at:
        raise InvalidInput("The call must close after it opens.", [("closes_at", "before")])
    if not 1 <= reviews_per_proposal <= 20:
        raise InvalidInput("Each proposal gets between 1 and 20 reviewers.")
    unknown = [t for t in session_types if t not in SessionType.values]
    if unknown:
        raise InvalidInput(f"Unknown session type(s): {', '.join(unknown)}.")
    call, _created = Call.objects.update_or_create(
        event=event,
        defaults={
            "opens_at": opens_at,
            "closes_at": closes_at,
            "anonymised": anonymised,
            "reviews_per_proposal": reviews_per_proposal,
            "session_types": list(dict.fromkeys(session_types)),
            "intro": intro,
        },
    )
    return call


def _tracks(call: Call, track_ids: Sequence[int]) -> list[Track]:
    found = list(Track.objects.filter(event_id=call.event_id, pk__in=list(track_ids)))
    if len(found) != len(set(track_ids)):
        raise InvalidInput("A track is not part of the call's event.")
    return found


@transaction.atomic
def add_call_field(
    *,
    user: Any,
    call_id: int,
    label: str,
    kind: str,
    key: str = "",
    required: bool = False,
    choices: Sequence[str] = (),
    min_value: int | None = None,
    max_value: int | None = None,
    session_types: Sequence[str] = (),
    track_ids: Sequence[int] = (),
    help_text: str = "",
) -> CallField:
    """A custom question of the call, for proposals of some session types and tracks."""
    _team(user)
    call = _call(call_id)
    label = " ".join(str(label or "").split())
    key = slugify(key or label)[:40]
    if not label or not key:
        raise InvalidInput("A field needs a label.")
    if kind not in FieldKind.values:
        raise InvalidInput(f"Unknown field kind {kind!r}.")
    options = [str(c).strip() for c in choices if str(c).strip()]
    if kind == FieldKind.CHOICE and len(options) < 2:
        raise InvalidInput("A choice field needs at least two choices.")
    if min_value is not None and max_value is not None and min_value > max_value:
        raise InvalidInput("The smallest number is larger than the largest.")
    if call.fields.filter(key=key).exists():
        raise InvalidInput(f"The call already has a field {key!r}.")
    unknown = [t for t in session_types if t not in SessionType.values]
    if unknown:
        raise InvalidInput(f"Unknown session type(s): {', '.join(unknown)}.")
    field = CallField.objects.create(
        call=call,
        key=key,
        label=label,
        help_text=help_text,
        kind=kind,
        required=required,
        choices=options,
        min_value=min_value,
        max_value=max_value,
        session_types=list(session_types),
        position=call.fields.count(),
    )
    field.tracks.set(_tracks(call, track_ids))
    return field


@transaction.atomic
def add_score_category(
    *, user: Any, call_id: int, name: str, weight: int = 1, max_score: int = 5
) -> ScoreCategory:
    _team(user)
    call = _call(call_id)
    name = " ".join(str(name or "").split())
    if not name:
        raise InvalidInput("A score category needs a name.")
    if not 1 <= weight <= 100 or not 1 <= max_score <= 100:
        raise InvalidInput("Weight and highest score are whole numbers from 1 to 100.")
    return ScoreCategory.objects.create(
        call=call, name=name, weight=weight, max_score=max_score, position=call.categories.count()
    )


@transaction.atomic
def add_review_team(
    *, user: Any, call_id: int, name: str, members: Sequence[Any], track_ids: Sequence[int] = ()
) -> ReviewTeam:
    """A team of reviewers (users) for some tracks (none: every track)."""
    _team(user)
    call = _call(call_id)
    name = " ".join(str(name or "").split())
    if not name:
        raise InvalidInput("A review team needs a name.")
    team = ReviewTeam.objects.create(call=call, name=name)
    team.tracks.set(_tracks(call, track_ids))
    team.members.set(list(members))
    return team


# -- proposals -----------------------------------------------------------------------


def fields_for(call: Call, type: str, track: Track | None) -> list[CallField]:
    """The call's fields that apply to a proposal of ``type`` in ``track``."""
    chosen = []
    for field in call.fields.prefetch_related("tracks"):
        if field.session_types and type not in field.session_types:
            continue
        track_ids = {t.pk for t in field.tracks.all()}
        if track_ids and (track is None or track.pk not in track_ids):
            continue
        chosen.append(field)
    return chosen


def _clean_answers(
    fields: list[CallField],
    answers: Mapping[str, Any],
    files: Mapping[str, Upload],
    kept_files: set[str],
) -> tuple[dict[str, Any], dict[str, Upload]]:
    problems: list[tuple[str, str]] = []
    clean: dict[str, Any] = {}
    uploads: dict[str, Upload] = {}
    for field in fields:
        if field.kind == FieldKind.FILE:
            upload = files.get(field.key)
            if upload is not None and upload.data:
                if len(upload.data) > MAX_FILE:
                    problems.append(
                        (field.key, f"{field.label}: the file is larger than {human(MAX_FILE)}.")
                    )
                    continue
                uploads[field.key] = upload
                clean[field.key] = upload.name[:200]
            elif field.key in kept_files:
                clean[field.key] = answers.get(field.key, "") or "file"
            elif field.required:
                problems.append((field.key, f"{field.label}: attach a file."))
            continue
        raw = str(answers.get(field.key, "") or "").strip()
        if not raw:
            if field.required:
                problems.append((field.key, f"{field.label}: this answer is required."))
            continue
        if field.kind == FieldKind.CHOICE:
            if raw not in field.choices:
                problems.append((field.key, f"{field.label}: choose one of the choices given."))
                continue
            clean[field.key] = raw
        elif field.kind == FieldKind.NUMBER:
            try:
                number = int(raw)
            except ValueError:
                problems.append((field.key, f"{field.label}: give a whole number."))
                continue
            if (field.min_value is not None and number < field.min_value) or (
                field.max_value is not None and number > field.max_value
            ):
                problems.append(
                    (
                        field.key,
                        f"{field.label}: give a number from {field.min_value} "
                        f"to {field.max_value}.",
                    )
                )
                continue
            clean[field.key] = number
        else:
            if len(raw) > 5000:
                problems.append((field.key, f"{field.label}: at most 5,000 characters."))
                continue
            clean[field.key] = raw
    if problems:
        raise InvalidInput("Some answers need attention.", problems)
    return clean, uploads


def _clean_proposal(
    call: Call,
    *,
    title: str,
    type: str,
    abstract: str,
    description: str,
    track_id: int | None,
    languages: Sequence[str],
    answers: Mapping[str, Any],
    files: Mapping[str, Upload],
    kept_files: set[str],
) -> tuple[dict[str, Any], dict[str, Upload]]:
    """A proposal as submitted or edited, checked: the values of its fields and the files
    to store (``kept_files``: the file answers it already has)."""
    problems: list[tuple[str, str]] = []
    title = " ".join(str(title or "").split())
    if not title:
        problems.append(("title", "Give the session a title."))
    elif len(title) > 300:
        problems.append(("title", "The title is longer than 300 characters."))
    allowed = call.session_types or SessionType.values
    if type not in allowed:
        problems.append(("type", "Choose one of the session types this call takes."))
    track = None
    if track_id:
        track = Track.objects.filter(pk=track_id, event_id=call.event_id).first()
        if track is None:
            problems.append(("track", "That track is not part of this event."))
    try:
        codes = check_languages(languages or ["en"])
    except InvalidInput as exc:
        problems.append(("languages", str(exc)))
        codes = []
    if problems:
        raise InvalidInput("The proposal is incomplete.", problems)
    clean, uploads = _clean_answers(fields_for(call, type, track), answers, files, kept_files)
    values = {
        "title": title,
        "type": type,
        "track": track,
        "languages": codes,
        "abstract": str(abstract or "")[:10000],
        "description": str(description or "")[:50000],
        "answers": clean,
    }
    return values, uploads


def _save_files(proposal: Proposal, uploads: Mapping[str, Upload]) -> None:
    for key, upload in uploads.items():
        ProposalFile.objects.update_or_create(
            proposal=proposal,
            key=key,
            defaults={
                "name": upload.name[:200],
                "content_type": upload.content_type[:100] or "application/octet-stream",
                "size": len(upload.data),
                "data": upload.data,
            },
        )


@transaction.atomic
def submit_proposal(
    *,
    user: Any,
    call_id: int,
    title: str,
    type: str,
    abstract: str = "",
    description: str = "",
    track_id: int | None = None,
    languages: Sequence[str] = ("en",),
    answers: Mapping[str, Any] | None = None,
    files: Mapping[str, Upload] | None = None,
    co_speakers: Sequence[str] = (),
) -> Proposal:
    """A signed-in speaker proposes a session while the call is open; the co-speakers
    named by e-mail are invited (one message each)."""
    call = _call(call_id)
    if not can(user, "submit_proposal", call):
        if not getattr(user, "is_authenticated", False):
            raise NotAllowed("Sign in to propose a session.")
        raise InvalidState("The call for sessions is not open.")
    values, uploads = _clean_proposal(
        call,
        title=title,
        type=type,
        abstract=abstract,
        description=description,
        track_id=track_id,
        languages=languages,
        answers=answers or {},
        files=files or {},
        kept_files=set(),
    )
    emails = _clean_emails(co_speakers, exclude={user.email.lower()})
    proposal = Proposal.objects.create(call=call, submitted_by=user, **values)
    _save_files(proposal, uploads)
    ProposalSpeaker.objects.create(
        proposal=proposal,
        email=user.email.lower(),
        name=user.get_full_name() or user.email,
        user=user,
        status=InvitationStatus.ACCEPTED,
        position=0,
        answered_at=timezone.now(),
    )
    for email in emails:
        _invite(proposal, email, "", inviter=user)
    return proposal


def _clean_emails(raw: Sequence[str], *, exclude: set[str]) -> list[str]:
    emails: list[str] = []
    bad: list[str] = []
    for item in raw:
        for part in str(item or "").replace(";", ",").replace("\n", ",").split(","):
            email = part.strip().lower()
            if not email:
                continue
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email[:80])
                continue
            if email not in exclude and email not in emails:
                emails.append(email)
    if bad:
        raise InvalidInput(
            "Some co-speaker addresses are not valid.",
            [("co_speakers", f"Not an e-mail address: {b}") for b in bad],
        )
    if len(emails) > MAX_SPEAKERS:
        raise InvalidInput(f"A proposal has at most {MAX_SPEAKERS} speakers.")
    return emails


def _invite(proposal: Proposal, email: str, name: str, *, inviter: Any) -> ProposalSpeaker:
    speaker = ProposalSpeaker.objects.create(
        proposal=proposal,
        email=email,
        name=name,
        status=InvitationStatus.INVITED,
        position=proposal.speakers.count(),
        token=secrets.token_urlsafe(32),
    )
    token = speaker.token
    send_to_each(
        [email],
        kind="programme.co_speaker",
        values={
            "inviter": inviter.get_full_name() or inviter.email,
            "title": proposal.title,
            "event": proposal.call.event.title,
        },
        link=("programme:invitation", {"token": token}),
        topic=f"programme-proposal-{proposal.pk}",
    )
    return speaker


@transaction.atomic
def invite_co_speaker(
    *, user: Any, proposal_id: int, email: str, name: str = ""
) -> ProposalSpeaker:
    """Invite one more co-speaker while the proposal may be edited."""
    proposal = locked_proposal(proposal_id)
    if not can(user, "edit_proposal", proposal):
        raise NotAllowed("Only its speakers invite co-speakers, until the call closes.")
    existing = {e.lower() for e in proposal.speakers.values_list("email", flat=True)}
    emails = _clean_emails([email], exclude=set())
    if not emails:
        raise InvalidInput("Give the co-speaker's e-mail address.", [("email", "empty")])
    if emails[0] in existing:
        raise InvalidInput("This person is already a speaker or invited.", [("email", "twice")])
    if len(existing) >= MAX_SPEAKERS:
        raise InvalidInput(f"A proposal has at most {MAX_SPEAKERS} speakers.")
    return _invite(proposal, emails[0], " ".join(str(name or "").split())[:200], inviter=user)


@transaction.atomic
def answer_invitation(*, user: Any, token: str, accept: bool) -> ProposalSpeaker:
    """The invited co-speaker, signed in, accepts (becomes a speaker) or declines."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed("Sign in to answer the invitation.")
    token = str(token or "")[:64]
    invitation = (
        ProposalSpeaker.objects.select_for_update(of=("self",))
        .select_related("proposal")
        .filter(token=token)
        .first()
        if token
        else None
    )
    if invitation is None:
        raise NotFound("This invitation is not valid or was already answered.")
    if invitation.proposal.state == SessionState.WITHDRAWN:
        raise InvalidState("The proposal was withdrawn.")
    if ProposalSpeaker.objects.filter(
        proposal=invitation.proposal, user=user, status=InvitationStatus.ACCEPTED
    ).exists():
        raise InvalidState("You are already a speaker of this proposal.")
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.user = user if accept else None
    invitation.name = invitation.name or user.get_full_name() or user.email
    invitation.token = ""
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "user", "name", "token", "answered_at"])
    return invitation


@transaction.atomic
def edit_proposal(
    *,
    user: Any,
    proposal_id: int,
    version: int,
    title: str,
    type: str,
    abstract: str = "",
    description: str = "",
    track_id: int | None = None,
    languages: Sequence[str] = ("en",),
    answers: Mapping[str, Any] | None = None,
    files: Mapping[str, Upload] | None = None,
) -> Proposal:
    """Its speakers change a submitted proposal until the call closes. ``version`` is the
    version they edited: a stale one is refused (someone else saved in between)."""
    proposal = locked_proposal(proposal_id)
    if not can(user, "edit_proposal", proposal):
        raise NotAllowed("The proposal can no longer be edited (or is not yours).")
    if version != proposal.version:
        raise InvalidState(
            "A co-speaker saved this proposal in the meantime; reload it and apply your "
            "changes again."
        )
    values, uploads = _clean_proposal(
        proposal.call,
        title=title,
        type=type,
        abstract=abstract,
        description=description,
        track_id=track_id,
        languages=languages,
        answers={**proposal.answers, **(answers or {})},
        files=files or {},
        kept_files=set(proposal.files.values_list("key", flat=True)),
    )
    for name, value in values.items():
        setattr(proposal, name, value)
    proposal.version += 1
    proposal.save()
    _save_files(proposal, uploads)
    return proposal


def _move(proposal: Proposal, state: str) -> Proposal:
    """The proposal, and its session when it has one, into ``state``."""
    proposal.state = state
    proposal.save(update_fields=["state", "updated_at"])
    if proposal.session_id:
        Session.objects.filter(pk=proposal.session_id).update(
            state=state, updated_at=timezone.now()
        )
    return proposal


@transaction.atomic
def withdraw_proposal(*, user: Any, proposal_id: int) -> Proposal:
    """A speaker withdraws; an accepted proposal's session leaves the schedule too."""
    proposal = locked_proposal(proposal_id)
    if not can(user, "withdraw_proposal", proposal):
        raise NotAllowed("Only its speakers withdraw a proposal that is still on.")
    return _move(proposal, SessionState.WITHDRAWN)


@transaction.atomic
def confirm_proposal(*, user: Any, proposal_id: int) -> Proposal:
    """The speaker of an accepted proposal confirms they will give the session."""
    proposal = locked_proposal(proposal_id)
    if not can(user, "confirm_proposal", proposal):
        raise NotAllowed("Only a speaker of an accepted proposal confirms it.")
    return _move(proposal, SessionState.CONFIRMED)
