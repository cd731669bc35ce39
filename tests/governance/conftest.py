"""Fixtures of the governance tests: the submission tests' entities, users and open 2025
call (for the assessment inside a submission)."""

from tests.submissions.conftest import (  # noqa: F401 (fixtures)
    call,
    fao,
    make_user,
    old_activity,
    users,
    who,
)
