"""An illustrative AI for Good year: a webinar series with 30 past sessions, an AI
Governance Day and a three-day summit with tracks and stages, speakers, registrations
and a waiting list. Every programme is marked illustrative and its pages say so."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from aiatlas.catalog.models import Country, Organization
from aiatlas.programme.models import (
    Call,
    CallField,
    Event,
    Programme,
    Room,
    ScheduleRelease,
    ScoreCategory,
    Speaker,
    Track,
)
from aiatlas.programme.queries import release_snapshot
from aiatlas.programme.services.registration import register
from aiatlas.programme.services.sessions import create_session

GENEVA = ZoneInfo("Europe/Zurich")
FIRST = [
    "Amina",
    "Bo",
    "Carla",
    "Dev",
    "Elif",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kofi",
    "Lina",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tara",
]
LAST = ["Example", "Sample", "Placeholder", "Demo", "Fictional", "Invented"]
TOPICS = [
    ("AI for early warning of floods", 13),
    ("Diagnosing tuberculosis from X-rays", 3),
    ("Crop disease detection on phones", 2),
    ("Machine translation for low-resource languages", 4),
    ("Satellite data for biodiversity", 15),
    ("AI in energy grids", 7),
    ("Road safety and computer vision", 11),
    ("Standards for trustworthy AI", 16),
    ("Deepfake detection", 16),
    ("AI for accessibility", 10),
    ("Ocean monitoring", 14),
    ("Digital public infrastructure", 9),
    ("Generative AI in classrooms", 4),
    ("Measuring AI's carbon footprint", 12),
    ("Maternal health triage", 3),
]
SEATS = [800, 300, 200, 60, 60, 100]
STAGES = ["Main stage", "Stage 2", "Stage 3", "Workshop room A", "Workshop room B", "Demo zone"]
TRACKS = [
    ("health", "Health", "#c5192d"),
    ("climate", "Climate", "#3f7e44"),
    ("governance", "Governance", "#00689d"),
    ("robotics", "Robotics", "#fd6925"),
]


#: ISO 3166 alpha-3 codes of the illustrative speakers' countries (all regions)
SPEAKER_COUNTRIES = [
    "CHE", "KEN", "BRA", "IND", "FRA", "JPN", "NGA", "CAN", "EGY", "IDN",
    "MEX", "DEU", "ZAF", "KOR", "ARG", "SEN", "AUS", "JOR", "CHL", "VNM", "",
]  # fmt: skip


def _release(event: Event, comment: str) -> None:
    """Version 1 of an illustrative event's schedule (the public reads the release)."""
    ScheduleRelease.objects.create(
        event=event, number=1, comment=comment, snapshot=release_snapshot(event), changes=[]
    )


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), GENEVA)


