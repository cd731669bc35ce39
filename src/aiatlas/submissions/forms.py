"""Forms of the submission pages. The draft form maps an activity record to form fields
and back: list fields are text areas with one item per line, written as in the 2-pager."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aiatlas.catalog.choices import TECHNOLOGIES, ActivityKind, ActivityStatus
from aiatlas.submissions.docx_fields import parse_value, value_paragraphs
from aiatlas.submissions.models import Reason

_LINES = {
    "domains": _("One keyword per line, such as health"),
    "co_leads": _("One organization per line (acronym or name)"),
    "partners": _("One per line, sector in brackets: Makerere University (academia)"),
    "countries": _("ISO 3166-1 alpha-3 codes, one per line, such as KEN"),
    "regions": _("UN M49 codes or names, one per line, such as 002 or Africa"),
    "sdg_targets": _("One target per line, such as 3.8"),
    "links": _("One per line: https://example.org (Project page)"),
}
_TEXT_LIMITS = {"title": 500, "output_type": 200, "contact_name": 200, "contact_email": 254}
GOAL_CHOICES = [(str(n), str(n)) for n in range(1, 18)]


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class DraftForm(forms.Form):
    """Fields are deliberately lenient (strings): the record is checked as a whole by the
    catalog's validation, which names every problem by field."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), required=False, max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=_textarea(8), max_length=100_000
    )
    output_type = forms.CharField(label=_("Type of output"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices, required=False)
    start_year = forms.CharField(label=_("Start year"), required=False, max_length=4)
    end_year = forms.CharField(label=_("End year"), required=False, max_length=4)
    domains = forms.CharField(label=_("Domains"), required=False, widget=_textarea(3))
    co_leads = forms.CharField(label=_("Co-leads"), required=False, widget=_textarea(2))
    partners = forms.CharField(label=_("Partners"), required=False, widget=_textarea(4))
    countries = forms.CharField(label=_("Countries"), required=False, widget=_textarea(2))
    regions = forms.CharField(label=_("Regions"), required=False, widget=_textarea(2))
    technologies = forms.MultipleChoiceField(
        label=_("Technologies"),
        choices=TECHNOLOGIES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_goals = forms.MultipleChoiceField(
        label=_("SDGs the activity addresses"),
        choices=GOAL_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sdg_targets = forms.CharField(label=_("SDG targets"), required=False, widget=_textarea(2))
    links = forms.CharField(label=_("Links"), required=False, widget=_textarea(3))
    contact_name = forms.CharField(label=_("Contact name"), required=False, max_length=200)
    contact_email = forms.CharField(label=_("Contact e-mail"), required=False, max_length=254)
    contact_public = forms.BooleanField(
        label=_("The contact may be shown publicly"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, hint in _LINES.items():
            self.fields[name].help_text = hint
        for name, limit in _TEXT_LIMITS.items():
            self.fields[name].widget.attrs["maxlength"] = str(limit)
        from django.utils.translation import get_language

        from aiatlas.taxonomy.models import Goal

        names = {
            str(g.number): f"{g.number} {g.short_title(get_language())}" for g in Goal.objects.all()
        }
        self.fields["sdg_goals"].choices = [  # type: ignore[attr-defined]
            (value, names.get(value, label)) for value, label in GOAL_CHOICES
        ]

    @staticmethod
    def initial_from(record: dict[str, Any], version: int) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": version}
        for name in DraftForm.base_fields:
            if name == "version" or name not in record:
                continue
            value = record[name]
            if name in _LINES:
                initial[name] = "\n".join(value_paragraphs(name, value))
            elif name == "technologies":
                initial[name] = [str(v) for v in value or []]
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
        record: dict[str, Any] = {}
        for name in DraftForm.base_fields:
            if name == "version":
                continue
            value = data.get(name)
            if name in _LINES:
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from aiatlas.accounts.models import Role
        from aiatlas.catalog.models import Organization

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices  # type: ignore[attr-defined]
        self.fields["role"].initial = Role.FOCAL_POINT
        self.fields["organization"].queryset = Organization.objects.order_by(  # type: ignore[attr-defined]
            "acronym", "name"
        )
