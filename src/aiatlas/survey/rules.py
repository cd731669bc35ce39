"""Who may do what with surveys (django-rules; loaded by AutodiscoverRulesConfig).

allowed(user, "survey.manage")
allowed(user, "survey.view_results", survey)
"""

from __future__ import annotations

from typing import Any

from rules.predicates import Predicate

from aiatlas.accounts.rules import is_admin
from aiatlas.common.rules import register


def _has_public_results(user: Any, survey: Any) -> bool:
    return bool(getattr(survey, "results_public", False))


has_public_results = Predicate(_has_public_results)


# administrators upload questionnaires, invite respondents, send reminders, read responses
register("survey.manage", is_admin)
# results are public once the survey says so; until then administrators only
register("survey.view_results", has_public_results | is_admin)
