"""The README's `mkdocs serve` and `mkdocs build` commands, run exactly as written
(parsed out of the README) in a copy of the sample project, as on a fresh clone
after `scripts/build`: coursegen installed in `.venv`, nothing else on the PATH."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, make_project
from .test_serve import free_port, restore_ctrl_c

BANNER = "end of life"


def readme_commands() -> dict[str, str]:
    """The README's shell lines that run ``mkdocs serve`` and ``mkdocs build``, by verb."""
    readme = (REPO / "README.md").read_text("utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", readme, flags=re.M | re.S)
    commands: dict[str, str] = {}
    for line in "\n".join(blocks).splitlines():
        found = re.search(r"\bmkdocs (serve|build)\b", line)
        if found:
            assert found[1] not in commands, f"two '{found[1]}' commands in the README"
            commands[found[1]] = line
    # Prose must not advertise another form of the same commands.
    for span in re.findall(r"`([^`\n]*\bmkdocs (?:serve|build)\b[^`\n]*)`", readme):
        assert any(span.strip() in c for c in commands.values()), span
    return commands


@pytest.fixture
def fresh_clone(tmp_path: Path) -> Path:
    """The sample project with the `.venv` that `scripts/build` makes."""
    project = make_project(tmp_path / "clone", FIXTURES / "sample" / "content")
    venv = Path(sys.prefix)
    assert (venv / "bin" / "mkdocs").is_file(), "run the tests from coursegen's virtualenv"
    (project / ".venv").symlink_to(venv, target_is_directory=True)
    return project


def shell_env() -> dict[str, str]:
    """The environment of a fresh shell: no banner switch set beforehand, the
    virtualenv not activated (only the clone's own coursegen importable)."""
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    env["PYTHONPATH"] = str(REPO)  # the clone's generator/, as `pip install -e .` gives
    env.pop("VIRTUAL_ENV", None)
    return env


def first_answer(server: subprocess.Popen[str], url: str, seconds: float = 120) -> str:
    """The page at ``url`` once the server answers; fails early if it has stopped."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer (server exit status {server.poll()})")


def test_the_readme_names_both_commands() -> None:
    assert set(readme_commands()) == {"serve", "build"}


def test_readme_mkdocs_build_works_as_written(fresh_clone: Path) -> None:
    command = readme_commands()["build"]
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=fresh_clone,
        env=shell_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert BANNER not in done.stdout + done.stderr, done.stderr
    index = fresh_clone / "build" / "default" / "site" / "index.html"
    assert "Informational Interviews" in index.read_text("utf-8")


def test_readme_mkdocs_serve_works_as_written(fresh_clone: Path) -> None:
    command = readme_commands()["serve"]
    port = free_port()
    # The address comes from mkdocs.yml, so the command stays as written.
    config = fresh_clone / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + f"dev_addr: 127.0.0.1:{port}\n", "utf-8")
    server = subprocess.Popen(
        ["bash", "-c", command],
        cwd=fresh_clone,
        env=shell_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=restore_ctrl_c,
    )
    try:
        assert "Informational Interviews" in first_answer(server, f"http://127.0.0.1:{port}/")
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
        out, err = server.communicate(timeout=60)
    assert BANNER not in out + err, err
