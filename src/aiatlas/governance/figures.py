"""The public figures of the self-assessments, per edition (or across all), each computed
once here and traceable: every row lists the activities it counts (``records``).

Only what the public may see enters them: the latest signed-off assessment of each public
activity, and of it only the answers and action items the entity published. A principle
is *covered* by an assessment that published at least one answer of its section; its risk
is computed from the published answers alone (the questionnaire's rule)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.utils.translation import gettext as _

from aiatlas.common.figures import Figure, Row
from aiatlas.governance import queries
from aiatlas.governance.reference import reference


def _views(edition: int | None) -> list[tuple[str, dict[str, Any]]]:
    return [
        (a.activity.public_id, queries.public_view(a))
        for a in queries.signed_off(edition=edition)
        if a.activity is not None  # always: signed_off counts activities
    ]


def _per_principle(principles: Any, records: dict[str, list[str]]) -> list[Row]:
    """A row a principle, in their order, counting its ``records``."""
    return [Row.counting(p.code, f"{p.number}. {p.name}", records[p.code]) for p in principles]


def all_figures(edition: int | None = None) -> list[Figure]:
    views = _views(edition)
    rows = queries.assessed_activities(edition=edition, assessed="")
    assessed = tuple(sorted(a.public_id for a, done in rows if done))
    not_assessed = tuple(sorted(a.public_id for a, done in rows if not done))
    coverage: dict[str, list[str]] = defaultdict(list)
    elevated: dict[str, list[str]] = defaultdict(list)
    for public_id, view in views:
        for section, shown in view["sections"]:
            if shown:
                coverage[section.principle].append(public_id)
        for risk in view["risks"]:
            if risk.level in {"medium", "high"}:
                elevated[risk.principle].append(public_id)
    principles = reference().principles
    measures: Counter[str] = Counter()
    measure_records: dict[str, set[str]] = defaultdict(set)
    shown_as: dict[str, str] = {}
    for public_id, view in views:
        for item in view["actions"]:
            key = " ".join(item.measure.lower().split())
            measures[key] += 1
            measure_records[key].add(public_id)
            shown_as.setdefault(key, item.measure.strip())
    return [
        Figure(
            "assessed",
            _("Activities assessed against the principles"),
            _("activities"),
            [
                Row("assessed", _("Assessed and signed off"), len(assessed), assessed),
                Row("not_assessed", _("Not assessed"), len(not_assessed), not_assessed),
            ],
        ),
        Figure(
            "coverage-by-principle",
            _("Assessments publishing answers, by principle"),
            _("assessments"),
            _per_principle(principles, coverage),
        ),
        Figure(
            "risk-by-principle",
            _("Medium or high risk, by principle (published answers)"),
            _("assessments"),
            _per_principle(principles, elevated),
        ),
        Figure(
            "mitigations",
            _("Most common mitigations (published action items)"),
            _("action items"),
            [
                Row(key, shown_as[key], n, tuple(sorted(measure_records[key])))
                for key, n in sorted(measures.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
            ],
        ),
    ]


def figure(figure_id: str, edition: int | None = None) -> Figure | None:
    return next((f for f in all_figures(edition) if f.id == figure_id), None)
