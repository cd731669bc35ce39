"""Invitations: single-use, expiring links that set the password."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from aiatlas.accounts.exceptions import InvalidValue, UnknownOrganization, UserExists
from aiatlas.accounts.models import Invitation, Role, User
from aiatlas.accounts.services import add_user, invite_user

pytestmark = pytest.mark.django_db(transaction=True)  # invitations are mailed on commit
NEW = "a sturdy new passphrase 9"


def _path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_add_user_without_password_sends_an_invitation(org):
    added = add_user(email="fp@who.int", role=Role.FOCAL_POINT, organizations=["who"])
    assert added.invitation_url and "/account/invitation/" in added.invitation_url
    assert not added.user.has_usable_password()
    assert list(added.user.organizations.all()) == [org]
    assert len(mail.outbox) == 1 and added.invitation_url in mail.outbox[0].body
    # only the hash is stored
    secret = added.invitation_url.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash__contains=secret).exists()


def test_accepting_an_invitation_sets_password_and_signs_in(client, org):
    added = add_user(email="fp@who.int", role=Role.FOCAL_POINT, organizations=["WHO"])
    path = _path(added.invitation_url)
    page = client.get(path)
    assert page.status_code == 200 and b"fp@who.int" in page.content
    response = client.post(
        path, {"first_name": "Fatou", "last_name": "P", "password1": NEW, "password2": NEW}
    )
    assert response.status_code == 302
    user = User.objects.get(email="fp@who.int")
    assert user.check_password(NEW) and user.first_name == "Fatou"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_reused_invitation_link_shows_a_clear_error(client, org):
    added = add_user(email="fp@who.int", role=Role.FOCAL_POINT, organizations=["WHO"])
    path = _path(added.invitation_url)
    client.post(path, {"password1": NEW, "password2": NEW})
    client.logout()
    again = client.get(path)
    assert again.status_code == 410 and b"used already" in again.content
    post = client.post(
        path, {"password1": "other pass phrase 1", "password2": "other pass phrase 1"}
    )
    assert post.status_code == 410
    assert User.objects.get(email="fp@who.int").check_password(NEW)


def test_expired_invitation_link_shows_a_clear_error(client, org):
    added = add_user(email="fp@who.int", role=Role.FOCAL_POINT, organizations=["WHO"])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(_path(added.invitation_url))
    assert response.status_code == 410 and b"expired" in response.content


def test_unknown_invitation_link_is_404(client):
    response = client.get("/en/account/invitation/not-a-real-token/")
    assert response.status_code == 404 and b"not valid" in response.content


def test_new_invitation_replaces_nothing_until_one_is_accepted(client, org):
    added = add_user(email="fp@who.int", role=Role.FOCAL_POINT, organizations=["WHO"])
    second = invite_user(user=added.user)
    client.post(_path(second), {"password1": NEW, "password2": NEW})
    client.logout()
    # accepting one link uses up every outstanding one
    assert client.get(_path(added.invitation_url)).status_code == 410


def test_invitation_weak_or_mismatched_password_is_refused(client, org):
    added = add_user(email="fp@who.int", role=Role.FOCAL_POINT, organizations=["WHO"])
    path = _path(added.invitation_url)
    weak = client.post(path, {"password1": "123", "password2": "123"})
    assert weak.status_code == 200 and b"too short" in weak.content
    differ = client.post(path, {"password1": NEW, "password2": NEW + "x"})
    assert b"differ" in differ.content
    long_name = client.post(path, {"first_name": "x" * 151, "password1": NEW, "password2": NEW})
    assert long_name.status_code == 200
    assert not User.objects.get(email="fp@who.int").has_usable_password()
    assert client.get(path).status_code == 200  # still usable


def test_add_user_refuses_bad_values(org):
    with pytest.raises(InvalidValue, match="not a valid e-mail"):
        add_user(email="not-an-address", role=Role.REVIEWER)
    with pytest.raises(InvalidValue, match="at most 254"):
        add_user(email="a" * 260 + "@x.org", role=Role.REVIEWER)
    with pytest.raises(InvalidValue, match="unknown role"):
        add_user(email="a@x.org", role="king")
    with pytest.raises(InvalidValue, match="needs at least one"):
        add_user(email="a@x.org", role=Role.FOCAL_POINT)
    with pytest.raises(UnknownOrganization, match="NOPE"):
        add_user(email="a@x.org", role=Role.FOCAL_POINT, organizations=["NOPE"])
    with pytest.raises(InvalidValue, match="password"):
        add_user(email="a@x.org", role=Role.ADMIN, password="short")
    add_user(email="a@x.org", role=Role.ADMIN, password=NEW)
    with pytest.raises(UserExists):
        add_user(email="A@x.org", role=Role.ADMIN, password=NEW)
    assert User.objects.count() == 1


def test_add_user_invitation_in_the_users_language(org):
    added = add_user(
        email="fp@who.int", role=Role.FOCAL_POINT, organizations=["WHO"], language="fr"
    )
    assert added.user.language == "fr"
    assert added.invitation_url and "/fr/account/invitation/" in added.invitation_url
    (message,) = mail.outbox
    assert message.to == ["fp@who.int"] and added.invitation_url in message.body


def test_add_user_unknown_language_is_refused(org):
    with pytest.raises(InvalidValue, match="unknown language 'xx'"):
        add_user(email="fp@who.int", role=Role.FOCAL_POINT, organizations=["WHO"], language="xx")
    assert not User.objects.filter(email="fp@who.int").exists()
