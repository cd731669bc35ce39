"""``aiatlas serve``: run the web application with the production server (waitress) and,
beside it, a supervised task worker (``--no-worker`` to run workers separately)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.web.server import DEFAULT_HOST, DEFAULT_PORT, serve
from aiatlas.web.supervisor import run_with_worker


class Command(BaseCommand):
    help = (
        "Serve the web application (pages, API, admin) with waitress, a production server, "
        "and run the background task worker beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on")
        parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start a task worker (run `aiatlas worker` separately)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        self.stdout.write(f"aiatlas: serving on http://{host}:{port}/ (Ctrl+C to stop)")
        self.stdout.flush()
        try:
            run_with_worker(
                lambda: serve(host, port), worker=not options["no_worker"], out=self.stdout
            )
        except OSError as exc:  # port taken, address not available
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
