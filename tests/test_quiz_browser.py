"""The quiz widget in a real browser: feedback, scores, progress, keyboard,
instant navigation, accessibility, print and hostile text.

One sample site is built per session for its address on 127.0.0.1, which
switches on Material's instant navigation, and served from there.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import FIXTURES, make_project, run_cli, wait_for_instant_navigation

pytestmark = pytest.mark.browser

HOSTILE = "</script><script>window.hacked=1</script>"


@pytest.fixture(scope="session")
def site(web_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """Base URL of the sample course, built for that address (so with instant navigation)."""
    root, base = web_root
    project = make_project(
        tmp_path_factory.mktemp("instant") / "p", FIXTURES / "sample" / "content"
    )
    result = run_cli("build", "--quiet", "--site-url", f"{base}instant/", cwd=project)
    assert result.code == 0, result.err
    site = project / "build" / "default" / "site"
    assert '"navigation.instant"' in (site / "index.html").read_text("utf-8")
    shutil.copytree(site, root / "instant")
    # The coach's printable answer key, kept out of the site, served beside it.
    (root / "instant-coach").mkdir()
    shutil.copy(project / "build" / "default" / "coach" / "answer-key.html", root / "instant-coach")
    return f"{base}instant/"


@pytest.fixture(scope="session")
def hostile_site(web_root: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample with a script tag typed into quiz texts."""
    root, base = web_root
    project = make_project(
        tmp_path_factory.mktemp("hostile") / "p", FIXTURES / "sample" / "content"
    )
    path = project / "content" / "quizzes" / "secure-meeting.yml"
    text = path.read_text("utf-8")
    text = text.replace('title: "Self-check: securing the meeting"', f"title: '{HOSTILE}'")
    text = text.replace("      - text: Five minutes\n", f"      - text: '{HOSTILE}'\n")
    text = text.replace("A large ask for someone who does not know you.", f"'{HOSTILE}'")
    text = text.replace("Possible, but too short for even a few questions.", f"'{HOSTILE}'")
    path.write_text(text, "utf-8")
    result = run_cli("build", "--quiet", cwd=project)
    assert result.code == 0, result.err
    shutil.copytree(project / "build" / "default" / "site", root / "hostile")
    return f"{base}hostile/"


OFF_SITE = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")
"""Anything not served by the test server: the site must not need it."""


def new_context(browser: Any, **options: Any) -> Any:
    context = browser.new_context(**options)
    context.route(OFF_SITE, lambda route: route.abort())
    return context


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    """A fresh browser context (empty storage) per test; page errors fail it."""
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def quiz_data(page: Page, quiz: str) -> dict[str, Any]:
    text = page.locator(f'.cgq[data-quiz="{quiz}"] script').first.text_content()
    assert text is not None
    data: dict[str, Any] = json.loads(text)[0]
    return data


