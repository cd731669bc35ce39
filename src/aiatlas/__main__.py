"""The ``aiatlas`` command: Django's management utility with the aiatlas settings.

``aiatlas --dev COMMAND`` (and ``aiatlas demo``, unless ``AIATLAS_ENV`` says otherwise)
runs in development; everything else runs with production settings. A configuration
that cannot be used is refused before any command runs, with one line on stderr and
exit status 2.
"""

from __future__ import annotations

import os
import sys

#: exit status of a refused configuration
CONFIG_ERROR_EXIT = 2
_HELP = {"help", "--help", "-h", "--version", "version"}


def _check_configuration() -> str | None:
    """The one-line reason the settings cannot be loaded, or None."""
    from django.core.exceptions import ImproperlyConfigured

    from aiatlas.config import ConfigError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - loads (and checks) the settings module
    except (ConfigError, ImproperlyConfigured) as exc:
        return " ".join(str(exc).split())
    return None


#: exit codes (docs/cli.md): 1 bad input, 2 usage, 130 interrupted (Ctrl-C)
BAD_INPUT, INTERRUPTED = 1, 130


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to be read"
    return str(exc) or type(exc).__name__


def main(argv: list[str] | None = None) -> None:
    """Run one command. A refused configuration is one line and exit code 2; a user's
    mistake that a command did not turn into its own message (a file that cannot be
    opened, input nested too deeply) is one line on stderr and exit code 1, never a
    traceback; ``--traceback`` shows the traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "--dev":
        args.pop(0)
        os.environ["AIATLAS_ENV"] = "development"
    elif args and args[0] == "demo":
        os.environ.setdefault("AIATLAS_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiatlas.settings")
    if args and args[0] not in _HELP:
        problem = _check_configuration()
        if problem is not None:
            print(f"aiatlas: configuration error: {problem}", file=sys.stderr)
            sys.exit(CONFIG_ERROR_EXIT)
    from django.core.management import execute_from_command_line

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
