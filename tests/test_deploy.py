"""The deployment recipes in deploy/ (container image, compose file, systemd units) say
only what aiatlas really does: every ``aiatlas`` command line in them parses with the real
command's options, the compose file is valid YAML naming the image the Dockerfile builds,
and where a container runtime runs, the image builds and answers /readyz."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _parses(argv: list[str]) -> None:
    assert argv[0].endswith("aiatlas"), argv
    name, args = argv[1], argv[2:]
    commands = get_commands()
    assert name in commands, f"no command aiatlas {name}"
    parser = load_command_class(commands[name], name).create_parser("aiatlas", name)
    parser.parse_args(args)  # SystemExit (a test failure) on an unknown option


def _command_lines() -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for unit in DEPLOY.glob("*.service"):
        for line in unit.read_text().splitlines():
            if line.startswith(("ExecStart=", "ExecStartPre=")):
                argv = shlex.split(line.split("=", 1)[1].replace("%H", "h").replace("%i", "1"))
                found.append((unit.name, argv))
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    for name, service in compose["services"].items():
        if service.get("image") == "aiatlas" and "command" in service:
            found.append((f"compose {name}", service["command"]))
    cmd = re.search(r"^CMD (\[.*\])$", (DEPLOY / "Dockerfile").read_text(), re.M)
    assert cmd, "the Dockerfile has a CMD in exec form"
    found.append(("Dockerfile", yaml.safe_load(cmd.group(1))))
    return found


def test_every_aiatlas_command_in_the_recipes_parses():
    lines = _command_lines()
    assert {where.split()[0] for where, _ in lines} >= {"compose", "Dockerfile"}
    for where, argv in lines:
        try:
            _parses(argv)
        except SystemExit:
            pytest.fail(f"{where}: {' '.join(argv)} is not a valid aiatlas command")


def test_compose_builds_the_image_from_the_dockerfile_and_runs_web_and_workers():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert services["migrate"]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert services["worker"]["deploy"]["replicas"] >= 2
    assert "--processes" in services["web"]["command"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert (DEPLOY / "aiatlas.env.example").is_file()


def _docker_runs() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _docker_runs(), reason="no container runtime runs here")
def test_the_image_builds():
    built = subprocess.run(
        ["docker", "build", "-q", "-f", "deploy/Dockerfile", "-t", "aiatlas-test", "."],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-3000:]
