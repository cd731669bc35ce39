"""Credentials never reach a log: an attack run with bad tokens, wrong passwords, forged
cookies and odd Authorization headers, then a grep of everything the configured handler
wrote."""

from __future__ import annotations

import base64
import io
import logging

import pytest
from django.test import Client

from aiatlas.accounts.models import Role, User
from aiatlas.common.logging import REDACTED, RedactSecrets, redact

SECRETS = [
    "aia_S3cretTokenValue0123456789",
    "hunter2-Wrong-Password",
    "c2VjcmV0LXVzZXI6c2VjcmV0LXBhc3M",  # what a Basic header carries
    "forged-session-id-0099",
    "digest-response-5f2b",
    "odd-raw-header-value-77",
    "negotiate-blob-0xdead",
]


@pytest.fixture
def log_text(settings):
    """Everything the console handler of settings.LOGGING writes during the test."""
    root = logging.getLogger()
    handlers = [h for h in root.handlers if any(isinstance(f, RedactSecrets) for f in h.filters)]
    assert handlers, "the console handler of LOGGING carries the redaction filter"
    stream = io.StringIO()
    old = [h.setStream(stream) for h in handlers]
    for name in ("django", "django.request", "django.server", "axes", "aiatlas"):
        logging.getLogger(name).setLevel(logging.INFO)
    settings.DEBUG = True  # django-ninja logs an unexpected Authorization header in DEBUG
    yield stream
    for handler, previous in zip(handlers, old, strict=True):
        handler.setStream(previous)


@pytest.mark.django_db
def test_an_attack_run_leaves_no_credential_in_the_log(log_text):
    User.objects.create_user(email="focal@example.org", password="right password 42 x")
    User.objects.filter(email="focal@example.org").update(role=Role.FOCAL_POINT)
    basic = base64.b64encode(b"secret-user:secret-pass").decode()
    assert basic.startswith(SECRETS[2])
    headers = [
        f"Bearer {SECRETS[0]}",
        f"Basic {basic}",
        f"Token {SECRETS[0]}",
        f'Digest username="x", response="{SECRETS[4]}"',
        SECRETS[5],
        f"Negotiate {SECRETS[6]}",
        f"bearer{SECRETS[0]}",
    ]
    for value in headers:
        client = Client(headers={"authorization": value})
        for path in ("/api/v1/submissions", "/api/v1/submissions/1"):
            assert client.get(path).status_code in (401, 403, 404)
        client.post("/api/v1/submissions", data="{}", content_type="application/json")
    forged = Client(headers={"cookie": f"sessionid={SECRETS[3]}; csrftoken={SECRETS[3]}"})
    forged.get("/api/v1/submissions")
    for _ in range(3):
        Client().post(
            "/en/account/login/", {"username": "focal@example.org", "password": SECRETS[1]}
        )
    # what code of ours or a library might write, in the usual renderings
    log = logging.getLogger("aiatlas")
    log.warning("login failed: password=%s", SECRETS[1])
    log.warning("request META %r", {"HTTP_AUTHORIZATION": f"Basic {basic}"})
    log.warning("headers: Authorization: %s", SECRETS[5])
    log.warning("Cookie: sessionid=%s; csrftoken=abc", SECRETS[3])
    log.warning('body {"password": "%s", "token": "%s"}', SECRETS[1], SECRETS[0])
    try:
        raise ValueError(f"bad token {SECRETS[0]} for Bearer {SECRETS[0]}")
    except ValueError:
        log.exception("while checking")
    text = log_text.getvalue()
    assert "Unauthorized" in text and "Unexpected auth" in text  # the attack was logged …
    assert REDACTED in text
    for secret in SECRETS:  # … without one credential
        assert secret not in text, (secret, text)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Unauthorized: /api/v1/submissions", "Unauthorized: /api/v1/submissions"),
        ("GET /en/activities/?q=password+reset 200", "GET /en/activities/?q=password+reset 200"),
        ("password=abc&next=/x", f"password={REDACTED}&next=/x"),
        ("Authorization: Basic Zm9vOmJhcg==", f"Authorization: {REDACTED}"),
        ("'HTTP_COOKIE': 'sessionid=x; a=b'", f"'HTTP_COOKIE': '{REDACTED}'"),
        ("token aia_abcdefgh1234 used", f"token {REDACTED} used"),
    ],
)
def test_redaction_keeps_ordinary_text(line, kept):
    assert redact(line) == kept
