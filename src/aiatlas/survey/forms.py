"""Staff forms: upload a questionnaire, set dates and options, upload invitations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 20 * 1024 * 1024


class _FileUpload(forms.Form):
    """A form with one uploaded ``file`` (declared by the form), cleaned to its bytes."""

    def clean_file(self) -> bytes:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        data: bytes = f.read()
        return data


class UploadForm(_FileUpload):
    file = forms.FileField(label=_("XLSForm workbook (.xlsx or .xls)"))
    title = forms.CharField(
        label=_("Title (optional; else the form's title)"), required=False, max_length=300
    )


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
    country_pages = forms.BooleanField(
        label=_(
            "Publish each Member State's submitted answers to the closed questions on its "
            "country page (governance); never names, e-mail addresses or free text"
        ),
        required=False,
    )
    previous_round = forms.TypedChoiceField(
        label=_("Earlier round of the same survey (its results are compared)"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args: object, rounds: list[tuple[int, str]] = (), **kwargs: object) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["previous_round"].choices = [("", "—"), *rounds]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        o, c = data.get("opens_at"), data.get("closes_at")
        if o and c and c <= o:
            self.add_error("closes_at", _("The closing date must come after the opening date."))
        return data


class _Files(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.FileField):
    widget = _Files

    def clean(self, data: object, initial: object = None) -> list[object]:
        items = data if isinstance(data, list | tuple) else [data]
        cleaned = [super(_FilesField, self).clean(d, initial) for d in items if d]
        if not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if sum(getattr(f, "size", 0) for f in cleaned) > MAX_UPLOAD:
            raise forms.ValidationError(_("The files are larger than 20 MB together."))
        return cleaned


class ImportForm(forms.Form):
    """Responses exported from KoboToolbox or ODK Central (see docs/survey.md)."""

    export = _FilesField(
        label=_("Export files (.xlsx, .csv or the .zip of ODK Central; repeats as more files)")
    )
    country = forms.CharField(
        label=_("Question that names the Member State (alpha-3 code or name)"),
        max_length=200,
        initial="country",
    )
    replace = forms.BooleanField(
        label=_("Replace the responses of Member States that already have one"), required=False
    )


class InviteForm(_FileUpload):
    file = forms.FileField(
        label=_("Invitations (CSV: alpha3, ministry, contact_name, contact_email)")
    )
