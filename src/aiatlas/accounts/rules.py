"""Roles, and who may do what with one in the accounts app (django-rules; loaded by
AutodiscoverRulesConfig).

The role predicates below are the only place that reads a user's role. Apps that may
import accounts compose them (``from aiatlas.accounts.rules import is_admin``); apps below
accounts in the app order ask them by name (``common.rules.asks("accounts.is_admin")``).
Object-level predicates take an :class:`~aiatlas.catalog.models.Organization`, or any
object with a ``lead_organization_id`` or ``organization_id`` (an activity, a submission).
Ask a permission with :func:`aiatlas.common.rules.allowed`:

    allowed(user, "accounts.is_focal_point_of", organization)
"""

from __future__ import annotations

from typing import Any

from rules.predicates import Predicate

from aiatlas.accounts.choices import Role
from aiatlas.common.rules import register


def _organization_id(obj: Any) -> int | None:
    from aiatlas.catalog.models import Organization

    if isinstance(obj, Organization):
        return obj.pk
    for name in ("lead_organization_id", "organization_id"):
        value = getattr(obj, name, None)
        if isinstance(value, int):
            return value
    return None


def _organization_ids(user: Any) -> frozenset[int]:
    """The user's organizations, cached on the user object for the request."""
    cached: frozenset[int] | None = getattr(user, "_aiatlas_org_ids", None)
    if cached is None:
        cached = frozenset(user.organizations.values_list("pk", flat=True))
        user._aiatlas_org_ids = cached
    return cached


def _has_role(user: Any, role: Role) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "role", "") == role
    )


def _is_admin(user: Any) -> bool:
    return _has_role(user, Role.ADMIN)


def _is_reviewer(user: Any) -> bool:
    return _has_role(user, Role.REVIEWER)


def _is_focal_point(user: Any) -> bool:
    return _has_role(user, Role.FOCAL_POINT)


def _is_entity_approver(user: Any) -> bool:
    return _has_role(user, Role.ENTITY_APPROVER)


def _is_focal_point_of(user: Any, organization: Any) -> bool:
    org_id = _organization_id(organization)
    return org_id is not None and _is_focal_point(user) and org_id in _organization_ids(user)


def _is_entity_approver_of(user: Any, organization: Any) -> bool:
    org_id = _organization_id(organization)
    return org_id is not None and _is_entity_approver(user) and org_id in _organization_ids(user)


is_admin = Predicate(_is_admin)
is_reviewer = Predicate(_is_reviewer)
is_focal_point = Predicate(_is_focal_point)
is_entity_approver = Predicate(_is_entity_approver)
is_focal_point_of = Predicate(_is_focal_point_of)
is_entity_approver_of = Predicate(_is_entity_approver_of)
#: administrators and reviewers
is_secretariat = is_admin | is_reviewer


def back_office_flags(role: str) -> dict[str, bool]:
    """Django's own flags for a user with ``role``: administrators (the secretariat) are
    the only staff and have every model permission in the back office; nobody else may
    use the Django admin. ``User.save`` sets them from the role."""
    admin = role == Role.ADMIN
    return {"is_staff": admin, "is_superuser": admin}


# the roles, for the apps that may not import this module (catalog, classify, report)
register("accounts.is_admin", is_admin)
register("accounts.is_reviewer", is_reviewer)
register("accounts.is_secretariat", is_secretariat)
register("accounts.is_focal_point_of", is_focal_point_of)
register("accounts.is_entity_approver_of", is_entity_approver_of)
# the back office (the Django admin site) and the people in it
register("accounts.use_back_office", is_admin)
register("accounts.manage_users", is_admin)
register("accounts.revoke_any_token", is_admin)
register("accounts.view_outbox", is_admin)
register("accounts.send_outbox", is_admin)
register("accounts.edit_message_templates", is_admin)
# background tasks (report builds, mail): the task page and its Retry button
register("accounts.view_tasks", is_admin)
# two-factor sign-in is required of the secretariat when AIATLAS_REQUIRE_2FA is on
register("accounts.require_two_factor", is_secretariat)
