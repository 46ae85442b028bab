"""Moodle XML: every quiz in Moodle's own question types, nothing folded away
that Moodle can hold.

- single, best-next-action: ``multichoice`` with ``single`` true;
- multiple: ``multichoice`` with ``single`` false and weights that add up to 100;
- true-false: ``truefalse`` with feedback on both answers;
- ordering: ``ordering`` (core since Moodle 4.4), answers in the right order;
- classify: ``matching``, one subquestion per statement; the per-statement
  feedback, which matching subquestions cannot hold, goes to general feedback;
- which-is-better: two ``multichoice`` questions (which version, then why);
- reflection: ``essay``, with the explanation as information for graders.

Every question carries its hint, the explanation as general feedback, combined
feedback and its shuffle setting; questions are named by module and number and
filed in a category named after their module. ElementTree escapes every text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..core.model import Course
from .export import Export, ExportText
from .model import Choice, Quiz, QuizItem

FILE_NAME = "quizzes-moodle.xml"

CONVERSIONS = {
    "which-is-better": "two multichoice questions (which version, then why)",
    "classify": "a matching question; feedback per statement moved to general feedback",
    "reflection": "an essay question (not graded)",
}


def render_moodle_xml(course: Course, epoch: int = 0) -> Export:
    """The Moodle XML question bank of every quiz (``epoch`` is unused: no dates)."""
    text = ExportText(course)
    root = ET.Element("quiz")
    for page in course.quizzes:
        quiz = page.quiz
        assert quiz is not None
        category = ET.SubElement(root, "question", type="category")
        _text(category, "category", f"$course$/top/{text.category(quiz)}")
        for item in quiz.items:
            _questions(root, quiz, item, text)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    data = f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()
    notes = tuple(
        f"{quiz.id}/{item.id}: {item.kind} exported to Moodle XML as {CONVERSIONS[item.kind]}"
        for quiz in (p.quiz for p in course.quizzes)
        if quiz is not None
        for item in quiz.items
        if item.kind in CONVERSIONS
    )
    return Export(FILE_NAME, data, notes)


def _text(parent: ET.Element, tag: str, value: str, html: bool = False) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = value
    return element


def _question(
    root: ET.Element, kind: str, name: str, html: str, general: str, item: QuizItem, grade: int = 1
) -> ET.Element:
    question = ET.SubElement(root, "question", type=kind)
    _text(question, "name", name)
    _text(question, "questiontext", html, html=True)
    _text(question, "generalfeedback", general, html=True)
    ET.SubElement(question, "defaultgrade").text = str(grade)
    ET.SubElement(question, "penalty").text = "0.3333333"
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = item.id
    return question


def _combined(question: ET.Element, text: ExportText) -> None:
    _text(question, "correctfeedback", text.ui["quiz_correct"], html=True)
    _text(question, "partiallycorrectfeedback", text.ui["export_partly_correct"], html=True)
    _text(question, "incorrectfeedback", text.ui["quiz_incorrect"], html=True)
    ET.SubElement(question, "shownumcorrect")


def _hint(question: ET.Element, item: QuizItem, text: ExportText) -> None:
    if item.hint:
        _text(question, "hint", text.block(item.hint), html=True)


def _answer(question: ET.Element, fraction: str, html: str, feedback: str) -> None:
    answer = ET.SubElement(question, "answer", fraction=fraction, format="html")
    ET.SubElement(answer, "text").text = html
    _text(answer, "feedback", feedback, html=True)


def _fractions(choices: tuple[Choice, ...], single: bool) -> list[str]:
    """Weights in Moodle's accepted steps: right options share 100, wrong ones
    cost the same share of -100 on a multiple-answer question."""
    right = sum(1 for c in choices if c.correct)
    wrong = len(choices) - right
    if single:
        return ["100" if c.correct else "0" for c in choices]
    return [_weight(100 / right) if c.correct else _weight(-100 / wrong) for c in choices]


def _weight(percent: float) -> str:
    return f"{percent:.5f}".rstrip("0").rstrip(".")


def _multichoice(
    root: ET.Element,
    name: str,
    html: str,
    general: str,
    item: QuizItem,
    options: list[tuple[str, bool, str]],
    text: ExportText,
    single: bool = True,
    shuffle: bool = True,
) -> None:
    """options: (html, correct, feedback html)."""
    question = _question(root, "multichoice", name, html, general, item)
    ET.SubElement(question, "single").text = "true" if single else "false"
    ET.SubElement(question, "shuffleanswers").text = "true" if shuffle else "false"
    ET.SubElement(question, "answernumbering").text = "abc"
    ET.SubElement(question, "showstandardinstruction").text = "0"
    _combined(question, text)
    choices = tuple(Choice(str(i), o[0], o[1], o[2]) for i, o in enumerate(options))
    for option, fraction in zip(options, _fractions(choices, single), strict=True):
        _answer(question, fraction, option[0], option[2])
    _hint(question, item, text)


def _questions(root: ET.Element, quiz: Quiz, item: QuizItem, text: ExportText) -> None:
    html = text.question(item)
    name = text.name(quiz, item)
    if item.kind in ("single", "best-next-action", "multiple"):
        options = [(text.inline(c.text), c.correct, text.block(c.feedback)) for c in item.choices]
        general = text.general_feedback(item)
        single = item.kind != "multiple"
        _multichoice(root, name, html, general, item, options, text, single, item.shuffle)
    elif item.kind == "true-false":
        question = _question(root, "truefalse", name, html, text.general_feedback(item), item)
        for choice in item.choices:
            fraction = "100" if choice.correct else "0"
            answer = ET.SubElement(
                question, "answer", fraction=fraction, format="moodle_auto_format"
            )
            ET.SubElement(answer, "text").text = choice.key
            _text(answer, "feedback", text.block(choice.feedback), html=True)
        _hint(question, item, text)
    elif item.kind == "which-is-better":
        general = text.general_feedback(item)
        versions = [(s.label, s.better, text.block(s.feedback)) for s in item.scripts]
        which = text.name(quiz, item, "version")
        # Fixed order: "Version A" first, as the scripts are printed.
        _multichoice(
            root, which, text.version_question(item), general, item, versions, text, shuffle=False
        )
        reasons = [(text.inline(c.text), c.correct, text.block(c.feedback)) for c in item.choices]
        why = text.name(quiz, item, "reason")
        _multichoice(
            root, why, text.reason_question(item), general, item, reasons, text, True, item.shuffle
        )
    elif item.kind == "ordering":
        _ordering(root, name, html, item, text)
    elif item.kind == "classify":
        question = _question(root, "matching", name, html, text.general_feedback(item), item)
        ET.SubElement(question, "shuffleanswers").text = "true" if item.shuffle else "false"
        _combined(question, text)
        for statement in item.statements:
            sub = _text(question, "subquestion", text.inline(statement.text), html=True)
            _text(sub, "answer", item.bucket_label(statement.bucket))
        _hint(question, item, text)
    else:
        general = text.general_feedback(item)
        question = _question(root, "essay", name, html, general, item, grade=0)
        for tag, value in (
            ("responseformat", "editor"),
            ("responserequired", "0"),
            ("responsefieldlines", "10"),
            ("attachments", "0"),
            ("attachmentsrequired", "0"),
        ):
            ET.SubElement(question, tag).text = value
        _text(question, "graderinfo", text.block(item.explanation), html=True)
        _text(question, "responsetemplate", "", html=True)


def _ordering(root: ET.Element, name: str, html: str, item: QuizItem, text: ExportText) -> None:
    general = text.general_feedback(item, per_match=True)
    question = _question(root, "ordering", name, html, general, item)
    for tag, value in (
        ("layouttype", "VERTICAL"),
        ("selecttype", "ALL"),
        ("selectcount", "0"),
        ("gradingtype", "ABSOLUTE_POSITION"),
        ("showgrading", "SHOW"),
        ("numberingstyle", "none"),
    ):
        ET.SubElement(question, tag).text = value
    _combined(question, text)
    # Moodle reads the right order from the answers' order (and their fraction).
    for entry in item.in_order:
        feedback = text.block(entry.feedback) if entry.feedback else ""
        _answer(question, str(entry.position), text.inline(entry.text), feedback)
    _hint(question, item, text)
