"""Account pages: thin over :mod:`aiatlas.accounts.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aiatlas.accounts.exceptions import AccountError, InvalidValue, LinkInvalid
from aiatlas.accounts.forms import AcceptInvitationForm, EmailLoginForm, TokenForm
from aiatlas.accounts.models import User
from aiatlas.accounts.queries import outbox_messages, tokens_of
from aiatlas.accounts.services import (
    accept_invitation,
    check_invitation,
    create_api_token,
    revoke_api_token,
)

LOGIN_URL = reverse_lazy("accounts:login")


class LoginView(auth_views.LoginView):
    """E-mail + password; Django cycles the session key on login (no session fixation)."""

    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return str(reverse("accounts:profile"))


logout_view = auth_views.LogoutView.as_view(next_page=reverse_lazy("accounts:login"))


class PasswordResetView(auth_views.PasswordResetView):
    """The e-mailed link is built on the configured public site URL, never on the Host
    header of the request that asked for it."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        from aiatlas.common.urls import site_url

        self.extra_email_context = {**(self.extra_email_context or {}), "site_url": site_url()}
        return super().form_valid(form)


password_reset = PasswordResetView.as_view(
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required(login_url=LOGIN_URL)
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"account": _user(request)})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invite = check_invitation(token=token)
    except LinkInvalid as exc:
        status = 404 if exc.reason == "unknown" else 410
        return render(request, "accounts/link_invalid.html", {"message": str(exc)}, status=status)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                token=token,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except LinkInvalid as exc:
            return render(request, "accounts/link_invalid.html", {"message": str(exc)}, status=410)
        except InvalidValue as exc:
            form.add_error("password1", str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your password is set."))
            return redirect("accounts:profile")
    return render(request, "accounts/invitation.html", {"form": form, "invitee": invite.user})


@login_required(login_url=LOGIN_URL)
def tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = create_api_token(user=user, name=form.cleaned_data["name"])
        except AccountError as exc:
            form.add_error("name", str(exc))
        else:
            form = TokenForm()
    context = {"form": form, "secret": secret, "tokens": tokens_of(user)}
    response = render(request, "accounts/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the secret is shown once; never cache it
    return response


@require_POST
@login_required(login_url=LOGIN_URL)
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = revoke_api_token(user=_user(request), token_id=token_id)
    except AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")


@login_required(login_url=LOGIN_URL)
def outbox(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.view_outbox"):
        raise PermissionDenied(_("Only administrators may read the outbox."))
    return render(request, "accounts/outbox.html", {"outbox": outbox_messages(100)})
