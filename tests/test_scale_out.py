"""Several processes, one truth: two web processes and two task workers over one
PostgreSQL database. A sign-in through one web process is a session in the other; a
catalog change made elsewhere moves the facets of both (each holds its own warm facet
engine); every queued task runs exactly once; /healthz and /metrics answer in each."""

from __future__ import annotations

import http.cookiejar
import json
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.conftest import make_record, release_editions, write_jsonl

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long passphrase 1"

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    if s.get("PASSWORD"):
        url = url.replace("@", f":{s['PASSWORD']}@", 1)
    return url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(tmp_path: Path) -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="aiatlas.settings",
        AIATLAS_ENV="development",
        AIATLAS_DATA_DIR=str(tmp_path),
        AIATLAS_DATABASE_URL=_database_url(),
        AIATLAS_SECRET_KEY="x" * 60 + "shared-by-every-process-of-this-test",
    )
    return env


def _wait_up(base: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{base} did not come up")


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def _facet(base: str, name: str) -> dict[str, int]:
    return {f["value"]: f["count"] for f in _get_json(f"{base}/api/v1/facets")[name]}


def test_two_web_processes_and_two_workers_share_one_truth(tmp_path, django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("several processes share a PostgreSQL database")
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from aiatlas.accounts.models import OutboxMessage, Role
    from tests.web.worker_tasks import leave_a_mark

    release_editions(2024)
    call_command("import", str(write_jsonl(tmp_path / "a.jsonl", [make_record()])), verbosity=0)
    django_user_model.objects.create_user(
        email="admin@example.org", password=PASSWORD, role=Role.ADMIN
    )
    env = _env(tmp_path)
    ports = [_free_port(), _free_port()]
    webs = [
        subprocess.Popen(
            [sys.executable, "-m", "aiatlas", "serve", "--no-worker", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    workers: list[subprocess.Popen[bytes]] = []
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        _wait_up(a)
        _wait_up(b)

        # a sign-in through A is a session that B knows
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = opener.open(f"{a}/en/account/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode(
            {"username": "admin@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(f"{a}/en/account/login/", data=body)
        request.add_header("Referer", f"{a}/en/account/login/")
        opener.open(request).read()
        with opener.open(f"{b}/en/account/tasks/") as page:  # administrators only
            assert page.status == 200 and page.url.endswith("/en/account/tasks/")

        # both warm their facet engines, then a change made by a third process moves both
        assert _facet(a, "country") == _facet(b, "country") == {"UGA": 1, "KEN": 1}
        new = make_record(title="Flood maps from radar", countries=["MLI"], id="")
        call_command("import", str(write_jsonl(tmp_path / "b.jsonl", [new])), verbosity=0)
        assert _facet(a, "country")["MLI"] == 1
        assert _facet(b, "country")["MLI"] == 1

        # forty tasks, two workers: each runs once
        for n in range(40):
            leave_a_mark.enqueue(n)
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "aiatlas",
                    "worker",
                    "--interval",
                    "0.1",
                    "--worker-id",
                    f"w{i}",
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for i in range(2)
        ]
        end = time.monotonic() + 120
        done = DBTaskResult.objects.filter(task_path__endswith="leave_a_mark", status="SUCCESSFUL")
        while done.count() < 40 and time.monotonic() < end:
            time.sleep(0.2)
        marks = OutboxMessage.objects.filter(topic="worker-test").values_list("subject", flat=True)
        assert sorted(marks, key=int) == [str(n) for n in range(40)]
        assert all(len(r.worker_ids) == 1 for r in done)
        assert {r.worker_ids[0] for r in done} <= {"w0", "w1"}

        # health and the shared gauges answer the same in both
        for base in (a, b):
            health = _get_json(f"{base}/healthz")
            assert (
                health["status"] == "ok" and health["checks"]["database"]["vendor"] == "postgresql"
            )
            with urllib.request.urlopen(f"{base}/metrics") as r:
                text = r.read().decode()
            # the forty, and the embedding tasks the imports queued for search
            done_now = re.search(r'aiatlas_tasks\{state="SUCCESSFUL"\} (\d+)', text)
            assert done_now and int(done_now.group(1)) >= 40, text
    finally:
        for process in [*webs, *workers]:
            process.terminate()
        for process in [*webs, *workers]:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
