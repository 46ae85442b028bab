"""Live preview: `coursegen serve` rebuilds and reloads the browser on a YAML edit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .conftest import REPO


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
def test_editing_yaml_reloads_the_page(tool: str, sample: Path, browser: Browser) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
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
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
