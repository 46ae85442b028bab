"""Shared fixtures: scratch courses built in tmp_path, and the CLI run for real."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected output of golden cases from the current behaviour",
    )


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300) -> Result:
    """Run ``python -m generator`` as a user would, in ``cwd``.

    ``timeout`` only guards against a hung build; it is no performance check.
    """
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run_root_mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """MkDocs itself (``mkdocs build``, ``mkdocs build --strict``…) run in the
    project folder ``root``, through the hook its ``mkdocs.yml`` names."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def make_project(dest: Path, content: Path) -> Path:
    """A scratch project: a copy of ``content`` plus the root mkdocs.yml and hooks."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(content, dest / "content")
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    # The root mkdocs.yml names its hook file by a path relative to itself.
    (dest / "generator").symlink_to(REPO / "generator", target_is_directory=True)
    return dest


def forget_stamps(root: Path) -> None:
    """Remove the up-to-date stamps of ``root``'s builds, so that the next build
    runs every stage (and its caches) even when nothing changed."""
    shutil.rmtree(root / "build" / ".cache" / "stamps", ignore_errors=True)


def cache_entries(root: Path, kind: str) -> dict[str, bytes]:
    """The files of one cache folder under ``build/.cache/``, by name."""
    from generator.tree_cache import CACHE_ROOT
    from generator.write import read_tree

    return read_tree(root / "build" / CACHE_ROOT / kind)


def differing(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    """The names whose bytes differ between two trees of the same files."""
    assert one.keys() == other.keys()
    return [name for name in one if one[name] != other[name]]


@dataclass(frozen=True)
class Warm:
    """A project built once with its caches, and the output folder it gave."""

    root: Path
    tree: dict[str, bytes]


def copy_warm(warm: Warm, dest: Path) -> Path:
    """A copy of the warm project, to change."""
    root = dest / "p"
    shutil.copytree(warm.root, root, symlinks=True)
    return root


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A small course that uses every part of the schema."""
    return make_project(tmp_path / "project", FIXTURES / "sample" / "content")


@pytest.fixture
def repo_content(tmp_path: Path) -> Path:
    """A scratch project holding a copy of the shipped course."""
    return make_project(tmp_path / "shipped", REPO / "content")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample course built once for the whole session (read-only)."""
    root = make_project(
        tmp_path_factory.mktemp("built") / "project", FIXTURES / "sample" / "content"
    )
    result = run_cli("build", "--quiet", cwd=root)
    assert result.code == 0, result.err
    yield root / "build" / "default"


@pytest.fixture(scope="session")
def all_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped course and both sample editions, built once with --all (read-only)."""
    root = make_project(tmp_path_factory.mktemp("editions") / "p", REPO / "content")
    shutil.copytree(REPO / "editions", root / "editions")
    # The whole course three times over, each with its book: on a busy shared
    # machine this takes far longer than a sample build.
    result = run_cli("build", "--all", cwd=root, timeout=1200)
    assert result.code == 0, result.err
    assert "3 of 3 editions built" in result.err
    return root / "build"


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one for the whole session."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is missing: run scripts/test, which installs it")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


_INTERCEPTED = """() => {
  const probe = document.createElement("a");
  probe.href = "#cg-instant-probe";
  document.body.append(probe);
  const click = new MouseEvent("click", {bubbles: true, cancelable: true});
  probe.dispatchEvent(click);
  probe.remove();
  return click.defaultPrevented;
}"""


def wait_for_instant_navigation(page: Any) -> None:
    """Wait until Material's instant navigation intercepts clicks on links.

    It starts to only once it has fetched the sitemap; a link clicked earlier loads
    the next page in full. A click on an in-page probe link shows when it is ready
    (were it not intercepted, the probe would only scroll).
    """
    page.wait_for_function(_INTERCEPTED)


@pytest.fixture(scope="session")
def web_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder served on 127.0.0.1 for the session, and its base URL."""
    root = tmp_path_factory.mktemp("web")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
