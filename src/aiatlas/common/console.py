"""Helpers shared by the management commands: Rich console, progress bars, usage errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.core.management.base import CommandError, CommandParser

if TYPE_CHECKING:
    from rich.console import Console


class UsageParser(CommandParser):
    """Usage errors exit with 2, also when the command is called in-process (set it as a
    command's parser class in ``add_arguments``: ``parser.__class__ = UsageParser``; its
    subcommands' parsers inherit it)."""

    def error(self, message: str) -> Any:
        if self.called_from_command_line:
            return super().error(message)
        raise CommandError(f"Error: {message}", returncode=2)


def console(stderr: bool = False) -> Console:
    from rich.console import Console  # Rich loads when a command prints, not when it parses

    return Console(file=sys.stderr if stderr else sys.stdout, highlight=False, soft_wrap=True)


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (shown after a second, so quick work stays quiet).
    Yields ``update(done)``."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
        disable=not sys.stderr.isatty(),
    )
    with bar:
        task = bar.add_task(description, total=total)

        def update(done: int) -> None:
            bar.update(task, completed=done)

        yield update
