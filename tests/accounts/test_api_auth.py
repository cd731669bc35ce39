"""The API answers 401 to a request with neither token nor session, and holds only a
signed-in session to the CSRF check."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from aiatlas.accounts.services import create_api_token

pytestmark = pytest.mark.django_db
BODY = json.dumps({"title": "x"})


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/submissions"),
        ("put", "/api/v1/submissions/1"),
        ("post", "/api/v1/submissions/1/submit"),
        ("get", "/api/v1/submissions"),
    ],
)
def test_api_unauthenticated_write_is_401_not_a_csrf_failure(method, path):
    client = Client(enforce_csrf_checks=True)
    if method == "get":
        response = client.get(path)
    else:
        response = getattr(client, method)(path, BODY, content_type="application/json")
    assert response.status_code == 401
    assert "CSRF" not in response.content.decode()


def test_api_signed_in_session_without_csrf_token_is_403(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())
    response = client.post("/api/v1/submissions", BODY, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()  # refused by the CSRF check, not a rule
    from aiatlas.submissions.models import Submission

    assert not Submission.objects.exists()


def test_api_token_needs_no_csrf_token(make_user):
    _token, secret = create_api_token(user=make_user(), name="script")
    client = Client(enforce_csrf_checks=True)
    response = client.get("/api/v1/submissions", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json() == []  # the token's user, who has no submission yet
