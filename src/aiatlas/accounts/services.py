"""Operations on users, invitations and API tokens: keyword-only, one transaction each,
raising :mod:`aiatlas.accounts.exceptions`."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from aiatlas.accounts.exceptions import (
    InvalidValue,
    LinkInvalid,
    TokenNotFound,
    UnknownOrganization,
    UserExists,
)
from aiatlas.accounts.mail import language_or_site, queue_message
from aiatlas.accounts.models import ApiToken, Invitation, Role, User, hash_secret
from aiatlas.catalog.models import Organization
from aiatlas.common.links import absolute_url
from aiatlas.common.rules import allowed

#: how long an invitation link stays valid, in days
INVITATION_DAYS = 7
TOKEN_PREFIX = "aia_"  # noqa: S105 (a prefix, not a secret)
#: last_used_at is written at most this often per token, so busy scripts don't write on
#: every request
LAST_USED_RESOLUTION = timedelta(minutes=1)
_ORG_ROLES = {Role.FOCAL_POINT, Role.ENTITY_APPROVER}


@dataclass
class AddedUser:
    user: User
    invitation_url: str | None  # when no password was given


def _organizations(names: Sequence[str]) -> list[Organization]:
    found: list[Organization] = []
    for name in names:
        org = (
            Organization.objects.filter(Q(acronym__iexact=name) | Q(name__iexact=name))
            .order_by("pk")
            .first()
        )
        if org is None:
            raise UnknownOrganization(f"unknown organization {name!r} (use its acronym or name)")
        found.append(org)
    return found


def _check_user_fields(*, email: str, role: str, first_name: str, last_name: str) -> str:
    email = email.strip()
    if len(email) > 254:
        raise InvalidValue(f"the e-mail address is {len(email)} characters long; at most 254")
    try:
        EmailValidator()(email)
    except ValidationError:
        raise InvalidValue(f"{email!r} is not a valid e-mail address") from None
    if role not in Role.values:
        raise InvalidValue(f"unknown role {role!r}; one of {', '.join(Role.values)}")
    for label, value in (("first name", first_name), ("last name", last_name)):
        if len(value) > 150:
            raise InvalidValue(f"the {label} is {len(value)} characters long; at most 150")
    return User.objects.normalize_email(email)


def add_user(
    *,
    email: str,
    role: str,
    organizations: Sequence[str] = (),
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    invited_by: User | None = None,
    language: str = "",
) -> AddedUser:
    """Create a user. Without a password the user gets an invitation link by e-mail, in
    ``language`` (one of the site's languages; empty: the site's language), which is also
    the language of every later e-mail to the user."""
    email = _check_user_fields(email=email, role=role, first_name=first_name, last_name=last_name)
    codes = [code for code, _name in settings.LANGUAGES]
    if language and language not in codes:
        raise InvalidValue(f"unknown language {language!r}; one of {', '.join(codes)}")
    if role in _ORG_ROLES and not organizations:
        raise InvalidValue(f"a {role.replace('_', ' ')} needs at least one --organization")
    if password is not None:
        try:
            validate_password(password, User(email=email, first_name=first_name))
        except ValidationError as exc:
            raise InvalidValue("password: " + " ".join(exc.messages)) from None
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise UserExists(f"a user with the e-mail address {email} exists already")
        orgs = _organizations(organizations)
        user = User.objects.create_user(
            email=email,
            password=password,
            role=role,
            first_name=first_name,
            last_name=last_name,
            language=language,
        )
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        user.organizations.set(orgs)
        url = _create_invitation(user, invited_by) if password is None else None
    return AddedUser(user=user, invitation_url=url)


def invite_user(*, user: User, invited_by: User | None = None) -> str:
    """A new invitation link for ``user`` (sent by e-mail); returns the link."""
    with transaction.atomic():
        return _create_invitation(user, invited_by)


def _invitation_url(secret: str, language: str = "") -> str:
    language = language_or_site(language)
    with translation.override(language):
        try:
            path = reverse("accounts:invitation", kwargs={"token": secret})
        except NoReverseMatch:  # the URLs of accounts are not mounted (yet)
            path = f"/{language}/account/invitation/{secret}/"
    return absolute_url(path)


def _create_invitation(user: User, invited_by: User | None) -> str:
    secret = secrets.token_urlsafe(32)
    days = INVITATION_DAYS
    Invitation.objects.create(
        user=user,
        token_hash=hash_secret(secret),
        expires_at=timezone.now() + timedelta(days=days),
        invited_by=invited_by,
    )
    url = _invitation_url(secret, user.language)
    with translation.override(language_or_site(user.language)):
        subject = gettext("Your aiatlas invitation")
        # the number of days in its own plural message, so each language can say it
        validity = ngettext(
            "valid for %(days)d day, usable once", "valid for %(days)d days, usable once", days
        ) % {"days": days}
        body = gettext(
            "You have been invited to aiatlas as %(role)s.\n\n"
            "Open this link to choose your password (%(validity)s):\n"
            "%(url)s\n\nIf you did not expect this e-mail, ignore it."
        ) % {"role": Role(user.role).label, "validity": validity, "url": url}
    queue_message(
        to=user.email,
        subject=subject,
        body=body,
        language=user.language,
        kind="account.invitation",
        link=url,
        secret=url,
    )
    return url


def check_invitation(*, token: str) -> Invitation:
    """The invitation behind a link, or :class:`LinkInvalid` saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=hash_secret(token)).first()
    )
    if invitation is None:
        raise LinkInvalid("This invitation link is not valid.", reason="unknown")
    if invitation.used_at is not None:
        raise LinkInvalid("This invitation link has been used already.", reason="used")
    if invitation.expires_at <= timezone.now():
        raise LinkInvalid("This invitation link has expired.", reason="expired")
    return invitation


