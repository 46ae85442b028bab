"""Live preview against a bare MkDocs build: python benchmarks/preview.py [--repeat N]

The shipped course (``content/``, ``editions/``, ``worksheets/``, the root
``mkdocs.yml`` and a link to ``generator/``) is copied to a scratch folder and
built once with ``coursegen build`` (PDFs included, so the preview carries
them as it would in a project; ``--pdf-cache DIR`` copies a ``build/.cache``
folder in first, which spares the layout). Then ``coursegen serve`` starts on a
free port and, in each round, in this order (interleaved, so a busy machine
slows every case alike):

- a text edit: one sentence of one module's YAML alternates between two
  versions; timed from the save until an HTTP GET of that module's page
  returns the new text;
- a title edit: the same module's title alternates, which changes the
  navigation of every page; timed until the module's page shows it;
- ``mkdocs build`` of the generated ``build/default/docs/`` into a scratch
  folder (the bare engine on the same pages), a fresh process.

One edit of each kind is made first and not counted (the server's first
rebuild compiles templates). Prints min and median per case and the ratio of
the medians to the bare MkDocs build. Exits non-zero only when something
fails (the server stops, a page never shows the edit), never over a budget.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULE = "what-it-is"
TEXT = ("sums up its case in five", "sums up its argument in five")
TITLE = ("is, and is not\n", "is, and is not yet\n")
"""The end of the module's title line; the page shows it before the heading's anchor."""
TITLE_SHOWN = ("is, and is not<", "is, and is not yet<")
BARE = "mkdocs build (bare, generated docs)"
TIMEOUT = 300.0


class BenchmarkError(Exception):
    pass


def _env(code: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}


def make_project(dest: Path, code: Path, pdf_cache: Path | None) -> Path:
    for name in ("content", "editions", "worksheets"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    # The root mkdocs.yml names its hook by a path relative to itself.
    (dest / "generator").symlink_to(code / "generator", target_is_directory=True)
    if pdf_cache is not None:
        shutil.copytree(pdf_cache, dest / "build" / ".cache")
    return dest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return str(response.read().decode("utf-8"))


def wait_until(check: Callable[[], bool], server: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchmarkError(f"coursegen serve stopped (exit {server.returncode}) {what}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.01)
    raise BenchmarkError(f"timed out {what}")


class Edit:
    """One line of the module's YAML that alternates between two versions."""

    def __init__(
        self, path: Path, versions: tuple[str, str], page: str, shown: tuple[str, str]
    ) -> None:
        if path.read_text("utf-8").count(versions[0]) != 1:
            raise BenchmarkError(f"{path}: expected {versions[0]!r} exactly once")
        self.path, self.versions, self.page, self.shown = path, versions, page, shown
        self.turn = 0

    def __call__(self, server: subprocess.Popen[bytes]) -> float:
        now, then = self.turn % 2, (self.turn + 1) % 2
        self.turn += 1
        text = self.path.read_text("utf-8").replace(self.versions[now], self.versions[then], 1)

        def shown() -> bool:
            html = fetch(self.page)
            return self.shown[then] in html and self.shown[now] not in html

        start = time.perf_counter()
        self.path.write_text(text, "utf-8")
        wait_until(shown, server, f"waiting for {self.page} to show {self.shown[then]!r}")
        return time.perf_counter() - start


def bare_build(root: Path, site: Path, code: Path) -> float:
    docs = root / "build" / "default" / "docs" / "mkdocs.yml"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(docs), "-d", str(site)],
        cwd=root,
        env=_env(code),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def run(root: Path, code: Path, repeat: int, log: Path) -> dict[str, list[float]]:
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "-q"], cwd=root, env=_env(code), check=True
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=_env(code),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: bool(fetch(url)), server, f"waiting for {url}")
            module = root / "content" / "modules" / f"{MODULE}.yml"
            page = f"{url}modules/{MODULE}.html"
            edits = {
                "text edit, until the page shows it": Edit(module, TEXT, page, TEXT),
                "title edit (navigation), until the page shows it": Edit(
                    module, TITLE, page, TITLE_SHOWN
                ),
            }
            for edit in edits.values():
                edit(server)  # the first rebuild compiles the templates: not counted
            times: dict[str, list[float]] = {name: [] for name in [*edits, BARE]}
            site = root.parent / "bare-site"
            for _ in range(repeat):
                for name, edit in edits.items():
                    times[name].append(edit(server))
                times[BARE].append(bare_build(root, site, code))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout to measure")
    parser.add_argument("--pdf-cache", type=Path, help="a build/.cache folder to start from")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "course", args.code.resolve(), args.pdf_cache)
        log = Path(tmp) / "serve.log"
        try:
            times = run(root, args.code.resolve(), args.repeat, log)
        except (BenchmarkError, subprocess.CalledProcessError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            if log.is_file():
                print(log.read_text("utf-8", "replace")[-4000:], file=sys.stderr)
            return 1
    bare = statistics.median(times[BARE])
    print(f"{args.repeat} interleaved rounds on {os.cpu_count()} cores; load {os.getloadavg()}")
    print(f"| {'case':<50} | min | median | median / bare mkdocs |")
    print(f"|{'-' * 52}|-----|--------|----------------------|")
    for name, found in times.items():
        median = statistics.median(found)
        print(f"| {name:<50} | {min(found):.2f} s | {median:.2f} s | {median / bare:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
