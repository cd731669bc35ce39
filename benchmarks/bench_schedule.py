"""Schedule speed at summit size: 100 and 400 sessions on 20 stages, released.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_schedule.py [--repeat 20]
        [--sizes 100,400] [--postgres-url postgres://postgres@127.0.0.1:5432/bench_schedule]
        [--no-sqlite]

For each database (a fresh SQLite file in a temporary folder; the PostgreSQL database
named in ``--postgres-url``, which must start with ``bench_`` and is created and
dropped) one child process migrates, builds one event per size (20 stages over two
days, two speakers of their own per session, so 800 speakers at 400 sessions; tracks,
languages, an SDG tag each) and releases it, then asks each page through Django's
test client in that process: server time (routing, queries, templates, middleware; no
network).

- **cold**: the first view after a release. Before each timed request one session is
  moved by five minutes and the schedule released again (a new version, so nothing of
  the last rendering can be reused); the release itself is not timed.
- **warm**: the same page asked again with nothing changed (the event page keeps its
  rendered schedule in the cache until the next release or edit; feeds and the editor
  are drawn every time).

Prints, per database, size and page, the median and p95 of each (ms, wall clock), the
median CPU time of this process for a cold view (less disturbed by other work on the
machine; on PostgreSQL the database server's own time is not in it), the number of SQL
queries of one cold view and the load average before and after, as a Markdown table.
Issue 20's target: the public schedule under 100 ms for 400 sessions on 20 stages, also
on the first view after a release; the editor under 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

from bench_registration import postgres_admin

ROOT = Path(__file__).resolve().parent.parent
STAGES, DAYS = 20, 2

PAGES = [
    # (label, path after /en/programme/events/<slug>/ or an API path, as the team)
    ("schedule, by time", "{base}", False),
    ("schedule, by stage", "{base}?view=rooms", False),
    ("schedule, compact list", "{base}?view=list", False),
    ("widget", "{base}embed/", False),
    ("frab XML", "{api}schedule.xml", False),
    ("frab JSON", "{api}schedule.json", False),
    ("iCalendar", "{api}schedule.ics", False),
    ("editor, all days", "{base}schedule/edit/?day=all", True),
    ("editor, one day and stage", "{base}schedule/edit/?day=2031-07-08&room={room}", True),
]


def build(size: int, team: Any) -> Any:
    """An event of ``size`` sessions on 20 stages over two days, released."""
    from datetime import date, datetime, timedelta
    from zoneinfo import ZoneInfo

    from aiatlas.programme.models import Event, Programme, Room, Speaker, Track
    from aiatlas.programme.services.releases import release_schedule
    from aiatlas.programme.services.sessions import create_session

    zone = ZoneInfo("Europe/Zurich")
    programme = Programme.objects.get_or_create(slug="bench", title="Bench", kind="platform")[0]
    event = Event.objects.create(
        programme=programme, slug=f"bench-{size}", title=f"Bench summit ({size})",
        kind="summit", starts_on=date(2031, 7, 8), ends_on=date(2031, 7, 9), capacity=5000,
    )  # fmt: skip
    rooms = [
        Room.objects.create(event=event, name=f"Stage {i + 1}", capacity=200, position=i)
        for i in range(STAGES)
    ]
    tracks = [Track.objects.create(event=event, slug=f"t{i}", name=f"Track {i}") for i in range(5)]
    for n in range(size):
        r, row = n % STAGES, n // STAGES
        day, slot = event.days[row % DAYS], row // DAYS
        starts = datetime.combine(day, datetime.min.time(), zone) + timedelta(hours=8 + slot)
        create_session(
            event=event,
            title=f"Session d{row % DAYS + 1} s{slot + 1} on {rooms[r].name}",
            abstract="An abstract of a few words. " * 8,
            room=rooms[r],
            track=tracks[(r + slot) % 5],
            starts_at=starts,
            ends_at=starts + timedelta(minutes=50),
            speakers=[
                Speaker.objects.create(name=f"Speaker {size}-{n}-a"),
                Speaker.objects.create(name=f"Speaker {size}-{n}-b"),
            ],
            languages=["en"] if r % 3 else ["en", "fr"],
            goals=[(1 + (r + slot) % 17, "suggested")],
        )
    release_schedule(user=team, event_id=event.pk, comment="bench")
    return event


def re_release(event: Any, team: Any, turn: int) -> None:
    """Move one session by five minutes and release: the next view is a first view."""
    from datetime import timedelta

    from aiatlas.programme.models import Session
    from aiatlas.programme.services.releases import release_schedule
    from aiatlas.programme.services.sessions import schedule_session

    s = Session.objects.filter(event=event).order_by("pk")[turn % 10]
    # 50 minutes long becomes 55 and back, so the times stay where they were
    shift = timedelta(minutes=5 if s.ends_at - s.starts_at == timedelta(minutes=50) else -5)
    schedule_session(
        user=team, session_id=s.pk, room_id=s.room_id,
        starts_at=s.starts_at, ends_at=s.ends_at + shift,
    )  # fmt: skip
    release_schedule(user=team, event_id=event.pk, comment=f"bench {turn}")


def _summary(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
    }


def measure(client: Any, url: str, event: Any, team: Any, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu: list[float] = []

    def get() -> float:
        started, used = time.perf_counter(), time.process_time()
        response = client.get(url)
        spent = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - used) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        return spent

    get()  # templates compiled, the session and user read once
    cold = []
    for turn in range(repeat):
        re_release(event, team, turn)
        cold.append(get())
    cold_cpu = statistics.median(cpu[1:])
    re_release(event, team, repeat)
    with CaptureQueriesContext(connection) as queries:
        get()
    count = len(queries.captured_queries)
    warm = [get() for _ in range(repeat)]
    return {
        "cold": _summary(cold),
        "warm": _summary(warm),
        "cold_cpu": cold_cpu,
        "queries": count,
    }


def child(sizes: list[int], repeat: int) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "src"))
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)  # no request log lines between the figures
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from aiatlas.accounts.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    team = User.objects.create_superuser("bench-team@example.org", "x" * 20)
    public, staff = Client(), Client()
    staff.force_login(team)
    rows = []
    for size in sizes:
        started = time.perf_counter()
        event = build(size, team)
        print(
            f"{connection.vendor}: {size} sessions on {STAGES} stages built and released in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        base = f"/en/programme/events/{event.slug}/"
        api = f"/api/v1/programme/events/{event.slug}/"
        room = event.rooms.get(position=0).pk
        for label, pattern, as_team in PAGES:
            url = pattern.format(base=base, api=api, room=room)
            found = measure(staff if as_team else public, url, event, team, repeat)
            rows.append({"database": connection.vendor, "sessions": size, "page": label, **found})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sizes", default="100,400")
    parser.add_argument("--postgres-url")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        sizes = [int(x) for x in args.sizes.split(",")]
    except ValueError:
        parser.error("--sizes: numbers separated by commas, e.g. 100,400")
    if any(n < STAGES * DAYS for n in sizes) or args.repeat < 1:
        parser.error(f"each size needs at least {STAGES * DAYS} sessions; --repeat at least 1")
    if args.child:
        print(json.dumps(child(sizes, args.repeat)))
        return
    dbname = urllib.parse.urlsplit(args.postgres_url or "").path.lstrip("/")
    if args.postgres_url and not dbname.startswith("bench_"):
        parser.error("the PostgreSQL database name must start with bench_ (it is dropped)")
    workdir = Path(tempfile.mkdtemp(prefix="bench-schedule-"))
    base = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "AIATLAS_ENV": "development",
        "AIATLAS_DEBUG": "false",  # templates as in production, no query log
        "AIATLAS_DATA_DIR": str(workdir),
        "DJANGO_SETTINGS_MODULE": "aiatlas.settings",
    }
    backends = {}
    if not args.no_sqlite:
        backends["SQLite"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    if args.postgres_url:
        backends["PostgreSQL"] = args.postgres_url
    rows = []
    command = [sys.executable, __file__, "--child", "--sizes", args.sizes]
    load_before = os.getloadavg()
    try:
        for label, url in backends.items():
            if label == "PostgreSQL":
                postgres_admin(url, f'DROP DATABASE IF EXISTS "{dbname}"')
                postgres_admin(url, f'CREATE DATABASE "{dbname}"')
            try:
                done = subprocess.run(
                    [*command, "--repeat", str(args.repeat)],
                    env={**base, "AIATLAS_DATABASE_URL": url},
                    stdout=subprocess.PIPE,
                    check=True,
                )
                rows.extend(json.loads(done.stdout.decode().strip().splitlines()[-1]))
            finally:
                if label == "PostgreSQL":
                    postgres_admin(url, f'DROP DATABASE IF EXISTS "{dbname}"')
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    load = "/".join(f"{x:.1f}" for x in load_before)
    after = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{args.repeat} requests per page and mode; ms of server time (wall clock); "
        f"cold CPU: this process's CPU time, median (without the database server's); "
        f"load average before {load}, after {after} on {os.cpu_count()} cores\n"
    )
    print(
        "| database | sessions | page | cold median | cold p95 | cold CPU "
        "| warm median | warm p95 | queries |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['database']} | {r['sessions']} | {r['page']} | {r['cold']['median']:.0f} | "
            f"{r['cold']['p95']:.0f} | {r['cold_cpu']:.0f} | {r['warm']['median']:.0f} | "
            f"{r['warm']['p95']:.0f} | {r['queries']} |"
        )


if __name__ == "__main__":
    main()
