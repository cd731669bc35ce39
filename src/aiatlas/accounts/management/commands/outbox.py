"""aiatlas outbox: the newest e-mails of the one outbox, with their state."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.markup import escape

from aiatlas.accounts.queries import outbox_messages
from aiatlas.common.console import console


class Command(BaseCommand):
    help = "Show the newest e-mails of the outbox (one per recipient), queued, sent or failed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=10, help="how many (default 10)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1", returncode=1)
        out = console()
        messages = list(outbox_messages(options["limit"]))
        if not messages:
            out.print("The outbox is empty.")
        for message in messages:
            out.print(f"[bold]{escape(message.subject)}[/bold]")
            out.print(
                f"To: {message.to} · {message.language or '-'} · "
                f"{message.created_at:%Y-%m-%d %H:%M}"
                f" · {message.get_status_display()}"
                + (f" ({message.error})" if message.error else ""),
                markup=False,
            )
            out.print(message.body, markup=False)
            out.print("─" * 40, markup=False)
