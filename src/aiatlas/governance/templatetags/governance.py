"""``{% governance_for_submission sub as info %}``: what the submission pages show about
the self-assessment beside the 2-pager (the call's setting, the activity's last
assessment), without the submissions app importing this one."""

from __future__ import annotations

from typing import Any

from django import template

from aiatlas.governance import queries

register = template.Library()


@register.simple_tag
def governance_for_submission(sub: Any) -> dict[str, Any]:
    setting = queries.call_setting(sub.call_id)
    activity = getattr(sub, "activity", None)
    last = queries.latest(activity) if activity is not None else None
    return {
        "setting": setting,
        "asked": setting in {"optional", "required"},
        "public_id": activity.public_id if activity is not None else "",
        "state": last.get_state_display() if last else "",
    }


@register.filter
def stage_name(code: str) -> str:
    """A lifecycle stage's name in the active language (its code when unknown)."""
    from aiatlas.governance.reference import reference

    return reference().names("lifecycle_stages").get(code, code)
