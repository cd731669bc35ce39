"""Password forms: Django's validators on every one; changing the password ends the
user's other sessions and keeps this one."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
CHANGE = "/en/account/password/"
NEW = "a different long passphrase 93"


def _signed_in(user):
    browser = Client()
    assert (
        browser.post(
            "/en/account/login/", {"username": user.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    return browser


def test_password_change_ends_other_sessions_and_keeps_this_one(make_user):
    user = make_user()
    laptop, phone = _signed_in(user), _signed_in(user)
    response = laptop.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == "/en/account/"
    assert laptop.get("/en/account/").status_code == 200  # still signed in here
    assert phone.get("/en/account/").status_code == 302  # signed out elsewhere
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_password_reset_ends_every_session(client, make_user):
    user = make_user()
    phone = _signed_in(user)
    client.post("/en/account/password-reset/", {"email": user.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    assert client.post(set_url, {"new_password1": NEW, "new_password2": NEW}).status_code == 302
    assert phone.get("/en/account/").status_code == 302


def test_password_reset_link_uses_the_site_url_not_the_host_header(client, make_user):
    user = make_user()
    client.post("/en/account/password-reset/", {"email": user.email}, HTTP_HOST="localhost")
    assert "http://127.0.0.1:8000/en/account/password-reset/" in mail.outbox[0].body


@pytest.mark.parametrize("weak", ["password", "12345678901", "short", "user@example.org"])
def test_password_change_refuses_weak_passwords(make_user, weak):
    user = make_user()
    browser = _signed_in(user)
    response = browser.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
    )
    assert response.status_code == 200 and b"errorlist" in response.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_refuses_weak_passwords(client, make_user):
    user = make_user()
    client.post("/en/account/password-reset/", {"email": user.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "password", "new_password2": "password"})
    assert response.status_code == 200 and b"too common" in response.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_needs_the_old_password_and_a_session(client, make_user):
    user = make_user()
    assert client.get(CHANGE).status_code == 302  # signed out: to the login page
    browser = _signed_in(user)
    response = browser.post(
        CHANGE, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
