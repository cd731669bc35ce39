"""Who may do what in the programme (django-rules; loaded by AutodiscoverRulesConfig).

user.has_perm("programme.manage_programme")
user.has_perm("programme.withdraw_session", session)
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import Predicate, is_authenticated

from aiatlas.accounts.rules import is_admin
from aiatlas.programme.choices import SessionState


def _is_speaker_of(user: Any, session: Any) -> bool:
    if session is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(session.speakers.filter(user_id=user.pk).exists())


def _is_withdrawable(user: Any, session: Any) -> bool:
    return session is not None and session.state in {
        SessionState.SUBMITTED,
        SessionState.ACCEPTED,
        SessionState.CONFIRMED,
    }


is_speaker_of = Predicate(_is_speaker_of)
is_withdrawable = Predicate(_is_withdrawable)


def _perm(name: str, predicate: Predicate) -> None:
    add_perm(name, predicate)  # type: ignore[no-untyped-call]


# the programme team (admins) builds programmes, events and the schedule
_perm("programme.manage_programme", is_admin)
_perm("programme.view_registrations", is_admin)
_perm("programme.view_schedule_warnings", is_admin)
# a speaker, or the programme team, withdraws a session that is still on
_perm("programme.withdraw_session", (is_admin | is_speaker_of) & is_withdrawable)
# signed-in participants keep a personal agenda
_perm("programme.keep_agenda", is_authenticated)


def can(user: Any, perm: str, obj: Any = None) -> bool:
    """``user.has_perm`` for the programme's permissions, for templates and services."""
    return bool(user is not None and user.has_perm(f"programme.{perm}", obj))
