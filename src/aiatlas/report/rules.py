"""Who may do what with the edition report (django-rules; loaded by
AutodiscoverRulesConfig). The report is below accounts in the app order, so it asks the
roles by name (:func:`aiatlas.common.rules.asks`).

    allowed(user, "report.build")
"""

from __future__ import annotations

from rules.permissions import add_perm
from rules.predicates import Predicate

from aiatlas.common.rules import asks

is_admin = asks("accounts.is_admin")


def _perm(name: str, predicate: Predicate) -> None:
    add_perm(name, predicate)  # type: ignore[no-untyped-call]


# the back office builds the PDF and follows its builds (the Build button, the build page)
_perm("report.build", is_admin)
_perm("report.view_builds", is_admin)
# the open-data package of an edition whose release time has not come yet
_perm("report.download_before_release", is_admin)
