"""The activity's fields are declared once (``catalog/fields.py``): every surface that
lists them holds exactly those fields, with the declared labels and limits."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from aiatlas.catalog.fields import BY_NAME, FIELDS, ROW_FIELDS, in_sections
from aiatlas.catalog.io import schema
from aiatlas.catalog.io.validation import MAX_LENGTH
from tests.conftest import make_record

NAMES = [f.name for f in FIELDS]
#: the fields a focal point edits: the submission fixes the id, the lead and the editions
EDITABLE = [n for n in NAMES if n not in {"id", "lead_organization", "editions"}]
SRC = Path(__file__).resolve().parents[2] / "src" / "aiatlas"


def test_file_columns_are_the_fields_in_order():
    assert schema.COLUMNS == NAMES
    assert [c for c in schema.EXPORT_COLUMNS if c not in schema.LABEL_COLUMN_NAMES] == NAMES
    assert set(schema.LIST_COLUMNS) == {f.name for f in FIELDS if f.multi}
    assert schema.REQUIRED_COLUMNS == ("title", "lead_organization")
    assert list(schema.EXAMPLE_ROW) == NAMES


def test_validator_limits_are_the_declared_ones():
    declared = {f.name: f.max_length for f in FIELDS if f.type in {"text", "email"}}
    assert {k: MAX_LENGTH[k] for k in declared} == declared
    assert MAX_LENGTH["title"] == BY_NAME["title"].max_length == 500


def test_the_row_writer_stores_the_row_fields_on_the_activity():
    from aiatlas.catalog.models import Activity
    from aiatlas.catalog.services.storage import ACTIVITY_FIELDS

    assert [*ROW_FIELDS, "translations"] == ACTIVITY_FIELDS  # the title_fr … columns, together
    columns = {f.name for f in Activity._meta.concrete_fields}
    assert set(ROW_FIELDS) <= columns
    assert {BY_NAME["id"].column, "lead_organization"} <= columns
    # every other field lives in a table of its own: a relation of the activity
    from aiatlas.catalog.fields import TRANSLATION_COLUMNS

    translations = {column for column, _field, _lang in TRANSLATION_COLUMNS}
    relations = {f.name for f in FIELDS if not f.column} - translations
    assert relations == {
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


@pytest.mark.django_db
def test_the_record_read_back_has_every_field_in_order():
    from aiatlas.catalog.queries import activity_record
    from aiatlas.catalog.services.activities import save_activity

    saved = save_activity(record=make_record(co_leads=["UNDP"], contact_public=True))
    record = activity_record(saved["id"])
    assert record is not None
    assert list(record) == NAMES
    assert record["co_leads"] == ["UNDP"] and record["contact_public"] is True


def test_the_2pager_has_every_field_once_with_its_label():
    from aiatlas.submissions.docx_fields import LABELS, SECTIONS

    keys = [key for _title, fields in SECTIONS for key, _label, _hint in fields]
    assert sorted(keys) == sorted(NAMES) and len(keys) == len(set(keys))
    assert {f.name: f.label for f in FIELDS} == LABELS
    assert [title for title, _ in SECTIONS] == [title for title, _ in in_sections()]


def test_the_draft_api_schema_is_the_editable_fields_with_their_limits():
    from aiatlas.submissions.records import EDITABLE_FIELDS
    from aiatlas.submissions.schemas import DraftRecord

    assert EDITABLE_FIELDS == EDITABLE
    assert list(DraftRecord.model_fields) == EDITABLE
    properties = DraftRecord.model_json_schema()["properties"]
    for name in EDITABLE:
        spec = BY_NAME[name]
        if spec.type in {"text", "email"} and not spec.multi:
            (text,) = [t for t in properties[name]["anyOf"] if t.get("type") == "string"]
            assert text["maxLength"] == spec.max_length, name


def test_the_draft_form_asks_every_editable_field_with_its_label():
    from aiatlas.submissions.forms import DraftForm

    form_fields = DraftForm.base_fields
    assert [n for n in form_fields if n not in {"version", "other_partners"}] == EDITABLE
    for name in EDITABLE:
        spec = BY_NAME[name]
        assert str(form_fields[name].label) == spec.label, name
        if spec.type in {"text", "email"} and not spec.multi:
            assert form_fields[name].max_length == spec.max_length, name  # type: ignore[attr-defined]


def test_open_data_describes_every_field():
    from aiatlas.report.opendata import _activity_fields

    described = _activity_fields()
    assert [f["name"] for f in described] == NAMES
    required = {f["name"] for f in described if f.get("constraints", {}).get("required")}
    assert required == {"id", "title", "lead_organization"}


def test_the_2pager_synonyms_name_only_fields():
    from aiatlas.submissions.twopager.labels import SYNONYMS

    # keys starting with "_" are the reader's own (a period that gives both years)
    assert {key for key in SYNONYMS if not key.startswith("_")} <= set(NAMES)


def test_no_other_module_lists_the_fields():
    """A list, tuple or set of five or more field names outside catalog/fields.py is a
    second copy of the field list: derive it from ``FIELDS`` instead."""
    names = set(NAMES)
    copies = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path == SRC / "catalog" / "fields.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.List | ast.Tuple | ast.Set):
                listed = [
                    e.value
                    for e in node.elts
                    if isinstance(e, ast.Constant) and isinstance(e.value, str)
                ]
                if len(names.intersection(listed)) >= 5:
                    copies.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not copies, f"field lists outside catalog/fields.py: {copies}"
