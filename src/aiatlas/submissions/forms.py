"""Forms of the submission pages. The draft form maps an activity record to form fields
and back: list fields are text areas with one item per line, written as in the 2-pager."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from aiatlas.catalog.choices import (
    TECHNOLOGIES,
    ActivityKind,
    ActivityStatus,
    ContentLanguage,
    OrganizationKind,
)
from aiatlas.catalog.fields import BY_NAME
from aiatlas.catalog.fields import Field as FieldSpec
from aiatlas.submissions.docx_fields import parse_value, value_paragraphs
from aiatlas.submissions.models import Reason
from aiatlas.submissions.records import EDITABLE_FIELDS

GOAL_CHOICES = [(str(n), str(n)) for n in range(1, 18)]
_SECTOR_LABELS = dict(OrganizationKind.choices)
_OTHER_PARTNERS_HELP = _(
    "Partners not in the list above, one per line with the sector in brackets: "
    "Makerere University (Academia)"
)


def _textarea(rows: int) -> forms.Textarea:
    # what is typed takes its own direction (an English text on an Arabic page)
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


class Picker(forms.CheckboxSelectMultiple):
    """A checkbox list in a scrolling box; ``web/picker.js`` adds a filter-as-you-type box
    and the list of what is chosen. Without JavaScript it is a plain checkbox list."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "class": "picker",
                "data-placeholder": _("Type to filter…"),
                "data-filter-label": _("Filter"),
                "data-remove-label": _("Remove"),
                "data-empty": _("Nothing matches."),
                **(attrs or {}),
            }
        )


