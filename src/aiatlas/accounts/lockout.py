"""Sign-in throttling: a short delay that grows with each wrong password, per account and
per address.

django-axes records every failed sign-in (one row per account, address and browser, kept
for :data:`WINDOW`; a successful sign-in clears that account's rows from that address).
This module reads those rows before a password is checked:

* **per account** — after :data:`ACCOUNT_LIMIT` failures for one e-mail address, from
  any number of addresses, the account waits 1 minute, then 2, 4, 8 … (at most
  :data:`ACCOUNT_MAX_DELAY`) after its latest failure;
* **per address** — after :data:`ADDRESS_LIMIT` failures from one address (over all
  accounts, those not followed by a successful sign-in), that address waits 1 minute,
  doubling every :data:`ADDRESS_STEP` further failures (at most :data:`ADDRESS_MAX_DELAY`).
  The limit is high, so an office behind one proxy is not locked out by a few typos.

:class:`LockoutBackend` comes first in ``AUTHENTICATION_BACKENDS``: a refused attempt
raises ``PermissionDenied`` (Django then tries no other backend) and is recorded too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone

WINDOW = timedelta(hours=24)
ACCOUNT_LIMIT = 5
ACCOUNT_MAX_DELAY = timedelta(hours=1)
ADDRESS_LIMIT = 30
ADDRESS_STEP = 10
ADDRESS_MAX_DELAY = timedelta(minutes=15)


@dataclass(frozen=True)
class Lock:
    scope: str  # "account" or "address"
    until: datetime

    @property
    def minutes(self) -> int:
        seconds = (self.until - timezone.now()).total_seconds()
        return max(1, int(-(-seconds // 60)))


def normalize_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The e-mail address as axes stores it: trimmed and lower-case (``AXES_USERNAME_CALLABLE``),
    so ``Ada@Example.org`` and ``ada@example.org`` count as one account."""
    raw: Any = None
    if credentials:
        raw = credentials.get("username")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get("username")
    return str(raw or "").strip().lower()[:254]


def client_address(request: HttpRequest) -> str:
    """The client's address as axes records it: the connection's (behind the trusted proxy
    of ``AIATLAS_TRUSTED_PROXY``, waitress has put the client's address there)."""
    from axes.helpers import get_client_ip_address

    return str(get_client_ip_address(request) or "")


def _delay(failures: int, limit: int, step: int, cap: timedelta) -> timedelta | None:
    if failures < limit:
        return None
    exponent = min((failures - limit) // step, 20)
    return min(timedelta(minutes=2**exponent), cap)


def _lock(scope: str, rows: Any, limit: int, step: int, cap: timedelta) -> Lock | None:
    stats = rows.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    delay = _delay(int(stats["failures"] or 0), limit, step, cap)
    if delay is None or stats["last"] is None:
        return None
    until = stats["last"] + delay
    return Lock(scope, until) if until > timezone.now() else None


def current_lock(*, username: str, address: str) -> Lock | None:
    """The lock that refuses a sign-in for ``username`` from ``address`` now, if any."""
    from axes.models import AccessAttempt

    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - WINDOW)
    if username:
        lock = _lock(
            "account", recent.filter(username=username), ACCOUNT_LIMIT, 1, ACCOUNT_MAX_DELAY
        )
        if lock:
            return lock
    if address:
        return _lock(
            "address",
            recent.filter(ip_address=address),
            ADDRESS_LIMIT,
            ADDRESS_STEP,
            ADDRESS_MAX_DELAY,
        )
    return None


class LockoutBackend:
    """Refuses to check any password while the account or the address must wait."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if request is None:  # a sign-in outside a request (shell, tests): nothing to throttle
            return None
        lock = current_lock(
            username=normalize_username(None, credentials), address=client_address(request)
        )
        if lock is not None:
            request.aiatlas_lock = lock  # type: ignore[attr-defined]
            raise PermissionDenied(f"sign-in locked for this {lock.scope}")
        return None

    # no get_user(): this backend never signs anyone in, so Django (and force_login) skip it