def accept_invitation(
    *, token: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Set the invited user's password; the link (and any older one) is used up."""
    with transaction.atomic():
        invitation = check_invitation(token=token)
        # lock the row so that two simultaneous clicks cannot both succeed
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.used_at is not None:
            raise LinkInvalid("This invitation link has been used already.", reason="used")
        user = locked.user
        if len(first_name) > 150 or len(last_name) > 150:
            raise InvalidValue("names are at most 150 characters long")
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidValue(" ".join(exc.messages)) from None
        now = timezone.now()
        Invitation.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        user.set_password(password)
        user.first_name = first_name or user.first_name
        user.last_name = last_name or user.last_name
        user.is_active = True
        user.save()
    return user


def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new API token; the secret is returned once and only its hash is stored."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidValue("a token needs a name of 1 to 100 characters")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=secret[:12], token_hash=hash_secret(secret)
        )
    return token, secret


def revoke_api_token(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens (administrators may revoke anyone's)."""
    with transaction.atomic():
        tokens = ApiToken.objects.select_for_update()
        if not allowed(user, "accounts.revoke_any_token"):
            tokens = tokens.filter(user=user)
        token = tokens.filter(pk=token_id).first()
        if token is None:
            raise TokenNotFound("no such token")
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def authenticate_api_token(*, secret: str) -> User | None:
    """The active user behind a token, or None (unknown, revoked, inactive user)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_secret(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


#: the demo database's accounts: (e-mail, role, organizations)
DEMO_ACCOUNTS: list[tuple[str, str, list[str]]] = [
    ("admin@demo.aiatlas.org", Role.ADMIN, []),
    ("reviewer@demo.aiatlas.org", Role.REVIEWER, []),
    ("focal.who@demo.aiatlas.org", Role.FOCAL_POINT, ["WHO"]),
    ("focal.fao@demo.aiatlas.org", Role.FOCAL_POINT, ["FAO"]),
    ("approver.fao@demo.aiatlas.org", Role.ENTITY_APPROVER, ["FAO"]),
]


def reset_demo_accounts() -> list[tuple[str, str, str]]:
    """(Re)create the demo accounts with fresh random passwords; returns (e-mail, role,
    password) to print. Only for a demo database: the caller checks that it is one."""
    made: list[tuple[str, str, str]] = []
    with transaction.atomic():
        for email, role, orgs in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=password, role=role)
            else:
                user.role = role
                user.is_active = True
                user.set_password(password)
                user.save()
            user.organizations.set(_organizations(orgs))
            made.append((email, str(Role(role).label), password))
    return made
