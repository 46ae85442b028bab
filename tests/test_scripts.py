"""scripts/_debian.sh, which scripts/build and scripts/test use on a fresh machine."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .conftest import REPO

HELPERS = REPO / "scripts" / "_debian.sh"


def bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f"set -euo pipefail; . {HELPERS}; {script}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_package_lists_hold_what_weasyprint_and_venv_need(tmp_path: Path) -> None:
    listed = bash('echo "${BASE_PACKAGES[@]} ${PDF_PACKAGES[@]}"', tmp_path).stdout.split()
    for package in (
        "python3-venv",
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "libfontconfig1",
    ):
        assert package in listed


def fake_venv(root: Path, pip_output: str, status: int) -> None:
    python = root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f"#!/bin/sh\ncat <<'OUT'\n{pip_output}\nOUT\nexit {status}\n")
    python.chmod(0o755)


PIP = """Obtaining file:///p
Collecting mkdocs<2,>=1.6
  Downloading mkdocs-1.6.1-py3-none-any.whl (3.9 MB)
Collecting weasyprint<71,>=70
Requirement already satisfied: pyyaml in ./.venv/lib
Successfully installed coursegen-0.1.0 mkdocs-1.6.1 weasyprint-70.0"""


def test_pip_progress_is_shown_one_line_per_package(tmp_path: Path) -> None:
    fake_venv(tmp_path, PIP, 0)
    result = bash("ensure_venv -e .", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Installing coursegen and its Python packages into .venv (pip install -e .)",
        "  Collecting mkdocs<2,>=1.6",
        "  Collecting weasyprint<71,>=70",
        "  Successfully installed coursegen-0.1.0 mkdocs-1.6.1 weasyprint-70.0",
    ]


def test_a_failing_pip_fails_the_script(tmp_path: Path) -> None:
    fake_venv(tmp_path, "ERROR: No matching distribution found for weasyprint", 1)
    result = bash("ensure_venv -e .; echo after", tmp_path)
    assert result.returncode != 0
    assert "  ERROR: No matching distribution found for weasyprint" in result.stdout
    assert "after" not in result.stdout


def test_scripts_test_says_up_front_that_it_takes_minutes() -> None:
    text = (REPO / "scripts" / "test").read_text("utf-8")
    warning = text.index("this takes several minutes")
    assert warning < text.index("ensure_debian_packages") < text.index("ensure_venv")
    assert warning < text.index(". scripts/_debian.sh")