def open_quiz(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    expect(page.locator(".cgq[data-ready]")).to_have_count(1)


def test_wrong_answer_shows_that_options_feedback(page: Page, site: str) -> None:
    open_quiz(page, f"{site}modules/what-it-is.html")
    item = page.locator("#what-it-is-single")
    wrong = item.get_by_label("Asking a recruiter whether the company has openings")
    wrong.check()
    page.get_by_role("button", name="Check my answers").click()
    expect(item.locator(".cgq-options").get_by_text("That is a job enquiry.")).to_be_visible()
    expect(item.locator(".cgq-options").get_by_text("Yes. You ask to learn")).to_be_hidden()
    expect(item.locator(".cgq-result")).to_have_text("Not quite.")
    expect(item.locator(".cgq-answer")).to_have_attribute("open", "")
    expect(
        item.get_by_text("An informational interview is a conversation to learn")
    ).to_be_visible()
    expect(page.locator(".cgq-score")).to_have_text("You answered 0 of 6 questions correctly.")
    expect(page.locator(".cgq-review li")).to_have_count(7)


def test_right_answer_scores_and_survives_reload(page: Page, site: str) -> None:
    url = f"{site}modules/secure-meeting.html"
    open_quiz(page, url)
    page.locator("#no-reply").get_by_label("Send one short, friendly follow-up.").check()
    page.get_by_role("button", name="Check my answers").click()
    score = "You answered 1 of 4 questions correctly."
    expect(page.locator(".cgq-score")).to_have_text(score)
    expect(page.locator("#no-reply .cgq-result")).to_have_text("Correct.")
    expect(page.locator(".cgq-live")).to_have_text(score)
    expect(page.locator(".cgq-summary")).to_be_focused()

    page.reload(wait_until="domcontentloaded")
    expect(page.locator(".cgq-score")).to_have_text(score)
    expect(
        page.locator("#no-reply").get_by_label("Send one short, friendly follow-up.")
    ).to_be_checked()
    expect(page.get_by_role("button", name="Check my answers")).to_be_hidden()

    page.goto(f"{site}progress.html")
    row = page.locator("tr", has_text="Module 2: Secure the meeting")
    expect(row.locator(".cgq-status")).to_have_text("1 of 4 correct")
    expect(page.locator(".cgq-total")).to_have_text("1 of 2 quizzes completed.")
    row.get_by_role("button", name="Reset Module 2: Secure the meeting").click()
    expect(row.locator(".cgq-status")).to_have_text("Not started")
    expect(page.locator(".cgq-progress .cgq-live")).to_have_text("Progress cleared.")
    page.goto(url)
    expect(page.locator(".cgq-summary")).to_be_hidden()
    expect(page.get_by_role("button", name="Check my answers")).to_be_visible()


def test_an_edited_quiz_never_shows_stale_answers(page: Page, site: str) -> None:
    open_quiz(page, f"{site}modules/secure-meeting.html")
    data = quiz_data(page, "secure-meeting")
    stale = data["key"].rsplit("/", 1)[0] + "/000000000000"
    saved = {"a": {"no-reply": ["no-reply=o1"]}, "n": 1, "t": 4}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [stale, json.dumps(saved)])
    page.reload(wait_until="domcontentloaded")
    expect(page.locator(".cgq-summary")).to_be_hidden()
    expect(page.locator("#no-reply input:checked")).to_have_count(0)


def test_retry_clears_answers_and_the_saved_result(page: Page, site: str) -> None:
    open_quiz(page, f"{site}modules/secure-meeting.html")
    data = quiz_data(page, "secure-meeting")
    page.locator("#how-long").get_by_label("Ten minutes").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator("#how-long input").first).to_be_disabled()
    page.get_by_role("button", name="Try again").click()
    expect(page.locator("#how-long input:checked")).to_have_count(0)
    expect(page.locator("#how-long input").first).to_be_enabled()
    expect(page.locator(".cgq-summary")).to_be_hidden()
    expect(page.locator("#how-long .cgq-answer")).to_be_hidden()
    assert page.evaluate("key => localStorage.getItem(key)", data["key"]) is None


def test_instant_navigation_keeps_both_quizzes_working(page: Page, site: str) -> None:
    open_quiz(page, f"{site}modules/what-it-is.html")
    wait_for_instant_navigation(page)
    page.evaluate("window.stayed = true")
    page.locator(".md-nav__link", has_text="Secure the meeting").first.click()
    expect(page.locator('.cgq[data-quiz="secure-meeting"][data-ready]')).to_have_count(1)
    assert page.evaluate("window.stayed") is True, "the page was reloaded, not swapped"
    page.locator("#how-long").get_by_label("Ten minutes").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator("#how-long .cgq-result")).to_have_text("Correct.")

    page.locator(".md-nav__link", has_text="What an informational interview is").first.click()
    expect(page.locator('.cgq[data-quiz="what-it-is"][data-ready]')).to_have_count(1)
    assert page.evaluate("window.stayed") is True
    page.locator("#same-subtext").get_by_label("False").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator("#same-subtext .cgq-result")).to_have_text("Correct.")
    expect(
        page.locator("#same-subtext .cgq-options").get_by_text("Right. The subtext is identical")
    ).to_be_visible()


