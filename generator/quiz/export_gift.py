"""Moodle GIFT: every quiz as one plain-text question bank, a category per module.

Text goes in as HTML (``[html]``) rendered by the same safe Markdown renderer as
the website. Every GIFT control character in it (``~ = # { } :``) and the
backslash are escaped, and line breaks are written as ``\\n``, so each answer
stays on its own line and no course text can end a question early or start a
comment.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from ..core.model import Course
from .export import Export, ExportText, conversion_notes
from .model import Choice, Quiz, QuizItem

FILE_NAME = "quizzes-gift.txt"

_SPECIAL = re.compile(r"([\\~=#{}:])")


def gift_escape(text: str) -> str:
    """Text that GIFT reads back exactly: specials escaped, one line."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def weight(percent: float) -> str:
    """A GIFT answer weight such as ``%33.33333%``.

    Rounded towards zero, so the right options of a multiple-select item never
    add up to more than 100.
    """
    value = math.trunc(percent * 100_000) / 100_000
    return f"%{value:.5f}".rstrip("0").rstrip(".") + "%"


def render_gift(course: Course, epoch: int = 0) -> Export:
    """The GIFT file of every quiz in the course (``epoch`` is unused: no dates)."""
    text = ExportText(course)
    blocks = [f"// {gift_comment(course.info.title)}"]
    for page in course.quizzes:
        quiz = page.quiz
        assert quiz is not None
        category = gift_category(text.category(quiz))
        blocks.append(f"// {gift_comment(page.heading)}\n$CATEGORY: $course$/{category}")
        for item in quiz.items:
            blocks.extend(_questions(quiz, item, text))
    data = ("\n\n".join(blocks) + "\n").encode("utf-8")
    return Export(FILE_NAME, data, conversion_notes(course, "GIFT"))


def gift_comment(line: str) -> str:
    return " ".join(line.split())


def gift_category(name: str) -> str:
    """A category name on one line; a slash is doubled, or it would start a subcategory."""
    return gift_comment(name).replace("/", "//")


def _question(name: str, html: str, answers: list[str], feedback: str) -> str:
    lines = [f"::{gift_escape(name)}::[html]{gift_escape(html)}{{"]
    lines += answers
    lines.append(f"####{gift_escape(feedback)}")
    lines.append("}")
    return "\n".join(lines)


def _answer(sign: str, choice: Choice, text: ExportText) -> str:
    return (
        f"{sign}{gift_escape(text.inline(choice.text))}#{gift_escape(text.block(choice.feedback))}"
    )


def _choices(item: QuizItem, text: ExportText) -> list[str]:
    return [_answer("=" if c.correct else "~", c, text) for c in item.choices]


def _plain(quiz: Quiz, item: QuizItem, text: ExportText, general: str) -> list[str]:
    return [_question(text.name(quiz, item), text.question(item), _choices(item, text), general)]


def _multiple(quiz: Quiz, item: QuizItem, text: ExportText, general: str) -> list[str]:
    right = sum(1 for c in item.choices if c.correct)
    wrong = len(item.choices) - right
    answers = [
        _answer(f"~{weight(100 / right)}" if c.correct else f"~{weight(-100 / wrong)}", c, text)
        for c in item.choices
    ]
    return [_question(text.name(quiz, item), text.question(item), answers, general)]


def _true_false(quiz: Quiz, item: QuizItem, text: ExportText, general: str) -> list[str]:
    right = next(c for c in item.choices if c.correct)
    wrong = next(c for c in item.choices if not c.correct)
    # GIFT gives the feedback for a wrong answer first, then for the right one.
    line = "TRUE" if right.key == "true" else "FALSE"
    line += f"#{gift_escape(text.block(wrong.feedback))}#{gift_escape(text.block(right.feedback))}"
    return [_question(text.name(quiz, item), text.question(item), [line], general)]


def _which_is_better(quiz: Quiz, item: QuizItem, text: ExportText, general: str) -> list[str]:
    versions = [
        ("=" if s.better else "~")
        + gift_escape(s.label)
        + "#"
        + gift_escape(text.block(s.feedback))
        for s in item.scripts
    ]
    # Each half is asked on its own: neither states the other's answer.
    which, why = text.name(quiz, item, "version"), text.name(quiz, item, "reason")
    return [
        _question(which, text.version_question(item), versions, general),
        _question(why, text.reason_question(item), _choices(item, text), general),
    ]


def _ordering(quiz: Quiz, item: QuizItem, text: ExportText, general: str) -> list[str]:
    pairs = [
        f"={gift_escape(text.inline(e.text))} -> "
        + gift_escape(text.ui["quiz_position"].format(n=e.position))
        for e in item.entries
    ]
    return [_question(text.name(quiz, item), text.question(item), pairs, general)]


def _classify(quiz: Quiz, item: QuizItem, text: ExportText, general: str) -> list[str]:
    pairs = [
        f"={gift_escape(text.inline(s.text))} -> {gift_escape(item.bucket_label(s.bucket))}"
        for s in item.statements
    ]
    return [_question(text.name(quiz, item), text.question(item), pairs, general)]


def _reflection(quiz: Quiz, item: QuizItem, text: ExportText, general: str) -> list[str]:
    # An essay question is one with an empty answer block.
    html = gift_escape(text.question(item))
    return [f"::{gift_escape(text.name(quiz, item))}::[html]{html}{{####{gift_escape(general)}}}"]


_WRITERS: dict[str, Callable[[Quiz, QuizItem, ExportText, str], list[str]]] = {
    "single": _plain,
    "best-next-action": _plain,
    "multiple": _multiple,
    "true-false": _true_false,
    "which-is-better": _which_is_better,
    "ordering": _ordering,
    "classify": _classify,
    "reflection": _reflection,
}


def _questions(quiz: Quiz, item: QuizItem, text: ExportText) -> list[str]:
    return _WRITERS[item.kind](quiz, item, text, text.general_feedback(item))
