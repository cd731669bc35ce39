"""Generate docs/cli.md from the commands themselves: ``python -m aiatlas.clidocs``.

A test fails when the committed file and the commands disagree.
"""

from __future__ import annotations

import os

#: aiatlas's own commands, in the order the reference lists them
COMMANDS = [
    "demo",
    "serve",
    "import",
    "export",
    "template",
    "stats",
    "generate",
    "edition",
    "sdg",
    "search",
    "report",
    "survey",
    "user",
    "outbox",
    "backup",
    "restore",
]

INTRO = """# Command reference

`aiatlas` is Django's management utility with the aiatlas settings, so Django's own
commands (`migrate`, `createsuperuser`, `check` …) work too. This page is generated from
the commands by `python -m aiatlas.clidocs > docs/cli.md`; a test keeps it current.

Exit codes: **0** success, **1** bad input (a file or value that cannot be used; the
message says what is wrong), **2** usage (unknown option, missing argument, a value of
the wrong type such as `--edition abc`), **130** interrupted (Ctrl-C). A mistake is one
line on standard error that names the problem, never a traceback (`--traceback` shows
one, for a bug report).
"""


def render() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiatlas.settings")
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    os.environ["COLUMNS"] = "90"  # the same line width wherever it is generated
    available = get_commands()
    parts = [INTRO]
    for name in COMMANDS:
        if name not in available:
            continue
        command = load_command_class(available[name], name)
        parser = command.create_parser("aiatlas", name)
        text = parser.format_help()
        # Django adds its own options to every command; keep ours
        keep = []
        skip = False
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith(
                (
                    "--version",
                    "-v {",
                    "--settings",
                    "--pythonpath",
                    "--traceback",
                    "--no-color",
                    "--force-color",
                    "--skip-checks",
                )
            ):
                skip = True
                continue
            if skip and (line.startswith("                ") or not stripped):
                if not stripped:
                    skip = False
                    keep.append(line)
                continue
            skip = False
            keep.append(line)
        body = "\n".join(keep).rstrip()
        parts.append(f"## aiatlas {name}\n\n```text\n{body}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    import sys

    sys.stdout.write(render())
