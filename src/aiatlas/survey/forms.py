"""Staff forms: upload a questionnaire, set dates and options, upload invitations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("XLSForm workbook (.xlsx or .xls)"))
    title = forms.CharField(
        label=_("Title (optional; else the form's title)"), required=False, max_length=300
    )

    def clean_file(self) -> bytes:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        data: bytes = f.read()
        return data


class SettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    opens_at = forms.DateTimeField(
        label=_("Opens at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    allow_edits = forms.BooleanField(
        label=_("Respondents may edit after submitting, until the closing date"), required=False
    )
    results_public = forms.BooleanField(label=_("Results are public"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        o, c = data.get("opens_at"), data.get("closes_at")
        if o and c and c <= o:
            self.add_error("closes_at", _("The closing date must come after the opening date."))
        return data


class InviteForm(forms.Form):
    file = forms.FileField(
        label=_("Invitations (CSV: alpha3, ministry, contact_name, contact_email)")
    )

    def clean_file(self) -> bytes:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        data: bytes = f.read()
        return data
