"""aiatlas demo: (re)create the demo database and start the main job; ``demo load`` only loads."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.catalog.exceptions import CatalogError
from aiatlas.catalog.services.demo import DEMO_NOTICE
from aiatlas.common.console import console
from aiatlas.web.services.demo import set_up_demo


class Command(BaseCommand):
    help = (
        "Create or refresh the demo data in the configured database and start the web app "
        "on it. 'aiatlas demo load' only loads the demo data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", choices=["load"], help="only load the data")
        parser.add_argument("--host", default="127.0.0.1", help="address to serve on")
        parser.add_argument("--port", type=int, default=8000, help="port to serve on")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start the task worker beside the web app",
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="load and summarise, but do not start the web app",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = console()
        call_command("migrate", verbosity=0, interactive=False)
        try:
            demo = set_up_demo(refresh=options["action"] is None)
        except CatalogError as exc:
            raise CommandError(str(exc), returncode=1) from None
        out.print(f"[bold yellow]{DEMO_NOTICE}[/bold yellow]")
        out.print(
            f"Loaded {demo.loaded['entities']} UN entities and {demo.loaded['activities']} "
            f"illustrative activities; the offline classifier suggested {demo.goal_tags} "
            f"SDG tags. The illustrative AI for Good programme has "
            f"{demo.programme['sessions']} sessions (/en/programme/); "
            f"{demo.initiatives['groups']} focus groups and initiatives and "
            f"{demo.initiatives['challenges']} challenge are at /en/initiatives/."
        )
        out.print(
            f"The call for contributions to {demo.call.edition} is open until "
            f"{demo.call.deadline}. Demo accounts (new passwords on every run; sign in at "
            "/en/account/login/):"
        )
        for email, role, password in demo.accounts:
            out.print(f"  {email:<32} {password:<18} {role}")
        if options["action"] == "load":
            return
        call_command("stats")
        if options["no_serve"]:
            return
        from aiatlas.web.server import serve
        from aiatlas.web.supervisor import run_with_worker

        out.print(
            f"aiatlas is running at http://{options['host']}:{options['port']}/ (Ctrl+C stops it)"
        )
        if not options["no_worker"]:
            out.print("Report builds and e-mail run in the task worker started beside it.")
        run_with_worker(
            lambda: serve(options["host"], options["port"]),
            worker=not options["no_worker"],
            out=self.stdout,
        )
