"""The export formats, by the name ``coursegen export --format`` takes, and the
report of what each one cannot carry."""

from __future__ import annotations

from collections.abc import Callable

from ..core.model import Course
from .export import Export
from .export_gift import FILE_NAME as GIFT_FILE
from .export_gift import render_gift
from .export_moodle import FILE_NAME as MOODLE_FILE
from .export_moodle import render_moodle_xml
from .export_qti import FILE_NAME as QTI_FILE
from .export_qti import render_qti
from .model import QuizItem

Renderer = Callable[[Course, int], Export]
"""Course and SOURCE_DATE_EPOCH in, one export file out."""

FORMATS: dict[str, Renderer] = {
    "gift": render_gift,
    "moodle-xml": render_moodle_xml,
    "qti": render_qti,
}
"""The quiz exports."""

SCORM = "scorm12"
"""The whole course as a SCORM 1.2 package (built from the website, see ``scorm.py``)."""

ALL = "all"
EXPORT_CHOICES = (*sorted(FORMATS), SCORM, ALL)
LOSS_REPORT = "export-report.txt"

_SPLIT = "split into two multiple-choice questions (which version, then why)"

_LOSSES: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    # format: (title, what changes per item type, what is lost per item type)
    "gift": (
        f"GIFT ({GIFT_FILE}), for Moodle",
        {
            "which-is-better": _SPLIT,
            "ordering": "matching question, each entry to its position",
            "classify": "matching question, each statement to its bucket",
            "reflection": "essay question",
        },
        {
            "ordering": "feedback per entry moved to general feedback (GIFT matching has none)",
            "classify": "feedback per statement moved to general feedback (GIFT matching has none)",
            "hint": "hint left out (GIFT has no hints)",
        },
    ),
    "moodle-xml": (
        f"Moodle XML ({MOODLE_FILE}), for Moodle",
        {
            "which-is-better": _SPLIT,
            "classify": "matching question, each statement to its bucket",
            "reflection": "essay question, not graded",
        },
        {
            "classify": "feedback per statement moved to general feedback "
            "(Moodle matching has none)",
        },
    ),
    "qti": (
        f"QTI 1.2 ({QTI_FILE}), for Canvas",
        {
            "which-is-better": _SPLIT,
            "ordering": "matching question, each entry to its position",
            "classify": "matching question, each statement to its bucket",
            "reflection": "essay question, worth no points",
        },
        {"hint": "hint left out (QTI 1.2 quizzes in Canvas have no hints)"},
    ),
}


def render_exports(course: Course, epoch: int, names: tuple[str, ...] = ()) -> list[Export]:
    """The export files of ``names`` (every quiz format when empty), in memory."""
    return [FORMATS[name](course, epoch) for name in names or tuple(FORMATS)]


def expand_formats(names: tuple[str, ...]) -> tuple[str, ...]:
    """``all`` stands for every format, the SCORM package included."""
    return (*sorted(FORMATS), SCORM) if ALL in names else names


def render_loss_report(course: Course, names: tuple[str, ...]) -> bytes:
    """Per format: which items changed type and which feedback could not be
    carried, and why. The SCORM package is the website itself and loses nothing."""
    lines = [f"What each export carries: {course.info.title} ({course.edition.slug})", ""]
    for name in names:
        if name == SCORM:
            lines += [
                f"SCORM 1.2 ({course.edition.slug}-scorm12.zip), for any SCORM LMS",
                "- the website itself: every item as on the site; nothing converted or lost",
                "",
            ]
            continue
        title, changes, losses = _LOSSES[name]
        lines.append(title)
        found = []
        for page in course.quizzes:
            assert page.quiz is not None
            for item in page.quiz.items:
                where = f"{page.number}.{item.number} ({page.quiz.id}/{item.id})"
                found += [f"- {where}: {text}" for text in _notes(item, changes, losses)]
        lines += found or ["- every item exported as it is"]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def _notes(item: QuizItem, changes: dict[str, str], losses: dict[str, str]) -> list[str]:
    notes = [changes[item.kind]] if item.kind in changes else []
    if item.kind in losses and (
        item.kind != "ordering" or any(entry.feedback for entry in item.entries)
    ):
        notes.append(losses[item.kind])
    if item.hint and "hint" in losses:
        notes.append(losses["hint"])
    return notes