@dataclass
class _Choices:
    """The reference lists the pickers offer, read once per form."""

    countries: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    organizations: list[tuple[str, str, str]]  # (reference, label, kind)
    technologies: list[tuple[str, str]]

    @classmethod
    def load(cls) -> _Choices:
        from aiatlas.catalog.models import Country, Organization, Region, Technology

        technologies = list(Technology.objects.values_list("key", "label")) or TECHNOLOGIES
        orgs = []
        for org in Organization.objects.order_by("name"):
            label = f"{org.name} ({org.acronym})" if org.acronym else org.name
            orgs.append((org.reference, label, org.kind))
        return cls(
            countries=list(Country.objects.order_by("name").values_list("alpha3", "name")),
            regions=list(Region.objects.order_by("name").values_list("code", "name")),
            organizations=orgs,
            technologies=[(str(k), str(v)) for k, v in technologies],
        )

    def in_language(self) -> dict[str, list[tuple[str, str]]]:
        """The countries, regions and technologies offered, named in the active language
        (CLDR names, translated technology labels) and in its alphabetical order."""
        from aiatlas.catalog import names
        from aiatlas.common.l10n import collation_key

        known = dict(TECHNOLOGIES)

        def by_name(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
            return sorted(items, key=lambda item: collation_key(item[1]))

        return {
            "countries": by_name(
                [(c, names.country_name(c, english=n)) for c, n in self.countries]
            ),
            "regions": by_name([(c, names.region_name(c, english=n)) for c, n in self.regions]),
            "technologies": [
                (k, names.technology_name(k) if k in known else v) for k, v in self.technologies
            ],
        }

    def organization(self, text: str) -> tuple[str, str] | None:
        """(reference, kind) of the organization ``text`` names (acronym or name)."""
        folded = text.strip().casefold()
        for reference, label, kind in self.organizations:
            name = label.rsplit(" (", 1)[0] if label.endswith(")") else label
            if folded in {reference.casefold(), name.casefold(), label.casefold()}:
                return reference, kind
        return None

    def region(self, text: str) -> str:
        folded = text.strip().casefold()
        for code, name in self.regions:
            if folded in {code, code.lstrip("0"), name.casefold()}:
                return code
        return text


def _kind_of(f: FieldSpec) -> str:
    """How the form asks for a field: text, lines (one item per line), picker, goals,
    choice, boolean."""
    if f.vocabulary == "goal":
        return "goals"
    if f.multi:
        return "picker" if f.type in {"organization", "partner", "code"} else "lines"
    if f.type == "choice":
        return "choice"
    return "boolean" if f.type == "boolean" else "text"


#: the fields of the draft form: every field a focal point edits (``catalog.fields``)
RECORD_FIELDS: dict[str, FieldSpec] = {name: BY_NAME[name] for name in EDITABLE_FIELDS}
#: the fields chosen from a reference list with a picker
PICKERS = tuple(n for n, f in RECORD_FIELDS.items() if _kind_of(f) == "picker")
#: the fields written one item per line, as in the 2-pager
LINES = frozenset(n for n, f in RECORD_FIELDS.items() if _kind_of(f) == "lines")
_CHOICES = {
    "kind": ActivityKind.choices,
    "status": ActivityStatus.choices,
    "content_language": ContentLanguage.choices,
}
#: text long enough to be written in a box of several lines
_LONG_TEXT = 1_000


def _form_field(f: FieldSpec) -> forms.Field:
    """The lenient form field of one record field: its label, help and length limit come
    from the field declaration; the record is validated as a whole afterwards."""
    common: dict[str, Any] = {"label": f.verbose_name, "required": False, "help_text": f.help}
    kind = _kind_of(f)
    if kind == "picker":
        return forms.MultipleChoiceField(widget=Picker, choices=[], **common)
    if kind == "goals":
        return forms.MultipleChoiceField(
            choices=GOAL_CHOICES, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == "lines":
        return forms.CharField(widget=_textarea(2 if f.type == "tag" else 3), **common)
    if kind == "choice":
        return forms.ChoiceField(choices=_CHOICES[f.vocabulary], **common)
    if kind == "boolean":
        return forms.BooleanField(**common)
    if f.type == "year":
        return forms.CharField(max_length=4, **common)
    long = (f.max_length or 0) > _LONG_TEXT
    widget = _textarea(8) if long else forms.TextInput(attrs={"dir": "auto"})
    return forms.CharField(max_length=f.max_length, widget=widget, **common)


def _record_fields() -> dict[str, forms.Field]:
    out: dict[str, forms.Field] = {}
    for name, f in RECORD_FIELDS.items():
        out[name] = _form_field(f)
        if name == "partners":  # the partners that are in no reference list, typed
            out["other_partners"] = forms.CharField(
                label=_("Other partners"),
                required=False,
                widget=_textarea(3),
                help_text=_OTHER_PARTNERS_HELP,
            )
    return out


#: the record's fields as a form (a class, so that the fields are declared once)
_RecordFields = type("_RecordFields", (forms.Form,), _record_fields())


class DraftForm(_RecordFields):  # type: ignore[misc,valid-type]
    """Fields are deliberately lenient: the record is checked as a whole by the catalog's
    validation, which names every problem by field. Countries, regions, organizations and
    technologies are picked from the reference tables, by name: nobody types a code.

    Pass ``record`` (the submission's record) so that values it holds that are not in a
    reference list stay visible (and can be removed) instead of vanishing."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, record: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        from aiatlas.taxonomy.models import Goal

        names = {
            str(g.number): f"{g.number} {g.short_title(get_language())}" for g in Goal.objects.all()
        }
        self.fields["sdg_goals"].choices = [  # type: ignore[attr-defined]
            (value, names.get(value, label)) for value, label in GOAL_CHOICES
        ]
        self.choices = _Choices.load()
        orgs = [(ref, label) for ref, label, _kind in self.choices.organizations]
        lists = {
            "co_leads": orgs,
            "partners": [
                (ref, f"{label} · {_SECTOR_LABELS.get(kind, kind)}")
                for ref, label, kind in self.choices.organizations
            ],
            **self.choices.in_language(),
        }
        held = self.picked(record or {}, self.choices)
        for name, options in lists.items():
            known = {value for value, _label in options}
            extra = [
                (v, str(_("%(value)s (not in the list)") % {"value": v}))
                for v in held[name]
                if v not in known
            ]
            self.fields[name].choices = [*options, *extra]  # type: ignore[attr-defined]

    @staticmethod
    def picked(record: dict[str, Any], choices: _Choices) -> dict[str, list[Any]]:
        """What the pickers show as chosen for ``record``, and the partners that are not
        in the organization list (or not with that organization's sector)."""

        def strings(key: str) -> list[str]:
            value = record.get(key)
            return [str(v) for v in value if v not in (None, "")] if isinstance(value, list) else []

        co_leads = []
        for text in strings("co_leads"):
            found = choices.organization(text)
            co_leads.append(found[0] if found else text)
        partners, others = [], []
        for item in record.get("partners") or []:
            if isinstance(item, str):
                item = {"organization": item, "sector": None}
            if not isinstance(item, dict):
                continue
            found = choices.organization(str(item.get("organization") or ""))
            if found and item.get("sector") in (None, "", found[1]):
                partners.append(found[0])
            else:
                others.append(item)
        return {
            "co_leads": co_leads,
            "partners": partners,
            "other_partners": others,
            "countries": [c.upper() for c in strings("countries")],
            "regions": [choices.region(r) for r in strings("regions")],
            "technologies": strings("technologies"),
        }

    @staticmethod
    def initial_from(record: dict[str, Any], version: int) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": version}
        held = DraftForm.picked(record, _Choices.load())
        for name in DraftForm.base_fields:
            if name == "version":
                continue
            if name in PICKERS:
                initial[name] = held[name]
                continue
            if name == "other_partners":
                initial[name] = "\n".join(
                    f"{p.get('organization')} ({_SECTOR_LABELS[p['sector']]})"
                    if p.get("sector") in _SECTOR_LABELS
                    else str(p.get("organization") or "")
                    for p in held["other_partners"]
                )
                continue
            if name not in record:
                continue
            value = record[name]
            if name in LINES:
                initial[name] = "\n".join(value_paragraphs(name, value))
            elif name == "sdg_goals":
                initial[name] = [
                    str(t.get("code"))
                    for t in value or []
                    if isinstance(t, dict) and t.get("source", "submitter") == "submitter"
                ]
            else:
                initial[name] = "" if value is None else value
        return initial

    def to_record(self, previous: dict[str, Any]) -> dict[str, Any]:
        """The record the form describes; tags other than the submitter's are kept."""
        data = self.cleaned_data
        kinds = {ref: kind for ref, _label, kind in self.choices.organizations}
        record: dict[str, Any] = {}
        for name in DraftForm.base_fields:
            if name in {"version", "other_partners"}:
                continue
            value = data.get(name)
            if name == "partners":
                record[name] = [
                    {"organization": ref, "sector": kinds.get(ref)} for ref in value or []
                ] + parse_value(name, str(data.get("other_partners") or "").splitlines())
            elif name in PICKERS:
                record[name] = list(value or [])
            elif name in LINES:
                record[name] = parse_value(name, str(value or "").splitlines())
            elif name == "sdg_goals":
                others = [
                    t
                    for t in previous.get("sdg_goals") or []
                    if isinstance(t, dict) and t.get("source") not in (None, "submitter")
                ]
                record[name] = others + [
                    {"code": g, "source": "submitter", "evidence": ""} for g in value or []
                ]
            elif name in {"start_year", "end_year"}:
                record[name] = str(value or "").strip() or None
            else:
                record[name] = value
        return record


def _add_language_fields() -> None:
    """The language of the text, then the optional translations of the title and the
    description (the record's ``title_fr`` … columns), at the end of the draft form."""
    from aiatlas.catalog.choices import ContentLanguage
    from aiatlas.catalog.io.schema import TRANSLATION_COLUMNS

    fields = DraftForm.base_fields
    fields["language"] = forms.ChoiceField(
        label=_("Language of the title and description"),
        choices=ContentLanguage.choices,
        required=False,
        help_text=_("The language the activity's text is written in."),
    )
    names = {"title": _("Title in %(language)s"), "description": _("Description in %(language)s")}
    for column, name, lang in TRANSLATION_COLUMNS:
        label = _TranslationLabel(names[name], lang)
        if name == "title":
            fields[column] = forms.CharField(label=label, required=False, max_length=500)
        else:
            fields[column] = forms.CharField(
                label=label, required=False, widget=_textarea(4), max_length=100_000
            )


def _translation_label(pattern: Any, language: str) -> str:
    """A field label "Title in French" ("Titre en français") in the language of each
    request, with the language's CLDR name."""
    from django.utils.translation import get_language

    from aiatlas.common.l10n import language_name

    return str(pattern) % {"language": language_name(language, get_language())}


_TranslationLabel = lazy(_translation_label, str)


_add_language_fields()


class NewActivityForm(forms.Form):
    """A new activity starts from its title: nothing untitled is ever made."""

    call = forms.CharField(widget=forms.HiddenInput, max_length=20)
    organization = forms.CharField(widget=forms.HiddenInput, max_length=20)
    title = forms.CharField(
        label=_("Title of the new activity"),
        max_length=500,
        error_messages={"required": _("Give the activity a title to start it.")},
    )

    def clean_title(self) -> str:
        title = str(self.cleaned_data["title"]).strip()
        if not title:
            raise forms.ValidationError(_("Give the activity a title to start it."))
        return title


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=_textarea(3),
        max_length=5000,
        error_messages={"required": _("Write something before sending.")},
    )


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reasons = forms.MultipleChoiceField(
        label=_("Reasons"),
        choices=Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=_textarea(4), max_length=5000
    )

    def clean(self) -> dict[str, Any]:
        """The same checks as the service, so that the reviewer sees them on the form with
        everything typed kept (the service checks again)."""
        data = super().clean() or {}
        if self.data.get("decision") == "changes":
            reasons = data.get("reasons") or []
            if not reasons:
                self.add_error("reasons", _("Choose at least one reason to send it back."))
            elif Reason.OTHER in reasons and not str(data.get("comment") or "").strip():
                self.add_error("comment", _("Say in the comment what “other” means."))
        return data


class CallForm(forms.Form):
    year = forms.IntegerField(label=_("Edition year"), min_value=1990, max_value=2100)
    title = forms.CharField(label=_("Edition title"), required=False, max_length=300)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    message = forms.CharField(
        label=_("Message to focal points"), required=False, widget=_textarea(5), max_length=5000
    )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=[])
    organization: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=None,
        required=False,
        help_text=_("Required for focal points and entity approvers"),
    )
    first_name = forms.CharField(label=_("First name"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=150)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[],
        required=False,
        help_text=_("E-mails to this user are written in this language"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        from aiatlas.accounts.models import Role
        from aiatlas.catalog.models import Organization

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES  # type: ignore[attr-defined]
        self.fields["language"].initial = settings.LANGUAGE_CODE
        self.fields["role"].choices = Role.choices  # type: ignore[attr-defined]
        self.fields["role"].initial = Role.FOCAL_POINT
        self.fields["organization"].queryset = Organization.objects.order_by(  # type: ignore[attr-defined]
            "acronym", "name"
        )
