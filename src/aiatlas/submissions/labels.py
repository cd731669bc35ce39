"""Names for the codes a record holds, for every page that shows one: countries by name
(not ISO alpha-3) and regions by name (not M49) in the reader's language (CLDR),
technologies, kinds, statuses and partner sectors by their labels, field keys by their
2-pager labels, states by their names.

One :class:`Names` reads the reference tables once (three small queries) and is passed to
whatever formats a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from aiatlas.catalog.choices import TECHNOLOGIES, ActivityKind, ActivityStatus, OrganizationKind
from aiatlas.catalog.fields import BY_NAME
from aiatlas.submissions.models import Action, State


@dataclass
class Names:
    countries: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    technologies: dict[str, str] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Names:
        from django.utils.translation import get_language

        from aiatlas.catalog import names
        from aiatlas.catalog.models import Country, Region, Technology
        from aiatlas.taxonomy.models import Goal

        # technologies of the shipped list by their translated label, others as stored
        technologies = dict(Technology.objects.values_list("key", "label"))
        technologies.update({key: names.technology_name(key) for key, _label in TECHNOLOGIES})
        language = get_language()
        return cls(
            countries={
                code: names.country_name(code, english=name)
                for code, name in Country.objects.values_list("alpha3", "name")
            },
            regions={
                code: names.region_name(code, english=name)
                for code, name in Region.objects.values_list("code", "name")
            },
            technologies=technologies,
            goals={str(g.number): g.short_title(language) for g in Goal.objects.all()},
        )


_SECTORS = dict(OrganizationKind.choices)
_KINDS = dict(ActivityKind.choices)
_STATUSES = dict(ActivityStatus.choices)
_STATES = dict(State.choices)
_ACTIONS = dict(Action.choices)


def field_label(key: str) -> str:
    """The label of a record field (``countries`` -> ``Countries``); ``state`` is the
    submission's status and an empty key the activity as a whole."""
    if key == "state":
        return _("Status of the submission")
    if not key:
        return _("The activity")
    known = BY_NAME.get(key)
    return str(known.verbose_name) if known else key.replace("_", " ").capitalize()


def state_label(code: Any) -> str:
    return str(_STATES.get(code, code or "—"))


def sector_label(code: Any) -> str:
    return str(_SECTORS.get(code, code or ""))


def _tag(value: Any, names: Names, *, goal: bool) -> str:
    if not isinstance(value, dict):
        return str(value)
    code = str(value.get("code", ""))
    text = f"{code} {names.goals[code]}" if goal and code in names.goals else code
    source = value.get("source")
    return f"{text} ({source})" if source and source != "submitter" else text


def _item(key: str, value: Any, names: Names) -> str:
    if key == "countries":
        return names.countries.get(str(value).upper(), str(value))
    if key == "regions":
        code = str(value).zfill(3) if str(value).isdigit() else str(value)
        return names.regions.get(code, str(value))
    if key == "technologies":
        return str(names.technologies.get(str(value), value))
    if key == "partners" and isinstance(value, dict):
        sector = sector_label(value.get("sector"))
        name = str(value.get("organization", ""))
        return f"{name} ({sector})" if sector else name
    if key == "links" and isinstance(value, dict):
        label = value.get("label")
        return f"{value.get('url', '')} ({label})" if label else str(value.get("url", ""))
    if key in {"sdg_goals", "sdg_targets"}:
        return _tag(value, names, goal=key == "sdg_goals")
    return str(value)


def field_text(key: str, value: Any, names: Names) -> str:
    """A field's value as a person reads it: names instead of codes, one item per line."""
    if value is None or value == "" or value == []:
        return ""
    if key == "state":
        return state_label(value)
    if key == "action":
        return str(_ACTIONS.get(value, value))
    if key == "kind":
        return str(_KINDS.get(value, value))
    if key == "status":
        return str(_STATUSES.get(value, value))
    if key == "contact_public":
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "\n".join(_item(key, item, names) for item in value)
    return str(value)


def record_rows(record: dict[str, Any], names: Names, keys: list[str]) -> list[tuple[str, str]]:
    """(label, text) per field of ``keys``."""
    rows = []
    for key in keys:
        try:
            text = field_text(key, record.get(key), names)
        except (KeyError, TypeError, AttributeError):  # a value as read from a broken file
            text = str(record.get(key))
        rows.append((field_label(key), text))
    return rows


def problem_rows(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(field label, message) for a problem list of (field key, message)."""
    return [(field_label(key), message) for key, message in problems]
