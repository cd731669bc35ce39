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
]


def register_kinds() -> None:
    """Add the programme's kinds to the outbox's registry (idempotent)."""
    for kind in PROGRAMME_KINDS:
        KINDS.setdefault(kind.key, kind)
