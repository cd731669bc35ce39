"""The task worker: `aiatlas worker`, the supervision by `aiatlas serve`, several workers
sharing one PostgreSQL queue, the task page and its Retry button, and the outbox sent by
the worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django_tasks_db.models import DBTaskResult

from aiatlas.accounts.models import OutboxMessage, Role
from aiatlas.web.supervisor import WorkerSupervisor
from tests.web.worker_tasks import always_fails, leave_a_mark

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def make_user(db):
    from aiatlas.accounts.models import User

    def make(email: str, role: str) -> User:
        return User.objects.create_user(email=email, password="a long passphrase 1", role=role)

    return make


def _wait(predicate: Any, timeout: float = 60.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
    env.update(extra)
    return env


@pytest.mark.django_db(transaction=True)
def test_worker_command_runs_queued_tasks_and_records_failures(cli):
    ok = leave_a_mark.enqueue(1)
    bad = always_fails.enqueue(2025)
    code, _out, err = cli("worker", "--batch", "--interval", "0")
    assert code == 0, err
    assert DBTaskResult.objects.get(pk=ok.id).status == "SUCCESSFUL"
    failed = DBTaskResult.objects.get(pk=bad.id)
    assert failed.status == "FAILED" and "edition 2025 is not published" in failed.traceback
    assert OutboxMessage.objects.filter(topic="worker-test").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--interval", "-1"], "--interval"), (["--max-tasks", "0"], "--max-tasks")],
)
def test_worker_command_bad_options_are_clear_errors(cli, args, message):
    code, _out, err = cli("worker", *args)
    assert code == 1 and message in err


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_postgresql_run_each_task_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("several worker processes share a PostgreSQL database")
    numbers = range(60)
    for n in numbers:
        leave_a_mark.enqueue(n)
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    if s.get("PASSWORD"):
        url = url.replace("@", f":{s['PASSWORD']}@", 1)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiatlas",
                "worker",
                "--batch",
                "--interval",
                "0",
                "--worker-id",
                f"w{i}",
            ],
            env=_env(AIATLAS_DATABASE_URL=url),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for i in range(2)
    ]
    outputs = [w.communicate(timeout=300)[0].decode() for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    marks = list(
        OutboxMessage.objects.filter(topic="worker-test").values_list("subject", flat=True)
    )
    assert sorted(marks, key=int) == [str(n) for n in numbers]  # each side effect once
    results = DBTaskResult.objects.filter(task_path__endswith="leave_a_mark")
    assert results.count() == len(numbers)
    assert all(r.status == "SUCCESSFUL" and len(r.worker_ids) == 1 for r in results)


def test_supervisor_restarts_a_dead_worker_and_stops_it_cleanly():
    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    supervisor = WorkerSupervisor(sleeper, restart_delay=0.1)
    supervisor.start()
    first = supervisor.process
    assert first is not None
    first.kill()
    assert _wait(lambda: supervisor.restarts == 1 and supervisor.process is not first)
    second = supervisor.process
    assert second is not None and second.poll() is None
    supervisor.stop(timeout=10)
    assert second.poll() is not None
    time.sleep(1.5)  # the supervisor does not start a worker after stop()
    assert supervisor.process is second and supervisor.restarts == 1


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_serve_starts_a_worker_and_sigterm_stops_both(tmp_path):
    env = _env(AIATLAS_DATA_DIR=str(tmp_path), AIATLAS_DATABASE_URL="")
    subprocess.run(
        [sys.executable, "-m", "aiatlas", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "aiatlas", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:

        def answers() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        assert _wait(answers, 90)
        assert _wait(lambda: len(_children(server.pid)) == 1, 30)
        worker = _children(server.pid)[0]
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0].decode()
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0, output
    assert "task worker started" in output and "task worker stopped" in output
    assert (
        not Path(f"/proc/{worker}").exists()
        or "zombie" in Path(f"/proc/{worker}/status").read_text()
    )


@pytest.mark.django_db(transaction=True)
def test_task_page_shows_states_and_reason_and_retries(client, make_user, cli):
    failing = always_fails.enqueue(2031)
    leave_a_mark.enqueue(7)
    cli("worker", "--batch", "--interval", "0")
    queued = leave_a_mark.enqueue(8)
    client.force_login(make_user("chief@un.example", Role.ADMIN))
    page = client.get("/en/account/tasks/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "ValueError: edition 2031 is not published" in html
    assert "done" in html and "failed" in html and "queued" in html and "Retry" in html
    r = client.post(f"/en/account/tasks/{failing.id}/retry/", follow=True)
    assert "Queued again." in r.content.decode()
    again = DBTaskResult.objects.filter(task_path__endswith="always_fails", status="READY")
    assert again.count() == 1 and again.get().args_kwargs["args"] == [2031]
    r = client.post(f"/en/account/tasks/{queued.id}/retry/", follow=True)
    assert "only a failed task can be retried" in r.content.decode()
    assert client.post("/en/account/tasks/not-a-uuid/retry/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.REVIEWER, Role.FOCAL_POINT, Role.ENTITY_APPROVER])
def test_task_page_is_for_administrators_only(client, make_user, role):
    client.force_login(make_user(f"{role}@un.example", role))
    assert client.get("/en/account/tasks/").status_code == 403
    assert client.post("/en/account/tasks/x/retry/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_queued_outbox(settings, cli):
    from aiatlas.accounts.mail import queue_message

    settings.MAIL_TASK_BACKEND = "default"  # the database queue, as in production
    queue_message(to="fp@who.example", subject="Hello", body="Body", language="fr")
    message = OutboxMessage.objects.get(to="fp@who.example")
    assert message.status == "queued" and mail.outbox == []
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_outbox_task").count() == 1
    code, _out, err = cli("worker", "--batch", "--interval", "0")
    assert code == 0, err
    message.refresh_from_db()
    assert message.status == "sent" and [m.to for m in mail.outbox] == [["fp@who.example"]]
