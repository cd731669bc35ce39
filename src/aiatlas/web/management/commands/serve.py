"""``aiatlas serve``: run the web application with a production server (waitress, or
gunicorn with ``--processes N``) and, beside it, supervised task workers (``--workers M``;
``--no-worker`` to run them separately with ``aiatlas worker``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.web.server import DEFAULT_HOST, DEFAULT_PORT, ServerError, serve
from aiatlas.web.supervisor import run_with_worker


class Command(BaseCommand):
    help = (
        "Serve the web application (pages, API, admin) with a production server, and run "
        "the background task worker beside it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on")
        parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on")
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            metavar="N",
            help="web processes: 1 runs waitress; more run gunicorn's pre-forking server "
            "(POSIX only), 8 threads each",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            metavar="M",
            help="task worker processes to supervise beside the web server (default 1)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="start no task worker (run `aiatlas worker` separately), as --workers 0",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port, processes = options["host"], options["port"], options["processes"]
        workers = 0 if options["no_worker"] else options["workers"]
        if processes < 1:
            raise CommandError(f"--processes must be 1 or more, not {processes}")
        if workers < 0:
            raise CommandError(f"--workers must be 0 or more, not {workers}")
        server = "waitress" if processes == 1 else f"gunicorn, {processes} processes"
        self.stdout.write(f"aiatlas: serving on http://{host}:{port}/ ({server}; Ctrl+C to stop)")
        self.stdout.flush()
        try:
            run_with_worker(
                lambda: serve(host, port, processes),
                worker=workers > 0,
                workers=workers,
                out=self.stdout,
            )
        except ServerError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:  # port taken, address not available
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
