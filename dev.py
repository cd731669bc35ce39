#!/usr/bin/env python3
"""Set up and run aiatlas from a checkout with nothing but Python 3.11+.

    python3 dev.py demo    # install into .venv, load the demo database, start the main job
    python3 dev.py test    # install into .venv (with test tools), run the whole test suite

``test`` runs the suite on SQLite and, when AIATLAS_TEST_DATABASE_URL is set (CI sets it to
the local PostgreSQL), a second time on that database.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def ensure_venv(extra: str) -> None:
    """Create .venv and install the project; reinstall only when pyproject.toml changed."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extra.encode()).hexdigest()
    stamp = VENV / ".aiatlas-installed"
    if stamp.exists() and stamp.read_text().strip() == digest:
        return
    if not PY.exists():
        print(f"Creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip") != 0:
        sys.exit("could not upgrade pip")
    if run(PY, "-m", "pip", "install", "--quiet", "-e", f".[{extra}]") != 0:
        sys.exit("could not install aiatlas and its dependencies")
    stamp.write_text(digest)


def demo(args: list[str]) -> int:
    ensure_venv("dev")
    # the demo is explicitly development: plain http on loopback, a generated key in var/
    env = {**os.environ, "AIATLAS_ENV": "development"}
    return run(BIN / "aiatlas", "demo", *args, env=env)


#: Debian packages the tests use, with the program (or, for a font, the file) that shows
#: each is there
TEST_PACKAGES = {
    "chromium": "chromium",  # the browser tests
    "gettext": "xgettext",  # the check that the translation catalogues are not stale
    "poppler-utils": "pdftotext",  # reading the built report PDFs
    # Chinese pages in the browser tests' screenshots (else boxes); not a runtime need:
    # the PDF report brings its own fonts
    "fonts-noto-cjk": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
}


def _present(program: str) -> bool:
    return Path(program).exists() if program.startswith("/") else bool(shutil.which(program))


def ensure_test_packages() -> None:
    """Install the Debian packages the tests drive when we may (root with apt)."""
    missing = [pkg for pkg, program in TEST_PACKAGES.items() if not _present(program)]
    if not missing or os.name == "nt":
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing {', '.join(missing)} for the tests (apt-get install)", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", *missing, env=env)
    else:
        print(f"Not installed: {', '.join(missing)}; the tests that need them are skipped")


def test(args: list[str]) -> int:
    ensure_venv("dev")
    ensure_test_packages()
    env = dict(os.environ)
    pg_url = env.pop("AIATLAS_TEST_DATABASE_URL", "")
    print("== test suite on SQLite ==", flush=True)
    code = run(PY, "-m", "pytest", *args, env=env)
    if code == 0 and pg_url:
        print("== test suite on PostgreSQL ==", flush=True)
        code = run(PY, "-m", "pytest", *args, env={**env, "AIATLAS_TEST_DATABASE_URL": pg_url})
    return code


def main() -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - the check is the point on older Pythons
        print(f"aiatlas needs Python 3.11 or newer; this is {sys.version.split()[0]}")
        return 1
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
