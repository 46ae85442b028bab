"""The shipped course's own pages in Debian's Chromium, at phone and desktop
widths: the home page, the pipeline, the message templates and the question bank.

The site is built once (without PDFs) for its address on 127.0.0.1, which
switches on Material's instant navigation, and served from there.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import REPO, make_project, run_cli

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)


@pytest.fixture(scope="module")
def shipped(web_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """Base URL of the shipped course, built for that address."""
    root, base = web_root
    project = make_project(tmp_path_factory.mktemp("shipped") / "p", REPO / "content")
    result = run_cli("build", "-q", "--no-pdf", "--site-url", f"{base}shipped/", cwd=project)
    assert result.code == 0, result.err
    shutil.copytree(project / "build" / "default" / "site", root / "shipped")
    return f"{base}shipped/"


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page at each width; script errors fail the test."""
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    opened: Page = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def test_home_has_one_title_and_a_start_button(page: Page, shipped: str) -> None:
    page.goto(shipped)
    assert page.title() == "Informational Interviews"
    start = page.get_by_role("link", name="Start the course")
    expect(start).to_be_visible()
    start.click()
    expect(page).to_have_url(f"{shipped}modules/what-it-is.html")
    expect(page.locator("h1")).to_contain_text("Module 1")


def test_the_pipeline_loop_line_never_crosses_its_label(page: Page, shipped: str) -> None:
    page.goto(f"{shipped}pipeline.html")
    label = page.locator(".cg-pipeline__repeat").bounding_box()
    loop = page.locator(".cg-pipeline__loop").bounding_box()
    assert label is not None and loop is not None
    # The vertical run of the loop is the right edge of its box; the label sits
    # beside it, clear of the line and inside the drawing.
    assert label["x"] > loop["x"] + loop["width"]
    svg = page.locator(".cg-pipeline__svg").bounding_box()
    assert svg is not None and label["x"] + label["width"] <= svg["x"] + svg["width"]
    assert loop["y"] <= label["y"] and label["y"] + label["height"] <= loop["y"] + loop["height"]


def test_the_pipeline_page_opens_by_instant_navigation(page: Page, shipped: str) -> None:
    page.goto(shipped)
    page.evaluate("window.stayed = true")
    page.locator(".cg-toolkit").get_by_role("link", name="The pipeline").click()
    steps = page.locator(".cg-pipeline__step")
    expect(steps).to_have_count(6)
    assert page.evaluate("window.stayed") is True, "the page was reloaded, not swapped"
    steps.nth(2).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{shipped}pipeline.html#ask")


def test_placeholder_names_never_break_and_their_tables_are_styled(
    page: Page, shipped: str
) -> None:
    page.goto(f"{shipped}messages.html")
    names = page.locator(".cg-ph")
    assert names.count() > 100
    # An inline element broken over two lines has two boxes.
    broken = names.evaluate_all(
        "marks => marks.filter(m => m.getClientRects().length > 1).map(m => m.textContent)"
    )
    assert broken == []
    longest = page.locator(".cg-placeholders mark", has_text="{specific_thing_learned}").first
    assert longest.evaluate("m => m.getClientRects().length") == 1
    padding, rule = page.locator(".cg-placeholders tbody td").first.evaluate(
        "td => [getComputedStyle(td).paddingLeft, getComputedStyle(td).borderTopStyle]"
    )
    assert padding != "0px" and rule == "solid"
    width = page.viewport_size
    assert width is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= width["width"]


def test_a_steps_actions_are_a_plain_list_with_nothing_to_tick(page: Page, shipped: str) -> None:
    page.goto(f"{shipped}pipeline.html")
    step = page.locator(".cg-step").first
    label = step.locator("p", has_text="What to do")
    expect(label).to_be_visible()
    actions = label.locator("xpath=following-sibling::ul[1]")
    assert actions.evaluate("ul => getComputedStyle(ul).listStyleType") == "disc"
    # No box drawn before an entry, and no control to tick.
    first = actions.locator("li").first
    assert first.evaluate("li => li.firstElementChild?.getAttribute('aria-hidden')") is None
    assert page.locator(".cg-step input, .cg-step [role=checkbox]").count() == 0


def bank() -> tuple[dict[str, str], list[set[str]], dict[str, int]]:
    """Tag labels, each question's tags, and how many questions each category holds."""
    data = yaml.safe_load((REPO / "content" / "questions.yml").read_text("utf-8"))
    questions = [q for c in data["categories"] for q in c["questions"]]
    counts = {c["title"]: len(c["questions"]) for c in data["categories"]}
    return data["tags"], [set(q.get("tags", [])) for q in questions], counts


