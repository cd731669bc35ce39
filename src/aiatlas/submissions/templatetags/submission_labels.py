"""Template filters that show a record's field keys and states by their names:
``{% load submission_labels %}{{ problem.field|field_label }}``."""

from __future__ import annotations

from django import template

from aiatlas.submissions.labels import field_label as _field_label
from aiatlas.submissions.labels import state_label as _state_label

register = template.Library()


@register.filter
def field_label(key: object) -> str:
    return _field_label(str(key or ""))


@register.filter
def state_label(code: object) -> str:
    return _state_label(code)
