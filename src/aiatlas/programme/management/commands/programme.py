"""`aiatlas programme …`: the AI for Good programme from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.programme.exceptions import ProgrammeError


class Command(BaseCommand):
    help = "The AI for Good programme: load the illustrative demo year."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="{demo}")
        sub.required = True
        sub.add_parser(
            "demo",
            help="replace the illustrative programmes with a fresh illustrative year "
            "(webinar series, AI Governance Day, a three-day summit, registrations)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from aiatlas.programme.services.demo import load_programme_demo

        try:
            counts = load_programme_demo()
        except ProgrammeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            "Illustrative programme loaded: "
            + ", ".join(f"{n} {what}" for what, n in counts.items())
        )