def test_the_pipeline_diagram_keeps_instant_navigation_working(page: Page, site: str) -> None:
    # Material's instant navigation cannot rewrite an SVG link's href: it used to throw
    # on the pipeline page, and every later page change kept the old page on screen.
    page.goto(f"{site}modules/secure-meeting.html", wait_until="domcontentloaded")
    wait_for_instant_navigation(page)
    page.evaluate("window.stayed = true")
    page.locator(".md-nav__link", has_text="The pipeline").first.click()
    expect(page).to_have_title(re.compile(r"^The pipeline"))
    boxes = page.locator(".cg-pipeline__step")
    expect(boxes).to_have_count(6)
    boxes.nth(2).focus()
    expect(boxes.nth(2)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}pipeline.html#ask")
    page.locator(".md-nav__link", has_text="Question bank").first.click()
    expect(page).to_have_title(re.compile(r"^Question bank"))
    expect(page.locator("h1")).to_contain_text("Question bank")
    assert page.evaluate("window.stayed") is True, "the page was reloaded, not swapped"


_WHERE = """([selector, group]) => {
  const target = document.querySelector(selector), now = document.activeElement;
  if (!target) throw new Error("no " + selector);
  const inGroup = group && now && now.type === "radio" && now.name === target.name;
  if (now === target || inGroup) return 0;
  if (!now || now === document.body) return 1;
  return now.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1;
}"""


def tab_to(page: Page, selector: str, group: bool = False) -> None:
    """Press Tab or Shift+Tab until ``selector`` (or its radio group) has focus."""
    for _ in range(300):
        where = page.evaluate(_WHERE, [selector, group])
        if where == 0:
            return
        page.keyboard.press("Tab" if where > 0 else "Shift+Tab")
    raise AssertionError(f"{selector} cannot be reached with the keyboard")


def answer_by_keyboard(page: Page, quiz: str) -> None:
    """Answer every item of ``quiz`` right with Tab, arrows, Space and Enter only."""
    for item in quiz_data(page, quiz)["items"]:
        ident, answer = item["id"], item["answer"]
        if answer is None:
            tab_to(page, f"#{ident} textarea")
            page.keyboard.type("Someone who runs a small design studio.")
        elif page.locator(f"#{ident} .cgq-order").count():
            for position, key in enumerate(answer[0].split(",")):
                button = f'#{ident} [data-key="{key}"] [data-move="-1"]'
                while (
                    page.locator(f"#{ident} .cgq-order > li")
                    .nth(position)
                    .get_attribute("data-key")
                    != key
                ):
                    tab_to(page, button)
                    page.keyboard.press("Enter")
        else:
            for pair in answer:
                name, value = pair.split("=", 1)
                selector = f'input[name="{name}"][value="{value}"]'
                if page.locator(selector).get_attribute("type") == "checkbox":
                    tab_to(page, selector)
                    page.keyboard.press("Space")
                    continue
                tab_to(page, selector, group=True)
                page.keyboard.press("Space")
                for _ in range(8):
                    if page.evaluate("s => document.activeElement.matches(s)", selector):
                        break
                    page.keyboard.press("ArrowDown")
                expect(page.locator(selector)).to_be_checked()
    tab_to(page, f'.cgq[data-quiz="{quiz}"] [data-check]')
    page.keyboard.press("Enter")