def test_tag_buttons_filter_the_question_bank(page: Page, shipped: str) -> None:
    labels, tags, _ = bank()
    total = len(tags)
    page.goto(f"{shipped}questions.html")
    questions = page.locator(".cg-question")
    count = page.get_by_role("status")
    expect(count).to_have_text(f"{total} of {total} questions shown.")
    changers = page.get_by_role("button", name=labels["career-changer"])
    short = page.get_by_role("button", name=labels["ten-minutes"])
    expect(changers).to_have_attribute("aria-pressed", "false")

    changers.click()
    expect(changers).to_have_attribute("aria-pressed", "true")
    wanted = sum("career-changer" in t for t in tags)
    expect(count).to_have_text(f"{wanted} of {total} questions shown.")
    expect(questions.locator("visible=true")).to_have_count(wanted)

    short.press("Enter")  # keyboard works too; every selected tag must be on a question
    both = sum({"career-changer", "ten-minutes"} <= t for t in tags)
    assert 0 < both < wanted
    expect(count).to_have_text(f"{both} of {total} questions shown.")
    expect(questions.locator("visible=true")).to_have_count(both)
    # A category with no question left disappears, heading included.
    expect(page.get_by_role("heading", name="Opening and rapport")).to_be_hidden()
    assert Axe().run(page, context={"exclude": [[".md-search"]]}).response["violations"] == []

    changers.click()
    expect(changers).to_have_attribute("aria-pressed", "false")
    short_only = sum("ten-minutes" in t for t in tags)
    expect(count).to_have_text(f"{short_only} of {total} questions shown.")
    page.get_by_role("button", name="Show all questions").click()
    expect(short).to_have_attribute("aria-pressed", "false")
    # The button pressed has gone: focus moves to the first tag.
    expect(page.get_by_role("button", name=next(iter(labels.values())))).to_be_focused()
    expect(questions.locator("visible=true")).to_have_count(total)
    expect(page.get_by_role("heading", name="Opening and rapport")).to_be_visible()
    expect(page.get_by_role("button", name="Show all questions")).to_be_hidden()


def test_without_javascript_the_bank_lists_everything_and_nothing_looks_pressable(
    browser: Any, shipped: str
) -> None:
    labels, tags, counts = bank()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 900})
    page = context.new_page()
    page.goto(f"{shipped}questions.html")
    expect(page.locator(".cg-question").locator("visible=true")).to_have_count(len(tags))
    for title in counts:
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_role("button", name=labels["ten-minutes"])).to_be_hidden()
    shown = page.locator(".cg-tag").locator("visible=true")
    assert shown.count() > len(tags)
    looks = shown.evaluate_all(
        """tags => [...new Set(tags.map(t => {
             const s = getComputedStyle(t);
             return [s.borderTopStyle, s.cursor, s.backgroundColor].join(" ");
           }))]"""
    )
    assert looks == ["none auto rgba(0, 0, 0, 0)"]
    context.close()


def test_the_question_bank_filters_after_instant_navigation(page: Page, shipped: str) -> None:
    page.goto(shipped)
    page.evaluate("window.stayed = true")
    page.locator(".cg-toolkit").get_by_role("link", name="Question bank").click()
    labels, tags, _ = bank()
    shown = f"{sum('executive' in t for t in tags)} of {len(tags)} questions shown."
    page.get_by_role("button", name=labels["executive"]).click()
    expect(page.get_by_role("status")).to_have_text(shown)
    assert page.evaluate("window.stayed") is True, "the page was reloaded, not swapped"
    # Back and forth: the page comes back fresh, and one press is still one toggle.
    page.go_back()
    page.go_forward()
    page.get_by_role("button", name=labels["executive"]).click()
    expect(page.get_by_role("status")).to_have_text(shown)
    assert page.evaluate("window.stayed") is True


def test_a_worksheet_keeps_entries_after_instant_navigation(page: Page, shipped: str) -> None:
    page.goto(shipped)
    page.evaluate("window.stayed = true")
    page.locator(".cg-toolkit").get_by_role("link", name="Worksheets").click()
    page.locator("article").get_by_role("link", name="Meeting run-of-show and notes").click()
    expect(page.get_by_role("button", name="Clear my answers")).to_be_visible()
    assert page.evaluate("window.stayed") is True, "the page was reloaded, not swapped"
    page.get_by_label("With", exact=True).fill("Ana Pérez")
    page.get_by_label("Date", exact=True).fill("2025-05-12")
    page.reload()
    expect(page.get_by_label("With", exact=True)).to_have_value("Ana Pérez")
    expect(page.get_by_label("Date", exact=True)).to_have_value("2025-05-12")
