"""Quiz pages as rendered: structure without JavaScript, safe data, small assets."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest

from generator.check import check_course
from generator.core.model import Course
from generator.outputs import render_docs
from generator.quiz.render import ASSETS, render_answer_key_html, script_json
from generator.render.site import make_environment

from .conftest import FIXTURES

SAMPLE = FIXTURES / "sample"
HOSTILE = "</script><script>window.hacked=1</script><!--"
BUDGET = 5 * 1024


class Page(HTMLParser):
    """The parts of a page the quiz tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.inputs: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.textareas: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "input":
            self.inputs.append(found)
        if tag == "textarea":
            self.textareas.append(found)
        if tag == "label" and found.get("for"):
            self.label_for.add(str(found["for"]))
        self._in_script = tag == "script" and found.get("type") == "application/json"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def published(course: Course) -> Course:
    """``course`` as an edition that publishes its answer key on the site."""
    edition = dataclasses.replace(course.edition, answer_key_on_site=True)
    return dataclasses.replace(course, edition=edition)


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return render_docs(SAMPLE, published(check_course(SAMPLE).course))


def test_the_answer_key_page_is_left_out_unless_the_edition_publishes_it() -> None:
    files = render_docs(SAMPLE, check_course(SAMPLE).course)
    assert "pages/answer-key.md" not in files
    assert not any("answer-key" in name for name in files)


def test_script_json_cannot_close_its_element() -> None:
    value = {"title": HOSTILE, "amp": "a & b", "line": "x\u2028y"}
    text = str(script_json(value))
    assert not set("<>&") & set(text)
    assert "\u2028" not in text
    assert json.loads(text) == [value]


def test_quiz_sits_after_key_points_and_before_next_steps(sample_site: dict[str, bytes]) -> None:
    page = sample_site["pages/modules/what-it-is.md"].decode()
    key_points = page.index("## Key points")
    quiz = page.index("## Check your understanding {#what-it-is-quiz}")
    assert key_points < quiz < page.index('<aside class="cg-cta"')


def test_built_page_is_readable_without_javascript(built_sample: Path) -> None:
    html = (built_sample / "site" / "modules" / "what-it-is.html").read_text("utf-8")
    [html] = re.findall(r'<section class="cgq".*?</section>', html, re.S)
    page = Page(html)
    assert page.inputs, "the quiz has native inputs"
    for found in page.inputs:
        assert found["id"] in page.label_for, f"input {found['id']} has no label"
    for found in page.textareas:
        assert found["aria-labelledby"] in page.ids
    assert page.tags.count("fieldset") >= 7
    assert page.tags.count("legend") == page.tags.count("fieldset")
    # Every item's answer and explanation sit behind a disclosure.
    answers = re.findall(r'<details class="cgq-answer">(.*?)</details>', html, re.S)
    assert len(answers) == 7
    assert "The subtext is identical; the stronger version simply keeps it" in answers[1]
    assert 'href="#seed-opening"' in answers[0]
    # Buttons that need the script are hidden until it runs.
    assert re.search(r"<button[^>]*data-check hidden", html)


def test_embedded_quiz_data_parses(built_sample: Path) -> None:
    html = (built_sample / "site" / "modules" / "secure-meeting.html").read_text("utf-8")
    [data] = json.loads(Page(html).scripts[0])
    assert data["id"] == "secure-meeting"
    assert data["key"].startswith("cgq/default/secure-meeting/")
    assert [i["id"] for i in data["items"]] == [
        "pipeline-order",
        "no-reply",
        "how-long",
        "better-request",
    ]


