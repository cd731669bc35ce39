"""What other apps add to the submission workflow, without this app importing them:

- :func:`register_submit_guard`: a function ``guard(submission) -> [(field, message)]``
  asked when a draft is submitted; any problem it names refuses the submission with the
  record's own problems (``drafts.submit``). The governance app registers one that asks
  for the self-assessment when the call requires it.
- :data:`submission_approved`: sent inside the approval's transaction, after the
  submission points at the activity it wrote (``sender=Submission, submission=...``), so
  what belonged to the draft can move to the activity in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.dispatch import Signal

Guard = Callable[[Any], list[tuple[str, str]]]

_GUARDS: list[Guard] = []

submission_approved = Signal()


def register_submit_guard(guard: Guard) -> None:
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def submit_problems(submission: Any) -> list[tuple[str, str]]:
    """Every registered guard's problems with submitting ``submission`` now."""
    return [problem for guard in _GUARDS for problem in guard(submission)]
