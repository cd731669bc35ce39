"""Registration with a real waiting list.

Each operation locks the event row first (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite
the IMMEDIATE transaction serialises writers), so seats are counted and handed out by one
writer at a time: no double booking, and the arrival counter on the event gives the queue
its order. A freed seat goes to the first person waiting, who gets an e-mail."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from aiatlas.accounts.mail import compose, language_or_site, queue_message
from aiatlas.catalog.models import Country
from aiatlas.common.links import absolute_url
from aiatlas.programme.choices import (
    ACTIVE_STATUSES,
    PUBLIC_STATES,
    AttendanceMode,
    QuestionKind,
    RegistrationStatus,
)
from aiatlas.programme.exceptions import (
    AlreadyCancelled,
    AlreadyRegistered,
    InvalidInput,
    InvalidState,
    NotAllowed,
    NotFound,
    RegistrationClosed,
)
from aiatlas.programme.models import Event, Registration, Session
from aiatlas.programme.rules import can
from aiatlas.programme.tokens import (
    registration_id_from,
    registration_id_from_check_in,
    registration_token,
)

__all__ = [
    "cancel_registration",
    "check_in",
    "moderate_registration",
    "register",
    "set_capacity",
]


def _lock_event(event_id: int) -> Event:
    try:
        return Event.objects.select_for_update().get(pk=event_id)
    except Event.DoesNotExist as exc:
        raise NotFound("There is no such event.") from exc


def _lock_registration(registration_id: int, *, missing: str) -> tuple[Event, Registration]:
    """A registration and its event, the event locked first (as every change of its seats
    and waiting list locks it); ``missing`` is what NotFound says when there is none."""
    event_id = (
        Registration.objects.filter(pk=registration_id).values_list("event_id", flat=True).first()
    )
    if event_id is None:
        raise NotFound(missing)
    event = _lock_event(event_id)
    return event, Registration.objects.select_related("session__room").get(pk=registration_id)


def _limit(event: Event, session: Session | None, mode: str) -> int | None:
    if mode == AttendanceMode.ONLINE:
        return event.online_capacity if session is None else None
    return event.capacity if session is None else session.seats


def _in_queue(event: Event, session: Session | None, mode: str, status: str) -> Any:
    return Registration.objects.filter(event=event, session=session, mode=mode, status=status)


#: the message that tells a registrant the status their registration now has
_STATUS_MESSAGES = {
    RegistrationStatus.PENDING: "programme.registration_pending",
    RegistrationStatus.CONFIRMED: "programme.registration_confirmed",
    RegistrationStatus.WAITLISTED: "programme.registration_waitlisted",
}


def _notify(registration: Registration, *, site_url: str, kind: str, language: str = "") -> None:
    """One message of ``kind`` to the registrant through the outbox (it goes out after the
    commit), in ``language`` (the page's, when they register), else their account's, else
    the site's. The link to their registration (and to cancel) is personal: the outbox
    keeps it only until the message is sent."""
    user = registration.user if registration.user_id else None
    language = language_or_site(language or getattr(user, "language", "") or "")
    with translation.override(language):
        path = reverse("programme:registration", args=[registration_token(registration.pk)])
        link = site_url.rstrip("/") + path if site_url else absolute_url(path)
        what = registration.session.title if registration.session else registration.event.title
        mode = str(registration.get_mode_display())
    subject, body = compose(
        kind,
        language=language,
        values={"name": registration.name or registration.email, "event": what, "mode": mode,
                "link": link},
    )  # fmt: skip
    queue_message(
        to=registration.email,
        subject=subject,
        body=body,
        language=language,
        kind=kind,
        topic=f"programme-registration-{registration.pk}",
        link=link,
        secret=link,
    )


def _clean(
    *, name: str, email: str, consent: bool, mode: str, country_code: str
) -> tuple[str, str, Country | None]:
    problems: list[tuple[str, str]] = []
    name = " ".join(str(name or "").split())
    email = str(email or "").strip().lower()
    if not name:
        problems.append(("name", "Give your name."))
    elif len(name) > 200:
        problems.append(("name", "The name is longer than 200 characters."))
    try:
        validate_email(email)
    except ValidationError:
        problems.append(("email", "Give a valid e-mail address."))
    if not consent:
        problems.append(("consent", "Registration needs your consent to keep these details."))
    if mode not in AttendanceMode.values:
        problems.append(("mode", "Choose in person or online."))
    country = None
    if country_code:
        country = Country.objects.filter(pk=str(country_code).upper()[:3]).first()
        if country is None:
            problems.append(("country", f"Unknown country code {country_code!r}."))
    if problems:
        raise InvalidInput("The registration is incomplete.", problems)
    return name, email, country


@transaction.atomic
def register(
    *,
    event_id: int,
    name: str = "",
    email: str = "",
    consent: bool,
    mode: str = AttendanceMode.IN_PERSON,
    session_id: int | None = None,
    user: Any = None,
    country_code: str = "",
    site_url: str = "",
    answers: dict[str, Any] | None = None,
) -> Registration:
    """Register for an event (or one of its sessions): confirmed while seats remain, else
    waitlisted in arrival order; at a moderated event the registration waits for the
    organisers' approval first. A signed-in user's name and e-mail are used when the
    form leaves them empty. ``answers`` answer the event's registration questions."""
    if user is not None and getattr(user, "is_authenticated", False):
        name = name or user.get_full_name() or user.email
        email = email or user.email
    else:
        user = None
    name, email, country = _clean(
        name=name, email=email, consent=consent, mode=mode, country_code=country_code
    )
    event = _lock_event(event_id)
    clean_answers = _clean_answers(event, answers or {})
    if not event.registration_open:
        raise RegistrationClosed(f"{event.title} does not take registrations.")
    today = timezone.now().astimezone(event.zone).date()
    if event.ends_on < today:
        raise RegistrationClosed(f"{event.title} is over.")
    session = None
    if session_id is not None:
        session = (
            Session.objects.select_related("room")
            .filter(pk=session_id, event=event, state__in=PUBLIC_STATES)
            .first()
        )
        if session is None or not session.takes_registrations:
            raise NotFound("This session does not take registrations of its own.")
    active = Registration.objects.filter(
        event=event, session=session, email=email, status__in=list(ACTIVE_STATUSES)
    )
    if active.exists():
        raise AlreadyRegistered(
            "This e-mail address is already registered; the link in your e-mail shows "
            "your registration."
        )
    status = (
        RegistrationStatus.PENDING
        if event.moderated and session is None
        else _seat_or_queue(event, session, mode)
    )
    event.registration_sequence += 1
    event.save(update_fields=["registration_sequence"])
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                session=session,
                user=user,
                name=name,
                email=email,
                country=country,
                mode=mode,
                status=status,
                sequence=event.registration_sequence,
                consent_at=timezone.now(),
                answers=clean_answers,
            )
    except IntegrityError as exc:  # the partial unique index, should the check be raced
        raise AlreadyRegistered("This e-mail address is already registered.") from exc
    _notify(
        registration,
        site_url=site_url,
        kind=_STATUS_MESSAGES[status],
        language=translation.get_language() or "",
    )
    return registration


