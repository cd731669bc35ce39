"""The English names of the codes an activity record holds, for the label columns of
CSV/XLSX exports. Plain data: :func:`aiatlas.catalog.queries.code_labels` fills it from
the reference tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiatlas.catalog.io.cells import join_list, neutralise
from aiatlas.catalog.io.schema import LABEL_COLUMNS


@dataclass(frozen=True)
class CodeLabels:
    """code -> English name, per vocabulary; a code without a name shows as itself."""

    kinds: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    technologies: dict[str, str] = field(default_factory=dict)
    goals: dict[str, str] = field(default_factory=dict)

    def cell(self, column: str, value: Any) -> str:
        """The label cell written after ``column``, neutralised like every other cell."""
        if column in ("kind", "status"):
            names = self.kinds if column == "kind" else self.statuses
            return neutralise(names.get(value, value) if value else "")
        if column == "partners":
            items = []
            for partner in value or []:
                sector = partner.get("sector")
                name = str(partner["organization"])
                items.append(f"{name} ({self.sectors.get(sector, sector)})" if sector else name)
            return neutralise(join_list(items))
        if column == "sdg_goals":
            codes = list(dict.fromkeys(str(t["code"]) for t in value or []))
            return neutralise(join_list([self.goals.get(c, c) for c in codes]))
        names = {
            "countries": self.countries,
            "regions": self.regions,
            "technologies": self.technologies,
        }[column]
        return neutralise(join_list([names.get(str(v), str(v)) for v in value or []]))


def labelled_cells(
    record: dict[str, Any], cells: list[str | int | None], labels: CodeLabels
) -> list[str | int | None]:
    """``cells`` (one per column of the schema) with each label cell after its code cell."""
    from aiatlas.catalog.io.schema import COLUMNS

    out: list[str | int | None] = []
    for column, value in zip(COLUMNS, cells, strict=True):
        out.append(value)
        if column in LABEL_COLUMNS:
            out.append(labels.cell(column, record.get(column)))
    return out
