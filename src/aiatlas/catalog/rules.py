"""Who may do what with the catalog's editions (django-rules; loaded by
AutodiscoverRulesConfig). The catalog is below accounts in the app order, so it asks the
roles by name (:func:`aiatlas.common.rules.asks`).

    allowed(user, "catalog.publish_edition", edition)
    allowed(user, "catalog.view_embargoed", activity)
"""

from __future__ import annotations

from typing import Any

from rules.predicates import Predicate

from aiatlas.common.rules import asks, register

is_admin = asks("accounts.is_admin")
is_secretariat = asks("accounts.is_secretariat")
is_focal_point_of = asks("accounts.is_focal_point_of")
is_entity_approver_of = asks("accounts.is_entity_approver_of")


def _is_unpublished(user: Any, edition: Any) -> bool:
    """An edition not published yet (or none given: the permission in general)."""
    return edition is None or not getattr(edition, "is_published", False)


is_unpublished = Predicate(_is_unpublished)


# administrators publish an edition, once
register("catalog.publish_edition", is_admin & is_unpublished)
# activities of editions not released yet are seen by the secretariat and by the focal
# points and approvers of the activity's lead organization
register("catalog.view_embargoed", is_secretariat | is_focal_point_of | is_entity_approver_of)
