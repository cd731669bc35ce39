"""The fields of the 2-pager: labels, hints, and record values <-> paragraph texts.

Each field is a labelled heading ``Title [title]`` followed by its value: text fields one
paragraph per line, list fields one item per paragraph (items use the qualifiers of the
CSV cells: ``Makerere University (academia)``, ``3.8 (classifier: evidence)``,
``https://example.org (label)``; a literal ``;`` is written ``\\;``).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_noop

from aiatlas.catalog.io.cells import join_list, parse_cell, split_list
from aiatlas.catalog.io.schema import COLUMNS, LIST_COLUMNS

#: (key, label, hint) in document order, grouped by section title; the 2-pager is written
#: and read in English, the web shows the labels translated (``labels.field_label``)
SECTIONS: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "The activity",
        [
            (
                "id",
                gettext_noop("Activity id"),
                "leave empty for a new activity; keep it when updating one",
            ),
            ("title", gettext_noop("Title"), "required; at most 500 characters"),
            (
                "kind",
                gettext_noop("Kind"),
                "Project, Initiative, Focus group, Tool or dataset, Publication or Event series",
            ),
            (
                "description",
                gettext_noop("Description"),
                "what it does, for whom, with what result",
            ),
            (
                "output_type",
                gettext_noop("Type of output"),
                "platform, model, dataset, report, training …",
            ),
            ("status", gettext_noop("Status"), "Planned, Ongoing, Completed or Discontinued"),
            ("start_year", gettext_noop("Start year"), "such as 2023 or December 2023"),
            (
                "end_year",
                gettext_noop("End year"),
                "such as 2026; Open-ended or empty when it has no end",
            ),
            ("domains", gettext_noop("Domains"), "one keyword per line, such as health"),
        ],
    ),
    (
        "Who",
        [
            (
                "lead_organization",
                gettext_noop("Lead organization"),
                "required; its acronym, such as WHO",
            ),
            ("co_leads", gettext_noop("Co-leads"), "one organization per line"),
            (
                "partners",
                gettext_noop("Partners"),
                "one per line with its sector in brackets: "
                "Makerere University (Academia); sectors: UN entity, Government, Academia, "
                "Private sector, Civil society, Intergovernmental, Other",
            ),
        ],
    ),
    (
        "Where",
        [
            ("countries", gettext_noop("Countries"), "country names, one per line, such as Kenya"),
            (
                "regions",
                gettext_noop("Regions"),
                "UN M49 region names, one per line, such as Africa or World",
            ),
        ],
    ),
    (
        "Technology and SDGs",
        [
            (
                "technologies",
                gettext_noop("Technologies"),
                "one per line: Machine learning, Natural language processing, "
                "Large language models / generative AI, Computer vision, Speech, Robotics, "
                "Remote sensing / earth observation, Forecasting and optimisation, "
                "Knowledge graphs, Other",
            ),
            (
                "sdg_goals",
                gettext_noop("SDG goals"),
                "one goal per line, its name or number: 3 – Good health and well-being",
            ),
            ("sdg_targets", gettext_noop("SDG targets"), "one target per line, such as 3.8"),
        ],
    ),
    (
        "Links and contact",
        [
            ("links", gettext_noop("Links"), "one per line: https://example.org (Project page)"),
            ("contact_name", gettext_noop("Contact name"), ""),
            ("contact_email", gettext_noop("Contact e-mail"), ""),
            ("contact_public", gettext_noop("Contact may be shown publicly"), "yes or no"),
        ],
    ),
    (
        "Reporting",
        [("editions", gettext_noop("Editions"), "edition years, one per line, such as 2024")],
    ),
]
FIELDS = [field for _, fields in SECTIONS for field in fields]
LABELS = {key: label for key, label, _ in FIELDS}
_BY_NAME = {
    **{label.casefold(): key for key, label, _ in FIELDS},
    **{key: key for key in COLUMNS},
    **{key.replace("_", " "): key for key in COLUMNS},
}
assert sorted(LABELS) == sorted(COLUMNS), "every column of the file schema, once"

_LABEL = re.compile(r"^\s*([^\[\]]*?)\s*\[([a-z_]+)\](.*)$", re.DOTALL)
_NEWLINES = re.compile(r"\r\n?")


def label_text(key: str) -> str:
    return f"{LABELS[key]} [{key}]"


def match_label(text: str, *, bare: bool = False) -> str | None:
    """The field key a label paragraph (``Title [title] — hint``) names, else None.
    With ``bare`` (table cells, headings) a plain label such as ``Title:`` counts too."""
    match = _LABEL.match(text)
    if match:
        name, key = match.group(1).rstrip(":").strip(), match.group(2)
        if key in LABELS and (not name or name.casefold() == LABELS[key].casefold()):
            return key
        return None
    if bare:
        name = text.strip().rstrip(":*").strip().casefold()
        return _BY_NAME.get(name)
    return None


def _format_tag(tag: dict[str, Any]) -> str:
    source = tag.get("source") or "submitter"
    evidence = tag.get("evidence") or ""
    if evidence:
        return f"{tag['code']} ({source}: {evidence})"
    return f"{tag['code']} ({source})" if source != "submitter" else str(tag["code"])


def _item(key: str, value: Any) -> str:
    if key == "partners":
        text = (
            f"{value['organization']} ({value['sector']})"
            if value.get("sector")
            else str(value["organization"])
        )
    elif key in {"sdg_goals", "sdg_targets"}:
        text = _format_tag(value)
    elif key == "links":
        text = f"{value['url']} ({value['label']})" if value.get("label") else value["url"]
    else:
        text = str(value)
    return join_list([_NEWLINES.sub("\n", text)])


def value_paragraphs(key: str, value: Any) -> list[str]:
    """The paragraphs that hold one field's value ("\\n" inside one is a line break)."""
    if key in LIST_COLUMNS:
        return [_item(key, item) for item in value or []]
    if key == "contact_public":
        return ["yes" if value else "no"]
    text = "" if value is None else _NEWLINES.sub("\n", str(value))
    return text.split("\n")


def parse_value(key: str, paragraphs: list[str]) -> Any:
    """A field's raw value (still to be validated) from its paragraphs."""
    if key in LIST_COLUMNS:
        items: list[Any] = []
        for text in paragraphs:
            if split_list(text):
                items.extend(parse_cell(key, text))
        return items
    while paragraphs and not paragraphs[0].strip():
        paragraphs = paragraphs[1:]
    while paragraphs and not paragraphs[-1].strip():
        paragraphs = paragraphs[:-1]
    return "\n".join(paragraphs)