@transaction.atomic
def load_programme_demo(*, today: date | None = None, seed: int = 2025) -> dict[str, int]:
    """Replace the illustrative programmes with a fresh illustrative year around ``today``."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    Event.objects.filter(programme__illustrative=True).delete()
    Programme.objects.filter(illustrative=True).delete()
    Speaker.objects.filter(email__endswith="@speakers.example.org").delete()
    itu, _ = Organization.objects.get_or_create(
        acronym="ITU",
        defaults={"name": "International Telecommunication Union", "kind": "un_entity"},
    )
    partners = [itu, *list(Organization.objects.filter(kind="un_entity").exclude(pk=itu.pk)[:6])]
    known = {c.pk: c for c in Country.objects.filter(pk__in=SPEAKER_COUNTRIES)}
    countries = [known.get(code) for code in SPEAKER_COUNTRIES]
    speakers = [
        Speaker.objects.create(
            name=f"{FIRST[i % 20]} {LAST[i % 6]}",
            affiliation=f"Illustrative Institute {i % 9 + 1}",
            bio=f"{FIRST[i % 20]} works on AI for the SDGs (an **illustrative** speaker).",
            email=f"speaker{i}@speakers.example.org",
            # illustrative mix: most give a gender, some do not; countries on every continent
            gender=["woman", "man", "woman", "man", "non_binary", ""][i % 6],
            country=countries[i % len(countries)],
            publish_country=i % 2 == 0,
            publish_bio=i % 3 != 0,
        )
        for i in range(48)
    ]
    platform = Programme.objects.create(
        slug="ai-for-good",
        title="AI for Good",
        kind="platform",
        illustrative=True,
        position=0,
        summary="The year-round online platform: webinars, partner series and the Global Summit.",
    )
    series = Programme.objects.create(
        slug="ai-for-good-webinars",
        title="AI for Good webinar series",
        kind="series",
        illustrative=True,
        position=1,
        summary="Weekly webinars with researchers and practitioners; recordings of past sessions.",
    )
    gov = Programme.objects.create(
        slug="ai-governance-day",
        title="AI Governance Day",
        kind="day",
        illustrative=True,
        position=2,
        summary="Day Zero of the summit: governments, industry and civil society.",
    )
    counts = {"sessions": 0, "registrations": 0}

    # the webinar series: 30 past sessions (weekly) and 3 to come, each its own event
    for week in range(-30, 3):
        day = today + timedelta(weeks=week, days=(3 - today.weekday()) % 7)
        topic, goal = TOPICS[(week + 30) % len(TOPICS)]
        event = Event.objects.create(
            programme=series,
            slug=f"webinar-{day.isoformat()}",
            title=f"Webinar: {topic}",
            kind="webinar",
            starts_on=day,
            ends_on=day,
            time_zone="Europe/Zurich",
            venue="Online",
            online_capacity=None,
        )
        room = Room.objects.create(event=event, name="Online")
        past = day < today
        create_session(
            event=event,
            title=topic,
            type="webinar",
            room=room,
            starts_at=_at(day, 16),
            ends_at=_at(day, 17),
            abstract=f"An illustrative webinar on {topic.lower()}.",
            speakers=rng.sample(speakers, 2),
            goals=[(goal, "suggested")],
            recording_url=f"https://example.org/recordings/{day.isoformat()}"
            if past and week % 5
            else "",
            not_recorded=past and week % 5 == 0,
            languages=["en"],
        )
        _release(event, "Illustrative: the webinar is announced.")
        counts["sessions"] += 1

    # AI Governance Day (Day Zero) and the three-day summit, in six weeks
    day0 = today + timedelta(weeks=6)
    gov_day = Event.objects.create(
        programme=gov,
        slug=f"ai-governance-day-{day0.year}",
        title="AI Governance Day",
        kind="summit_day",
        starts_on=day0,
        ends_on=day0,
        venue="Palexpo, Geneva",
        capacity=30,
        online_capacity=None,
        summary="Illustrative: a day of dialogue on AI governance before the summit.",
    )
    gov_day.partners.set(partners)
    hall = Room.objects.create(event=gov_day, name="Plenary hall", capacity=30)
    for i, hour in enumerate([9, 10, 11, 14, 15, 16]):
        topic, goal = TOPICS[(i * 2) % len(TOPICS)]
        create_session(
            event=gov_day,
            title=f"Governance dialogue: {topic}",
            type="panel",
            room=hall,
            starts_at=_at(day0, hour),
            ends_at=_at(day0, hour, 50),
            speakers=rng.sample(speakers, 4),
            goals=[(16, "confirmed"), (goal, "suggested")],
            languages=["en", "fr"],
        )
        counts["sessions"] += 1
    _release(gov_day, "Illustrative first release.")
    for i in range(35):  # 30 seats: the last five wait
        register(
            event_id=gov_day.pk,
            name=f"Participant {i + 1} (illustrative)",
            email=f"participant{i + 1}@example.org",
            consent=True,
            mode="in_person" if i % 4 else "online",
            country_code=["CHE", "KEN", "BRA", "IND", "FRA", "JPN", ""][i % 7],
        )
        counts["registrations"] += 1

    start = day0 + timedelta(days=1)
    summit = Event.objects.create(
        programme=platform,
        slug=f"ai-for-good-summit-{start.year}",
        title=f"AI for Good Global Summit {start.year}",
        kind="summit",
        starts_on=start,
        ends_on=start + timedelta(days=2),
        venue="Palexpo, Geneva",
        capacity=200,
        online_capacity=None,
        summary="Illustrative: three days of keynotes, workshops, demos and pitches.",
        description="Co-convened with partners across the UN system. *Illustrative data.*",
    )
    summit.partners.set(partners)
    rooms = [
        Room.objects.create(event=summit, name=name, capacity=SEATS[i], position=i)
        for i, name in enumerate(STAGES)
    ]
    tracks = [Track.objects.create(event=summit, slug=s, name=n, colour=c) for s, n, c in TRACKS]
    types = ["keynote", "talk", "panel", "workshop", "workshop", "demo"]
    # one draw of distinct speakers per time slot across the stages: nobody is in two
    # rooms at once, so the demo schedule has no double booking
    hours = [9, 10, 11, 14, 15, 16]
    for d, day in enumerate(summit.days):
        kinds = {
            (r, slot): "keynote"
            if r == 0 and slot in (0, 3)
            else (types[r] if not (d == 2 and r == 5) else "pitch")
            for r in range(len(rooms))
            for slot in range(len(hours))
        }
        drawn = {
            slot: iter(
                rng.sample(
                    speakers,
                    sum(1 if kinds[(r, slot)] == "keynote" else 3 for r in range(len(rooms))),
                )
            )
            for slot in range(len(hours))
        }
        for r, room in enumerate(rooms):
            for slot, hour in enumerate(hours):
                kind = kinds[(r, slot)]
                topic, goal = TOPICS[(d * 7 + r * 3 + slot) % len(TOPICS)]
                create_session(
                    event=summit,
                    title=f"{topic} ({kind})",
                    type=kind,
                    room=room,
                    track=tracks[(r + slot) % 4],
                    starts_at=_at(day, hour),
                    ends_at=_at(day, hour, 45),
                    abstract=f"An illustrative {kind} on {topic.lower()}.",
                    description="**Illustrative session.**\n\n- what works\n- what does not",
                    speakers=[next(drawn[slot]) for _ in range(1 if kind == "keynote" else 3)],
                    goals=[(goal, "suggested")],
                    languages=["en"] if slot % 3 else ["en", "fr"],
                )
                counts["sessions"] += 1
    for i in range(60):
        register(
            event_id=summit.pk,
            name=f"Attendee {i + 1} (illustrative)",
            email=f"attendee{i + 1}@example.org",
            consent=True,
            mode="online" if i % 3 == 0 else "in_person",
            country_code=["CHE", "USA", "NGA", "CHN", "DEU", "ARG", "EGY", "IDN"][i % 8],
        )
        counts["registrations"] += 1
    _demo_call(summit, tracks)
    # version 1 of the summit's schedule is released; later edits show as changes
    _release(summit, "Illustrative first release.")
    counts["speakers"] = len(speakers)
    counts["programmes"] = 3
    return counts


def _demo_call(summit: Event, tracks: list[Track]) -> Call:
    """The summit's call for sessions: open until three weeks before it, two weighted
    score categories, a choice field for all and a number field for workshops."""
    now = timezone.now()
    closes = datetime.combine(summit.starts_on - timedelta(days=21), time(23, 59), GENEVA)
    call = Call.objects.create(
        event=summit,
        opens_at=now - timedelta(days=30),
        closes_at=max(closes, now + timedelta(days=7)),
        intro="*Illustrative call.* Propose a talk, panel, workshop or demo on AI for the SDGs.",
        reviews_per_proposal=2,
        session_types=["talk", "panel", "workshop", "demo"],
    )
    CallField.objects.create(
        call=call, key="audience", label="Main audience", kind="choice",
        choices=["Policy makers", "Researchers", "Practitioners", "Everyone"], required=True,
    )  # fmt: skip
    CallField.objects.create(
        call=call, key="hands-on-hours", label="Hands-on hours", kind="number",
        min_value=1, max_value=4, session_types=["workshop"], position=1,
    )  # fmt: skip
    ScoreCategory.objects.create(call=call, name="Relevance to the SDGs", weight=2, position=0)
    ScoreCategory.objects.create(call=call, name="Speakers and format", weight=1, position=1)
    return call
