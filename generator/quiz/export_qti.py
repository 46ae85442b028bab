"""QTI 1.2 for Canvas: a zip with ``imsmanifest.xml`` and, per quiz, an
assessment file plus Canvas's ``assessment_meta.xml`` (a practice quiz).

The XML is built with ElementTree, so every course text is escaped by the
serialiser. Identifiers come from the course ids and zip entries carry a fixed
timestamp, so the same course gives the same bytes on every build.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from ..core.model import Course
from .export import Export, ExportText, conversion_notes
from .model import Choice, Quiz, QuizItem
from .qti_package import el, manifest, to_xml, zip_files

FILE_NAME = "quizzes-qti.zip"

NS_QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
NS_CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def render_qti(course: Course, epoch: int) -> Export:
    """The QTI package of every quiz; ``epoch`` dates the manifest and zip entries."""
    text = ExportText(course)
    files: dict[str, bytes] = {}
    resources: list[tuple[str, str, str]] = []
    for page in course.quizzes:
        quiz = page.quiz
        assert quiz is not None
        ident = f"cg-{quiz.id}"
        main, meta = f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"
        files[main] = to_xml(_assessment(quiz, ident, page.heading, text))
        files[meta] = to_xml(_meta(quiz, ident, page.heading, text))
        resources.append((ident, main, meta))
    files["imsmanifest.xml"] = to_xml(manifest(course, resources, epoch))
    return Export(FILE_NAME, zip_files(files, epoch), conversion_notes(course, "QTI"))


def _meta(quiz: Quiz, ident: str, title: str, text: ExportText) -> ET.Element:
    root = ET.Element("quiz", {"identifier": ident, "xmlns": NS_CANVAS})
    shuffled = all(
        item.shuffle for item in quiz.items if item.choices and item.kind != "true-false"
    )
    for tag, value in (
        ("title", title),
        ("description", text.block(quiz.introduction) if quiz.introduction else ""),
        ("shuffle_answers", "true" if shuffled else "false"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "practice_quiz"),
        ("points_possible", f"{quiz.graded + _extra_questions(quiz)}.0"),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "-1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ):
        el(root, tag, value)
    return root


def _extra_questions(quiz: Quiz) -> int:
    """Which-is-better items become two questions, worth a point each."""
    return sum(1 for item in quiz.items if item.kind == "which-is-better")


def _assessment(quiz: Quiz, ident: str, title: str, text: ExportText) -> ET.Element:
    root = ET.Element("questestinterop", {"xmlns": NS_QTI})
    assessment = el(root, "assessment", ident=ident, title=title)
    metadata = el(assessment, "qtimetadata")
    _field(metadata, "cc_maxattempts", "unlimited")
    section = el(assessment, "section", ident=f"{ident}-questions")
    for item in quiz.items:
        _items(section, quiz, item, text)
    return root


def _field(parent: ET.Element, label: str, entry: str) -> None:
    field = el(parent, "qtimetadatafield")
    el(field, "fieldlabel", label)
    el(field, "fieldentry", entry)


def _html(parent: ET.Element, html: str) -> None:
    el(el(parent, "material"), "mattext", html, texttype="text/html")


def _start(
    section: ET.Element,
    ident: str,
    title: str,
    kind: str,
    html: str,
    answers: Iterable[str],
    points: int = 1,
) -> tuple[ET.Element, ET.Element]:
    item = el(section, "item", ident=ident, title=title)
    metadata = el(el(item, "itemmetadata"), "qtimetadata")
    _field(metadata, "question_type", kind)
    _field(metadata, "points_possible", str(points))
    _field(metadata, "original_answer_ids", ",".join(answers))
    _field(metadata, "assessment_question_identifierref", f"{ident}-ref")
    presentation = el(item, "presentation")
    _html(presentation, html)
    return item, presentation


def _resprocessing(item: ET.Element) -> ET.Element:
    processing = el(item, "resprocessing")
    outcomes = el(processing, "outcomes")
    el(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    condition = el(processing, "respcondition", **{"continue": "Yes"})
    el(el(condition, "conditionvar"), "other")
    el(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    return processing


def _feedback(item: ET.Element, ident: str, html: str) -> None:
    flow = el(el(item, "itemfeedback", ident=ident), "flow_mat")
    _html(flow, html)


def _choice_item(
    section: ET.Element,
    ident: str,
    title: str,
    html: str,
    choices: list[tuple[str, str, bool, str]],
    general: str,
    kind: str = "multiple_choice_question",
) -> None:
    """Single, multiple and true/false: choices are (id, html, correct, feedback)."""
    item, presentation = _start(section, ident, title, kind, html, [c[0] for c in choices])
    multiple = kind == "multiple_answers_question"
    response = el(
        presentation,
        "response_lid",
        ident="response1",
        rcardinality="Multiple" if multiple else "Single",
    )
    render = el(response, "render_choice")
    for choice_id, choice_html, _, _ in choices:
        _html(el(render, "response_label", ident=choice_id), choice_html)
    processing = _resprocessing(item)
    for choice_id, _, _, _ in choices:
        condition = el(processing, "respcondition", **{"continue": "Yes"})
        el(el(condition, "conditionvar"), "varequal", choice_id, respident="response1")
        el(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{choice_id}_fb")
    condition = el(processing, "respcondition", **{"continue": "No"})
    test = el(condition, "conditionvar")
    if multiple:
        test = el(test, "and")
    for choice_id, _, correct, _ in choices:
        if correct:
            el(test, "varequal", choice_id, respident="response1")
        elif multiple:
            el(el(test, "not"), "varequal", choice_id, respident="response1")
    el(condition, "setvar", "100", action="Set", varname="SCORE")
    _feedback(item, "general_fb", general)
    for choice_id, _, _, feedback in choices:
        _feedback(item, f"{choice_id}_fb", feedback)


def _choices(
    item: QuizItem, choices: tuple[Choice, ...], text: ExportText
) -> list[tuple[str, str, bool, str]]:
    return [
        (f"{item.id}-{c.key}", text.inline(c.text), c.correct, text.block(c.feedback))
        for c in choices
    ]


def shares(count: int, total: int = 100) -> list[str]:
    """``total`` split into ``count`` parts with two decimals that add up exactly."""
    cents, rest = divmod(total * 100, count)
    return [f"{(cents + (1 if i < rest else 0)) / 100:.2f}" for i in range(count)]


def _matching(
    section: ET.Element,
    item: QuizItem,
    title: str,
    pairs: list[tuple[str, str, str, str]],
    targets: dict[str, str],
    general: str,
    html: str,
    feedback_when_wrong: bool = False,
) -> None:
    """pairs: (sub id, left html, right target id, feedback html or "");
    targets: target id -> label. Feedback is shown always, or only for a
    wrong match (``feedback_when_wrong``)."""
    node, presentation = _start(
        section, item.id, title, "matching_question", html, [p[0] for p in pairs]
    )
    for sub_id, left, _, _ in pairs:
        response = el(presentation, "response_lid", ident=f"response_{sub_id}")
        _html(response, left)
        render = el(response, "render_choice")
        for target_id, label in targets.items():
            el(el(el(render, "response_label", ident=target_id), "material"), "mattext", label)
    processing = _resprocessing(node)
    # continue="Yes" on every condition: QTI 1.2 stops at the first condition that
    # holds unless told to go on, and then a fully right answer would score one share.
    for (sub_id, _, target_id, feedback), share in zip(pairs, shares(len(pairs)), strict=True):
        condition = el(processing, "respcondition", **{"continue": "Yes"})
        el(el(condition, "conditionvar"), "varequal", target_id, respident=f"response_{sub_id}")
        el(condition, "setvar", share, varname="SCORE", action="Add")
        if feedback:
            shown = el(processing, "respcondition", **{"continue": "Yes"})
            test = el(shown, "conditionvar")
            if feedback_when_wrong:
                el(el(test, "not"), "varequal", target_id, respident=f"response_{sub_id}")
            else:
                el(test, "other")
            el(shown, "displayfeedback", feedbacktype="Response", linkrefid=f"{sub_id}_fb")
    _feedback(node, "general_fb", general)
    for sub_id, _, _, feedback in pairs:
        if feedback:
            _feedback(node, f"{sub_id}_fb", feedback)


def _items(section: ET.Element, quiz: Quiz, item: QuizItem, text: ExportText) -> None:
    general = text.general_feedback(item, per_match=True)
    html = text.question(item)
    title = text.name(quiz, item)
    if item.kind in ("single", "best-next-action"):
        _choice_item(section, item.id, title, html, _choices(item, item.choices, text), general)
    elif item.kind == "multiple":
        choices = _choices(item, item.choices, text)
        kind = "multiple_answers_question"
        _choice_item(section, item.id, title, html, choices, general, kind)
    elif item.kind == "true-false":
        choices = _choices(item, item.choices, text)
        _choice_item(section, item.id, title, html, choices, general, "true_false_question")
    elif item.kind == "which-is-better":
        versions = [
            (f"{item.id}-{s.key}", s.label, s.better, text.block(s.feedback)) for s in item.scripts
        ]
        which = text.name(quiz, item, "version")
        _choice_item(
            section, f"{item.id}-version", which, text.version_question(item), versions, general
        )
        # The "why" half does not name the better version: it must not answer the first half.
        why = text.name(quiz, item, "reason")
        reasons = _choices(item, item.choices, text)
        ask = text.reason_question(item)
        _choice_item(section, f"{item.id}-reason", why, ask, reasons, general)
    elif item.kind == "ordering":
        targets = {
            f"{item.id}-p{e.position}": text.ui["quiz_position"].format(n=e.position)
            for e in item.in_order
        }
        pairs = [
            (
                f"{item.id}-{e.key}",
                text.inline(e.text),
                f"{item.id}-p{e.position}",
                text.block(e.feedback) if e.feedback else "",
            )
            for e in item.entries
        ]
        _matching(section, item, title, pairs, targets, general, html, feedback_when_wrong=True)
    elif item.kind == "classify":
        targets = {f"{item.id}-b-{b.key}": b.label for b in item.buckets}
        pairs = [
            (
                f"{item.id}-{s.key}",
                text.inline(s.text),
                f"{item.id}-b-{s.bucket}",
                text.block(s.feedback),
            )
            for s in item.statements
        ]
        _matching(section, item, title, pairs, targets, general, html)
    else:
        node, presentation = _start(section, item.id, title, "essay_question", html, [], points=0)
        response = el(presentation, "response_str", ident="response1", rcardinality="Single")
        el(el(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        _resprocessing(node)
        _feedback(node, "general_fb", general)
