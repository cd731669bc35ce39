"""Users sign in with their e-mail address and have one role; focal points and entity
approvers are bound to the organizations they speak for."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aiatlas.accounts.choices import Role


class EmailUserManager(UserManager["User"]):
    """Creates users keyed by e-mail; the username mirrors the e-mail address."""

    def create_user(  # type: ignore[override]
        self,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> User:
        extra_fields.pop("username", None)
        return self._create(email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> User:
        extra_fields.pop("username", None)
        extra_fields.setdefault("role", Role.ADMIN)
        return self._create(email, password, **extra_fields)

    def _create(self, email: str | None, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("an e-mail address is required")
        email = self.normalize_email(email)
        user = self.model(username=email, email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractUser):
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FOCAL_POINT)
    organizations = models.ManyToManyField(
        "catalog.Organization",
        blank=True,
        related_name="members",
        help_text=_("Organizations a focal point or entity approver speaks for"),
    )
    #: the language of the e-mails this user receives; empty: the site's language
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        default="",
        choices=settings.LANGUAGES,
        help_text=_("E-mails to this user are written in this language"),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = EmailUserManager()  # type: ignore[misc]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.username = self.email  # one name for the login everywhere
        # the role decides the back-office flags (accounts/rules.py says how)
        from aiatlas.accounts.rules import back_office_flags

        for flag, value in back_office_flags(self.role).items():
            setattr(self, flag, value)
        super().save(*args, **kwargs)


def hash_secret(secret: str) -> str:
    """SHA-256 of a random secret: enough for high-entropy tokens, and indexable."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Invitation(models.Model):
    """A single-use, expiring link that lets a new user set a password."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation for {self.user.email}"


class ApiToken(models.Model):
    """A token for scripts; only its SHA-256 is stored, the prefix identifies it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class OutboxMessage(models.Model):
    """One e-mail to one recipient: every message the application sends is kept here,
    queued until the worker hands it to the mail server (see ``aiatlas.accounts.mail``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    from_email = models.CharField(max_length=300)
    to = models.CharField(max_length=254, help_text=_("The one recipient"))
    subject = models.CharField(max_length=998)
    body = models.TextField()
    language = models.CharField(max_length=10, blank=True)
    #: what the message is about, such as ``submission.approved``
    kind = models.CharField(max_length=40, blank=True, db_index=True)
    #: groups the messages of one thing, such as ``survey/3`` or ``call/2025``
    topic = models.CharField(max_length=60, blank=True, db_index=True)
    #: the item the message is about (an absolute link)
    link = models.CharField(max_length=500, blank=True)
    #: a personal link (survey token, invitation) removed from the body once sent
    secret = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class MessageTemplate(models.Model):
    """The secretariat's own text of one kind of e-mail, in one language, for one edition
    (or for every edition when ``edition`` is empty). Placeholders such as ``{link}`` are
    filled when the message is written; the kinds and their placeholders are listed in
    ``aiatlas.accounts.kinds``."""

    kind = models.CharField(max_length=40)
    language = models.CharField(max_length=10)
    edition = models.ForeignKey(
        "catalog.Edition", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "edition"], name="one_template_per_kind_language"
            ),
            models.UniqueConstraint(
                fields=["kind", "language"],
                condition=models.Q(edition=None),
                name="one_general_template_per_kind_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"
