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
