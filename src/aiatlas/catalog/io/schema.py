"""The columns of activity files, derived from the one field declaration
(:mod:`aiatlas.catalog.fields`; docs/data-format.md describes them for people)."""

from __future__ import annotations

from aiatlas.catalog.fields import (  # noqa: F401 (the file schema's names)
    CONTENT_LANGUAGES,
    FIELDS,
    TRANSLATED_FIELDS,
    TRANSLATION_COLUMNS,
)

#: every column, in file order
COLUMNS: list[str] = [f.name for f in FIELDS]
REQUIRED_COLUMNS = tuple(f.name for f in FIELDS if f.required)
#: output-only columns of CSV/XLSX exports: the English names of a coded column's values,
#: written right after it; import ignores them (the code column is the truth)
LABEL_COLUMNS: dict[str, str] = {f.name: f.label_column for f in FIELDS if f.label_column}
LABEL_COLUMN_NAMES = frozenset(LABEL_COLUMNS.values())
#: the header of a CSV/XLSX export: every column, each coded one followed by its label
EXPORT_COLUMNS: list[str] = [name for f in FIELDS for name in f.export_columns]
#: columns whose cell holds a ";"-separated list
LIST_COLUMNS = frozenset(f.name for f in FIELDS if f.multi)
INTEGER_COLUMNS = frozenset(f.name for f in FIELDS if f.type == "year" and not f.multi)

#: the example row of the templates (illustrative)
EXAMPLE_ROW: dict[str, object] = {f.name: f.example for f in FIELDS}


def suggest_column(name: str) -> str | None:
    """The known column closest to a misspelt one, if any is close."""
    import difflib

    matches = difflib.get_close_matches(name, EXPORT_COLUMNS, n=1, cutoff=0.75)
    return matches[0] if matches else None