def test_whole_quiz_by_keyboard_alone(page: Page, site: str) -> None:
    open_quiz(page, f"{site}modules/secure-meeting.html")
    answer_by_keyboard(page, "secure-meeting")
    expect(page.locator(".cgq-score")).to_have_text("You answered 4 of 4 questions correctly.")
    expect(page.locator(".cgq-summary")).to_be_focused()

    open_quiz(page, f"{site}modules/what-it-is.html")
    answer_by_keyboard(page, "what-it-is")
    expect(page.locator(".cgq-score")).to_have_text("You answered 6 of 6 questions correctly.")


def test_ordering_announces_each_move(page: Page, site: str) -> None:
    open_quiz(page, f"{site}modules/secure-meeting.html")
    second = page.locator("#pipeline-order .cgq-order > li").nth(1)
    key = second.get_attribute("data-key")
    second.locator('[data-move="-1"]').click()
    expect(page.locator("#pipeline-order .cgq-order > li").first).to_have_attribute(
        "data-key", str(key)
    )
    expect(page.locator(".cgq-live")).to_have_text("Moved to position 1 of 6.")
    expect(page.locator(f'#pipeline-order [data-key="{key}"] [data-move="-1"]')).to_be_focused()


# Material's own search box is a role="dialog" without a name: theme markup that
# coursegen does not write. Everything else on the page is checked.
THEME_ONLY = {"exclude": [[".md-search"]]}


def serious(page: Page) -> list[str]:
    results = Axe().run(page, context=THEME_ONLY)
    return [
        f"{v['id']}: {[(n['html'][:80], n['failureSummary']) for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(page: Page, site: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    open_quiz(page, f"{site}modules/what-it-is.html")
    assert serious(page) == []
    page.locator("#what-it-is-single").get_by_label("Asking a recruiter").check()
    page.get_by_role("button", name="Check my answers").click()
    assert serious(page) == []
    page.goto(f"{site}progress.html")
    expect(page.locator(".cgq-progress[data-ready]")).to_have_count(1)
    assert serious(page) == []
    page.goto(f"{site}../instant-coach/answer-key.html")
    expect(page.get_by_role("heading", name="Answer key", exact=True)).to_be_visible()
    assert serious(page) == []


def test_script_in_quiz_text_never_runs(page: Page, hostile_site: str) -> None:
    open_quiz(page, f"{hostile_site}modules/secure-meeting.html")
    assert quiz_data(page, "secure-meeting")["title"] == HOSTILE
    option = page.locator("#how-long").get_by_label(HOSTILE)
    option.check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator("#how-long .cgq-picked .cgq-fb").get_by_text(HOSTILE)).to_be_visible()
    assert page.evaluate("window.hacked") is None
    inline = page.locator("script:not([src])").all_text_contents()
    # The only inline script holding the text is the quiz data, which never runs.
    assert [text for text in inline if "window.hacked" in text] == [
        page.locator(".cgq script").first.text_content()
    ]


