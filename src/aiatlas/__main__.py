"""The ``aiatlas`` command: Django's management utility with the aiatlas settings."""

from __future__ import annotations

import os
import sys

#: exit codes (docs/cli.md): 1 bad input, 2 usage, 130 interrupted (Ctrl-C)
BAD_INPUT, INTERRUPTED = 1, 130


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to be read"
    return str(exc) or type(exc).__name__


def main(argv: list[str] | None = None) -> None:
    """Run one command. A user's mistake that a command did not turn into its own message
    (a file that cannot be opened, input nested too deeply) is one line on stderr and exit
    code 1, never a traceback; ``--traceback`` shows the traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiatlas.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    try:
        execute_from_command_line(["aiatlas", *args])
    except (OSError, RecursionError, UnicodeError) as exc:
        if "--traceback" in args:
            raise
        sys.stderr.write(f"aiatlas: error: {_describe(exc)}\n")
        sys.exit(BAD_INPUT)
    except KeyboardInterrupt:
        sys.stderr.write("aiatlas: interrupted\n")
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
