"""The course pages themselves (not only quizzes and worksheets) pass axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import REPO, make_project, run_cli

pytestmark = pytest.mark.browser

PAGES = [
    "index.html",
    "modules/what-it-is.html",
    "modules/secure-the-meeting.html",
    "pipeline.html",
    "questions.html",
    "messages.html",
]


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("a11y") / "p", REPO / "content")
    result = run_cli("build", "-q", "--no-pdf", cwd=root)
    assert result.code == 0, result.err
    return root / "build" / "default" / "site"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_course_pages_have_no_serious_violations(
    browser: Any, shipped_site: Path, scheme: str
) -> None:
    page = browser.new_page(color_scheme=scheme)
    found = []
    for name in PAGES:
        page.goto((shipped_site / name).as_uri())
        results = Axe().run(page)
        found += [
            f"{name}: {v['id']} {[n['html'][:60] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    page.close()
    assert found == []


def test_the_search_dialog_has_a_name(browser: Any, shipped_site: Path) -> None:
    """Material writes its search box as a role="dialog" without a name; the site
    script gives it the search field's."""
    page = browser.new_page()
    page.goto((shipped_site / "modules" / "what-it-is.html").as_uri())
    results = Axe().run(page, context=".md-search", options={"runOnly": ["aria-dialog-name"]})
    assert [rule["id"] for rule in results.response["passes"]] == ["aria-dialog-name"]
    assert results.response["violations"] == []
    assert page.get_attribute(".md-search", "aria-label") == "Search"
    page.close()


def test_phone_width_never_scrolls_sideways(browser: Any, shipped_site: Path) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 780})
    for name in PAGES:
        page.goto((shipped_site / name).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, name
    page.close()
