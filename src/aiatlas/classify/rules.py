"""Who may curate the classifier's SDG suggestions (django-rules; loaded by
AutodiscoverRulesConfig). classify is below accounts in the app order, so it asks the
roles by name (:func:`aiatlas.common.rules.asks`).

    allowed(user, "classify.curate")
"""

from __future__ import annotations

from aiatlas.common.rules import asks, register

# the secretariat (administrators and reviewers) accepts or rejects suggested SDGs
register("classify.curate", asks("accounts.is_secretariat"))
