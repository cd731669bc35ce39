"""Concurrent edits through the submissions API: 50 clients on loopback for 60 s, editing
the same and different drafts, on SQLite and PostgreSQL. Zero lost updates, zero 5xx.

    .venv/bin/python benchmarks/bench_concurrency.py --sqlite \
        --postgres-url postgres://postgres@127.0.0.1:5432/bench_concurrency \
        [--clients 50] [--seconds 60] [--hot 5]

For each database: a fresh schema (SQLite: a file in a temporary folder; PostgreSQL: the
database of ``--postgres-url``, whose name must start with ``bench_``; it is dropped and
created, and dropped again at the end unless ``--keep``), one entity, an open 2025 call, one
focal point with an API token per client, ``--hot`` drafts shared by every client and one
own draft per client. ``aiatlas serve`` (waitress, production settings) then runs on a free
loopback port as its own process, and ``--clients`` threads (keep-alive ``http.client``)
loop for ``--seconds``: pick a hot draft (half the time) or the client's own one, GET it,
append a unique marker line (``c<client>-<n>``) to ``record["description"]`` and PUT it with
the version read; a 409 carries the current version and record, so the client appends to
those and tries again.

Lost-update check, after the server stopped, straight from the database: for every draft,
each marker of a PUT answered 200 is in the final description exactly once, no marker of a
refused PUT is there, the final version is 1 + the PUTs answered 200, and the history table
holds one row per version (1 .. final, none twice). Exits with status 1 on any lost update,
inconsistency, 5xx, unexpected error or traceback in the server log; the temporary folder
with the SQLite file and the server logs is then kept (always with ``--keep``).

Description size: a marker is at most ~10 characters, so a draft holds ~9,000 of them before
the 100,000-character description limit (checked at submit; a save only refuses a record over
400,000 bytes of JSON). Measured on 2 cores: ~13 writes/s, under 1,000 characters a minute on
a hot draft; even at 300 writes/s a hot draft would gain ~20,000 a minute. Longer or faster
runs stay correct: a client that finds a description within one marker of ``--rotate-at``
(90,000) starts a fresh draft for that slot (POST) and every client moves on to it; every
draft ever used is verified. Markers are never trimmed (trimming would hide lost updates).
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
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AIATLAS = str(ROOT / ".venv" / "bin" / "aiatlas")
HEADER = "Concurrency benchmark draft; one marker line per accepted edit follows."
PASSWORD = "bench concurrency horse 42"
DESCRIPTION_LIMIT = 100_000


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# -- children: set up and verify with the aiatlas settings of one database ---------------------


def _django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
    import django

    django.setup()


def child_setup(clients: int, hot: int) -> dict[str, Any]:
    _django()
    from datetime import timedelta

    from django.utils import timezone

    from aiatlas.accounts.services import add_user, create_api_token
    from aiatlas.catalog.models import Organization
    from aiatlas.submissions.services.calls import open_call
    from aiatlas.submissions.services.drafts import start_draft

    org = Organization.objects.create(
        acronym="BENCH", name="Concurrency benchmark entity", kind="un_entity"
    )
    admin = add_user(email="admin@bench.example", role="admin", password=PASSWORD).user
    call = open_call(
        user=admin,
        year=2025,
        deadline=timezone.localdate() + timedelta(days=30),
        notify_focal_points=False,
    )
    users, tokens = [], []
    for i in range(clients):
        user = add_user(
            email=f"focal{i}@bench.example",
            role="focal_point",
            organizations=["BENCH"],
            password=PASSWORD,
        ).user
        users.append(user)
        tokens.append(create_api_token(user=user, name="bench")[1])

    def draft(user: Any, title: str) -> int:
        record = {"title": title, "description": HEADER}
        return start_draft(user=user, call_id=call.pk, organization_id=org.pk, record=record).pk

    return {
        "call": call.pk,
        "organization": org.pk,
        "tokens": tokens,
        "hot": [draft(users[0], f"Hot draft {i}") for i in range(hot)],
        "own": [draft(user, f"Own draft of client {i}") for i, user in enumerate(users)],
    }


def child_verify(ids: list[int]) -> dict[str, Any]:
    _django()
    from aiatlas.submissions.models import Submission

    out: dict[str, Any] = {}
    for sub in Submission.objects.filter(pk__in=ids):
        history = list(
            Submission.history.filter(id=sub.pk).values_list("version", flat=True)  # type: ignore[attr-defined]
        )
        out[str(sub.pk)] = {
            "version": sub.version,
            "description": str(sub.record.get("description") or ""),
            "history": history,
        }
    return out


def run_child(env: dict[str, str], args: list[str], stdin: str = "") -> Any:
    result = subprocess.run(
        [sys.executable, __file__, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if result.returncode:
        raise SystemExit(f"child {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- HTTP client ---------------------------------------------------------------------------------


class Api:
    """One keep-alive connection with one token; answers (status, JSON body or None)."""

    def __init__(self, port: int, secret: str) -> None:
        self.port = port
        self.headers = {
            "Authorization": f"Bearer {secret}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        data = None if body is None else json.dumps(body).encode()
        try:
            self.conn.request(method, path, body=data, headers=self.headers)
            response = self.conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, None


@dataclass
class Stats:
    writes: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    refused: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    uncertain: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    hot_writes: int = 0
    own_writes: int = 0
    conflicts: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    put_ms: list[float] = field(default_factory=list)
    get_ms: list[float] = field(default_factory=list)
    later_state: int = 0  # a 200 whose body shows a version after the one this PUT wrote

    def merge(self, other: Stats) -> None:
        for mine, theirs in (
            (self.writes, other.writes),
            (self.refused, other.refused),
            (self.uncertain, other.uncertain),
        ):
            for key, markers in theirs.items():
                mine[key].extend(markers)
        self.hot_writes += other.hot_writes
        self.own_writes += other.own_writes
        self.conflicts += other.conflicts
        self.errors.update(other.errors)
        self.put_ms += other.put_ms
        self.get_ms += other.get_ms
        self.later_state += other.later_state


class Slots:
    """Which draft each slot (a hot draft, or a client's own) currently points to; a slot
    whose description is nearly full moves to a fresh draft (see the module docstring)."""

    def __init__(self, setup: dict[str, Any], rotate_at: int) -> None:
        self.call, self.organization = setup["call"], setup["organization"]
        self.current: dict[tuple[str, int], int] = {}
        for i, sub_id in enumerate(setup["hot"]):
            self.current[("hot", i)] = sub_id
        for i, sub_id in enumerate(setup["own"]):
            self.current[("own", i)] = sub_id
        self.all_ids: list[int] = list(self.current.values())
        self.rotate_at = rotate_at
        self.rotations = 0
        self.lock = threading.Lock()

    def get(self, slot: tuple[str, int]) -> int:
        with self.lock:
            return self.current[slot]

    def rotate(self, slot: tuple[str, int], full_id: int, api: Api, stats: Stats) -> None:
        with self.lock:
            if self.current[slot] != full_id:
                return  # another client moved this slot on already
            body = {
                "call": self.call,
                "organization": self.organization,
                "record": {"title": f"{slot[0]} draft {slot[1]}, continued", "description": HEADER},
            }
            try:
                status, answer = api.request("POST", "/api/v1/submissions", body)
            except (OSError, http.client.HTTPException) as exc:
                stats.errors[f"POST {type(exc).__name__}"] += 1
                return
            if status != 201:
                stats.errors[f"POST {status}"] += 1
                return
            self.current[slot] = answer["id"]
            self.all_ids.append(answer["id"])
            self.rotations += 1


def client(
    number: int,
    api: Api,
    slots: Slots,
    hot: int,
    start: threading.Barrier,
    seconds: float,
    stats: Stats,
) -> None:
    rng = random.Random(number)
    counter = 0
    start.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        slot = ("hot", rng.randrange(hot)) if rng.random() < 0.5 else ("own", number)
        sub_id = slots.get(slot)
        began = time.perf_counter()
        try:
            status, body = api.request("GET", f"/api/v1/submissions/{sub_id}")
        except (OSError, http.client.HTTPException) as exc:
            stats.errors[f"GET {type(exc).__name__}"] += 1
            continue
        stats.get_ms.append((time.perf_counter() - began) * 1000)
        if status != 200:
            stats.errors[f"GET {status}"] += 1
            continue
        version, record = body["version"], body["record"]
        while time.monotonic() < deadline:
            counter += 1
            marker = f"c{number}-{counter}"
            description = str(record.get("description") or "")
            if len(description) + len(marker) + 1 > slots.rotate_at:
                slots.rotate(slot, sub_id, api, stats)
                break
            edited = {**record, "description": f"{description}\n{marker}"}
            began = time.perf_counter()
            try:
                status, body = api.request(
                    "PUT", f"/api/v1/submissions/{sub_id}", {"version": version, "record": edited}
                )
            except (OSError, http.client.HTTPException) as exc:
                stats.errors[f"PUT {type(exc).__name__}"] += 1
                stats.uncertain[sub_id].append(marker)
                break
            stats.put_ms.append((time.perf_counter() - began) * 1000)
            if status == 200:
                stats.writes[sub_id].append(marker)
                if slot[0] == "hot":
                    stats.hot_writes += 1
                else:
                    stats.own_writes += 1
                if body["version"] != version + 1:
                    stats.later_state += 1
                break
            stats.refused[sub_id].append(marker)
            if status == 409 and body and body.get("version") and body.get("record") is not None:
                stats.conflicts += 1
                version, record = body["version"], body["record"]
                continue
            stats.errors[f"PUT {status}"] += 1
            break


# -- one database ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    with log.open("wb") as out:
        server = subprocess.Popen(
            [AIATLAS, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"aiatlas serve exited:\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/submissions")
            conn.getresponse().read()
            conn.close()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("aiatlas serve did not answer within 60 s")


def verify(stats: Stats, final: dict[str, Any], ids: list[int]) -> dict[str, int]:
    """Counts of everything that must be zero (see the module docstring)."""
    problems = Counter[str]()
    for sub_id in ids:
        state = final.get(str(sub_id))
        if state is None:
            problems["missing drafts"] += 1
            continue
        lines = state["description"].split("\n")
        if lines[0] != HEADER:
            problems["header lost"] += 1
        seen = Counter(lines[1:])
        written = stats.writes.get(sub_id, [])
        uncertain = [m for m in stats.uncertain.get(sub_id, []) if seen[m]]
        problems["lost updates"] += sum(1 for m in written if seen[m] == 0)
        problems["markers twice"] += sum(1 for m in written if seen[m] > 1)
        refused = stats.refused.get(sub_id, [])
        known = set(written) | set(uncertain) | set(refused)
        problems["refused yet stored"] += sum(1 for m in refused if seen[m])
        problems["unknown markers"] += sum(1 for m in seen if m not in known)
        expected = 1 + len(written) + len(uncertain)
        problems["version != 1 + writes"] += int(state["version"] != expected)
        history = Counter(state["history"])
        problems["history versions wrong"] += int(
            sorted(history) != list(range(1, state["version"] + 1))
            or max(history.values(), default=0) > 1
        )
    return dict(problems)


def run_database(
    label: str, env: dict[str, str], args: argparse.Namespace, workdir: Path
) -> dict[str, Any]:
    print(f"{label}: migrate and set up {args.clients} focal points …", file=sys.stderr)
    subprocess.run([AIATLAS, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    sizes = ["--clients", str(args.clients), "--hot", str(args.hot)]
    setup = run_child(env, ["--child", "setup", *sizes])
    log = workdir / f"server-{label.lower()}.log"
    server, port = start_server(env, log)
    slots = Slots(setup, args.rotate_at)
    per_client = [Stats() for _ in range(args.clients)]
    barrier = threading.Barrier(args.clients + 1)
    threads = [
        threading.Thread(
            target=client,
            args=(i, Api(port, setup["tokens"][i]), slots, args.hot, barrier, args.seconds, s),
            daemon=True,
        )
        for i, s in enumerate(per_client)
    ]
    try:
        for thread in threads:
            thread.start()
        print(f"{label}: {args.clients} clients for {args.seconds:g} s …", file=sys.stderr)
        barrier.wait()
        began = time.monotonic()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    stats = Stats()
    for s in per_client:
        stats.merge(s)
    final = run_child(env, ["--child", "verify"], json.dumps(slots.all_ids))
    problems = verify(stats, final, slots.all_ids)
    text = log.read_text(errors="replace")
    written = sum(len(m) for m in stats.writes.values())
    return {
        "label": label,
        "elapsed": elapsed,
        "writes": written,
        "stats": stats,
        "problems": problems,
        "lost": problems.get("lost updates", 0),
        "fivexx": sum(n for k, n in stats.errors.items() if k.split()[-1].startswith("5")),
        "other": sum(n for k, n in stats.errors.items() if not k.split()[-1].startswith("5")),
        "rotations": slots.rotations,
        "drafts": len(slots.all_ids),
        "longest": max(len(v["description"]) for v in final.values()),
        "tracebacks": text.count("Traceback"),
        "locked": text.count("database is locked"),
        "log": log,
    }


def postgres_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="run on a fresh SQLite file")
    parser.add_argument("--postgres-url", help="run on this PostgreSQL database (bench_* only)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--hot", type=int, default=5, help="drafts every client edits")
    parser.add_argument("--rotate-at", type=int, default=90_000, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep databases and server logs")
    parser.add_argument("--child", choices=["setup", "verify"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "setup":
        print(json.dumps(child_setup(args.clients, args.hot)))
        return
    if args.child == "verify":
        print(json.dumps(child_verify(json.loads(sys.stdin.read()))))
        return
    if not (args.sqlite or args.postgres_url):
        parser.error("choose --sqlite and/or --postgres-url")
    if not 0 < args.rotate_at <= DESCRIPTION_LIMIT:
        parser.error(f"--rotate-at must be at most {DESCRIPTION_LIMIT}")
    dbname = ""
    if args.postgres_url:
        dbname = urllib.parse.urlsplit(args.postgres_url).path.lstrip("/")
        if not dbname.startswith("bench_"):
            parser.error("the PostgreSQL database name must start with bench_ (it is dropped)")

    workdir = Path(tempfile.mkdtemp(prefix="bench-concurrency-"))
    base = {
        **os.environ,
        "AIATLAS_ENV": "production",
        "AIATLAS_SECRET_KEY": secrets.token_urlsafe(48),
        # production settings on plain-http loopback: no https redirect
        "AIATLAS_SITE_URL": "https://127.0.0.1",
        "AIATLAS_SSL_REDIRECT": "false",
        "AIATLAS_DATA_DIR": str(workdir),
    }
    backends: dict[str, dict[str, str]] = {}
    if args.sqlite:
        backends["SQLite"] = {
            **base,
            "AIATLAS_DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        }
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
        failed = any(
            r["fivexx"] or r["other"] or any(r["problems"].values()) or r["tracebacks"]
            for r in results
        )
        if args.keep or failed:
            print(f"kept (databases, server logs): {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"\n{args.clients} clients, {args.hot} hot drafts shared by all plus one own draft per "
        f"client, half the edits each; `aiatlas serve` (waitress) on loopback, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end\n"
    )
    header = [
        "database",
        "clients",
        "seconds",
        "writes (200)",
        "writes/s",
        "hot / own",
        "conflicts (409)",
        "5xx",
        "other errors",
        "PUT p50 / p95 ms",
        "lost updates",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for r in results:
        s: Stats = r["stats"]
        row = [
            r["label"],
            str(args.clients),
            f"{r['elapsed']:.1f}",
            f"{r['writes']:,}",
            f"{r['writes'] / r['elapsed']:.1f}",
            f"{s.hot_writes:,} / {s.own_writes:,}",
            f"{s.conflicts:,}",
            str(r["fivexx"]),
            str(r["other"]),
            f"{percentile(s.put_ms, 50):.0f} / {percentile(s.put_ms, 95):.0f}",
            str(r["lost"]),
        ]
        print("| " + " | ".join(row) + " |")
    for r in results:
        s = r["stats"]
        problems = {k: v for k, v in r["problems"].items() if v}
        print(
            f"\n{r['label']}: {(len(s.get_ms) + len(s.put_ms)) / r['elapsed']:.0f} requests/s; "
            f"GET p50 / p95 {percentile(s.get_ms, 50):.0f} / "
            f"{percentile(s.get_ms, 95):.0f} ms; {r['drafts']} drafts checked "
            f"({r['rotations']} started when one filled up), longest description "
            f"{r['longest']:,} characters; checks: {problems or 'all passed'}; errors: "
            f"{dict(s.errors) or 'none'}; 200s showing a later version than written: "
            f"{s.later_state}; server log: {r['tracebacks']} tracebacks, "
            f"{r['locked']} 'database is locked'"
        )
    for r in results:
        if r["tracebacks"]:
            text = r["log"].read_text(errors="replace")
            first = text.index("Traceback")
            print(f"\n{r['label']}, first traceback of the server log {r['log']}:", file=sys.stderr)
            print(text[max(0, first - 300) : first + 4000], file=sys.stderr)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
