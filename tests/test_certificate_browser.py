"""The certificate of completion on the progress page, in Debian's Chromium.

It appears only once every quiz has been checked, carries the learner's typed
name and the edition's brand and logo, prints on one page, and sends nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .conftest import FIXTURES, REPO, make_project, run_cli

pytestmark = pytest.mark.browser

NAME = "María-José Núñez"
BRAND = "Rivera Career Coaching"
TITLE = "Talk Your Way In"


@pytest.fixture(scope="module")
def coach_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample under a coach's name, title and logo."""
    project = make_project(tmp_path_factory.mktemp("cert") / "p", FIXTURES / "sample" / "content")
    folder = project / "editions" / "rivera"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "editions" / "northstar" / "logo.svg", folder / "logo.svg")
    (folder / "edition.yml").write_text(
        f"name: {BRAND}\ntitle: {TITLE}\nbranding:\n  logo: logo.svg\n  primary_color: '#7a1e48'\n",
        "utf-8",
    )
    result = run_cli("build", "-q", "--no-pdf", "--edition", "rivera", cwd=project)
    assert result.code == 0, result.err
    return project / "build" / "rivera" / "site"


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="en-US",
        timezone_id="UTC",
        reduced_motion="reduce",
    )
    opened = context.new_page()
    opened.clock.set_fixed_time(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def check_quiz(page: Page, module_page: Path) -> None:
    page.goto(module_page.as_uri())
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator(".cgq-summary")).to_be_visible()


def violations(page: Page) -> list[str]:
    # Material's search box is a dialog without a name: theme markup (see the quiz tests).
    results = Axe().run(page, context={"exclude": [[".md-search"]]})
    return [
        f"{v['id']}: {[n['html'][:80] for n in v['nodes']]}" for v in results.response["violations"]
    ]


def test_the_certificate_appears_only_when_every_quiz_was_checked(
    page: Page, coach_site: Path
) -> None:
    progress = (coach_site / "progress.html").as_uri()
    certificate = page.locator("[data-certificate]")
    page.goto(progress)
    expect(page.locator(".cgq-progress[data-ready]")).to_have_count(1)
    expect(certificate).to_be_hidden()
    check_quiz(page, coach_site / "modules" / "what-it-is.html")
    page.goto(progress)
    expect(page.locator(".cgq-total")).to_have_text("1 of 2 quizzes completed.")
    expect(certificate).to_be_hidden()
    check_quiz(page, coach_site / "modules" / "secure-meeting.html")
    page.goto(progress)
    expect(certificate).to_be_visible()

    # "Reset all quizzes" takes the certificate away, and leaves the tracker alone.
    page.evaluate("localStorage.setItem('cgq/rivera/tracker', '{\"n\":0,\"contacts\":[]}')")
    page.get_by_role("button", name="Reset all quizzes").click()
    expect(certificate).to_be_hidden()
    assert page.evaluate("localStorage.getItem('cgq/rivera/tracker')") is not None


def test_the_certificate_carries_name_brand_and_date_and_prints_on_one_page(
    page: Page, coach_site: Path, tmp_path: Path
) -> None:
    for module in ("what-it-is", "secure-meeting"):
        check_quiz(page, coach_site / "modules" / f"{module}.html")
    page.goto((coach_site / "progress.html").as_uri())
    requests: list[tuple[str, str]] = []
    page.on("request", lambda request: requests.append((request.method, request.url)))
    site = coach_site.as_uri() + "/"
    paper = page.locator(".cgc-paper")
    expect(paper).to_be_visible()
    expect(paper.locator(".cgc-name")).to_have_text("")
    page.get_by_label("Your name, as it should appear").focus()
    page.keyboard.type(NAME)
    expect(paper.locator(".cgc-name")).to_have_text(NAME)
    expect(paper.locator(".cgc-course")).to_have_text(TITLE)
    expect(paper.locator(".cgc-brand")).to_have_text(f"A course by {BRAND}")
    expect(paper.locator(".cgc-date")).to_have_text("March 3, 2025")
    expect(paper.locator(".cgc-honest")).to_have_text("Self-check quizzes, not a proctored exam.")
    logo = paper.locator("img.cgc-logo")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert violations(page) == []
    page.emulate_media(color_scheme="dark")
    assert violations(page) == []
    page.emulate_media(color_scheme="light")

    # Printed, the page is the certificate alone, on one sheet of A4 or Letter.
    page.emulate_media(media="print")
    for hidden in ("h1", ".cgq-progress table", "#cgc-name", "[data-print]", ".md-header"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(paper).to_be_visible()
    for paper_size in ("A4", "Letter"):
        pdf = page.pdf(format=paper_size, print_background=True)
        reader = PdfReader(BytesIO(pdf))
        assert len(reader.pages) == 1, paper_size
        text = reader.pages[0].extract_text()
        for words in (NAME, TITLE, BRAND, "not a proctored exam", "March 3, 2025"):
            assert words in text, (paper_size, words)
        target = tmp_path / f"certificate-{paper_size}.pdf"
        target.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(target),
                str(target.with_suffix("")),
            ],
            check=True,
        )
        assert target.with_suffix(".png").stat().st_size > 5_000
    # At most the site's own files are read again (the icon, styles for printing):
    # nothing is sent anywhere.
    assert all(method == "GET" and url.startswith(site) for method, url in requests), requests


def test_the_default_course_has_a_certificate_without_a_brand(
    page: Page, built_sample: Path
) -> None:
    site = built_sample / "site"
    for module in ("what-it-is", "secure-meeting"):
        check_quiz(page, site / "modules" / f"{module}.html")
    page.goto((site / "progress.html").as_uri())
    paper = page.locator(".cgc-paper")
    expect(paper).to_be_visible()
    expect(paper.locator(".cgc-course")).to_have_text("Informational Interviews")
    expect(paper.locator(".cgc-brand")).to_have_count(0)
    expect(paper.locator("img")).to_have_count(0)
