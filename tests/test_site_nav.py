"""The navigation Material writes into each page: only what the page shows
(``navigation.prune``), with a long list of modules split into numbered groups,
so a page does not grow with every module a course adds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.scale import make_course

from .conftest import FIXTURES, run_cli

DASH = "\u2013"  # between the numbers of a group's first and last module


@pytest.fixture(scope="module")
def long_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course with its two modules copied twelve times: 24 modules."""
    root = tmp_path_factory.mktemp("long") / "p"
    assert make_course(root, 12, source=FIXTURES / "sample") == 24
    result = run_cli("build", "-q", "--no-pdf", cwd=root)
    assert result.code == 0, result.err
    return root / "build" / "default"


def nav_links(html: str) -> list[str]:
    """The pages the primary navigation links to, in order."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    end = html.index('<div class="md-sidebar md-sidebar--secondary"')
    return re.findall(r'<a href="([^"#]+)" class="md-nav__link', html[start:end])


def test_a_long_module_list_is_grouped_by_ten(long_course: Path) -> None:
    config = (long_course / "docs" / "mkdocs.yml").read_text("utf-8")
    assert "- navigation.prune\n" in config
    groups = re.findall(rf"^  - (\d+{DASH}\d+|\d+):$", config, re.MULTILINE)
    assert groups == [f"1{DASH}10", f"11{DASH}20", f"21{DASH}24"]


def test_a_module_page_carries_its_own_group_and_the_toolkit(long_course: Path) -> None:
    site = long_course / "site"
    html = (site / "modules" / "what-it-is-x7.html").read_text("utf-8")  # module 13
    links = nav_links(html)
    modules = [link for link in links if link.startswith(("what-it-is", "secure-meeting"))]
    # Its ten siblings, and the first page of each other group to open it.
    assert modules == [
        "what-it-is.html",
        *(f"{m}-x{n}.html" for n in range(6, 11) for m in ("what-it-is", "secure-meeting")),
        "what-it-is-x11.html",
    ]
    for toolkit in ("../pipeline.html", "../questions.html", "../messages.html"):
        assert toolkit in links
    assert "../worksheets/contact-log.html" in links
    last = nav_links((site / "modules" / "what-it-is-x12.html").read_text("utf-8"))
    assert [link for link in last if link.startswith(("what-it-is", "secure-meeting"))] == [
        "what-it-is.html",
        "what-it-is-x6.html",
        *(f"{m}-x{n}.html" for n in (11, 12) for m in ("what-it-is", "secure-meeting")),
    ]
