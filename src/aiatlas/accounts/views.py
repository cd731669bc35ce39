"""Account pages: thin over :mod:`aiatlas.accounts.services`."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aiatlas.accounts import queries, two_factor
from aiatlas.accounts.exceptions import AccountError, InvalidValue, LinkInvalid
from aiatlas.accounts.forms import (
    AcceptInvitationForm,
    EmailLoginForm,
    MessageTemplateForm,
    SiteURLPasswordResetForm,
    TokenForm,
    TwoFactorForm,
)
from aiatlas.accounts.kinds import KINDS
from aiatlas.accounts.mail import (
    MailNotConfigured,
    deliver_queued,
    preview,
    reset_template,
    save_template,
    template_text,
    transport_configured,
)
from aiatlas.accounts.models import OutboxMessage, User
from aiatlas.accounts.queries import outbox_counts, outbox_messages, tokens_of
from aiatlas.accounts.services import (
    accept_invitation,
    check_invitation,
    create_api_token,
    revoke_api_token,
)
from aiatlas.accounts.taskqueue import (
    STATES,
    TaskNotFound,
    TaskNotRetryable,
    recent_tasks,
    retry_task,
    task_counts,
)

LOGIN_URL = reverse_lazy("accounts:login")


class LoginView(auth_views.LoginView):
    """E-mail + password; Django cycles the session key on login (no session fixation)."""

    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return str(reverse("accounts:profile"))

    def form_invalid(self, form: EmailLoginForm) -> HttpResponse:  # type: ignore[override]
        lock = getattr(self.request, "aiatlas_lock", None)
        if lock is not None:  # aiatlas.accounts.lockout refused to check the password
            context = {"minutes": lock.minutes, "scope": lock.scope}
            return render(self.request, "accounts/locked.html", context, status=429)
        return super().form_invalid(form)


logout_view = auth_views.LogoutView.as_view(next_page=reverse_lazy("accounts:login"))

password_reset = auth_views.PasswordResetView.as_view(
    form_class=SiteURLPasswordResetForm,
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


class PasswordChangeView(auth_views.PasswordChangeView):
    """Old password, new password twice (Django's validators). This session stays signed
    in; every other session of the user ends (the session hash changes)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    login_url = LOGIN_URL

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed; other sessions ended."))
        return response


password_change = PasswordChangeView.as_view()


@login_required(login_url=LOGIN_URL)
def two_factor_step(request: HttpRequest) -> HttpResponse:
    """Enter the one-time code; without a confirmed authenticator, add one first."""
    user = _user(request)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_code(request=request, code=form.cleaned_data["code"]):
            messages.success(request, _("Two-factor sign-in confirmed."))
            return redirect(next_url or "accounts:profile")
        form.add_error("code", _("That code is not right (or too many tries: wait a minute)."))
    device = two_factor.confirmed_device(user)
    context: dict[str, object] = {
        "form": form,
        "next": next_url,
        "enrolled": device is not None,
        "active": device is not None and user.is_verified(),  # type: ignore[attr-defined]
    }
    if device is None:
        pending = two_factor.pending_device(user)
        context["qr_code"] = two_factor.qr_code_data_uri(pending)
        context["manual_key"] = two_factor.manual_key(pending)
        context["required"] = two_factor.must_enrol(user)
    response = render(request, "accounts/two_factor.html", context)
    response["Cache-Control"] = "no-store"  # the QR code holds the secret
    return response


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


def _require(request: HttpRequest, perm: str, message: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied(message)


@login_required(login_url=LOGIN_URL)
def outbox(request: HttpRequest) -> HttpResponse:
    """Every message, newest first, filtered by state or topic, with a Send button."""
    _require(request, "accounts.view_outbox", _("Only administrators may read the outbox."))
    status = request.GET.get("status", "")
    if status not in OutboxMessage.Status.values:
        status = ""
    topic = request.GET.get("topic", "")[:60]
    rows = outbox_messages(200, status=status, topic=topic)
    context = {
        "outbox": rows,
        "counts": outbox_counts(topic=topic),
        "status": status,
        "topic": topic,
        "statuses": OutboxMessage.Status.choices,
        "mail_configured": transport_configured(),
        "can_send": request.user.has_perm("accounts.send_outbox"),
    }
    return render(request, "accounts/outbox.html", context)


@require_POST
@login_required(login_url=LOGIN_URL)
def outbox_send(request: HttpRequest) -> HttpResponse:
    """Send the queued and failed messages now (the worker also sends them on its own)."""
    _require(request, "accounts.send_outbox", _("Only administrators may send the outbox."))
    try:
        sent, failed = deliver_queued(retry_failed=True)
    except MailNotConfigured as exc:
        messages.error(request, str(exc))
    else:
        text = _("%(sent)d sent, %(failed)d failed.") % {"sent": sent, "failed": failed}
        (messages.warning if failed else messages.success)(request, text)
    return redirect("accounts:outbox")


def _editions() -> list[tuple[int, str]]:
    return queries.edition_choices()


@login_required(login_url=LOGIN_URL)
def message_templates(request: HttpRequest) -> HttpResponse:
    """The kinds of e-mail, each with the texts the secretariat changed."""
    _require(request, "accounts.edit_message_templates", _("Only administrators edit e-mails."))
    stored = queries.message_templates_by_kind()
    kinds = [{"kind": k, "stored": stored.get(k.key, [])} for k in KINDS.values()]
    return render(request, "accounts/message_templates.html", {"kinds": kinds})


@login_required(login_url=LOGIN_URL)
def message_template(request: HttpRequest, kind: str) -> HttpResponse:
    """Edit one kind's text for a language and an edition, with a preview."""
    _require(request, "accounts.edit_message_templates", _("Only administrators edit e-mails."))
    if kind not in KINDS:
        raise Http404("no such kind of e-mail")
    editions = _editions()
    source = request.POST if request.method == "POST" else request.GET
    language = source.get("language") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    try:
        edition_id = int(source.get("edition") or 0) or None
    except ValueError:
        edition_id = None
    if edition_id not in {pk for pk, _label in editions}:
        edition_id = None
    shown: tuple[str, str] | None = None
    status = 200
    if request.method == "POST":
        form = MessageTemplateForm(request.POST, kind=kind, editions=editions)
        action = request.POST.get("action", "preview")
        if action == "reset":
            reset_template(kind=kind, language=language, edition_id=edition_id)
            messages.success(request, _("Back to the built-in text."))
            return redirect(_template_url(kind, language, edition_id))
        if form.is_valid():
            d = form.cleaned_data
            if action == "save":
                save_template(
                    user=request.user,
                    kind=kind,
                    language=d["language"],
                    edition_id=d["edition"],
                    subject=d["subject"],
                    body=d["body"],
                )
                messages.success(request, _("Saved: new messages use this text."))
                return redirect(_template_url(kind, d["language"], d["edition"]))
            shown = preview(
                kind,
                language=d["language"],
                subject=d["subject"],
                body=d["body"],
                edition_title=dict(editions).get(d["edition"] or 0, ""),
            )
        else:
            status = 400
    else:
        subject, body = template_text(kind, language=language, edition_id=edition_id)
        form = MessageTemplateForm(
            initial={
                "language": language,
                "edition": edition_id or "",
                "subject": subject,
                "body": body,
            },
            kind=kind,
            editions=editions,
        )
    context = {
        "kind": KINDS[kind],
        "form": form,
        "preview": shown,
        "preview_language": form.fields["subject"].widget.attrs["lang"],
        "stored": queries.message_template_for(kind, language, edition_id),
    }
    return render(request, "accounts/message_template.html", context, status=status)


def _template_url(kind: str, language: str, edition_id: int | None) -> str:
    query = f"?language={language}" + (f"&edition={edition_id}" if edition_id else "")
    return reverse("accounts:message-template", args=[kind]) + query


@login_required(login_url=LOGIN_URL)
def tasks(request: HttpRequest) -> HttpResponse:
    """Background tasks: queued, running, done, failed with the reason, and Retry."""
    _require(request, "accounts.view_tasks", _("Only administrators see the task queue."))
    status = request.GET.get("status", "")
    if status not in STATES:
        status = ""
    context = {
        "tasks": recent_tasks(status=status),
        "counts": task_counts(),
        "states": STATES,
        "status": status,
    }
    return render(request, "accounts/tasks.html", context)


@require_POST
@login_required(login_url=LOGIN_URL)
def task_retry(request: HttpRequest, task_id: str) -> HttpResponse:
    _require(request, "accounts.view_tasks", _("Only administrators retry tasks."))
    try:
        retry_task(task_id=task_id)
    except TaskNotFound as exc:
        raise Http404(str(exc)) from None
    except TaskNotRetryable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Queued again."))
    return redirect("accounts:tasks")