def _seat_or_queue(event: Event, session: Session | None, mode: str) -> str:
    limit = _limit(event, session, mode)
    taken = _in_queue(event, session, mode, RegistrationStatus.CONFIRMED).count()
    if limit is None or taken < limit:
        return RegistrationStatus.CONFIRMED
    return RegistrationStatus.WAITLISTED


def _clean_answers(event: Event, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers to the event's questions: required ones given, choices among theirs."""
    problems: list[tuple[str, str]] = []
    clean: dict[str, Any] = {}
    for q in event.questions.all():
        raw = answers.get(q.key)
        if q.kind == QuestionKind.CHECKBOX:
            value: Any = raw in (True, "on", "1", "true", "yes")
            if q.required and not value:
                problems.append((q.key, f"{q.label}: this box must be ticked."))
            clean[q.key] = value
            continue
        text = " ".join(str(raw or "").split())[:1000]
        if not text:
            if q.required:
                problems.append((q.key, f"{q.label}: this answer is required."))
            continue
        if q.kind == QuestionKind.CHOICE and text not in q.choices:
            problems.append((q.key, f"{q.label}: choose one of the choices given."))
            continue
        clean[q.key] = text
    if problems:
        raise InvalidInput("Some answers need attention.", problems)
    return clean


def _promote(event: Event, session: Session | None, mode: str, *, site_url: str) -> list:
    """Give free seats to the people waiting longest (the event row is locked)."""
    limit = _limit(event, session, mode)
    waiting = _in_queue(event, session, mode, RegistrationStatus.WAITLISTED).order_by("sequence")
    if limit is None:
        chosen = list(waiting.select_related("event", "session"))
    else:
        free = limit - _in_queue(event, session, mode, RegistrationStatus.CONFIRMED).count()
        chosen = list(waiting.select_related("event", "session")[: max(free, 0)])
    now = timezone.now()
    for registration in chosen:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _notify(registration, site_url=site_url, kind="programme.registration_promoted")
    return chosen


@transaction.atomic
def cancel_registration(*, token: str, site_url: str = "") -> tuple[Registration, list]:
    """Cancel the registration behind a signed link; a freed seat goes to the next person
    waiting. Returns the registration and the people promoted."""
    event, registration = _lock_registration(
        registration_id_from(token), missing="This registration no longer exists."
    )
    if registration.status == RegistrationStatus.CANCELLED:
        raise AlreadyCancelled("This registration was already cancelled.")
    held_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    promoted = (
        _promote(event, registration.session, registration.mode, site_url=site_url)
        if held_seat
        else []
    )
    return registration, promoted


@transaction.atomic
def set_capacity(
    *,
    event_id: int,
    capacity: int | None,
    online_capacity: int | None = None,
    site_url: str = "",
) -> list:
    """Change an event's seats; more seats promote people from the waiting list (fewer
    seats never take a confirmed seat away)."""
    for value in (capacity, online_capacity):
        if value is not None and value < 0:
            raise InvalidInput("A capacity is a number of seats, zero or more.")
    event = _lock_event(event_id)
    event.capacity, event.online_capacity = capacity, online_capacity
    event.save(update_fields=["capacity", "online_capacity"])
    promoted = []
    for mode in AttendanceMode.values:
        promoted += _promote(event, None, mode, site_url=site_url)
    return promoted


@transaction.atomic
def moderate_registration(
    *, user: Any, registration_id: int, approve: bool, site_url: str = ""
) -> Registration:
    """The organisers approve a pending registration (it then takes a seat, or joins the
    waiting list when the room is full) or decline it; the person is told either way."""
    if not can(user, "moderate_registrations"):
        raise NotAllowed("Only the programme team approves registrations.")
    event, registration = _lock_registration(
        registration_id, missing="There is no such registration."
    )
    if registration.status != RegistrationStatus.PENDING:
        raise InvalidState("This registration does not wait for approval.")
    if approve:
        registration.status = _seat_or_queue(event, registration.session, registration.mode)
        registration.save(update_fields=["status"])
        _notify(registration, site_url=site_url, kind=_STATUS_MESSAGES[registration.status])
    else:
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        _notify(registration, site_url=site_url, kind="programme.registration_declined")
    return registration


@transaction.atomic
def check_in(*, user: Any, event_id: int, code: str) -> Registration:
    """At the door: the code of a participant's QR code marks them present. Refused for
    another event's code, a registration that holds no seat, or a second scan."""
    if not can(user, "check_in"):
        raise NotAllowed("Only the programme team checks participants in.")
    registration_id = registration_id_from_check_in(code)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or registration.event_id != event_id:
        raise NotFound("This code belongs to no registration of this event.")
    if registration.status != RegistrationStatus.CONFIRMED:
        raise InvalidState(
            f"{registration.name} holds no seat ({registration.get_status_display().lower()})."
        )
    if registration.checked_in_at is not None:
        local = registration.checked_in_at.astimezone(registration.event.zone)
        raise InvalidState(f"{registration.name} was already checked in at {local:%H:%M}.")
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    return registration
