"""Roles and object permissions (django-rules; loaded by AutodiscoverRulesConfig).

Object-level permissions take an :class:`~aiatlas.catalog.models.Organization`, or any
object with a ``lead_organization_id`` (an activity, a draft):

    user.has_perm("catalog.change_activity_draft", organization)
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import Predicate, is_staff

from aiatlas.accounts.models import Role


def _organization_id(obj: Any) -> int | None:
    from aiatlas.catalog.models import Organization

    if isinstance(obj, Organization):
        return obj.pk
    value = getattr(obj, "lead_organization_id", None)
    return value if isinstance(value, int) else None


def _organization_ids(user: Any) -> frozenset[int]:
    """The user's organizations, cached on the user object for the request."""
    cached: frozenset[int] | None = getattr(user, "_aiatlas_org_ids", None)
    if cached is None:
        cached = frozenset(user.organizations.values_list("pk", flat=True))
        user._aiatlas_org_ids = cached
    return cached


def _has_role(user: Any, role: Role) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "role", "") == role)


def _is_admin(user: Any) -> bool:
    return _has_role(user, Role.ADMIN)


def _is_reviewer(user: Any) -> bool:
    return _has_role(user, Role.REVIEWER)


def _is_focal_point_of(user: Any, organization: Any) -> bool:
    org_id = _organization_id(organization)
    return (
        org_id is not None
        and _has_role(user, Role.FOCAL_POINT)
        and org_id in _organization_ids(user)
    )


def _is_entity_approver_of(user: Any, organization: Any) -> bool:
    org_id = _organization_id(organization)
    return (
        org_id is not None
        and _has_role(user, Role.ENTITY_APPROVER)
        and org_id in _organization_ids(user)
    )


is_admin = Predicate(_is_admin)
is_reviewer = Predicate(_is_reviewer)
is_focal_point_of = Predicate(_is_focal_point_of)
is_entity_approver_of = Predicate(_is_entity_approver_of)
is_secretariat = is_admin | is_reviewer


def _perm(name: str, predicate: Predicate) -> None:
    add_perm(name, predicate)  # type: ignore[no-untyped-call]


# content: focal points write their own organizations' drafts; admins may help
_perm("catalog.change_activity_draft", is_admin | is_focal_point_of)
_perm("catalog.submit_activity", is_admin | is_focal_point_of)
_perm("catalog.withdraw_activity", is_admin | is_focal_point_of)
# review: the entity's approver first (when it has one), then the secretariat
_perm("catalog.approve_activity_for_entity", is_admin | is_entity_approver_of)
_perm("catalog.review_activity", is_secretariat)
_perm("catalog.view_submissions_dashboard", is_secretariat)
# embargo: activities of editions not released yet are seen by the secretariat and by the
# focal points and approvers of the activity's lead organization
can_view_embargoed = is_secretariat | is_focal_point_of | is_entity_approver_of
_perm("catalog.view_embargoed", can_view_embargoed)
# back office
_perm("catalog.manage_editions", is_admin)
_perm("accounts.manage_users", is_admin)
_perm("accounts.view_outbox", is_admin)
_perm("accounts.send_outbox", is_admin)
_perm("accounts.edit_message_templates", is_admin)
# background tasks (report builds, mail): the task page and its Retry button
_perm("accounts.view_tasks", is_admin)
# two-factor sign-in is required of the secretariat when AIATLAS_REQUIRE_2FA is on
_perm("accounts.require_two_factor", is_secretariat)
# the edition report: who builds it and sees its build state (the back-office staff)
_perm("report.build", is_staff)
