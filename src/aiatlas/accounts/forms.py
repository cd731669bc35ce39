"""Forms of accounts: e-mail login, invitation acceptance, API token names."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from aiatlas.config import site_url


class EmailLoginForm(AuthenticationForm):
    """Django's login form with an e-mail field (still named ``username``, as django-axes
    expects)."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            raise forms.ValidationError(_("The two passwords differ."))
        return data


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What is the token for?"), max_length=100)


class MessageTemplateForm(forms.Form):
    """The secretariat's text of one kind of e-mail; placeholders are checked."""

    edition = forms.TypedChoiceField(
        label=_("Edition"), required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(label=_("Language"))
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args: Any, kind: str, editions: list[tuple[int, str]], **kwargs: Any):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["edition"].choices = [("", _("Every edition")), *editions]
        self.fields["language"].choices = list(settings.LANGUAGES)
        # the text is in the language chosen in the form, not in the page's
        written_in = (self.data.get("language") if self.is_bound else None) or self.initial.get(
            "language", settings.LANGUAGE_CODE
        )
        for name in ("subject", "body"):
            self.fields[name].widget.attrs["lang"] = written_in

    def clean(self) -> dict[str, Any]:
        from aiatlas.accounts.kinds import KINDS, PlaceholderError, check_template

        data = super().clean() or {}
        for name in ("subject", "body"):
            if data.get(name):
                try:
                    check_template(KINDS[self.kind], data[name])
                except PlaceholderError as exc:
                    self.add_error(name, str(exc))
        return data


class TwoFactorForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class SiteURLPasswordResetForm(PasswordResetForm):
    """The reset link in the e-mail points at ``SITE_URL``, never at whatever Host header
    the request carried."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        site = urlsplit(site_url())
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        super().save(*args, **kwargs)
