"""Authentication of the API (django-ninja): ``Authorization: Bearer aia_…`` or the
browser's session.

    from aiatlas.accounts.api_auth import SessionAuth, TokenAuth
    router = Router(auth=[TokenAuth(), SessionAuth()])

A valid token makes ``request.auth`` (and ``request.user``) the token's user. A request
with neither gets 401; only a signed-in session is held to the CSRF check (403), so an
anonymous write is told to authenticate, not that its CSRF token is missing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from aiatlas.accounts.models import User
from aiatlas.accounts.services import authenticate_api_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate_api_token(secret=token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The Django session (signed-in browser); CSRF is checked for signed-in users only."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # -> 401 (or the next method): nothing to protect with CSRF
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


session_auth = SessionAuth()
