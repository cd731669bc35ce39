"""Pages of the call, review, editor, check-in, widget and figures: permissions and bad
input answer clearly (never a 500)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from aiatlas.accounts.models import User
from aiatlas.programme.services import calls
from aiatlas.programme.services.registration import register
from aiatlas.programme.tokens import check_in_code


@pytest.fixture
def team(db: None) -> User:
    return User.objects.create_superuser("team@example.org", "x" * 20)


def test_embed_may_be_framed_and_other_pages_may_not(client: Any, summit: Any) -> None:
    embed = client.get(f"/en/programme/events/{summit.event.slug}/embed/")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    assert b"Opening keynote" in embed.content
    page = client.get(f"/en/programme/events/{summit.event.slug}/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_editor_and_check_in_are_for_the_team_only(client: Any, summit: Any, team: User) -> None:
    User.objects.create_user("x@example.org", "x" * 20)
    client.force_login(User.objects.get(email="x@example.org"))
    slug = summit.event.slug
    assert client.get(f"/en/programme/events/{slug}/schedule/edit/").status_code == 404
    assert client.get(f"/en/programme/events/{slug}/check-in/").status_code == 404
    client.force_login(User.objects.get(email="team@example.org"))
    assert client.get(f"/en/programme/events/{slug}/schedule/edit/").status_code == 200


def test_placing_with_half_a_slot_or_end_before_start_is_a_400(
    client: Any, summit: Any, team: User
) -> None:
    client.force_login(User.objects.get(email="team@example.org"))
    pk = summit.sessions["panel"].pk
    url = f"/en/programme/events/{summit.event.slug}/schedule/place/{pk}/"
    assert client.post(url, {"day": "2031-03-29", "start": "10:00"}).status_code == 400
    bad = client.post(url, {"day": "2031-03-29", "start": "10:00", "end": "09:00"})
    assert bad.status_code == 400 and b"end after it starts" in bad.content
    ok = client.post(
        url,
        {"room": summit.rooms["Room B"].pk, "day": "2031-03-30", "start": "10:00", "end": "11:00"},
    )
    assert ok.status_code == 302
    summit.sessions["panel"].refresh_from_db()
    # 10:00 in Geneva on the first day of summer time is 08:00 UTC
    assert summit.sessions["panel"].starts_at.isoformat() == "2031-03-30T08:00:00+00:00"


def test_check_in_refuses_bad_and_second_codes(client: Any, summit: Any, team: User) -> None:
    client.force_login(User.objects.get(email="team@example.org"))
    url = f"/en/programme/events/{summit.event.slug}/check-in/"
    assert client.post(url, {"code": "forged"}).status_code == 404
    reg = register(event_id=summit.event.pk, name="Ada", email="ada@example.org", consent=True)
    first = client.post(url, {"code": check_in_code(reg.pk)})
    assert first.status_code == 200 and b"is checked in" in first.content
    again = client.post(url, {"code": check_in_code(reg.pk)})
    assert again.status_code == 409 and b"already checked in" in again.content


def test_figures_page_and_api_agree_and_refuse_unknown_years(client: Any, summit: Any) -> None:
    register(
        event_id=summit.event.pk,
        name="Ada",
        email="ada@example.org",
        consent=True,
        country_code="KEN",
        mode="online",
    )
    page = client.get("/en/programme/ai-for-good/figures/?year=2031")
    assert page.status_code == 200
    data = client.get("/api/v1/programme/programmes/ai-for-good/figures?year=2031").json()
    assert data["sessions"] == 3 and data["speakers"] == 3 and data["countries"] == 1
    assert data["participants_online"] == 1 and data["sdgs"] == [3]  # 13 is only suggested
    assert f'data-figure="sessions">{data["sessions"]}<'.encode() in page.content
    assert client.get("/en/programme/ai-for-good/figures/?year=1999").status_code == 400
    assert client.get("/en/programme/ai-for-good/figures/?year=abc").status_code == 400
    api = client.get("/api/v1/programme/programmes/ai-for-good/figures?year=1999")
    assert api.status_code == 404


def test_call_page_submits_for_a_signed_in_speaker_and_bad_tokens_are_404(
    client: Any, summit: Any, team: User
) -> None:
    calls.open_call(
        user=team,
        event_id=summit.event.pk,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=None,
    )
    url = f"/en/programme/events/{summit.event.slug}/call/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "x", "type": "talk"}).status_code == 302  # sign in
    User.objects.create_user("ada@example.org", "x" * 20)
    client.force_login(User.objects.get(email="ada@example.org"))
    bad = client.post(url, {"title": "Water", "type": "talk", "languages": "xx"})
    assert bad.status_code == 400 and b"Unknown language" in bad.content
    done = client.post(url, {"title": "Water", "type": "talk", "languages": "en"})
    assert done.status_code == 302 and "/proposals/" in done["Location"]
    assert client.get("/en/programme/invitations/nope/").status_code == 404
    assert client.get("/en/programme/review/999/").status_code == 404


def test_editor_filters_keep_a_big_schedule_usable(
    client: Any, summit: Any, team: User, monkeypatch: Any
) -> None:
    from aiatlas.programme import schedule_views

    monkeypatch.setattr(schedule_views, "EDITOR_ONE_DAY_ABOVE", 2)  # the summit has 3
    client.force_login(team)
    url = f"/en/programme/events/{summit.event.slug}/schedule/edit/"
    first = client.get(url).content.decode()
    assert "A big schedule: this is the first day (2 sessions)" in first
    assert "Opening keynote" in first and "Sunday workshop" not in first
    every = client.get(url + "?day=all").content.decode()
    assert all(t in every for t in ("Opening keynote", "Climate panel", "Sunday workshop"))
    climate = client.get(url + "?day=all&track=climate").content.decode()
    assert "Climate panel" in climate and "Opening keynote" not in climate
    # two sessions in one room at once: only those show with "flagged"
    from aiatlas.programme.services.sessions import schedule_session

    panel = summit.sessions["panel"]
    schedule_session(
        user=team, session_id=panel.pk, room_id=summit.rooms["Main stage"].pk,
        starts_at=summit.sessions["opening"].starts_at, ends_at=summit.sessions["opening"].ends_at,
    )  # fmt: skip
    flagged = client.get(url + "?flagged=1").content.decode()
    assert "Climate panel" in flagged and "Sunday workshop" not in flagged
    bad = client.get(url + "?day=yesterday&room=x")
    assert bad.status_code == 200 and "not understood" in bad.content.decode()


def test_a_proposal_file_is_a_download_for_those_who_may_see_the_proposal(
    client: Any, summit: Any, team: User
) -> None:
    call = calls.open_call(
        user=team,
        event_id=summit.event.pk,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=None,
    )
    calls.add_call_field(user=team, call_id=call.pk, label="Plan", kind="file")
    ada = User.objects.create_user("ada@example.org", "x" * 20)
    proposal = calls.submit_proposal(
        user=ada,
        call_id=call.pk,
        title="Water",
        type="talk",
        files={"plan": calls.Upload("plan.pdf", "application/pdf", b"%PDF-1.4")},
    )
    url = f"/en/programme/proposals/{proposal.pk}/files/plan/"
    User.objects.create_user("eve@example.org", "x" * 20)
    client.force_login(User.objects.get(email="eve@example.org"))
    assert client.get(url).status_code == 404
    client.force_login(ada)
    got = client.get(url)
    assert got.status_code == 200 and got.content == b"%PDF-1.4"
    assert got["Content-Type"] == "application/octet-stream"
    assert got["Content-Disposition"] == 'attachment; filename="plan"'
    assert got["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/en/programme/proposals/{proposal.pk}/files/other/").status_code == 404
