"""Sign-in throttling: per account across addresses, per address with a high limit, a
short delay that grows, and no lock-out of a whole office behind one proxy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from aiatlas.accounts.lockout import ADDRESS_LIMIT, current_lock
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/en/account/login/"


def _sign_in(client, email, password, address):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def _age_failures(minutes):
    """Move every recorded failure ``minutes`` into the past (the clock, without waiting)."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_lockout_per_account_counts_guesses_from_every_address(client, make_user):
    user = make_user()
    statuses = [
        _sign_in(client, user.email, "wrong", f"10.0.0.{n + 1}").status_code for n in range(8)
    ]
    assert statuses == [200] * 5 + [429] * 3  # the 6th guess already waits
    response = _sign_in(client, user.email, PASSWORD, "10.0.0.9")
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert b"Try again in 8 minutes" in response.content
    assert "_auth_user_id" not in client.session


def test_lockout_account_is_named_case_insensitively(client, make_user):
    user = make_user()
    for n in range(5):
        _sign_in(client, user.email.upper() if n % 2 else user.email, "wrong", f"10.0.1.{n}")
    assert AccessAttempt.objects.values("username").distinct().count() == 1
    assert _sign_in(client, user.email.title(), PASSWORD, "10.0.1.99").status_code == 429


def test_lockout_delay_is_short_and_grows_with_each_failure(client, make_user):
    user = make_user()
    for _ in range(5):
        _sign_in(client, user.email, "wrong", "10.0.2.1")
    lock = current_lock(username=user.email, address="10.0.2.1")
    assert lock is not None and lock.scope == "account" and lock.minutes == 1
    _age_failures(2)  # the one-minute pause has passed: the right password works
    assert _sign_in(client, user.email, PASSWORD, "10.0.2.1").status_code == 302


def test_lockout_delay_doubles_after_a_further_failure(client, make_user):
    user = make_user()
    for _ in range(5):
        _sign_in(client, user.email, "wrong", "10.0.3.1")
    _age_failures(2)
    assert _sign_in(client, user.email, "wrong again", "10.0.3.1").status_code == 200
    assert current_lock(username=user.email, address="").minutes == 2
    _age_failures(3)
    assert current_lock(username=user.email, address="") is None


def test_lockout_office_proxy_with_many_users_is_not_blocked_for_everyone(client, make_user):
    office = "192.0.2.10"
    victim = make_user(email="victim@example.org")
    colleagues = [make_user(email=f"colleague{n}@example.org") for n in range(12)]
    for _ in range(8):  # someone in the office guesses the victim's password
        _sign_in(client, victim.email, "guess", office)
    for colleague in colleagues:  # everyone else mistypes once, then signs in
        assert _sign_in(client, colleague.email, "typo", office).status_code == 200
        response = _sign_in(client, colleague.email, PASSWORD, office)
        assert response.status_code == 302, colleague.email
        client.post("/en/account/logout/")
    assert _sign_in(client, victim.email, PASSWORD, office).status_code == 429


def test_lockout_per_address_stops_password_spraying(client, make_user):
    users = [make_user(email=f"u{n}@example.org") for n in range(ADDRESS_LIMIT)]
    for user in users:  # one wrong password for each of many accounts, from one address
        assert _sign_in(client, user.email, "Summer2026!", "198.51.100.7").status_code == 200
    other = make_user(email="other@example.org")
    response = _sign_in(client, other.email, PASSWORD, "198.51.100.7")
    assert response.status_code == 429 and b"from this address" in response.content
    # the same account from another address is fine: the account itself is not locked
    assert _sign_in(client, other.email, PASSWORD, "198.51.100.8").status_code == 302


def test_lockout_success_clears_that_address_only(client, make_user):
    user = make_user()
    for n in range(3):
        _sign_in(client, user.email, "wrong", "10.0.4.1")
    _sign_in(client, user.email, "wrong", "10.0.4.2")
    assert _sign_in(client, user.email, PASSWORD, "10.0.4.1").status_code == 302
    remaining = AccessAttempt.objects.get()
    assert remaining.ip_address == "10.0.4.2" and remaining.failures_since_start == 1


def test_lockout_counts_the_client_address_waitress_gives_behind_the_trusted_proxy(
    make_user, settings, monkeypatch
):
    """``aiatlas serve`` hands the trusted proxy's headers to waitress, which puts the
    client's address in REMOTE_ADDR (and drops the headers of any other peer)."""
    import waitress

    from aiatlas.web.server import serve

    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append(kw))
    settings.AIATLAS_TRUSTED_PROXY = "127.0.0.1"
    serve("127.0.0.1", 8999)
    assert calls[-1]["trusted_proxy"] == "127.0.0.1"
    assert calls[-1]["trusted_proxy_headers"] == "x-forwarded-for x-forwarded-proto"
    settings.AIATLAS_TRUSTED_PROXY = ""
    serve("127.0.0.1", 8999)
    assert "trusted_proxy" not in calls[-1]
