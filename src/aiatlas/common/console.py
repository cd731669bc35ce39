"""Helpers shared by the management commands: Rich console, progress bars, usage errors,
the import and export of exchange files."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.common.exchange import ExchangeError, either, read_file

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


@contextmanager
def problems_reported(command: BaseCommand) -> Iterator[None]:
    """An :class:`ExchangeError` inside: each problem on stderr, then a usage error."""
    try:
        yield
    except ExchangeError as exc:
        for problem in exc.problems:
            command.stderr.write(problem)
        raise CommandError(f"nothing was imported: {len(exc.problems)} problem(s)") from exc


def import_file(
    command: BaseCommand, file: str, importers: Mapping[str, Callable[[str], str]]
) -> None:
    """``… import FILE``: the importer of the file's ending (``.jsonl`` …) reads its text
    and returns what it imported, which the command prints."""
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    text = read_file(path)
    importer = importers.get(path.suffix.lower())
    if importer is None:
        raise CommandError(f"{path.name}: import takes {either(f'a {s}' for s in importers)} file")
    command.stdout.write(f"Imported {path.name}: {importer(text)}")


def export_file(
    command: BaseCommand, file: str | None, writers: Mapping[str, Callable[[], str | bytes]]
) -> None:
    """``… export [FILE]``: the writer of the file's ending (``.jsonl`` …) makes its
    content; without a file, the ``.jsonl`` goes to standard output."""
    if not file:
        sys.stdout.write(str(writers[".jsonl"]()))
        return
    path = Path(file)
    write = writers.get(path.suffix.lower())
    if write is None:
        raise CommandError(f"{path.name}: export writes {either(writers)}")
    content = write()
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    command.stdout.write(f"Wrote {path}")
