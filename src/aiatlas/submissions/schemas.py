"""The typed shapes of the submissions API: the activity record a draft holds (the JSON
Lines record of docs/data-format.md without ``id``, ``lead_organization`` and
``editions``) and the bodies of each operation.

The limits (lengths, item counts, keys) are the catalog validator's own constants
(``catalog.io.validation``), so one set of rules serves files, forms and the API: this
schema refuses wrong types and shapes with a 422 before anything runs, and the service
then checks the codes against the database (SDG goals and targets, countries, regions,
technologies) through ``validate_record``."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, create_model

from aiatlas.catalog.choices import ActivityKind, ActivityStatus, ContentLanguage, OrganizationKind
from aiatlas.catalog.fields import BY_NAME
from aiatlas.catalog.fields import Field as FieldSpec
from aiatlas.catalog.io.validation import MAX_ITEMS, MAX_LENGTH, YEAR_RANGE
from aiatlas.submissions.models import Reason, State
from aiatlas.submissions.records import EDITABLE_FIELDS

#: ids and versions are whole numbers; one that names nothing is a 404 or a 409
Id = int
Version = int
Year = Annotated[int, Field(ge=YEAR_RANGE[0], le=YEAR_RANGE[1])]
Kind = Literal[tuple(ActivityKind.values)]  # type: ignore[valid-type]
Status = Literal[tuple(ActivityStatus.values)]  # type: ignore[valid-type]
Sector = Literal[tuple(OrganizationKind.values)]  # type: ignore[valid-type]
TagSource = Literal["submitter", "classifier", "curator"]
ContentLanguageKey = Literal[tuple(ContentLanguage.values)]  # type: ignore[valid-type]
StateKey = Literal[tuple(State.values)]  # type: ignore[valid-type]
ReasonKey = Literal[tuple(Reason.values)]  # type: ignore[valid-type]


def _text(limit: str) -> object:
    return Annotated[str, Field(max_length=MAX_LENGTH[limit])]


def _items(item: object) -> object:
    return Annotated[list[item], Field(max_length=MAX_ITEMS)]  # type: ignore[valid-type]


Organization = _text("organization")
Evidence = _text("evidence")
Url = _text("url")
Label = _text("label")
Code = Annotated[str, Field(max_length=100)]


def _number_as_text(value: object) -> object:
    """SDG goal numbers may come as numbers (11) or text ("11")."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class _Strict(Schema):
    """A record part: a key it does not know is refused (the bodies around it ignore
    extra keys, so a client cannot move a submission by adding ``organization``)."""

    model_config = ConfigDict(extra="forbid")


class PartnerIn(_Strict):
    organization: Organization  # type: ignore[valid-type]
    sector: Sector | None = None  # type: ignore[valid-type]


class TagIn(_Strict):
    """An SDG goal (``"11"`` or 11) or target (``"11.5"``) with who tagged it."""

    code: Annotated[str, BeforeValidator(_number_as_text), Field(max_length=10)]
    source: TagSource = "submitter"
    evidence: Evidence = ""  # type: ignore[valid-type]


class LinkIn(_Strict):
    url: Url  # type: ignore[valid-type]
    label: Label = ""  # type: ignore[valid-type]


#: the type of one value of each kind of field (``catalog.fields.Type``)
_VALUE_TYPES: dict[str, object] = {
    "organization": Organization,
    "partner": PartnerIn,
    "code": Code,
    "tag": TagIn,
    "link": LinkIn,
    "year": Year,
    "boolean": bool,
}
_CHOICES: dict[str, object] = {
    "kind": Kind,
    "status": Status,
    "content_language": ContentLanguageKey,
}


def _annotation(f: FieldSpec) -> object:
    if f.type in {"text", "email"}:
        value: object = Annotated[str, Field(max_length=f.max_length)]
    elif f.type == "choice":
        value = _CHOICES[f.vocabulary]
    else:
        value = _VALUE_TYPES[f.type]
    return _items(value) if f.multi else value


#: Every field is optional: a draft may be incomplete until it is submitted. Codes are
#: checked against the database on save; a wrong one is a 422 naming the field. Built from
#: the one field declaration (``catalog.fields``): the fields a focal point edits.
DraftRecord: type[_Strict] = create_model(  # type: ignore[call-overload]
    "DraftRecord",
    __base__=_Strict,
    __doc__="An activity record as a draft holds it; every field is optional.",
    __module__=__name__,
    **{
        name: (Optional[_annotation(BY_NAME[name])], None)  # noqa: UP045
        for name in EDITABLE_FIELDS
    },
)


class DraftIn(Schema):
    call: Id
    organization: Id
    record: DraftRecord = Field(default_factory=DraftRecord)


class RecordIn(Schema):
    version: Version
    record: DraftRecord


class SubmitIn(Schema):
    version: Version
    link_to: Annotated[str, Field(max_length=64)] | None = None
    confirm_new: bool = False


class VersionIn(Schema):
    version: Version


class DecisionIn(Schema):
    version: Version
    decision: Literal["approve", "entity_approve", "changes"]
    reasons: Annotated[list[ReasonKey], Field(max_length=20)] = []  # type: ignore[valid-type]
    comment: Annotated[str, Field(max_length=5000)] = ""


def record_dict(record: DraftRecord) -> dict[str, object]:
    """The fields the client sent (a field left out stays out of the draft)."""
    return record.model_dump(exclude_unset=True)
