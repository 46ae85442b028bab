"""Live preview rebuilds only what an edit changed, and still serves the site a
full build gives: a text edit re-renders the module's page alone, a title edit
(which changes every page's navigation) rebuilds them all."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.search_index import words

from .conftest import REPO, run_cli
from .test_serve import free_port, wait_for

MODULE = "content/modules/what-it-is.yml"
PAGE = "modules/what-it-is.html"
OTHER = "modules/secure-meeting.html"
TEXT = ("puts **you** in front of a person", "puts **you** in front of someone")
TITLE = (
    "title: What an informational interview is, and is not\n",
    "title: What a curious conversation is, and is not\n",
)


@contextmanager
def serving(project: Path, port: int, temp: Path) -> Iterator[Path]:
    """`coursegen serve` on ``port``; yields the folder it writes the site to."""
    temp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)}
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        (site,) = temp.iterdir()
        yield site
    finally:
        server.terminate()
        _, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert "Traceback" not in err and "WARNING" not in err, err


def page(port: int, name: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{name}", timeout=120) as response:
        return str(response.read().decode("utf-8"))


def edit(project: Path, port: int, change: tuple[str, str], shown: str, gone: str) -> None:
    """Make ``change`` in the module, then wait until its page shows ``shown``
    and no longer ``gone`` (a page request waits for a rebuild under way)."""
    path = project / MODULE
    text = path.read_text("utf-8")
    assert text.count(change[0]) == 1
    path.write_text(text.replace(*change), "utf-8")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        html = page(port, PAGE)
        if shown in html and gone not in html:
            return
        time.sleep(0.1)
    raise AssertionError(f"{PAGE} never showed {shown!r}")


def tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != "sitemap.xml.gz"  # gzip stamps the time
    }


def written(site: Path) -> dict[str, int]:
    """When each page was written (404.html, the theme's own, is at every build)."""
    pages = (p for p in site.rglob("*.html") if p.name != "404.html")
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in pages}


def test_an_edit_rebuilds_what_it_changed_and_the_site_equals_a_full_build(
    sample: Path, tmp_path: Path
) -> None:
    port = free_port()
    with serving(sample, port, tmp_path / "edited") as site:
        before = written(site)
        edit(sample, port, TEXT, "in front of someone", "in front of a person.")
        after_text = written(site)
        # Only the module's page is rendered again: no other page is rewritten.
        assert after_text[PAGE] != before[PAGE]
        assert {n for n in before if after_text[n] != before[n]} == {PAGE}
        searched = (site / "search" / "search_index.json").read_text("utf-8")
        # The edited section's entry holds its words once each (see search_index).
        edited_words = _section_words(searched, "strangers")
        assert "someone" in edited_words and "person" not in edited_words
        assert "People hire people" in searched and "Secure the meeting" in searched

        # A title is in every page's navigation: every page is built again.
        edit(sample, port, TITLE, "What a curious conversation", "What an informational")
        after_title = written(site)
        assert all(after_title[n] != after_text[n] for n in before)
        assert "curious conversation" in page(port, OTHER)

        edit(sample, port, TEXT[::-1], "in front of a person.", "in front of someone")
        edited = tree(site)
    # A server started on the edited course builds it all, from scratch.
    with serving(sample, port, tmp_path / "fresh") as site:
        fresh = tree(site)
    assert edited.keys() == fresh.keys()
    assert [n for n in edited if edited[n] != fresh[n]] == []

    # And the pages are those of `coursegen build --no-pdf`, but for the address.
    built = run_cli("build", "--no-pdf", "-q", cwd=sample)
    assert built.code == 0, built.err
    for name in (PAGE, OTHER, "index.html"):
        served = _content(fresh[name].decode("utf-8"), port)
        assert served == _content(
            (sample / "build" / "default" / "site" / name).read_text("utf-8"), port
        )
    assert "What a curious conversation is, and is not" in edited[PAGE].decode("utf-8")


def _section_words(index: str, word: str) -> set[str]:
    """The words of the one entry of the search index that holds ``word``."""
    separator = re.compile(r"[\s\-]+")
    held = [{w.lower() for w in words(doc["text"], separator)} for doc in json.loads(index)["docs"]]
    (found,) = (entry for entry in held if word in entry)
    return found


def _content(html: str, port: int) -> str:
    """The page without the link that names the address it is served from (and
    without blank lines: the template leaves a different number around it)."""
    html = re.sub(rf'<link rel="canonical" href="http://127\.0\.0\.1:{port}/[^"]*">', "", html)
    return "\n".join(line for line in html.splitlines() if line.strip())
