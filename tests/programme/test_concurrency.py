"""Real races for seats (PostgreSQL only: SQLite serialises writers with its IMMEDIATE
transactions). Twenty people register at once for five seats: exactly five confirmed,
the queue has no gaps, cancellations promote in arrival order."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from aiatlas.programme.models import Registration
from aiatlas.programme.services.registration import cancel_registration, register
from aiatlas.programme.tokens import registration_token

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database for real races"
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(work, n: int) -> list[str]:
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_simultaneous_registrations_fill_the_seats_exactly(summit):
    summit.event.capacity = 5
    summit.event.save()
    outcomes = _race(
        lambda i: register(
            event_id=summit.event.pk, name=f"P{i}", email=f"p{i}@example.org", consent=True
        ),
        20,
    )
    assert outcomes == ["ok"] * 20
    regs = list(Registration.objects.order_by("sequence"))
    assert [r.sequence for r in regs] == list(range(1, 21))
    assert [r.status for r in regs] == ["confirmed"] * 5 + ["waitlisted"] * 15


def test_simultaneous_cancellations_promote_in_arrival_order(summit):
    summit.event.capacity = 5
    summit.event.save()
    regs = [
        register(event_id=summit.event.pk, name=f"P{i}", email=f"p{i}@example.org", consent=True)
        for i in range(12)
    ]
    outcomes = _race(lambda i: cancel_registration(token=registration_token(regs[i].pk)), 4)
    assert outcomes == ["ok"] * 4
    confirmed = list(
        Registration.objects.filter(status="confirmed")
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )
    assert confirmed == [5, 6, 7, 8, 9]


def test_simultaneous_double_cancel_cancels_once(summit):
    reg = register(event_id=summit.event.pk, name="P", email="p@example.org", consent=True)
    outcomes = _race(lambda i: cancel_registration(token=registration_token(reg.pk)), 6)
    assert sorted(outcomes) == ["AlreadyCancelled"] * 5 + ["ok"]
