"""The registration race: ``--requests`` (default 1,000) registrations sent at once by
``--clients`` threads (default 100) for ``--seats`` (default 100) seats of one event,
over HTTP against ``aiatlas serve`` on loopback, on a fresh SQLite file (``--sqlite``)
and/or a PostgreSQL database it creates and drops (``--postgres-url
postgres://postgres@127.0.0.1:5432/bench_registration``; the name must start with
``bench_``). ``--processes N`` (default 1) runs the server with N web processes
(gunicorn's pre-forking server; 1 is waitress's threads), so the race also crosses
processes.

Checks, from the answers and then straight from the database:
- exactly ``--seats`` confirmed, every other registration waitlisted, none lost or twice;
- arrival order: the server numbers registrations in the order it takes the event's
  lock; the confirmed are exactly numbers 1..seats and the waiting list continues
  without a gap;
- then ``--cancel`` (default 50) confirmed people cancel at once: the seats go to the
  next people waiting, in order (numbers seats+1..seats+cancel), still no double booking;
- no 5xx.
It prints registrations/s and latency per database, and exits 1 on any failed check.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-race"


def _django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
    import django

    django.setup()


def child_setup(seats: int) -> dict[str, Any]:
    _django()
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0, interactive=False)
    from aiatlas.programme.models import Event, Programme

    programme = Programme.objects.create(slug="bench", title="Bench", kind="series")
    day = timezone.localdate() + timedelta(days=30)
    Event.objects.create(
        programme=programme, slug=SLUG, title="Race", kind="workshop",
        starts_on=day, ends_on=day, capacity=seats,
    )  # fmt: skip
    return {"slug": SLUG}


def child_verify() -> dict[str, Any]:
    _django()
    from django.db.models import Count

    from aiatlas.programme.models import Registration

    rows = list(Registration.objects.order_by("sequence").values("sequence", "status", "email"))
    active = [r for r in rows if r["status"] != "cancelled"]
    dupes = (
        Registration.objects.exclude(status="cancelled")
        .values("email")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "rows": len(rows),
        "confirmed": sorted(r["sequence"] for r in active if r["status"] == "confirmed"),
        "waitlisted": sorted(r["sequence"] for r in active if r["status"] == "waitlisted"),
        "cancelled": sorted(r["sequence"] for r in rows if r["status"] == "cancelled"),
        "double": dupes,
    }


def run_child(env: dict[str, str], args: list[str]) -> Any:
    result = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if result.returncode:
        raise SystemExit(f"child {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    env: dict[str, str], log: Path, processes: int = 1
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    command = [sys.executable, "-m", "aiatlas", "serve", "--host", "127.0.0.1",
               "--port", str(port), "--processes", str(processes)]  # fmt: skip
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"aiatlas serve exited:\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", f"/api/v1/programme/events/{SLUG}")
            conn.getresponse().read()
            conn.close()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("aiatlas serve did not answer within 60 s")


def post(conn: http.client.HTTPConnection, path: str, body: Any) -> tuple[int, Any, float]:
    started = time.perf_counter()
    conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    took = time.perf_counter() - started
    try:
        return response.status, json.loads(data or b"null"), took
    except ValueError:
        return response.status, data.decode(errors="replace")[:200], took


def burst(port: int, clients: int, jobs: list[tuple[str, Any]]) -> list[tuple[int, Any, float]]:
    """Send ``jobs`` from ``clients`` threads that start together; answers in job order."""
    results: list[Any] = [None] * len(jobs)
    barrier = threading.Barrier(clients)
    lock = threading.Lock()
    queue = list(range(len(jobs)))

    def work() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        while True:
            with lock:
                if not queue:
                    break
                i = queue.pop(0)
            try:
                results[i] = post(conn, *jobs[i])
            except (OSError, http.client.HTTPException) as exc:
                results[i] = (0, repr(exc), 0.0)
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.close()

    threads = [threading.Thread(target=work) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] * 1000 if values else 0.0


def run_database(label: str, env: dict[str, str], args: Any, workdir: Path) -> dict[str, Any]:
    run_child(env, ["--child", "setup", "--seats", str(args.seats)])
    server, port = start_server(env, workdir / f"server-{label.lower()}.log", args.processes)
    path = f"/api/v1/programme/events/{SLUG}/registrations"
    try:
        jobs = [
            (path, {"name": f"Person {i}", "email": f"p{i}@example.org", "consent": True})
            for i in range(args.requests)
        ]
        started = time.perf_counter()
        answers = burst(port, args.clients, jobs)
        seconds = time.perf_counter() - started
        ok = [a for a in answers if a[0] == 201]
        confirmed = sorted(a[1]["sequence"] for a in ok if a[1]["status"] == "confirmed")
        waitlisted = sorted(a[1]["sequence"] for a in ok if a[1]["status"] == "waitlisted")
        rng = random.Random(7)
        leaving = rng.sample([a[1] for a in ok if a[1]["status"] == "confirmed"], args.cancel)
        cancel_jobs = [(urllib.parse.urlsplit(r["links"]["cancel"]).path, {}) for r in leaving]
        cancels = burst(port, min(args.clients, len(cancel_jobs)), cancel_jobs)
    finally:
        server.terminate()
        server.wait(timeout=30)
    final = run_child(env, ["--child", "verify"])
    seats, n = args.seats, args.requests
    problems = {
        "5xx": sum(1 for a in answers + cancels if a[0] >= 500 or a[0] == 0),
        "not 201": sum(1 for a in answers if a[0] != 201),
        "confirmed != 1..seats": confirmed != list(range(1, seats + 1)),
        "waitlist gap": waitlisted != list(range(seats + 1, n + 1)),
        "cancel failed": sum(1 for a in cancels if a[0] != 200),
        "double booking": final["double"],
        "promotion out of order": final["confirmed"]
        != sorted(set(range(1, seats + args.cancel + 1)) - {r["sequence"] for r in leaving}),
        "seats after cancel != seats": len(final["confirmed"]) != seats,
    }
    return {
        "label": label,
        "rate": n / seconds,
        "p50": pct([a[2] for a in answers], 0.5),
        "p95": pct([a[2] for a in answers], 0.95),
        "confirmed": len(confirmed),
        "waitlisted": len(waitlisted),
        "promoted": len(final["confirmed"]) - (seats - args.cancel),
        "problems": {k: v for k, v in problems.items() if v},
    }


def postgres_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(
        urllib.parse.urlunsplit(parts._replace(path="/postgres")), autocommit=True
    ) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--postgres-url")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--cancel", type=int, default=50)
    parser.add_argument(
        "--processes", type=int, default=1, help="web processes of `aiatlas serve` (default 1)"
    )
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", choices=["setup", "verify"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "setup":
        print(json.dumps(child_setup(args.seats)))
        return
    if args.child == "verify":
        print(json.dumps(child_verify()))
        return
    if not (args.sqlite or args.postgres_url):
        parser.error("choose --sqlite and/or --postgres-url")
    if args.processes < 1:
        parser.error("--processes must be 1 or more")
    if not 0 < args.cancel <= args.seats < args.requests:
        parser.error("need 0 < --cancel <= --seats < --requests")
    dbname = urllib.parse.urlsplit(args.postgres_url or "").path.lstrip("/")
    if args.postgres_url and not dbname.startswith("bench_"):
        parser.error("the PostgreSQL database name must start with bench_ (it is dropped)")
    workdir = Path(tempfile.mkdtemp(prefix="bench-registration-"))
    base = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "AIATLAS_ENV": "production",
        "AIATLAS_SECRET_KEY": secrets.token_urlsafe(48),
        "AIATLAS_DATA_DIR": str(workdir),
        # links in the registration mails; the server itself answers plain http on loopback
        "AIATLAS_SITE_URL": "https://bench.example.org",
        "AIATLAS_SSL_REDIRECT": "false",
        "AIATLAS_ALLOWED_HOSTS": "127.0.0.1",
    }
    backends = {}
    if args.sqlite:
        backends["SQLite"] = {**base, "AIATLAS_DATABASE_URL": f"sqlite:///{workdir / 'b.sqlite3'}"}
    if args.postgres_url:
        backends["PostgreSQL"] = {**base, "AIATLAS_DATABASE_URL": args.postgres_url}
    results = []
    try:
        for label, env in backends.items():
            if label == "PostgreSQL":
                postgres_admin(args.postgres_url, f'DROP DATABASE IF EXISTS "{dbname}"')
                postgres_admin(args.postgres_url, f'CREATE DATABASE "{dbname}"')
            try:
                results.append(run_database(label, env, args, workdir))
            finally:
                if label == "PostgreSQL" and not args.keep:
                    postgres_admin(args.postgres_url, f'DROP DATABASE IF EXISTS "{dbname}"')
    finally:
        failed = any(r["problems"] for r in results) or len(results) < len(backends)
        if args.keep or failed:
            print(f"kept (server logs): {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\n{args.requests} registrations for {args.seats} seats from {args.clients} threads, "
        f"then {args.cancel} cancellations at once; `aiatlas serve --processes {args.processes}` "
        f"on loopback, {os.cpu_count()} cores\n"
    )
    print(f"{'database':<11} {'reg/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'confirmed':>10} "
          f"{'waitlisted':>11} {'promoted':>9}  problems")  # fmt: skip
    for r in results:
        print(
            f"{r['label']:<11} {r['rate']:>7.0f} {r['p50']:>8.0f} {r['p95']:>8.0f} "
            f"{r['confirmed']:>10} {r['waitlisted']:>11} {r['promoted']:>9}  "
            f"{r['problems'] or 'none'}"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
