"""The one declaration of the activity record's fields.

Everything that lists the fields of an activity derives that list from :data:`FIELDS`:
the columns of import and export files (``catalog.io.schema``), the length limits of the
validator (``catalog.io.validation``), the columns the database writer stores on the
activity row and the record the catalog reads back (``catalog.services.storage``,
``catalog.queries``), the headings of the 2-pager (``submissions.docx_fields``), the
submissions API's draft record (``submissions.schemas``) and the draft form
(``submissions.forms``). ``tests/catalog/test_fields.py`` checks that each of them holds
exactly these fields. docs/data-format.md describes the record for people.

Plain data: no database, no Django app needed. Labels and help texts are written in
English and marked for translation; :attr:`Field.verbose_name` and :attr:`Field.help`
translate them (the 2-pager uses the English ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as _

from aiatlas.common.l10n import SHORT_CODES, UN_LANGUAGES

#: what one value is (for a list field: what each item is)
Type = Literal[
    "id",  # the public id, A000123
    "text",
    "email",
    "choice",  # one key of a controlled list (``vocabulary``)
    "year",
    "boolean",
    "organization",  # an organization by acronym, else full name
    "partner",  # {"organization", "sector"}
    "code",  # a code of a reference table (``vocabulary``)
    "tag",  # an SDG tag {"code", "source", "evidence"} of ``vocabulary``
    "link",  # {"url", "label"}
]
#: the sections of the 2-pager and of the form, in order (English: the 2-pager is)
SECTIONS: list[tuple[str, str]] = [
    ("activity", "The activity"),
    ("who", "Who"),
    ("where", "Where"),
    ("topics", "Technology and SDGs"),
    ("contact", "Links and contact"),
    ("reporting", "Reporting"),
    ("language", "Language and translations"),
]


@dataclass(frozen=True)
class Field:
    #: the key in records, the column in files
    name: str
    #: in English (the 2-pager's heading); ``verbose_name`` is the translated one
    label: str
    type: Type
    section: str
    #: a list of values (a ";"-separated cell in CSV/XLSX)
    multi: bool = False
    #: the reference list or choices its values come from: kind, status, organization,
    #: country, region, technology, goal, target, edition
    vocabulary: str = ""
    required: bool = False
    #: most characters of the value (of each item for a list of text)
    max_length: int | None = None
    #: what it means, on forms
    help_text: str = ""
    #: how to write it by hand, in the 2-pager template (English)
    hint: str = ""
    #: the output-only column of CSV/XLSX exports with the English names of its codes
    label_column: str = ""
    #: the column of the activity's row that stores it; empty: a table of its own
    column: str = ""
    #: free text kept exactly as written (whitespace included); other text is trimmed
    exact: bool = False
    #: its value in the example row of the templates (illustrative)
    example: Any = None

    @property
    def verbose_name(self) -> Promise:
        """The label in the active language."""
        return gettext_lazy(self.label)

    @property
    def help(self) -> Promise | str:
        """The help text in the active language."""
        return gettext_lazy(self.help_text) if self.help_text else ""

    @property
    def export_columns(self) -> tuple[str, ...]:
        """Its columns in a CSV/XLSX export: itself, then its label column if any."""
        return (self.name, self.label_column) if self.label_column else (self.name,)


FIELDS: list[Field] = [
    Field(
        "id",
        _("Activity id"),
        "id",
        "activity",
        max_length=64,
        hint="leave empty for a new activity; keep it when updating one",
        column="public_id",
        example="",
    ),
    Field(
        "kind",
        _("Kind"),
        "choice",
        "activity",
        vocabulary="kind",
        hint="Project, Initiative, Focus group, Tool or dataset, Publication or Event series",
        label_column="kind_name",
        column="kind",
        example="project",
    ),
    Field(
        "title",
        _("Title"),
        "text",
        "activity",
        required=True,
        max_length=500,
        hint="required; at most 500 characters",
        column="title",
        exact=True,
        example="AI-assisted early warning for flash floods",
    ),
    Field(
        "description",
        _("Description"),
        "text",
        "activity",
        max_length=100_000,
        hint="what it does, for whom, with what result",
        column="description",
        exact=True,
        example="Forecasts flash floods from rainfall radar and river gauges and sends "
        "alerts to district disaster offices by SMS.",
    ),
    Field(
        "output_type",
        _("Type of output"),
        "text",
        "activity",
        max_length=200,
        hint="platform, model, dataset, report, training …",
        column="output_type",
        exact=True,
        example="Platform",
    ),
    Field(
        "status",
        _("Status"),
        "choice",
        "activity",
        vocabulary="status",
        hint="Planned, Ongoing, Completed or Discontinued",
        label_column="status_name",
        column="status",
        example="ongoing",
    ),
    Field(
        "start_year",
        _("Start year"),
        "year",
        "activity",
        hint="such as 2023 or December 2023",
        column="start_year",
        example=2023,
    ),
    Field(
        "end_year",
        _("End year"),
        "year",
        "activity",
        hint="such as 2026; Open-ended or empty when it has no end",
        column="end_year",
        example=None,
    ),
    Field(
        "domains",
        _("Domains"),
        "text",
        "activity",
        multi=True,
        max_length=100,
        help_text=_("One keyword per line, such as health"),
        hint="one keyword per line, such as health",
        column="domains",
        example=["disaster risk reduction", "climate"],
    ),
    Field(
        "lead_organization",
        _("Lead organization"),
        "organization",
        "who",
        vocabulary="organization",
        required=True,
        hint="required; its acronym, such as WHO",
        column="lead_organization_id",
        example="WMO",
    ),
    Field(
        "co_leads",
        _("Co-leads"),
        "organization",
        "who",
        multi=True,
        vocabulary="organization",
        help_text=_("Other organizations that lead the activity"),
        hint="one organization per line",
        example=["UNDRR"],
    ),
    Field(
        "partners",
        _("Partners"),
        "partner",
        "who",
        multi=True,
        vocabulary="organization",
        help_text=_("Organizations that work with you on it"),
        hint="one per line with its sector in brackets: "
        "Makerere University (Academia); sectors: UN entity, Government, Academia, "
        "Private sector, Civil society, Intergovernmental, Other",
        label_column="partners_names",
        example=[
            {"organization": "Ministry of Water and Environment of Uganda", "sector": "government"},
            {"organization": "Makerere University", "sector": "academia"},
        ],
    ),
    Field(
        "countries",
        _("Countries"),
        "code",
        "where",
        multi=True,
        vocabulary="country",
        help_text=_("Where the activity takes place"),
        hint="country names, one per line, such as Kenya",
        label_column="countries_names",
        example=["UGA"],
    ),
    Field(
        "regions",
        _("Regions"),
        "code",
        "where",
        multi=True,
        vocabulary="region",
        help_text=_("Whole regions the activity covers"),
        hint="UN M49 region names, one per line, such as Africa or World",
        label_column="regions_names",
        example=["002"],
    ),
    Field(
        "technologies",
        _("Technologies"),
        "code",
        "topics",
        multi=True,
        vocabulary="technology",
        hint="one per line: Machine learning, Natural language processing, "
        "Large language models / generative AI, Computer vision, Speech, Robotics, "
        "Remote sensing / earth observation, Forecasting and optimisation, "
        "Knowledge graphs, Other",
        label_column="technologies_names",
        example=["machine_learning", "forecasting_optimisation"],
    ),
    Field(
        "sdg_goals",
        _("SDG goals"),
        "tag",
        "topics",
        multi=True,
        vocabulary="goal",
        help_text=_("The Sustainable Development Goals the activity addresses"),
        hint="one goal per line, its name or number: 3 – Good health and well-being",
        label_column="sdg_goals_names",
        example=[
            {"code": "11", "source": "submitter", "evidence": ""},
            {"code": "13", "source": "submitter", "evidence": ""},
        ],
    ),
    Field(
        "sdg_targets",
        _("SDG targets"),
        "tag",
        "topics",
        multi=True,
        vocabulary="target",
        help_text=_("One target per line, such as 3.8"),
        hint="one target per line, such as 3.8",
        example=[
            {"code": "11.5", "source": "submitter", "evidence": ""},
            {"code": "13.1", "source": "submitter", "evidence": ""},
        ],
    ),
    Field(
        "links",
        _("Links"),
        "link",
        "contact",
        multi=True,
        help_text=_("One per line: https://example.org (Project page)"),
        hint="one per line: https://example.org (Project page)",
        example=[{"url": "https://example.org/flash-floods", "label": "Project page"}],
    ),
    Field(
        "contact_name",
        _("Contact name"),
        "text",
        "contact",
        max_length=200,
        column="contact_name",
        exact=True,
        example="",
    ),
    Field(
        "contact_email",
        _("Contact e-mail"),
        "email",
        "contact",
        max_length=254,
        column="contact_email",
        example="",
    ),
    Field(
        "contact_public",
        _("Contact may be shown publicly"),
        "boolean",
        "contact",
        hint="yes or no",
        column="contact_public",
        example=False,
    ),
    Field(
        "editions",
        _("Editions"),
        "year",
        "reporting",
        multi=True,
        vocabulary="edition",
        hint="edition years, one per line, such as 2024",
        example=[2024],
    ),
]
#: the fields of an activity that may carry translations
TRANSLATED_FIELDS = ("title", "description")
#: the language codes a record's ``language`` may hold: the six UN languages, or "other"
CONTENT_LANGUAGES = (*UN_LANGUAGES, "other")
#: (column, field, language) of each translation column: ``title_fr`` holds the French
#: title of an activity whose text is written in another language
TRANSLATION_COLUMNS: list[tuple[str, str, str]] = [
    (f"{name}_{SHORT_CODES[lang]}", name, lang)
    for name in TRANSLATED_FIELDS
    for lang in UN_LANGUAGES
]
#: English labels of the translation columns (the 2-pager's; translated on forms)
_TRANSLATION_LABELS = {
    "title_en": _("Title in English"),
    "title_fr": _("Title in French"),
    "title_es": _("Title in Spanish"),
    "title_ar": _("Title in Arabic"),
    "title_ru": _("Title in Russian"),
    "title_zh": _("Title in Simplified Chinese"),
    "description_en": _("Description in English"),
    "description_fr": _("Description in French"),
    "description_es": _("Description in Spanish"),
    "description_ar": _("Description in Arabic"),
    "description_ru": _("Description in Russian"),
    "description_zh": _("Description in Simplified Chinese"),
}
FIELDS += [
    Field(
        "language",
        _("Language of the title and description"),
        "choice",
        "language",
        vocabulary="content_language",
        help_text=_("The language the title and description are written in."),
        hint="the language the title and description are written in: "
        "en, fr, es, ar, ru, zh-hans or other",
        column="language",
        example="en",
    ),
    *(
        Field(
            column,
            _TRANSLATION_LABELS[column],
            "text",
            "language",
            max_length=500 if name == "title" else 100_000,
            hint="optional",
            exact=name == "description",
            # stored with the others in the activity's ``translations``
            example="Alerte précoce aux crues éclair assistée par l'IA"
            if column == "title_fr"
            else "",
        )
        for column, name, _lang in TRANSLATION_COLUMNS
    ),
]
assert set(_TRANSLATION_LABELS) == {c for c, _n, _l in TRANSLATION_COLUMNS}
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
assert len(BY_NAME) == len(FIELDS), "each field once"
assert {f.section for f in FIELDS} == {key for key, _title in SECTIONS}

#: most characters of the parts of list items (an organization's name, a link's URL …)
PART_MAX_LENGTH: dict[str, int] = {
    "organization": 300,
    "evidence": 2_000,
    "url": 2_000,
    "label": 300,
}
#: the most items a list field holds
MAX_ITEMS = 200

#: fields stored as they are in the activity row's column of the same name (the id and the
#: lead organization are stored as ``public_id`` and a foreign key, the lists in tables of
#: their own)
ROW_FIELDS: list[str] = [f.name for f in FIELDS if f.column == f.name]


def field(name: str) -> Field:
    return BY_NAME[name]


def in_sections(names: list[str] | None = None) -> list[tuple[str, list[Field]]]:
    """(section title, its fields) in document order, for the 2-pager and the form;
    ``names`` keeps only those fields."""
    wanted = set(names) if names is not None else set(BY_NAME)
    grouped = [
        (title, [f for f in FIELDS if f.section == key and f.name in wanted])
        for key, title in SECTIONS
    ]
    return [(title, fields) for title, fields in grouped if fields]
