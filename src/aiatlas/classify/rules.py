"""Who may curate the classifier's SDG suggestions (django-rules; loaded by
AutodiscoverRulesConfig). classify is below accounts in the app order, so it asks the
roles by name (:func:`aiatlas.common.rules.asks`).

    allowed(user, "classify.curate")
"""

from __future__ import annotations

from rules.permissions import add_perm

from aiatlas.common.rules import asks

# the secretariat (administrators and reviewers) accepts or rejects suggested SDGs
add_perm("classify.curate", asks("accounts.is_secretariat"))  # type: ignore[no-untyped-call]
