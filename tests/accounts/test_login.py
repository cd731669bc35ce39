"""Login, logout, session fixation, CSRF, lockout, password reset."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from aiatlas.accounts.models import Role
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/en/account/login/"


def test_login_with_email_and_password_signs_in(client, make_user):
    user = make_user()
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/account/"
    page = client.get("/en/account/")
    assert page.status_code == 200 and b"user@example.org" in page.content


def test_login_wrong_password_shows_form_error(client, make_user):
    make_user()
    response = client.post(LOGIN, {"username": "user@example.org", "password": "nope"})
    assert response.status_code == 200
    assert b"correct" in response.content  # "Please enter a correct e-mail address and password"


def test_login_cycles_session_key_against_fixation(client, make_user):
    user = make_user()
    client.get(LOGIN)
    session = client.session
    session["planted"] = "by attacker"
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    after = client.cookies["sessionid"].value
    assert after and after != before


def test_logout_needs_post(client, make_user):
    user = make_user()
    client.force_login(user)
    assert client.get("/en/account/logout/").status_code == 405
    response = client.post("/en/account/logout/")
    assert response.status_code == 302
    assert client.get("/en/account/").status_code == 302  # signed out: back to login


def test_post_without_csrf_token_is_rejected(make_user):
    user = make_user()
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 403
    csrf_client.force_login(user)
    assert csrf_client.post("/en/account/tokens/", {"name": "x"}).status_code == 403
    assert csrf_client.post("/en/account/logout/").status_code == 403
    assert not user.api_tokens.exists()


def test_post_with_csrf_token_is_accepted(make_user):
    user = make_user()
    csrf_client = Client(enforce_csrf_checks=True)
    page = csrf_client.get(LOGIN)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    response = csrf_client.post(
        LOGIN, {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token.decode()}
    )
    assert response.status_code == 302


def test_ten_wrong_passwords_lock_the_account_with_a_clear_message(client, make_user):
    user = make_user()
    statuses = []
    for _ in range(10):
        response = client.post(LOGIN, {"username": user.email, "password": "wrong"})
        statuses.append(response.status_code)
    assert 500 not in statuses
    assert statuses[:4] == [200] * 4 and statuses[-1] == 429
    assert b"Too many failed sign-in attempts" in response.content
    # even the right password is refused while locked
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_over_long_email_is_refused(client):
    response = client.post(LOGIN, {"username": "a" * 300 + "@example.org", "password": "x"})
    assert response.status_code == 200
    assert b"at most 254" in response.content


def test_password_reset_link_works_once(client, make_user):
    user = make_user()
    response = client.post("/en/account/password-reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200 and b"new_password1" in response.content
    set_url = response.redirect_chain[-1][0]
    new = "another long passphrase 77"
    response = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # used: the same link is refused with a clear page
    again = client.get(link, follow=True)
    assert again.status_code == 200
    assert b"expired or has been used already" in again.content


def test_password_reset_expired_link_is_refused(client, make_user, settings):
    user = make_user()
    client.post("/en/account/password-reset/", {"email": user.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    settings.PASSWORD_RESET_TIMEOUT = -1
    response = client.get(link, follow=True)
    assert b"expired or has been used already" in response.content


def test_html_in_names_is_escaped(client, make_user):
    user = make_user(first_name="<script>alert(1)</script>", role=Role.REVIEWER)
    client.force_login(user)
    page = client.get("/en/account/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