def test_reflection_is_saved_copied_and_downloaded(page: Page, site: str) -> None:
    open_quiz(page, f"{site}modules/what-it-is.html")
    note = page.locator("#who-to-learn-from textarea")
    note.fill("A nurse manager. <script>window.hacked=1</script>")
    page.reload(wait_until="domcontentloaded")
    expect(note).to_have_value("A nurse manager. <script>window.hacked=1</script>")
    page.get_by_role("button", name="Copy my answer").click()
    expect(page.locator(".cgq-live")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Whose work would you like to learn about")
    assert "A nurse manager." in copied
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my notes").click()
    assert download.value.suggested_filename == "what-it-is-notes.txt"
    saved = Path(download.value.path()).read_text("utf-8")
    assert saved.startswith("Check your understanding\n\nWhose work")
    assert page.evaluate("window.hacked") is None


def test_readable_without_javascript(browser: Any, site: str) -> None:
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}modules/what-it-is.html")
    expect(
        page.get_by_role("group", name="Which request is an informational interview?")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Check my answers")).to_be_hidden()
    answer = page.locator("#same-subtext .cgq-answer")
    expect(answer.get_by_text("Right answer")).to_be_hidden()
    answer.locator("summary").click()
    expect(answer.get_by_text("Right answer")).to_be_visible()
    page.goto(f"{site}progress.html")
    expect(page.get_by_text("Turn on JavaScript to see your results here.")).to_be_visible()
    context.close()


def test_print_is_a_worksheet_without_answers(page: Page, site: str) -> None:
    open_quiz(page, f"{site}modules/secure-meeting.html")
    page.emulate_media(media="print")
    expect(page.locator(".cgq-answer").first).to_be_hidden()
    expect(page.get_by_role("button", name="Check my answers")).to_be_hidden()
    expect(page.locator(".cgq-move").first).to_be_hidden()
    box = page.locator("#pipeline-order .cgq-box").first.bounding_box()
    assert box is not None and box["width"] > 20 and box["height"] > 20
    expect(page.locator("#how-long input").first).to_be_visible()


def test_works_without_a_server_and_without_instant_navigation(
    page: Page, built_sample: Path
) -> None:
    open_quiz(page, (built_sample / "site" / "modules" / "secure-meeting.html").as_uri())
    page.locator("#how-long").get_by_label("Ten minutes").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator("#how-long .cgq-result")).to_have_text("Correct.")


def test_numbering_score_and_review_agree(page: Page, site: str) -> None:
    open_quiz(page, f"{site}modules/what-it-is.html")
    expect(page.locator("#who-to-learn-from .cgq-num")).to_have_text(
        "Question 7 of 7 · Reflection, not scored"
    )
    expect(page.locator("#same-subtext .cgq-num")).to_have_text("Question 2 of 7")
    page.locator("#what-it-is-single").get_by_label("Asking a recruiter").check()
    page.locator("#same-subtext").get_by_label("False").check()
    page.get_by_role("button", name="Check my answers").click()
    expect(page.locator(".cgq-score")).to_have_text("You answered 1 of 6 questions correctly.")
    expect(page.locator(".cgq-unscored")).to_have_text(
        "Reflection questions are not scored, so the score counts 6 of the 7 questions."
    )
    review = page.locator(".cgq-review li")
    expect(review).to_have_text(
        [
            "Question 1: Which opening is better, and why? Not answered.",
            "Question 2: In the opening-minute example, only the weaker version lets the"
            " other… Correct.",
            "Question 3: Which request is an informational interview? Not quite.",
            "Question 4: Which of these put paper in front of strangers rather than you in"
            "… Not answered.",
            "Question 5: Sort each line into the right group. Not answered.",
            "Question 6: What do you do next? Not answered.",
            "Question 7: Whose work would you like to learn about, and what would you ask"
            " them… Not scored.",
        ]
    )
    review.nth(2).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"#what-it-is-single$"))


def test_progress_offers_a_reset_only_where_there_is_something_to_reset(
    page: Page, site: str
) -> None:
    page.goto(f"{site}progress.html")
    expect(page.locator(".cgq-progress[data-ready]")).to_have_count(1)
    expect(page.get_by_role("button", name=re.compile("^Reset"))).to_have_count(0)

    open_quiz(page, f"{site}modules/secure-meeting.html")
    page.locator("#how-long").get_by_label("Ten minutes").check()
    page.get_by_role("button", name="Check my answers").click()
    page.goto(f"{site}progress.html")
    expect(page.locator(".cgq-progress[data-ready]")).to_have_count(1)
    started = page.get_by_role("button", name="Reset Module 2: Secure the meeting")
    expect(started).to_be_visible()
    expect(page.get_by_role("button", name="Reset all quizzes")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Reset Module 1"))).to_have_count(0)

    started.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=re.compile("^Reset"))).to_have_count(0)
    expect(page.locator(".cgq-total")).to_be_focused()
    expect(page.locator(".cgq-progress .cgq-live")).to_have_text("Progress cleared.")
