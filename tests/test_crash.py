"""A build killed at any moment, and two builds at once.

The previous build stays complete, no process of the build outlives it, the next
build removes whatever was left hidden, and a second build of the same edition at
the same time stops with a message.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, forget_stamps, make_project, run_cli, run_root_mkdocs

pytestmark = pytest.mark.slow


def start_build(root: Path, *args: str) -> subprocess.Popen[bytes]:
    """``coursegen build`` in its own process group (its session, like a terminal job)."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--quiet", *args],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def group_members(group: int) -> list[int]:
    """Live processes whose process group is ``group`` (zombies do not count)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == group:
            found.append(int(entry.name))
    return found


def assert_group_ends(group: int, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while group_members(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert group_members(group) == []


def hidden(build: Path) -> list[str]:
    """Hidden leftovers in ``build/``: the PDF cache is no leftover, but what a
    killed build was writing into it is."""
    found = [p.name for p in build.iterdir() if p.name.startswith(".") and p.name != ".cache"]
    cache = build / ".cache" / "pdf"
    if cache.is_dir():
        found += [f".cache/pdf/{p.name}" for p in cache.iterdir() if p.name.startswith(".")]
    return sorted(found)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("crash") / "p", FIXTURES / "sample" / "content")
    result = run_cli("build", "--quiet", cwd=root)
    assert result.code == 0, result.err
    return root


def wait_for_stage(build: Path, after: float) -> None:
    """Until the build's temporary folder has existed for ``after`` seconds."""
    deadline = time.monotonic() + 60
    while not [p for p in build.glob(".default.*.tmp") if p.is_dir()]:
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.01)
    time.sleep(after)


@pytest.mark.parametrize("moment", ["0.5", "1.5", "2.5", "writing+0", "writing+0.2", "writing+0.5"])
def test_a_build_killed_at_any_moment_leaves_a_complete_build(project: Path, moment: str) -> None:
    build = project / "build"
    # Killed while laying out PDFs (the cache would skip that), or while writing
    # (the PDFs from the cache: no stamp, so that the build has something to write).
    forget_stamps(project)
    proc = start_build(project, *(() if moment.startswith("writing+") else ("--no-cache",)))
    if moment.startswith("writing+"):
        wait_for_stage(build, float(moment.removeprefix("writing+")))
    else:
        time.sleep(float(moment))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert (build / "default" / "site" / "index.html").is_file()
    assert (build / "default" / "pdf").is_dir()
    assert_group_ends(proc.pid)
    result = run_cli("build", "--quiet", cwd=project)
    assert result.code == 0, result.err
    assert hidden(build) == []


def test_workers_die_when_only_the_parent_is_killed(project: Path) -> None:
    proc = start_build(project, "--no-cache")
    deadline = time.monotonic() + 20
    while len(group_members(proc.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # wait for the PDF workers to start
    assert len(group_members(proc.pid)) >= 3, "the PDF pool never started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert_group_ends(proc.pid)
    assert (project / "build" / "default" / "site" / "index.html").is_file()


def test_all_editions_workers_die_when_only_the_parent_is_killed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    (root / "editions" / "coach").mkdir(parents=True)
    (root / "editions" / "coach" / "edition.yml").write_text("name: Coach\n", "utf-8")
    proc = start_build(root, "--all", "--no-cache")
    deadline = time.monotonic() + 60
    while len(group_members(proc.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # wait for the shared PDF pool to start
    assert len(group_members(proc.pid)) >= 3, "the PDF pool never started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert_group_ends(proc.pid)
    # The locks died with the build: the next one builds every edition.
    result = run_cli("build", "--all", "--quiet", "--no-pdf", cwd=root)
    assert result.code == 0, result.err
    assert hidden(root / "build") == []
    assert (root / "build" / "coach" / "site" / "index.html").is_file()


def test_leftovers_of_earlier_crashes_are_removed(project: Path) -> None:
    build = project / "build"
    for name in (".default.abc_12.tmp", ".default.xyz.old"):
        (build / name / "site").mkdir(parents=True)
    (build / ".other.abc.tmp").mkdir()  # another edition's: not ours to remove
    result = run_cli("build", "--quiet", "--no-pdf", cwd=project)
    assert result.code == 0, result.err
    assert hidden(build) == [".other.abc.tmp"]
    (build / ".other.abc.tmp").rmdir()


def test_a_second_build_of_the_same_edition_stops_with_a_message(project: Path) -> None:
    first = start_build(project, "--no-cache")  # long enough to overlap
    lock = project / "build" / ".default.lock"
    deadline = time.monotonic() + 20
    while not lock.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    second = run_cli("build", "--quiet", "--no-pdf", cwd=project)
    assert first.wait(timeout=120) == 0
    assert second.code == 1, second.err
    assert second.err == (
        f"coursegen: another build of 'default' is running in {project / 'build'}; "
        "wait for it to finish, then build again\n"
    )
    assert hidden(project / "build") == []


def test_the_swap_never_leaves_the_edition_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import write

    root = tmp_path / "build"
    (root / "default").mkdir(parents=True)
    (root / "default" / "old").write_text("old")
    real_rename = Path.rename

    def watched_rename(self: Path, target: str | Path) -> Path:
        # Moving the current build aside would open a moment with no build at all.
        assert Path(self) != root / "default", "build/default was moved away before the swap"
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", watched_rename)
    with write.build_lock(root, "default"), write.staged_output(root, "default") as stage:
        (stage / "new").write_text("new")
    assert sorted(p.name for p in root.iterdir()) == ["default"]
    assert [p.name for p in (root / "default").iterdir()] == ["new"]


def test_without_an_atomic_exchange_the_swap_still_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import write

    root = tmp_path / "build"
    (root / "default").mkdir(parents=True)
    (root / "default" / "old").write_text("old")
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    with write.build_lock(root, "default"), write.staged_output(root, "default") as stage:
        (stage / "new").write_text("new")
    assert sorted(p.name for p in root.iterdir()) == ["default"]
    assert [p.name for p in (root / "default").iterdir()] == ["new"]


def test_root_mkdocs_build_waits_its_turn_and_gives_it_back(project: Path) -> None:
    """`mkdocs build` at the root regenerates build/<edition>/docs and writes its
    site there: it takes the edition's lock like `coursegen build`, and lets it go."""
    from generator import write

    assert run_cli("build", "--quiet", "--no-pdf", cwd=project).code == 0
    build = project / "build" / "default"
    before = {p: p.read_bytes() for p in sorted(build.rglob("*")) if p.is_file()}
    with write.build_lock(project / "build", "default"):
        blocked = run_root_mkdocs(project, "build")
    assert blocked.returncode == 1
    assert "another build of 'default' is running" in blocked.stderr
    assert "Traceback" not in blocked.stderr
    assert {p: p.read_bytes() for p in sorted(build.rglob("*")) if p.is_file()} == before

    done = run_root_mkdocs(project, "build")
    assert done.returncode == 0, done.stderr
    assert not (project / "build" / ".default.lock").exists()
    assert run_cli("build", "--quiet", "--no-pdf", cwd=project).code == 0
