"""Who may do what with focus groups, initiatives and challenges (django-rules).

Everything here is public to read, except restricted meeting documents' links and
contacts their owner did not make public. Records are written by administrators through
the back office (``/admin/initiatives/``) and the import command."""

from __future__ import annotations

from typing import Any

from aiatlas.accounts.rules import is_admin
from aiatlas.common.rules import register

register("initiatives.manage", is_admin)


def can_manage(user: Any) -> bool:
    return bool(user.has_perm("initiatives.manage"))
