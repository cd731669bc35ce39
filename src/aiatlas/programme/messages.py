"""The programme's kinds of e-mail, added to the one outbox's registry
(:data:`aiatlas.accounts.kinds.KINDS`) when the app is ready, so administrators can
reword them like every other message."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from aiatlas.accounts.kinds import KINDS, MessageKind

_NAME = _("the recipient's name, else the e-mail address")
_TITLE = _("the proposal's title")
_EVENT = _("the event's title")

PROGRAMME_KINDS = [
    MessageKind(
        "programme.co_speaker",
        _("Invitation to speak in a proposed session"),
        _("You are invited to co-present: {title}"),
        _(
            'Dear {name},\n\n{inviter} proposes the session "{title}" to {event} and '
            "invites you to present it with them.\n\nSign in (or create an account with "
            "this e-mail address) and accept or decline:\n{link}\n"
        ),
        {
            "name": _NAME,
            "inviter": _("the name of the person who invites"),
            "title": _TITLE,
            "event": _EVENT,
            "link": _("the invitation link"),
        },
        {"inviter": "Ada Lovelace", "title": "AI for clean water", "event": "AI for Good 2031"},
    ),
    MessageKind(
        "programme.accepted",
        _("A proposed session is accepted"),
        _("Accepted: {title}"),
        _(
            'Dear {name},\n\nGood news: "{title}" is accepted for {event}.\n\nPlease '
            "confirm that you will give the session:\n{link}\n"
        ),
        {"name": _NAME, "title": _TITLE, "event": _EVENT, "link": _("the proposal's page")},
        {"title": "AI for clean water", "event": "AI for Good 2031"},
    ),
    MessageKind(
        "programme.rejected",
        _("A proposed session is not accepted"),
        _("Not accepted: {title}"),
        _(
            'Dear {name},\n\nThank you for proposing "{title}" to {event}. We received '
            "many more proposals than we have slots, and this one is not on the programme."
            "\n\n{link}\n"
        ),
        {"name": _NAME, "title": _TITLE, "event": _EVENT, "link": _("the proposal's page")},
        {"title": "AI for clean water", "event": "AI for Good 2031"},
    ),
    *[
        MessageKind(
            key,
            label,
            subject,
            body,
            {
                "name": _NAME,
                "event": _("the event's (or session's) title"),
                "mode": _("in person or online"),
                "link": _("the registration's page, with the link to cancel (personal)"),
            },
            {"event": "AI for Good Global Summit 2031", "mode": "In person"},
        )
        for key, label, subject, body in [
            (
                "programme.registration_confirmed",
                _("A registration is confirmed"),
                _("Registration confirmed: {event}"),
                _(
                    "Dear {name},\n\nYour registration is confirmed.\n\n{event}\n"
                    "Attendance: {mode}\n\nYour registration, and the link to cancel it:\n"
                    "{link}\n"
                ),
            ),
            (
                "programme.registration_waitlisted",
                _("A registration is on the waiting list"),
                _("On the waiting list: {event}"),
                _(
                    "Dear {name},\n\nThe event is full: you are on the waiting list. When a "
                    "seat frees, it goes to the next person waiting and we write to you.\n\n"
                    "{event}\nAttendance: {mode}\n\nYour place on the list, and the link to "
                    "cancel:\n{link}\n"
                ),
            ),
            (
                "programme.registration_pending",
                _("A registration waits for the organisers' approval"),
                _("Registration received: {event}"),
                _(
                    "Dear {name},\n\nThe organisers approve each registration to this event; "
                    "we write to you when they have.\n\n{event}\nAttendance: {mode}\n\n"
                    "Your registration, and the link to cancel it:\n{link}\n"
                ),
            ),
            (
                "programme.registration_promoted",
                _("A seat has freed for someone on the waiting list"),
                _("A seat for you: {event}"),
                _(
                    "Dear {name},\n\nA seat has freed and it is yours: your registration is "
                    "now confirmed.\n\n{event}\nAttendance: {mode}\n\nIf you cannot come "
                    "any more, please cancel so the next person gets the seat:\n{link}\n"
                ),
            ),
            (
                "programme.registration_declined",
                _("A registration is not approved"),
                _("Registration not approved: {event}"),
                _(
                    "Dear {name},\n\nWe are sorry: the organisers could not approve your "
                    "registration.\n\n{event}\n\n{link}\n"
                ),
            ),
        ]
    ],
]


def register_kinds() -> None:
    """Add the programme's kinds to the outbox's registry (idempotent)."""
    for kind in PROGRAMME_KINDS:
        KINDS.setdefault(kind.key, kind)