def test_hostile_text_stays_text(sample: Path) -> None:
    path = sample / "content" / "quizzes" / "secure-meeting.yml"
    text = path.read_text("utf-8")
    text = text.replace('title: "Self-check: securing the meeting"', f"title: '{HOSTILE}'")
    text = text.replace("      - text: Five minutes\n", f"      - text: '{HOSTILE}'\n")
    text = text.replace("A large ask for someone who does not know you.", f"'{HOSTILE}'")
    path.write_text(text, "utf-8")
    files = render_docs(sample, published(check_course(sample).course))
    page = files["pages/modules/secure-meeting.md"].decode()
    assert "<script>window.hacked" not in page
    assert page.count("&lt;/script&gt;&lt;script&gt;window.hacked=1") >= 3
    [script] = Page(page).scripts
    [data] = json.loads(script)
    assert data["title"] == HOSTILE
    answer_key = files["pages/answer-key.md"].decode()
    assert "<script>window.hacked" not in answer_key


def test_progress_page_lists_every_quiz(sample_site: dict[str, bytes]) -> None:
    page = sample_site["pages/progress.md"].decode()
    course = check_course(SAMPLE).course
    for entry in course.quizzes:
        assert entry.quiz is not None
        assert f'data-key="{entry.quiz.storage_key}"' in page
        assert f'href="{entry.page[:-3]}.html#{entry.quiz.anchor}"' in page
    # "Reset all" clears every quiz, not the whole edition prefix (the tracker lives there).
    everything = " ".join(e.quiz.storage_prefix for e in course.quizzes if e.quiz)
    assert f'data-reset="{everything}"' in page
    assert 'data-reset="cgq/default/"' not in page


def test_answer_key_page_and_standalone_html(sample_site: dict[str, bytes]) -> None:
    course = check_course(SAMPLE).course
    page = sample_site["pages/answer-key.md"].decode()
    standalone = render_answer_key_html(course, make_environment()).decode()
    assert standalone.startswith("<!DOCTYPE html>")
    assert "<a " not in standalone, "a printed answer key cannot link to the website"
    for entry in course.quizzes:
        assert entry.quiz is not None
        for found in entry.quiz.items:
            assert f'id="key-{found.id}"' in page
            assert f'id="key-{found.id}"' in standalone
    assert "Revisit: The opening minute" in standalone
    assert "Right order" in standalone and "Where each statement belongs" in standalone


def test_assets_are_one_script_and_one_stylesheet_within_budget(
    sample_site: dict[str, bytes],
) -> None:
    config = sample_site["mkdocs.yml"].decode()
    one_each = "extra_css:\n- assets/coursegen.css\nextra_javascript:\n- assets/coursegen.js\n"
    assert one_each in config
    bundle = sample_site["pages/assets/coursegen.js"].decode()
    assert "coursegen self-check quizzes" in bundle
    assert "pages/assets/quiz.js" not in sample_site
    folder = resources.files("generator") / "assets"
    sizes = {name: len(gzip.compress((folder / name).read_bytes(), 9)) for name in ASSETS}
    assert sum(sizes.values()) <= BUDGET, sizes
    script = (folder / "quiz.js").read_text("utf-8")
    assert "http" not in script and "import" not in script, "no CDN, no modules"


def test_every_quiz_string_comes_from_the_locale(built_sample: Path) -> None:
    folder = resources.files("generator") / "assets"
    script = (folder / "quiz.js").read_text("utf-8")
    # Visible words reach the script through the embedded data, never literals.
    assert not re.search(r'textContent = "[A-Za-z]', script)


def test_a_pair_subtext_is_shown_once_on_the_page_and_in_the_answer_key(
    sample_site: dict[str, bytes],
) -> None:
    shared = "Subtext, the same in both versions:</strong> I am looking for a job."
    module = sample_site["pages/modules/what-it-is.md"].decode()
    # The example pair shows it once, between the two versions and the lesson.
    pair = module[module.index("{#seed-opening}") : module.index("cg-pair__lesson")]
    assert pair.count("I am looking for a job.") == 1
    assert 'class="cg-pair__subtext"' in pair
    # The which-is-better item built on the pair shows it once with its scenario.
    item = module[module.index('id="opening-better"') :]
    item = item[: item.index('class="cgq-item"', 1)]
    assert item.count(shared) == 1
    answer_key = sample_site["pages/answer-key.md"].decode()
    key = answer_key[answer_key.index('id="key-opening-better"') :]
    assert key[: key.index("cgq-keyitem", 30)].count(shared) == 1
