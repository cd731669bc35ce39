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


def main(argv: list[str] | None = None) -> None:
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

    execute_from_command_line(["aiatlas", *args])


if __name__ == "__main__":
    main()
