"""API tokens: shown once, stored hashed, revocable, accepted by django-ninja."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from aiatlas.accounts.api_auth import TokenAuth
from aiatlas.accounts.exceptions import InvalidValue, TokenNotFound
from aiatlas.accounts.models import ApiToken, Role
from aiatlas.accounts.services import create_api_token, revoke_api_token

pytestmark = pytest.mark.django_db

api = NinjaAPI(urls_namespace="token_test_api", auth=TokenAuth())


@api.get("/whoami")
def whoami(request):
    return {"email": request.auth.email, "user": request.user.email}


urlpatterns = [path("token-api/", api.urls)]


def _whoami(secret):
    return Client().get("/token-api/whoami", HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def api_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_token_authenticates_and_is_stored_hashed(api_urls, make_user):
    user = make_user()
    token, secret = create_api_token(user=user, name="nightly export")
    assert secret.startswith("aia_") and len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.prefix, token.token_hash} and secret.startswith(token.prefix)
    response = Client().get("/token-api/whoami", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json() == {"email": user.email, "user": user.email}
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header", ["", "Bearer ", "Bearer aia_wrong", "Token x", "Bearer " + "a" * 500]
)
def test_missing_or_wrong_token_is_401(api_urls, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert Client().get("/token-api/whoami", **extra).status_code == 401


def test_revoked_token_and_inactive_user_are_refused(api_urls, make_user):
    user = make_user()
    token, secret = create_api_token(user=user, name="x")
    revoke_api_token(user=user, token_id=token.pk)
    assert (
        Client().get("/token-api/whoami", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    )
    _, secret2 = create_api_token(user=user, name="y")
    user.is_active = False
    user.save()
    assert (
        Client().get("/token-api/whoami", HTTP_AUTHORIZATION=f"Bearer {secret2}").status_code == 401
    )


def test_only_the_owner_or_an_admin_revokes(make_user):
    owner = make_user("o@x.org")
    other = make_user("p@x.org")
    admin_user = make_user("a@x.org", Role.ADMIN)
    token, _ = create_api_token(user=owner, name="x")
    with pytest.raises(TokenNotFound):
        revoke_api_token(user=other, token_id=token.pk)
    assert revoke_api_token(user=admin_user, token_id=token.pk).revoked_at is not None


def test_token_name_is_required_and_bounded(make_user):
    user = make_user()
    for name in ["", "  ", "x" * 101]:
        with pytest.raises(InvalidValue):
            create_api_token(user=user, name=name)
    assert not ApiToken.objects.exists()


def test_token_page_shows_the_secret_once(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post("/en/account/tokens/", {"name": "<b>script</b>"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = re.search(rb'id="new-token">([^<]+)<', response.content).group(1).decode()
    assert b"&lt;b&gt;script&lt;/b&gt;" in response.content
    again = client.get("/en/account/tokens/")
    assert secret.encode() not in again.content
    assert ApiToken.objects.get().prefix.encode() in again.content
    # revoke from the page
    token = ApiToken.objects.get()
    assert client.get(f"/en/account/tokens/{token.pk}/revoke/").status_code == 405
    client.post(f"/en/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_page_refuses_over_long_name(client, make_user):
    client.force_login(make_user())
    response = client.post("/en/account/tokens/", {"name": "x" * 101})
    assert response.status_code == 200 and b"new-token" not in response.content
    assert not ApiToken.objects.exists()


def test_cannot_revoke_another_users_token_from_the_page(client, make_user):
    owner = make_user("o@x.org")
    token, _ = create_api_token(user=owner, name="x")
    client.force_login(make_user("p@x.org"))
    client.post(f"/en/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is None
