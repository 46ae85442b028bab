"""What the GIFT and QTI exports share: the HTML of each question, conversions
for the item types an LMS lacks, and the list of export formats.

LMS question banks know single and multiple choice, true/false, matching and
essays. The other item types are converted, never dropped:

- which-is-better: two multiple-choice questions (which version, then why);
- ordering: matching, each entry to its position;
- classify: matching, each statement to its bucket;
- reflection: an essay question.

Per-entry and per-statement feedback, which matching questions cannot hold,
goes into the general feedback. Course links cannot work inside an LMS, so link
texts stay and the addresses go.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Course
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

    def general_feedback(self, item: QuizItem) -> str:
        """The explanation, feedback that had no other place, and what teaches it."""
        parts = [self.block(item.explanation)]
        notes: list[str] = []
        if item.kind == "ordering":
            notes = [
                f"<li>{self.inline(e.text)}: {self.inline(e.feedback)}</li>"
                for e in item.in_order
                if e.feedback
            ]
        elif item.kind == "classify":
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

    def better_is(self, item: QuizItem) -> str:
        """The sentence that opens the "why" half of a which-is-better item."""
        better = item.better
        label = better.label if better else ""
        return str(Markup("<p>{}</p>").format(self.ui["quiz_better_is"].format(v=label)))


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
