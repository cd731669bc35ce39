"""``{% governance_for_submission sub as info %}``: what the submission pages show about
the self-assessment beside the 2-pager (the call's setting, the draft's assessment with
its answers and risk per principle for those who may read it, the sign-off for the
secretariat), without the submissions app importing this one."""

from __future__ import annotations

from typing import Any

from django import template

from aiatlas.common.rules import allowed
from aiatlas.governance import queries
from aiatlas.governance.pages import submission_panel
from aiatlas.governance.reference import reference

register = template.Library()


@register.simple_tag(takes_context=True)
def governance_for_submission(context: Any, sub: Any) -> dict[str, Any]:
    setting = queries.call_setting(sub.call_id)
    user = getattr(context.get("request"), "user", None)
    found = queries.for_submission(sub)
    activity = getattr(sub, "activity", None)
    insider = bool(user is not None and user.is_authenticated and found is not None
                   and allowed(user, "governance.view_private", found))  # fmt: skip
    info: dict[str, Any] = {
        "setting": setting,
        "asked": setting in {"optional", "required"},
        "public_id": activity.public_id if activity is not None else "",
        "state": found.get_state_display() if found else "",
        "assessment": found if insider else None,
        "stages": reference().lifecycle_stages,
        "may_start": bool(
            setting in {"optional", "required"}
            and user is not None
            and user.is_authenticated
            and sub.is_editable
            and allowed(user, "governance.start", sub)
            and (found is None or found.state == "signed_off")
        ),
    }
    if insider and found is not None:
        info.update(submission_panel(user, found))
    return info


@register.filter
def stage_name(code: str) -> str:
    """A lifecycle stage's name in the active language (its code when unknown)."""
    from aiatlas.governance.reference import reference

    return reference().names("lifecycle_stages").get(code, code)
