"""What the GIFT and QTI exports share: the HTML of each question, conversions
for the item types an LMS lacks, and the list of export formats.

LMS question banks know single and multiple choice, true/false, matching and
essays. The other item types are converted, never dropped:

- which-is-better: two multiple-choice questions (which version, then why);
- ordering: matching, each entry to its position;
- classify: matching, each statement to its bucket;
- reflection: an essay question.

Per-entry and per-statement feedback goes into the general feedback where the
format has no place for it (GIFT). Course links cannot work inside an LMS, so
link texts stay and the addresses go. Questions are named by their module and
number and the start of their prompt, never by an id, and the two halves of a
which-is-better item never give away each other's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..core.model import Course
from ..render.text import TextRenderer
from ..ui import load_strings
from .model import Quiz, QuizItem

CONVERSIONS = {
    "which-is-better": "two multiple-choice questions (which version, then why)",
    "ordering": "a matching question (each entry to its position)",
    "classify": "a matching question (each statement to its bucket)",
    "reflection": "an essay question",
}


@dataclass(frozen=True)
class Export:
    """One export file and the notes on what had to be converted."""

    name: str
    data: bytes
    notes: tuple[str, ...]


class ExportText:
    """Course text as HTML for an LMS, plus the interface strings."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.ui = load_strings(course.edition.language)
        self._text = TextRenderer(lambda _: None)
        self._module_numbers: dict[str, int] = {}
        self._headings: dict[str, str] = {}
        for page in course.quizzes:
            if page.quiz is not None:
                self._module_numbers[page.quiz.id] = page.number
                self._headings[page.quiz.id] = page.heading

    def block(self, text: str) -> str:
        return str(self._text.block(text)).strip()

    def inline(self, text: str) -> str:
        return str(self._text.inline(text)).strip()

    def question(self, item: QuizItem, extra: str = "") -> str:
        """Scenario, scripts and prompt of an item, then ``extra`` (already HTML)."""
        parts = [self.block(item.scenario)] if item.scenario else []
        if item.subtext:
            label = escape(self.ui["subtext_both"])
            parts.append(f"<p><strong>{label}</strong> {self.inline(item.subtext)}</p>")
        for script in item.scripts:
            parts.append(f"<p><strong>{escape(script.label)}</strong></p>")
            parts.append(f"<blockquote>{self.block(script.text)}</blockquote>")
        parts.append(self.block(item.prompt))
        if extra:
            parts.append(extra)
        return "\n".join(parts)

    def general_feedback(self, item: QuizItem, per_match: bool = False) -> str:
        """The explanation, feedback that had no other place, and what teaches it.

        ``per_match``: the format carries a feedback per entry of an ordering
        item or per statement of a classify item, so it is not repeated here.
        """
        parts = [self.block(item.explanation)]
        notes: list[str] = []
        if item.kind == "ordering" and not per_match:
            notes = [
                f"<li>{self.inline(e.text)}: {self.inline(e.feedback)}</li>"
                for e in item.in_order
                if e.feedback
            ]
        elif item.kind == "classify" and not per_match:
            notes = [
                f"<li>{self.inline(s.text)} → {escape(item.bucket_label(s.bucket))}: "
                f"{self.inline(s.feedback)}</li>"
                for s in item.statements
            ]
        if notes:
            parts.append("<ul>" + "".join(notes) + "</ul>")
        teaches = self.course.targets[item.teaches].title
        parts.append(f"<p>{escape(self.ui['answer_key_teaches'])}: {escape(teaches)}</p>")
        return "\n".join(parts)

    def reason_question(self, item: QuizItem) -> str:
        """The "why" half of a which-is-better item, which does not say which
        version is better: drawn at random or shuffled, it must not answer the
        "which version" half."""
        return self.question(item, str(Markup("<p>{}</p>").format(self.ui["quiz_why_unnamed"])))

    def version_question(self, item: QuizItem) -> str:
        """The "which version" half of a which-is-better item."""
        return self.question(item, str(Markup("<p>{}</p>").format(self.ui["quiz_which_version"])))

    def name(self, quiz: Quiz, item: QuizItem, part: str = "") -> str:
        """A readable question name: module and question number, then the prompt's start."""
        number = f"{self._module_numbers.get(quiz.id, 0)}.{item.number}"
        name = f"{number} {summary(item.prompt)}"
        if part:
            name = self.ui[f"export_{part}_part"].format(name=name)
        return name

    def category(self, quiz: Quiz) -> str:
        """The module heading a quiz's questions are filed under."""
        return self._headings.get(quiz.id, quiz.id)


_MARKUP = re.compile(r"[*_`#>\[\]]|\(@?[^)]*\)")


def summary(text: str, most: int = 70) -> str:
    """The first line of a prompt as plain words, cut at a word near ``most``."""
    plain = " ".join(_MARKUP.sub("", text).split())
    if len(plain) <= most:
        return plain
    cut = plain[:most].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def conversion_notes(course: Course, format_name: str) -> tuple[str, ...]:
    """One line per item exported as another type, naming it."""
    return tuple(
        f"{quiz.id}/{item.id}: {item.kind} exported to {format_name} as {CONVERSIONS[item.kind]}"
        for quiz in quizzes_of(course)
        for item in quiz.items
        if item.kind in CONVERSIONS
    )


def quizzes_of(course: Course) -> tuple[Quiz, ...]:
    return tuple(page.quiz for page in course.quizzes if page.quiz is not None)
