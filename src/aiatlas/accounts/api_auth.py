"""API tokens for django-ninja: ``Authorization: Bearer aia_…``.

    from aiatlas.accounts.api_auth import TokenAuth
    api = NinjaAPI(auth=[TokenAuth(), django_auth])   # or per router / operation

A valid token makes ``request.auth`` (and ``request.user``) the token's user.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from aiatlas.accounts.models import User
from aiatlas.accounts.services import authenticate_api_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate_api_token(secret=token)
        if user is not None:
            request.user = user
        return user
