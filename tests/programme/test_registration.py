"""Registration with a waiting list: seats, queue order, cancellation and promotion."""

from __future__ import annotations

import pytest
from django.core import signing

from aiatlas.accounts.models import OutboxMessage
from aiatlas.programme.exceptions import (
    AlreadyCancelled,
    AlreadyRegistered,
    BadToken,
    InvalidInput,
    RegistrationClosed,
)
from aiatlas.programme.models import Registration
from aiatlas.programme.services.registration import cancel_registration, register, set_capacity
from aiatlas.programme.tokens import registration_token


def _reg(event, i, **kw):
    return register(
        event_id=event.pk, name=f"Person {i}", email=f"p{i}@example.org", consent=True, **kw
    )


def test_register_confirms_while_seats_remain_then_waitlists_in_order(
    summit, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        regs = [_reg(summit.event, i) for i in range(5)]
    assert [r.status for r in regs] == ["confirmed"] * 2 + ["waitlisted"] * 3
    assert [r.sequence for r in regs] == [1, 2, 3, 4, 5]
    assert len(mailoutbox) == 5 and all(len(m.to) == 1 for m in mailoutbox)  # one each
    assert "waiting list" in mailoutbox[2].subject.lower()
    kinds = list(
        OutboxMessage.objects.filter(kind__startswith="programme.registration")
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert (
        kinds
        == ["programme.registration_confirmed"] * 2 + ["programme.registration_waitlisted"] * 3
    )


def test_cancel_promotes_the_next_person_and_tells_them(
    summit, django_capture_on_commit_callbacks, mailoutbox
):
    regs = [_reg(summit.event, i) for i in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        cancelled, promoted = cancel_registration(token=registration_token(regs[0].pk))
    assert cancelled.status == "cancelled"
    assert [p.pk for p in promoted] == [regs[2].pk]
    regs[3].refresh_from_db()
    assert regs[3].status == "waitlisted"
    [mail] = OutboxMessage.objects.filter(kind="programme.registration_promoted")
    assert mail.to == "p2@example.org" and "seat" in mail.subject.lower()
    # delivered with the personal link; the outbox keeps the message without it
    [sent] = [m for m in mailoutbox if m.subject == mail.subject]
    assert "/en/programme/registrations/" in sent.body
    assert "/registrations/" not in mail.body and "personal link removed" in mail.body
    assert mail.topic == f"programme-registration-{regs[2].pk}"


def test_cancel_of_a_waitlisted_place_promotes_nobody(summit):
    regs = [_reg(summit.event, i) for i in range(3)]
    _done, promoted = cancel_registration(token=registration_token(regs[2].pk))
    assert promoted == []
    assert Registration.objects.filter(status="confirmed").count() == 2


def test_cancel_twice_is_a_clear_error(summit):
    reg = _reg(summit.event, 1)
    cancel_registration(token=registration_token(reg.pk))
    with pytest.raises(AlreadyCancelled):
        cancel_registration(token=registration_token(reg.pk))


@pytest.mark.parametrize("token", ["", "1", "abc:def", signing.dumps(1, salt="other"), "x" * 500])
def test_cancel_with_a_bad_token_is_refused(summit, token):
    reg = _reg(summit.event, 1)
    with pytest.raises(BadToken):
        cancel_registration(token=token)
    reg.refresh_from_db()
    assert reg.status == "confirmed"


def test_register_twice_with_one_email_is_refused(summit):
    _reg(summit.event, 1)
    with pytest.raises(AlreadyRegistered):
        register(event_id=summit.event.pk, name="Again", email="P1@Example.org ", consent=True)
    assert Registration.objects.count() == 1


def test_register_again_after_cancelling_joins_the_end_of_the_queue(summit):
    regs = [_reg(summit.event, i) for i in range(3)]
    cancel_registration(token=registration_token(regs[0].pk))
    again = _reg(summit.event, 0)
    assert again.status == "waitlisted" and again.sequence == 4


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "", "email": "a@example.org", "consent": True}, "name"),
        ({"name": "A", "email": "not an address", "consent": True}, "email"),
        ({"name": "A", "email": "a@example.org", "consent": False}, "consent"),
        ({"name": "A", "email": "a@example.org", "consent": True, "mode": "x"}, "mode"),
        (
            {"name": "A", "email": "a@example.org", "consent": True, "country_code": "ZZZ"},
            "country",
        ),
    ],
)
def test_register_with_bad_input_names_the_field(summit, fields, field):
    with pytest.raises(InvalidInput) as caught:
        register(event_id=summit.event.pk, **fields)
    assert field in [f for f, _m in caught.value.problems]
    assert not Registration.objects.exists()


def test_online_places_are_counted_apart_from_seats(summit):
    summit.event.online_capacity = 1
    summit.event.save()
    first = [_reg(summit.event, i) for i in range(2)]
    online = [_reg(summit.event, i, mode="online") for i in range(10, 12)]
    assert [r.status for r in first] == ["confirmed", "confirmed"]
    assert [r.status for r in online] == ["confirmed", "waitlisted"]


def test_more_seats_promote_from_the_waiting_list(summit):
    regs = [_reg(summit.event, i) for i in range(5)]
    promoted = set_capacity(event_id=summit.event.pk, capacity=4)
    assert [p.pk for p in promoted] == [regs[2].pk, regs[3].pk]


def test_register_for_a_closed_event_is_refused(summit):
    summit.event.registration_open = False
    summit.event.save()
    with pytest.raises(RegistrationClosed):
        _reg(summit.event, 1)


def test_register_for_a_session_uses_its_room_capacity(summit):
    session = summit.sessions["panel"]
    session.room = summit.rooms["Room B"]  # one seat
    session.takes_registrations = True
    session.save()
    a = _reg(summit.event, 1, session_id=session.pk)
    b = _reg(summit.event, 2, session_id=session.pk)
    assert (a.status, b.status) == ("confirmed", "waitlisted")
    # the event's own seats are not touched
    assert _reg(summit.event, 1).status == "confirmed"


def test_registration_mail_is_in_the_page_language_and_reworded_by_the_team(summit):
    from django.utils import translation

    from aiatlas.accounts.models import MessageTemplate

    MessageTemplate.objects.create(
        kind="programme.registration_waitlisted", language="en",
        subject="Waiting: {event}", body="Hello {name}, you wait for {event}. {link}",
    )  # fmt: skip
    _reg(summit.event, 1)
    _reg(summit.event, 2)
    with translation.override("fr"):
        _reg(summit.event, 3)  # full: waits, told in French
    _reg(summit.event, 4)  # in English, with the team's words
    french, english = OutboxMessage.objects.filter(
        kind="programme.registration_waitlisted"
    ).order_by("pk")
    assert french.language == "fr" and "/fr/programme/registrations/" in french.body
    assert english.subject == "Waiting: AI for Good Global Summit 2031"
    assert english.body.startswith("Hello Person 4, you wait for AI for Good Global Summit 2031.")
    assert "/en/programme/registrations/" in english.body
