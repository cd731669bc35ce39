"""Absolute links come from the configured public site URL, else (development) the
request's host."""

from __future__ import annotations

from django.test import RequestFactory, override_settings

from aiatlas.common.links import absolute_url, site_url


@override_settings(SITE_URL="https://atlas.example.org/")
def test_absolute_url_uses_the_configured_site_url():
    request = RequestFactory().get("/", HTTP_HOST="evil.example")
    assert absolute_url("/en/editions/2024/") == "https://atlas.example.org/en/editions/2024/"
    assert absolute_url("en/x/", request) == "https://atlas.example.org/en/x/"
    assert absolute_url("https://other.example/a") == "https://other.example/a"


@override_settings(SITE_URL="")
def test_absolute_url_without_site_url_falls_back_to_the_request_host():
    request = RequestFactory().get("/", HTTP_HOST="localhost:8000")
    assert site_url(request) == "http://localhost:8000"
    assert absolute_url("/en/", request) == "http://localhost:8000/en/"


def test_no_absolute_link_is_built_from_the_request_outside_the_helper():
    from pathlib import Path

    import aiatlas

    root = Path(aiatlas.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.name != "links.py" or p.parent.name != "common"
        if "build_absolute_uri" in p.read_text("utf-8") or "SITE_URL.rstrip" in p.read_text("utf-8")
    ]
    assert offenders == []


@override_settings(SITE_URL="https://atlas.example.org")
def test_password_reset_link_uses_the_site_url_not_the_host_header(client, django_user_model):
    from django.core import mail

    django_user_model.objects.create_user(email="a@example.org", password="x" * 20)
    client.post("/en/account/password-reset/", {"email": "a@example.org"}, HTTP_HOST="localhost")
    (message,) = mail.outbox
    assert "https://atlas.example.org/en/account/" in message.body
    assert "localhost" not in message.body
