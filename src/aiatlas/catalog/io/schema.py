"""The one column schema of activity files (docs/data-format.md describes it for people)."""

from __future__ import annotations

from aiatlas.common.l10n import SHORT_CODES, UN_LANGUAGES

#: the fields of an activity that may carry translations
TRANSLATED_FIELDS = ("title", "description")
#: the language codes a record's ``language`` may hold: the six UN languages, or "other"
CONTENT_LANGUAGES = (*UN_LANGUAGES, "other")
#: (column, field, language) of each translation column: ``title_fr`` holds the French
#: title of an activity whose text is written in another language
TRANSLATION_COLUMNS: list[tuple[str, str, str]] = [
    (f"{field}_{SHORT_CODES[lang]}", field, lang)
    for field in TRANSLATED_FIELDS
    for lang in UN_LANGUAGES
]

#: every column, in file order
COLUMNS: list[str] = [
    "id",
    "kind",
    "title",
    "description",
    "output_type",
    "status",
    "start_year",
    "end_year",
    "domains",
    "lead_organization",
    "co_leads",
    "partners",
    "countries",
    "regions",
    "technologies",
    "sdg_goals",
    "sdg_targets",
    "links",
    "contact_name",
    "contact_email",
    "contact_public",
    "editions",
    "language",  # the language the title and description are written in
    *(column for column, _field, _lang in TRANSLATION_COLUMNS),
]
REQUIRED_COLUMNS = ("title", "lead_organization")
#: output-only columns of CSV/XLSX exports: the English names of a coded column's values,
#: written right after it; import ignores them (the code column is the truth)
LABEL_COLUMNS: dict[str, str] = {
    "kind": "kind_name",
    "status": "status_name",
    "partners": "partners_names",
    "countries": "countries_names",
    "regions": "regions_names",
    "technologies": "technologies_names",
    "sdg_goals": "sdg_goals_names",
}
LABEL_COLUMN_NAMES = frozenset(LABEL_COLUMNS.values())
#: the header of a CSV/XLSX export: every column, each coded one followed by its label
EXPORT_COLUMNS: list[str] = [
    name for column in COLUMNS for name in (column, LABEL_COLUMNS.get(column)) if name
]
#: columns whose cell holds a ";"-separated list
LIST_COLUMNS = frozenset(
    {
        "domains",
        "co_leads",
        "partners",
        "countries",
        "regions",
        "technologies",
        "sdg_goals",
        "sdg_targets",
        "links",
        "editions",
    }
)
INTEGER_COLUMNS = frozenset({"start_year", "end_year"})

#: the example row of the templates (illustrative)
EXAMPLE_ROW: dict[str, object] = {
    "id": "",
    "kind": "project",
    "title": "AI-assisted early warning for flash floods",
    "description": "Forecasts flash floods from rainfall radar and river gauges and sends "
    "alerts to district disaster offices by SMS.",
    "output_type": "Platform",
    "status": "ongoing",
    "start_year": 2023,
    "end_year": None,
    "domains": ["disaster risk reduction", "climate"],
    "lead_organization": "WMO",
    "co_leads": ["UNDRR"],
    "partners": [
        {"organization": "Ministry of Water and Environment of Uganda", "sector": "government"},
        {"organization": "Makerere University", "sector": "academia"},
    ],
    "countries": ["UGA"],
    "regions": ["002"],
    "technologies": ["machine_learning", "forecasting_optimisation"],
    "sdg_goals": [
        {"code": "11", "source": "submitter", "evidence": ""},
        {"code": "13", "source": "submitter", "evidence": ""},
    ],
    "sdg_targets": [
        {"code": "11.5", "source": "submitter", "evidence": ""},
        {"code": "13.1", "source": "submitter", "evidence": ""},
    ],
    "links": [{"url": "https://example.org/flash-floods", "label": "Project page"}],
    "contact_name": "",
    "contact_email": "",
    "contact_public": False,
    "editions": [2024],
    "language": "en",
    **{column: "" for column, _field, _lang in TRANSLATION_COLUMNS},
    "title_fr": "Alerte précoce aux crues éclair assistée par l'IA",
}


def suggest_column(name: str) -> str | None:
    """The known column closest to a misspelt one, if any is close."""
    import difflib

    matches = difflib.get_close_matches(name, EXPORT_COLUMNS, n=1, cutoff=0.75)
    return matches[0] if matches else None
