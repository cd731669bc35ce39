"""``aiatlas worker``: run background tasks (report builds, e-mail) from the database
queue. A thin wrapper over django-tasks-db's ``db_worker``; ``aiatlas serve`` starts one
by itself, and deployments run more, on several machines sharing one PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Run the background task worker (report builds, e-mail). Several workers may share "
        "one PostgreSQL database: each task runs once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds to wait when the queue is empty (default 1)",
        )
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="exit after this many tasks"
        )
        parser.add_argument(
            "--worker-id", default=None, help="a unique name for this worker (default: random)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 0:
            raise CommandError("--interval must be zero or more", returncode=1)
        if options["max_tasks"] is not None and options["max_tasks"] < 1:
            raise CommandError("--max-tasks must be at least 1", returncode=1)
        kwargs: dict[str, Any] = {
            "interval": options["interval"],
            "batch": options["batch"],
            "reload": False,
            "startup_delay": not options["batch"],
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"] is not None:
            kwargs["max_tasks"] = options["max_tasks"]
        if options["worker_id"]:
            kwargs["worker_id"] = options["worker_id"][:64]
        call_command("db_worker", stdout=self.stdout, stderr=self.stderr, **kwargs)
