"""Quizzes from YAML to the resolved model: references, keys, order, hashes, nav."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.check import check_course
from generator.core.model import ANSWER_KEY_PAGE, PROGRESS_PAGE, Course
from generator.quiz.checks import shuffle_unsafe
from generator.quiz.model import QuizItem
from generator.quiz.resolve import display_order
from generator.quiz.schema import ITEM_TYPES
from generator.stats import course_stats

from .conftest import FIXTURES

SAMPLE = FIXTURES / "sample"


@pytest.fixture(scope="module")
def course() -> Course:
    return check_course(SAMPLE).course


def item(course: Course, ident: str) -> QuizItem:
    for page in course.quizzes:
        assert page.quiz is not None
        for found in page.quiz.items:
            if found.id == ident:
                return found
    raise AssertionError(ident)


def test_the_sample_uses_every_item_type(course: Course) -> None:
    counts = course_stats(course)
    assert counts["quizzes"] == 2
    assert counts["quiz_items"] == 11
    for kind in ITEM_TYPES:
        assert counts[f"quiz_items_{kind.replace('-', '_')}"] >= 1, kind


def test_each_module_page_carries_its_quiz(course: Course) -> None:
    assert [(p.module.id, p.quiz.id if p.quiz else None) for p in course.modules] == [
        ("what-it-is", "what-it-is"),
        ("secure-meeting", "secure-meeting"),
    ]


def test_which_is_better_takes_both_scripts_from_the_pair(course: Course) -> None:
    pair = course.modules[0].module.example_pairs[0]
    found = item(course, "opening-better")
    assert sorted(s.text for s in found.scripts) == sorted([pair.bad.script, pair.good.script])
    assert found.better is not None and found.better.text == pair.good.script
    assert found.scenario == pair.scenario
    # Both versions share the pair's subtext, shown once with the scenario.
    assert found.subtext == pair.subtext
    assert [s.label for s in found.scripts] == ["Version A", "Version B"]
    # The weaker script's feedback is its analysis from the pair.
    weak = next(s for s in found.scripts if not s.better)
    assert "**Tone:** Desperate" in weak.feedback


def test_the_contrast_pair_subtext_is_tested_directly(course: Course) -> None:
    pair = course.modules[0].module.example_pairs[0]
    assert pair.subtext == "I am looking for a job."
    found = item(course, "same-subtext")
    assert found.kind == "true-false"
    assert found.answer == ("same-subtext=false",)


def test_ordering_by_reference_uses_the_pipeline(course: Course) -> None:
    found = item(course, "pipeline-order")
    steps = course.pipeline.steps
    assert [e.text for e in found.in_order] == [s.title for s in steps]
    assert [e.feedback for e in found.in_order] == [s.why for s in steps]
    assert [e.position for e in found.entries] != list(range(1, len(steps) + 1))
    assert found.answer == ("e1,e2,e3,e4,e5,e6",)


def test_answers_are_field_value_pairs_as_the_browser_reads_them(course: Course) -> None:
    assert item(course, "paper-strategies").answer == ("paper-strategies=o1", "paper-strategies=o2")
    assert item(course, "opening-better").answer == (
        "opening-better.version=v2",
        "opening-better=o1",
    )
    assert item(course, "sort-requests").answer == (
        "sort-requests.s1=learn",
        "sort-requests.s2=job",
        "sort-requests.s3=learn",
    )
    assert not item(course, "who-to-learn-from").graded


def test_display_order_is_fixed_mixed_and_respects_shuffle_off(course: Course) -> None:
    again = check_course(SAMPLE).course
    for page, other in zip(course.quizzes, again.quizzes, strict=True):
        assert page.quiz == other.quiz
    shuffled = [item(course, i) for i in ("what-it-is-single", "no-reply", "not-hiring")]
    assert any(found.choices[0].correct is False for found in shuffled)
    how_long = item(course, "how-long")
    assert [c.key for c in how_long.choices] == ["o1", "o2", "o3", "o4"]
    assert display_order("a", [1, 2, 3, 4], ["w", "x", "y", "z"]) == display_order(
        "a", [1, 2, 3, 4], ["w", "x", "y", "z"]
    )


def test_storage_key_names_edition_quiz_and_content_hash(course: Course) -> None:
    quiz = course.modules[0].quiz
    assert quiz is not None
    assert re.fullmatch(r"cgq/default/what-it-is/[0-9a-f]{12}", quiz.storage_key)
    assert quiz.storage_key.startswith(quiz.storage_prefix)


def test_editing_a_quiz_changes_only_its_hash(sample: Path) -> None:
    before = check_course(sample).course
    path = sample / "content" / "quizzes" / "what-it-is.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("Yes. An upload joins a pile", "An upload joins a pile"), "utf-8")
    after = check_course(sample).course
    assert before.modules[0].quiz and after.modules[0].quiz
    assert before.modules[0].quiz.digest != after.modules[0].quiz.digest
    assert before.modules[1].quiz == after.modules[1].quiz


def test_quiz_items_are_link_targets_and_the_nav_has_self_check(course: Course) -> None:
    target = course.targets["same-subtext"]
    assert (target.page, target.anchor) == ("modules/what-it-is.md", "same-subtext")
    assert target.title.endswith("Question 2")
    assert course.targets["seed-opening"].title == "The opening minute"
    last = course.nav[-1]
    assert last.title == "Self-check"
    # The answer key is the coach's: in the navigation only when the edition publishes it.
    assert [c.page for c in last.children] == [PROGRESS_PAGE]


def test_an_edition_that_publishes_the_answer_key_has_it_in_the_nav(sample: Path) -> None:
    folder = sample / "editions" / "cohort"
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(
        "name: Cohort Coaching\npublishing:\n  answer_key: site\n", "utf-8"
    )
    course = check_course(sample, "cohort").course
    assert [c.page for c in course.nav[-1].children] == [PROGRESS_PAGE, ANSWER_KEY_PAGE]


def test_a_course_without_quizzes_has_no_self_check(sample: Path) -> None:
    for path in (sample / "content" / "quizzes").iterdir():
        path.unlink()
    course = check_course(sample).course
    assert course.quizzes == ()
    assert all(entry.title != "Self-check" for entry in course.nav)
    assert course_stats(course)["quiz_items"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "All of the above",
        "none of the above.",
        "Both A and B",
        "A and C are right",
        "B or D",
        "The option above, but shorter",
        "Answers below are wrong",
        "Option C",
        "the last option",
        "Neither of these",
    ],
)
def test_wording_that_breaks_under_shuffling(text: str) -> None:
    assert shuffle_unsafe(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Above all, be curious.",
        "Send a note and a thank-you.",
        "Both of you benefit.",
        "An option to follow up later",
        "I and my manager agreed.",
        "Plan the call below ten minutes.",
    ],
)
def test_ordinary_wording_is_not_flagged(text: str) -> None:
    assert shuffle_unsafe(text) is None
