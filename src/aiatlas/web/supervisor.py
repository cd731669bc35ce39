"""The task worker beside the web server: ``aiatlas serve`` and ``aiatlas demo`` start
``aiatlas worker`` as a child process, start it again when it dies, and stop it cleanly
with the server (Ctrl+C or SIGTERM). With ``AIATLAS_REVIEW_DIGEST`` the supervisor also
queues the reviewers' digest once a day."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from aiatlas import config

logger = logging.getLogger(__name__)

#: seconds a worker gets to finish its task when the server stops
STOP_TIMEOUT = 20.0


def worker_command() -> list[str]:
    return [sys.executable, "-m", "aiatlas", "worker"]


class WorkerSupervisor:
    """Runs one worker process and keeps it running until :meth:`stop`."""

    def __init__(
        self,
        command: Sequence[str] | None = None,
        *,
        restart_delay: float = 1.0,
        max_delay: float = 30.0,
        on_tick: Callable[[], None] | None = None,
        out: Any = None,
    ) -> None:
        self.command = list(command or worker_command())
        self.restart_delay = restart_delay
        self.max_delay = max_delay
        self.on_tick = on_tick
        self.out = out
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def _say(self, text: str) -> None:
        if self.out is not None:
            self.out.write(f"aiatlas: {text}\n")
            self.out.flush()

    def _spawn(self) -> None:
        # a session of its own: Ctrl+C in the terminal reaches the server, which then
        # stops the worker itself (so it is never restarted while shutting down)
        self.process = subprocess.Popen(self.command, env=dict(os.environ), start_new_session=True)

    def start(self) -> None:
        with self._lock:
            self._spawn()
        assert self.process is not None
        self._say(f"task worker started (pid {self.process.pid})")
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        delay = self.restart_delay
        while not self._stopping.wait(1.0):
            if self.on_tick is not None:
                try:
                    self.on_tick()
                except Exception:  # a failed tick must not stop the supervision
                    logger.exception("supervisor tick failed")
            with self._lock:
                if self._stopping.is_set() or self.process is None:
                    return
                code = self.process.poll()
                if code is None:
                    delay = self.restart_delay
                    continue
                self._say(f"task worker stopped (exit {code}); starting it again in {delay:g} s")
            if self._stopping.wait(delay):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                self._spawn()
                self.restarts += 1
                assert self.process is not None
                self._say(f"task worker started again (pid {self.process.pid})")
            delay = min(delay * 2, self.max_delay)

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """Ask the worker to finish (SIGTERM), kill it after ``timeout``; its exit code."""
        self._stopping.set()
        with self._lock:
            process = self.process
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._say("task worker stopped")
        return process.returncode


def daily_digest_tick() -> Callable[[], None]:
    """A tick that queues the reviewers' digest once a day (with AIATLAS_REVIEW_DIGEST)."""
    from django.utils import timezone

    last: dict[str, str] = {}

    def tick() -> None:
        if not config.review_digest():
            return
        today = timezone.localdate().isoformat()
        if last.get("day") == today:
            return
        from aiatlas.submissions.tasks import review_digest_task

        review_digest_task.enqueue()
        last["day"] = today

    return tick


def run_with_worker(
    serve: Callable[[], None], *, worker: bool, workers: int = 1, out: Any = None
) -> None:
    """Run ``serve()`` (blocking) with ``workers`` supervised workers beside it (none when
    ``worker`` is false); SIGTERM stops all of them as cleanly as Ctrl+C. The daily digest
    is queued by the first supervisor only."""
    count = max(workers, 0) if worker else 0
    supervisors = [
        WorkerSupervisor(on_tick=daily_digest_tick() if i == 0 else None, out=out)
        for i in range(count)
    ]

    def terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    me = os.getpid()
    try:
        for supervisor in supervisors:
            supervisor.start()
        serve()
    except (KeyboardInterrupt, SystemExit):  # Ctrl+C, SIGTERM, or gunicorn's arbiter exiting
        if os.getpid() != me:
            raise  # a forked web process leaving: the supervisors are the arbiter's
    finally:
        if os.getpid() == me:
            signal.signal(signal.SIGTERM, previous)
            for supervisor in supervisors:
                supervisor.stop()
