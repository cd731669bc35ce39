"""Schedule speed at summit size: 400 sessions on 20 stages, released.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_schedule.py [--repeat 30]

Builds the event on a fresh SQLite database in a temporary folder (AIATLAS_DATABASE_URL
can point elsewhere), releases its schedule, then asks each page through Django's test
client in this process (server time: routing, queries, templates, middleware; no
network). Prints the median and p95 per page and the number of SQL queries. The event page
keeps its rendered schedule in the cache until the next release or edit; "cold cache"
is the first visit after one. Issue 20
target: the public schedule page under 100 ms (median) for 400 sessions on 20 stages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STAGES, SLOTS, DAYS = 20, 10, 2  # 20 x 10 x 2 = 400 sessions


def build() -> tuple[str, Any]:
    from datetime import date, datetime
    from datetime import time as clock
    from zoneinfo import ZoneInfo

    from aiatlas.accounts.models import User
    from aiatlas.programme.models import Event, Programme, Room, Speaker, Track
    from aiatlas.programme.services.releases import release_schedule
    from aiatlas.programme.services.sessions import create_session

    zone = ZoneInfo("Europe/Zurich")
    programme = Programme.objects.create(slug="bench", title="Bench", kind="platform")
    event = Event.objects.create(
        programme=programme, slug="bench-summit", title="Bench summit", kind="summit",
        starts_on=date(2031, 7, 8), ends_on=date(2031, 7, 9), capacity=5000,
    )  # fmt: skip
    rooms = [
        Room.objects.create(event=event, name=f"Stage {i + 1}", capacity=200, position=i)
        for i in range(STAGES)
    ]
    tracks = [Track.objects.create(event=event, slug=f"t{i}", name=f"Track {i}") for i in range(5)]
    people = [Speaker.objects.create(name=f"Speaker {i:03d}") for i in range(STAGES * 2)]
    for d, day in enumerate(event.days):
        for slot in range(SLOTS):
            hour = 8 + slot
            for r, room in enumerate(rooms):
                create_session(
                    event=event,
                    title=f"Session d{d + 1} s{slot + 1} on {room.name}",
                    abstract="An abstract of a few words. " * 8,
                    room=room,
                    track=tracks[(r + slot) % 5],
                    starts_at=datetime.combine(day, clock(hour), zone),
                    ends_at=datetime.combine(day, clock(hour, 50), zone),
                    speakers=people[2 * r : 2 * r + 2],  # one pair per stage: no double booking
                    languages=["en"] if r % 3 else ["en", "fr"],
                    goals=[(1 + (r + slot) % 17, "suggested")],
                )
    team = User.objects.create_superuser("bench-team@example.org", "x" * 20)
    release_schedule(user=team, event_id=event.pk, comment="bench")
    return event.slug, team


def measure(client: Any, url: str, repeat: int, cold: bool = False) -> dict[str, Any]:
    """``cold``: the cache is emptied before each request (the first visit after a
    release or an edit)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates compiled, caches filled
    times = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
        "queries": len(queries),
        "kb": len(response.content) / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-schedule-")
    os.environ.setdefault("AIATLAS_DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
    os.environ.setdefault("AIATLAS_ENV", "development")
    os.environ["AIATLAS_DEBUG"] = "false"  # no query log, templates as in production
    os.environ.setdefault("AIATLAS_DATA_DIR", tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    slug, team = build()
    print(f"built {STAGES * SLOTS * DAYS} sessions on {STAGES} stages in "
          f"{time.perf_counter() - started:.1f} s; {args.repeat} requests per page")  # fmt: skip
    public, staff = Client(), Client()
    staff.force_login(team)
    base = f"/en/programme/events/{slug}/"
    pages = [
        ("schedule, by time (target < 100 ms)", public, base),
        ("schedule, by time, cold cache", public, base, True),
        ("schedule, by stage", public, base + "?view=rooms"),
        ("schedule, compact list", public, base + "?view=list"),
        ("schedule, one track", public, base + "?track=t1"),
        ("embeddable widget", public, base + "embed/"),
        ("frab XML", public, f"/api/v1/programme/events/{slug}/schedule.xml"),
        ("iCalendar", public, f"/api/v1/programme/events/{slug}/schedule.ics"),
        ("editor, everything (team)", staff, base + "schedule/edit/"),
        ("editor, one day and stage (team)", staff, base + "schedule/edit/?day=2031-07-08&room=1"),
    ]
    print(f"\n{'page':<36} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KiB':>7}")
    for label, client, url, *cold in pages:
        r = measure(client, url, args.repeat, cold=bool(cold))
        print(
            f"{label:<36} {r['median']:>10.1f} {r['p95']:>8.1f} {r['queries']:>8} {r['kb']:>7.0f}"
        )


if __name__ == "__main__":
    main()
