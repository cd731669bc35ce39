"""Sessions: create, place in a room and time slot, withdraw, confirm SDG tags."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiatlas.programme.choices import GoalSource, SessionState, SessionType
from aiatlas.programme.exceptions import InvalidInput, InvalidState, NotAllowed, NotFound
from aiatlas.programme.models import Event, Room, Session, SessionGoal, SessionSpeaker, Track
from aiatlas.programme.rules import can
from aiatlas.taxonomy.models import Goal

if TYPE_CHECKING:
    from aiatlas.classify.services import Suggestion

LANGUAGE_CODES = {"en", "fr", "es", "ar", "ru", "zh", "de", "pt", "it", "ja", "ko", "sw"}


def _locked_session(session_id: int) -> Session:
    """The session, locked for this transaction."""
    session = (
        Session.objects.select_for_update(of=("self",)).filter(pk=session_id).order_by().first()
    )
    if session is None:
        raise NotFound("There is no such session.")
    return session


def _check_times(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if (starts_at is None) != (ends_at is None):
        raise InvalidInput("A scheduled session has both a start and an end.")
    if starts_at is None or ends_at is None:
        return
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise InvalidInput("Start and end need a time zone.")
    if ends_at <= starts_at:
        raise InvalidInput("The session must end after it starts.")


def check_languages(languages: Sequence[str]) -> list[str]:
    codes = [str(code).strip().lower() for code in languages if str(code).strip()]
    unknown = [c for c in codes if c not in LANGUAGE_CODES]
    if unknown:
        raise InvalidInput(f"Unknown language code(s): {', '.join(unknown)}.")
    return list(dict.fromkeys(codes))


@transaction.atomic
def create_session(
    *,
    event: Event,
    title: str,
    type: str = SessionType.TALK,
    abstract: str = "",
    description: str = "",
    subtitle: str = "",
    track: Track | None = None,
    room: Room | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    languages: Sequence[str] = ("en",),
    speakers: Sequence[Any] = (),
    goals: Sequence[tuple[int, str]] = (),
    state: str = SessionState.ACCEPTED,
    capacity: int | None = None,
    takes_registrations: bool = False,
    recording_url: str = "",
    slides_url: str = "",
    not_recorded: bool = False,
) -> Session:
    """A session with its speakers (in order) and SDG tags ``(goal number, source)``."""
    title = " ".join(str(title or "").split())
    if not title or len(title) > 300:
        raise InvalidInput("A session needs a title of at most 300 characters.")
    if type not in SessionType.values or state not in SessionState.values:
        raise InvalidInput("Unknown session type or state.")
    for part in (track, room):
        if part is not None and part.event_id != event.pk:
            raise InvalidInput("The track and room must belong to the session's event.")
    _check_times(starts_at, ends_at)
    session = Session.objects.create(
        event=event,
        title=title,
        subtitle=subtitle,
        type=type,
        abstract=abstract,
        description=description,
        track=track,
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        languages=check_languages(languages),
        state=state,
        capacity=capacity,
        takes_registrations=takes_registrations,
        recording_url=recording_url,
        slides_url=slides_url,
        not_recorded=not_recorded,
    )
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(session=session, speaker=speaker, position=i)
        for i, speaker in enumerate(dict.fromkeys(speakers))
    )
    tags: dict[int, str] = {}
    for number, source in goals:
        if source not in GoalSource.values or not Goal.objects.filter(pk=number).exists():
            raise InvalidInput(
                _("Unknown SDG %(number)s or tag source “%(source)s”.")
                % {"number": number, "source": source}
            )
        if tags.get(number) != GoalSource.CONFIRMED:  # a confirmation wins over a suggestion
            tags[number] = source
    SessionGoal.objects.bulk_create(
        SessionGoal(session=session, goal_id=number, source=source)
        for number, source in tags.items()
    )
    return session


@transaction.atomic
def schedule_session(
    *,
    user: Any,
    session_id: int,
    room_id: int | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> Session:
    """Place a session in a room and time slot (or take it off the schedule). Overlaps
    are allowed and reported by ``queries.schedule_warnings``: the team decides."""
    if not can(user, "edit_schedule"):
        raise NotAllowed("Only the programme team edits the schedule.")
    session = _locked_session(session_id)
    room = None
    if room_id is not None:
        room = Room.objects.filter(pk=room_id, event_id=session.event_id).first()
        if room is None:
            raise InvalidInput("That room is not part of the session's event.")
    _check_times(starts_at, ends_at)
    session.room, session.starts_at, session.ends_at = room, starts_at, ends_at
    session.save(update_fields=["room", "starts_at", "ends_at", "updated_at"])
    return session


@transaction.atomic
def withdraw_session(*, user: Any, session_id: int) -> Session:
    """A speaker (or the team) withdraws a session: it leaves the schedule and the feeds;
    its page says it was withdrawn."""
    session = _locked_session(session_id)
    if session.state == SessionState.WITHDRAWN or session.state == SessionState.REJECTED:
        raise InvalidState(f"The session is {session.get_state_display().lower()} already.")
    if not can(user, "withdraw_session", session):
        raise NotAllowed("Only its speakers and the programme team withdraw a session.")
    session.state = SessionState.WITHDRAWN
    session.save(update_fields=["state", "updated_at"])
    return session


@transaction.atomic
def confirm_goal(*, user: Any, session_id: int, goal: int) -> SessionGoal:
    """A person confirms an SDG tag (a suggested one, or a new one)."""
    if not can(user, "manage_programme"):
        raise NotAllowed(_("Only the programme team confirms SDG tags."))
    if not Session.objects.filter(pk=session_id).exists():
        raise NotFound("There is no such session.")
    if not Goal.objects.filter(pk=goal).exists():
        raise InvalidInput(f"There is no SDG {goal}.")
    tag, _created = SessionGoal.objects.update_or_create(
        session_id=session_id, goal_id=goal, defaults={"source": GoalSource.CONFIRMED}
    )
    return tag


def _team_session(user: Any, session_id: int) -> Session:
    if not can(user, "tag_goals"):
        raise NotAllowed(_("Only the programme team tags sessions with SDGs."))
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("There is no such session."))
    return session


def suggest_goals(*, user: Any, session_id: int) -> list[Suggestion]:
    """The classifier's SDG suggestions for a session (its title, abstract and
    description), each with its evidence; nothing is stored: a person confirms."""
    from aiatlas.classify.services import Unsupported
    from aiatlas.classify.services import suggest_goals as classify_text

    session = _team_session(user, session_id)
    if not session.abstract.strip():
        raise InvalidInput(
            _("The session has no abstract: write one before asking for SDG suggestions.")
        )
    text = "\n".join(p for p in (session.title, session.abstract, session.description) if p)
    try:
        return classify_text(text)
    except Unsupported as exc:
        raise InvalidInput(
            _("The classifier cannot read this session: %(reason)s.") % {"reason": exc}
        ) from exc


@transaction.atomic
def set_confirmed_goals(*, user: Any, session_id: int, goals: Sequence[int]) -> list[int]:
    """The goals a person ticked become the session's SDG tags, all confirmed; a tag
    not ticked (suggested or confirmed before) is removed."""
    session = _team_session(user, session_id)
    chosen = sorted({int(g) for g in goals})
    known = set(Goal.objects.filter(pk__in=chosen).values_list("pk", flat=True))
    unknown = [g for g in chosen if g not in known]
    if unknown:
        raise InvalidInput(
            _("Unknown SDG(s): %(goals)s.") % {"goals": ", ".join(map(str, unknown))}
        )
    SessionGoal.objects.filter(session=session).exclude(goal_id__in=chosen).delete()
    SessionGoal.objects.bulk_create(
        [SessionGoal(session=session, goal_id=g, source=GoalSource.CONFIRMED) for g in chosen],
        update_conflicts=True,
        unique_fields=["session", "goal"],
        update_fields=["source"],
    )
    return chosen
