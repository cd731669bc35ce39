"""The programme's JSON API and feeds under /api/v1/programme/."""

from __future__ import annotations

import json


def test_event_record_links_its_feeds(client, summit):
    record = client.get("/api/v1/programme/events/summit-2031").json()
    links = record["links"]
    assert links["webcal"].startswith("webcal://")
    for key in ("ical", "frab_xml", "frab_json", "sessions"):
        response = client.get(links[key])
        assert response.status_code == 200, key
    assert client.get(links["ical"])["Content-Type"].startswith("text/calendar")
    assert client.get(links["frab_xml"]).content.startswith(b"<?xml")
    assert json.loads(client.get(links["frab_json"]).content)["schedule"]["conference"]


def test_api_lists_sessions_with_speakers_and_goals(client, summit):
    sessions = client.get("/api/v1/programme/events/summit-2031/sessions").json()
    opening = next(s for s in sessions if s["title"] == "Opening keynote")
    assert opening["sdg_goals"] == [
        {"goal": 3, "source": "confirmed"},
        {"goal": 13, "source": "suggested"},
    ]
    assert opening["speakers"][0]["name"] == "Speaker 00" and "email" not in opening["speakers"][0]


def test_api_registration_and_cancel(client, summit):
    url = "/api/v1/programme/events/summit-2031/registrations"
    body = {"name": "A", "email": "a@example.org", "consent": True}
    first = client.post(url, body, content_type="application/json")
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 409
    bad = client.post(
        url, {"name": "", "email": "x", "consent": False}, content_type="application/json"
    )
    assert bad.status_code == 400 and "consent" in bad.json()["detail"]
    cancel = first.json()["links"]["cancel"]
    assert client.post(cancel).json()["status"] == "cancelled"
    assert client.post(cancel).status_code == 409
    assert client.post("/api/v1/programme/registrations/forged/cancel").status_code == 404


def test_api_unknown_event_and_agenda_token_are_404(client, summit):
    assert client.get("/api/v1/programme/events/nope").status_code == 404
    assert client.get("/api/v1/programme/agenda/nope.ics").status_code == 404
    assert client.get("/api/v1/programme/events/nope/schedule.xml").status_code == 404
