"""Forms of the programme pages (parsing only: the rules are in the services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aiatlas.programme.choices import AttendanceMode


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    country = forms.CharField(label=_("Country (ISO code, optional)"), max_length=3, required=False)
    mode = forms.ChoiceField(
        label=_("Attendance"),
        choices=AttendanceMode.choices,
        initial=AttendanceMode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers keep my name, e-mail and country to manage this "
            "registration and to count participants."
        ),
        required=False,
    )


class FilterForm(forms.Form):
    track = forms.SlugField(required=False)
    room = forms.IntegerField(required=False, min_value=1)
    language = forms.RegexField(regex=r"^[a-z]{2,3}$", required=False)
    view = forms.ChoiceField(
        choices=[("slots", "slots"), ("rooms", "rooms"), ("list", "list")], required=False
    )


class ProposalForm(forms.Form):
    """A proposal with the call's custom fields as ``answer_<key>`` (each says which
    session types and tracks it is asked of; the service applies that rule)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    type = forms.ChoiceField(label=_("Session type"))
    track = forms.TypedChoiceField(label=_("Track"), required=False, coerce=int, empty_value=None)
    languages = forms.CharField(
        label=_("Languages (codes, comma-separated)"), initial="en", required=False
    )
    abstract = forms.CharField(
        label=_("Abstract"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )
    description = forms.CharField(
        label=_("Description (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=50000,
    )

    def __init__(
        self, *args: object, call: object, fields: list, new: bool = True, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from aiatlas.programme.choices import FieldKind, SessionType

        allowed = getattr(call, "session_types", None) or SessionType.values
        self.fields["type"].choices = [c for c in SessionType.choices if c[0] in allowed]
        tracks = list(call.event.tracks.all())  # type: ignore[attr-defined]
        self.fields["track"].choices = [("", _("No track"))] + [(t.pk, t.name) for t in tracks]
        if new:
            self.fields["co_speakers"] = forms.CharField(
                label=_("Co-speakers' e-mail addresses (comma-separated, optional)"),
                required=False,
                max_length=5000,
            )
        for field in fields:
            scope = []
            if field.session_types:
                labels = dict(SessionType.choices)
                scope.append(", ".join(str(labels.get(t, t)) for t in field.session_types))
            names = [t.name for t in field.tracks.all()]
            if names:
                scope.append(", ".join(names))
            help_text = field.help_text
            if scope:
                help_text = (help_text + " " if help_text else "") + str(
                    _("Asked of: %(scope)s.") % {"scope": "; ".join(scope)}
                )
            if field.required:
                help_text = (help_text + " " if help_text else "") + str(_("Required."))
            common = {"label": field.label, "required": False, "help_text": help_text}
            name = f"answer_{field.key}"
            if field.kind == FieldKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    choices=[("", "—")] + [(c, c) for c in field.choices], **common
                )
            elif field.kind == FieldKind.NUMBER:
                self.fields[name] = forms.CharField(max_length=20, **common)
            elif field.kind == FieldKind.FILE:
                self.fields[name] = forms.FileField(**common)
            else:
                self.fields[name] = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, **common
                )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Co-speaker's e-mail"))
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)


class PlaceForm(forms.Form):
    """A session's room and slot in the schedule editor (times in the event's zone)."""

    room = forms.IntegerField(label=_("Room"), required=False, min_value=1)
    day = forms.DateField(label=_("Day"), required=False)
    start = forms.TimeField(label=_("Start"), required=False)
    end = forms.TimeField(label=_("End"), required=False)
    next = forms.CharField(required=False, max_length=500)

    def clean(self) -> dict:
        data = super().clean() or {}
        given = [data.get(k) is not None for k in ("day", "start", "end")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Give the day, the start and the end (or none)."))
        return data


class AvailabilityForm(forms.Form):
    """A window in which a speaker can speak (times in the event's zone)."""

    day = forms.DateField(label=_("Day"))
    start = forms.TimeField(label=_("From"))
    end = forms.TimeField(label=_("To"))


class EditorFilterForm(forms.Form):
    day = forms.RegexField(regex=r"^(all|\d{4}-\d{2}-\d{2})$", required=False)
    room = forms.RegexField(regex=r"^(none|\d{1,9})$", required=False)
    track = forms.SlugField(required=False, max_length=60)
    flagged = forms.BooleanField(required=False)
