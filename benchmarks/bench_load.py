"""Summit-day load: the programme's schedule, session and registration pages and the
registration write path, served by ``aiatlas serve --processes N`` for N = 1, 2, 4, with a
load generator on loopback bounded in time (``--seconds`` per N) and in clients.

    .venv/bin/python benchmarks/bench_load.py --sqlite \
        --postgres-url postgres://postgres@127.0.0.1:5432/bench_load \
        [--processes 1,2,4] [--clients 32] [--seconds 20]

Each database gets a fresh schema (SQLite: a file in a temporary folder; PostgreSQL: the
database of ``--postgres-url``, whose name must start with ``bench_``: it is dropped and
created, and dropped at the end unless ``--keep``) and the illustrative programme of
``aiatlas programme demo``, plus one event with room for every registration the run makes.
The server runs in production settings with no task worker. Every client thread keeps one
connection open and loops until the time is up over a mix like a summit day's:

- 40 % the event page with its schedule (``/en/programme/events/<summit>/``),
- 25 % a session page, 10 % the programme index, 5 % the "what's on" page,
- 20 % a registration (``POST /api/v1/programme/events/<slug>/registrations``, a new
  e-mail address each time, so every one is a real write taking the event's lock).

It prints requests/s, p50/p95/p99 latency in ms and the errors (5xx, refused, timeouts) per
N, and the registrations/s. The load generator runs on the same 2 cores as the server, so
past 2 processes the machine, not aiatlas, is the limit; the table says how many cores
there were. Exit status 1 on any 5xx or failed request.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_registration import free_port, pct, postgres_admin

ROOT = Path(__file__).resolve().parent.parent
SLUG = "bench-load"


def child_setup() -> dict[str, Any]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0, interactive=False)
    call_command("programme", "demo", verbosity=0)
    from aiatlas.programme.models import Event, Programme, Session

    events = list(Event.objects.order_by("-ends_on").values_list("slug", flat=True))
    summit = max(Event.objects.all(), key=lambda e: e.sessions.count()).slug
    sessions = list(Session.objects.values_list("pk", flat=True)[:200])
    programme = Programme.objects.order_by("pk").first()
    day = timezone.localdate() + timedelta(days=30)
    Event.objects.create(
        programme=programme, slug=SLUG, title="Load", kind="workshop",
        starts_on=day, ends_on=day, capacity=10_000_000,
    )  # fmt: skip
    return {"summit": summit, "sessions": sessions, "events": events}


def start_server(env: dict[str, str], processes: int, log: Path) -> tuple[Any, int]:
    port = free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "aiatlas", "serve", "--no-worker", "--port", str(port),
             "--processes", str(processes)],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
        )  # fmt: skip
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"aiatlas serve exited:\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            conn.getresponse().read()
            conn.close()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("aiatlas serve did not answer within 60 s")


def load(
    port: int, clients: int, seconds: float, site: dict[str, Any]
) -> list[tuple[str, int, float]]:
    """(kind, status, seconds) of every request the clients made in ``seconds``."""
    done: list[tuple[str, int, float]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    run = secrets.token_hex(4)  # every registration of every run is a new address
    kinds = ["schedule"] * 8 + ["session"] * 5 + ["index"] * 2 + ["whats-on"] + ["register"] * 4

    def work(n: int) -> None:
        rng = random.Random(n)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[tuple[str, int, float]] = []
        i = 0
        while time.monotonic() < stop_at:
            kind = rng.choice(kinds)
            i += 1
            if kind == "register":
                method, path = "POST", f"/api/v1/programme/events/{SLUG}/registrations"
                body = json.dumps(
                    {
                        "name": f"Person {n}-{i}",
                        "email": f"{run}-{n}-{i}@example.org",
                        "consent": True,
                    }
                )
                headers = {"Content-Type": "application/json"}
            else:
                method, body, headers = "GET", None, {}
                path = {
                    "schedule": f"/en/programme/events/{site['summit']}/",
                    "session": f"/en/programme/sessions/{rng.choice(site['sessions'])}/",
                    "index": "/en/programme/",
                    "whats-on": "/en/programme/whats-on/",
                }[kind]
            started = time.perf_counter()
            try:
                conn.request(method, path, body, headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((kind, status, time.perf_counter() - started))
        conn.close()
        with lock:
            done.extend(mine)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done


def run_database(label: str, env: dict[str, str], args: Any, workdir: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, __file__, "--child"], env=env, capture_output=True, text=True, cwd=ROOT
    )
    if result.returncode:
        raise SystemExit(f"setup failed:\n{result.stderr[-3000:]}")
    site = json.loads(result.stdout.strip().splitlines()[-1])
    rows = []
    for processes in args.processes:
        server, port = start_server(env, processes, workdir / f"{label}-{processes}.log")
        try:
            load(port, min(4, args.clients), 2.0, site)  # warm every process up
            answers = load(port, args.clients, args.seconds, site)
        finally:
            server.terminate()
            server.wait(timeout=60)
        ok = [a for a in answers if a[1] in (200, 201)]
        rows.append(
            {
                "label": label,
                "processes": processes,
                "requests": len(answers),
                "rps": len(answers) / args.seconds,
                "registrations": sum(1 for a in ok if a[0] == "register") / args.seconds,
                "p50": pct([a[2] for a in answers], 0.50),
                "p95": pct([a[2] for a in answers], 0.95),
                "p99": pct([a[2] for a in answers], 0.99),
                "errors": len(answers) - len(ok),
                "5xx": sum(1 for a in answers if a[1] >= 500 or a[1] == 0),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--postgres-url")
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_setup()))
        return
    if not (args.sqlite or args.postgres_url):
        parser.error("choose --sqlite and/or --postgres-url")
    try:
        args.processes = [int(p) for p in args.processes.split(",")]
    except ValueError:
        parser.error("--processes takes whole numbers separated by commas, such as 1,2,4")
    if not (all(p >= 1 for p in args.processes) and args.clients >= 1 and 0 < args.seconds <= 600):
        parser.error("processes and clients must be 1 or more; seconds between 0 and 600")
    dbname = urllib.parse.urlsplit(args.postgres_url or "").path.lstrip("/")
    if args.postgres_url and not dbname.startswith("bench_"):
        parser.error("the PostgreSQL database name must start with bench_ (it is dropped)")
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    base = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "AIATLAS_ENV": "production",
        "AIATLAS_SSL_REDIRECT": "false",
        "AIATLAS_SITE_URL": "https://atlas.example.org",
        "AIATLAS_ALLOWED_HOSTS": "127.0.0.1",
        "AIATLAS_LOG_FORMAT": "json",
        "AIATLAS_SECRET_KEY": secrets.token_urlsafe(48),
        "AIATLAS_DATA_DIR": str(workdir),
    }
    backends = {}
    if args.sqlite:
        backends["SQLite"] = {**base, "AIATLAS_DATABASE_URL": f"sqlite:///{workdir / 'l.sqlite3'}"}
    if args.postgres_url:
        backends["PostgreSQL"] = {**base, "AIATLAS_DATABASE_URL": args.postgres_url}
    rows: list[dict[str, Any]] = []
    try:
        for label, env in backends.items():
            if label == "PostgreSQL":
                postgres_admin(args.postgres_url, f'DROP DATABASE IF EXISTS "{dbname}"')
                postgres_admin(args.postgres_url, f'CREATE DATABASE "{dbname}"')
            try:
                rows += run_database(label, env, args, workdir)
            finally:
                if label == "PostgreSQL" and not args.keep:
                    postgres_admin(args.postgres_url, f'DROP DATABASE IF EXISTS "{dbname}"')
    finally:
        failed = any(r["errors"] for r in rows) or not rows
        if args.keep or failed:
            print(f"kept (server logs): {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\n{args.clients} clients for {args.seconds:g} s per run (after a 2 s warm-up), "
        f"schedule/session/index/what's-on pages and registrations; {os.cpu_count()} cores "
        "shared by the server and the load generator\n"
    )
    print(f"{'database':<11} {'processes':>9} {'req/s':>7} {'reg/s':>6} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")  # fmt: skip
    for r in rows:
        print(
            f"{r['label']:<11} {r['processes']:>9} {r['rps']:>7.0f} {r['registrations']:>6.0f} "
            f"{r['p50']:>7.0f} {r['p95']:>7.0f} {r['p99']:>7.0f} {r['errors']:>6}"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
