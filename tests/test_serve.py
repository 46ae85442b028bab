"""Live preview: `coursegen serve` rebuilds and reloads the browser on a YAML edit,
says what it does, and shows a broken course's problems in the browser."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import IO

import pytest
from playwright.sync_api import Browser

from .conftest import FIXTURES, REPO, make_project, run_cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


@pytest.mark.browser
@pytest.mark.parametrize("tool", ["coursegen", "mkdocs"])
def test_editing_yaml_reloads_the_page(
    tool: str, sample: Path, browser: Browser, tmp_path: Path
) -> None:
    port = free_port()
    temp = tmp_path / "tmp"  # where the preview site is written
    temp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)}
    module = "generator" if tool == "coursegen" else "mkdocs"
    server = subprocess.Popen(
        [sys.executable, "-m", module, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=sample,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url)
        page = browser.new_page()
        page.goto(url)
        assert page.locator("h1").first.inner_text().startswith("Informational Interviews")
        course = sample / "content" / "course.yml"
        course.write_text(
            course.read_text("utf-8").replace(
                "title: Informational Interviews", "title: Curious Conversations", 1
            ),
            "utf-8",
        )
        # The page reloads by itself: no goto, no reload from the test.
        page.wait_for_function(
            "(document.querySelector('h1')?.innerText ?? '').startsWith('Curious Conversations')",
            timeout=60_000,
        )
        page.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    if tool == "coursegen":
        # Stopped like Ctrl-C: nothing left behind.
        assert server.returncode == 0
        assert list(temp.iterdir()) == []
        assert not (sample / "build" / ".default.lock").exists()


class Output:
    """The lines a running process writes to a pipe, read as they come."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, pattern: str, after: int = 0, seconds: float = 120) -> int:
        """The index of the first line from ``after`` on that matches ``pattern``."""

        def found() -> int | None:
            return next(
                (i for i in range(after, len(self.lines)) if re.fullmatch(pattern, self.lines[i])),
                None,
            )

        with self._changed:
            self._changed.wait_for(lambda: found() is not None, timeout=seconds)
            index = found()
        assert index is not None, f"no line matching {pattern!r} in:\n" + "\n".join(self.lines)
        return index

    def closed(self) -> list[str]:
        self._thread.join(timeout=30)
        return self.lines


def restore_ctrl_c() -> None:
    """A child started by a shell in the background inherits SIGINT ignored;
    Ctrl-C is what is tested here, so give it the default back."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


BROKEN = "title: Informational Interviews\n<em>titel</em>: oops\n"
SUMMARY = r"\d+ errors?, \d+ warnings?"
TOOK = r"\(\d+\.\ds\)"


@pytest.mark.browser
def test_serve_says_what_it_does_and_shows_errors_in_the_browser(
    sample: Path, browser: Browser, tmp_path: Path
) -> None:
    course = sample / "content" / "course.yml"
    original = course.read_text("utf-8")
    broken = original.replace("title: Informational Interviews\n", BROKEN, 1)
    assert broken != original
    # What `coursegen build` says about the same mistake, in another copy.
    other = make_project(tmp_path / "other", FIXTURES / "sample" / "content")
    (other / "content" / "course.yml").write_text(broken, "utf-8")
    built = run_cli("build", "--no-pdf", cwd=other)
    assert built.code == 1, built.err

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=sample,
        env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=restore_ctrl_c,
    )
    assert server.stderr is not None and server.stdout is not None
    err = Output(server.stderr)
    try:
        err.wait_for(re.escape(f"Serving the default edition at {url} (Ctrl-C to stop)"))
        page = browser.new_page()
        page.goto(url)
        assert page.locator("h1").first.inner_text().startswith("Informational Interviews")

        course.write_text(original.replace("title: Informational", "title: Curious", 1), "utf-8")
        done = err.wait_for(rf"Rebuilt after a change to content/course\.yml {TOOK}")
        page.wait_for_function(
            "(document.querySelector('h1')?.innerText ?? '').startsWith('Curious Interviews')",
            timeout=60_000,
        )

        course.write_text(broken, "utf-8")
        failed = err.wait_for(
            rf"Not rebuilt after a change to content/course\.yml {TOOK}; "
            "the browser shows these problems until they are fixed:",
            after=done,
        )
        summary = err.wait_for(SUMMARY, after=failed)
        listed = err.lines[failed + 1 : summary + 1]
        # Exactly what `coursegen build` prints for the same course.
        assert listed[0].startswith("content/course.yml:2:1: error: unknown key '<em>titel</em>'")
        assert built.err.endswith("\n".join(listed) + "\n"), built.err
        # The page reloads by itself onto the error page (no goto, no reload here).
        page.wait_for_function(
            "document.querySelector('h1')?.innerText === 'The course does not build'",
            timeout=60_000,
        )
        problems = page.locator("ol.problems > li")
        assert problems.count() == 1
        text = problems.first.inner_text()
        assert "content/course.yml:2:1" in text
        assert "unknown key '<em>titel</em>'" in text  # shown as typed, not as markup
        assert page.locator("main em").count() == 0
        assert page.locator(".summary").inner_text() == listed[-1]
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(tmp_path / f"error-page-{width}.png"), full_page=True)

        course.write_text(original, "utf-8")
        recovered = err.wait_for(
            rf"The course builds again: rebuilt after a change to content/course\.yml {TOOK}",
            after=summary,
        )
        page.wait_for_function(
            "(document.querySelector('h1')?.innerText ?? '')"
            ".startsWith('Informational Interviews')",
            timeout=60_000,
        )
        page.close()
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    lines = err.closed()
    assert server.stdout.read() == ""
    # Nothing but its own lines: no MkDocs chatter, no traceback.
    assert lines[0] == f"Serving the default edition at {url} (Ctrl-C to stop)"
    assert (done, failed, recovered) == (1, 2, summary + 1), "\n".join(lines)
    assert lines[recovered + 1 :] == ["Stopped serving."], "\n".join(lines)
