"""QTI 1.2 for Canvas: a zip with ``imsmanifest.xml`` and, per quiz, an
assessment file plus Canvas's ``assessment_meta.xml`` (a practice quiz).

The XML is built with ElementTree, so every course text is escaped by the
serialiser. Identifiers come from the course ids and zip entries carry a fixed
timestamp, so the same course gives the same bytes on every build.
"""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Mapping

from ..core.model import Course
from .export import Export, ExportText, conversion_notes
from .model import Choice, Quiz, QuizItem

FILE_NAME = "quizzes-qti.zip"

NS_QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
NS_CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
NS_IMSMD = "http://www.imsglobal.org/xsd/imsmd_v1p2"
NS_CANVAS = "http://canvas.instructure.com/xsd/cccv1p0"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"

ZIP_EPOCH = 315532800
"""1980-01-01, the earliest time a zip entry can hold."""


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
        files[main] = _xml(_assessment(quiz, ident, page.heading, text))
        files[meta] = _xml(_meta(quiz, ident, page.heading, text))
        resources.append((ident, main, meta))
    files["imsmanifest.xml"] = _xml(_manifest(course, resources, epoch))
    return Export(FILE_NAME, zip_files(files, epoch), conversion_notes(course, "QTI"))


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def zip_files(files: Mapping[str, bytes], epoch: int) -> bytes:
    """A zip of ``files`` with fixed dates and modes: the same files give the same bytes."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def _manifest(course: Course, resources: list[tuple[str, str, str]], epoch: int) -> ET.Element:
    root = ET.Element(
        "manifest",
        {
            "identifier": f"cg-{course.edition.slug}-quizzes",
            "xmlns": NS_CP,
            "xmlns:imsmd": NS_IMSMD,
        },
    )
    metadata = _el(root, "metadata")
    _el(metadata, "schema", "IMS Content")
    _el(metadata, "schemaversion", "1.1.3")
    lom = _el(metadata, "imsmd:lom")
    _el(_el(_el(lom, "imsmd:general"), "imsmd:title"), "imsmd:string", course.info.title)
    date = time.strftime("%Y-%m-%d", time.gmtime(epoch))
    contribute = _el(_el(lom, "imsmd:lifeCycle"), "imsmd:contribute")
    _el(_el(contribute, "imsmd:date"), "imsmd:dateTime", date)
    _el(root, "organizations")
    listing = _el(root, "resources")
    for ident, main, meta in resources:
        resource = _el(listing, "resource", identifier=ident, type="imsqti_xmlv1p2")
        _el(resource, "file", href=main)
        _el(resource, "dependency", identifierref=f"{ident}-meta")
        extra = _el(
            listing,
            "resource",
            identifier=f"{ident}-meta",
            type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
            href=meta,
        )
        _el(extra, "file", href=meta)
    return root


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
        _el(root, tag, value)
    return root


def _extra_questions(quiz: Quiz) -> int:
    """Which-is-better items become two questions, worth a point each."""
    return sum(1 for item in quiz.items if item.kind == "which-is-better")


def _assessment(quiz: Quiz, ident: str, title: str, text: ExportText) -> ET.Element:
    root = ET.Element("questestinterop", {"xmlns": NS_QTI})
    assessment = _el(root, "assessment", ident=ident, title=title)
    metadata = _el(assessment, "qtimetadata")
    _field(metadata, "cc_maxattempts", "unlimited")
    section = _el(assessment, "section", ident=f"{ident}-questions")
    for item in quiz.items:
        _items(section, quiz, item, text)
    return root


def _field(parent: ET.Element, label: str, entry: str) -> None:
    field = _el(parent, "qtimetadatafield")
    _el(field, "fieldlabel", label)
    _el(field, "fieldentry", entry)


def _html(parent: ET.Element, html: str) -> None:
    _el(_el(parent, "material"), "mattext", html, texttype="text/html")


def _start(
    section: ET.Element,
    ident: str,
    title: str,
    kind: str,
    html: str,
    answers: Iterable[str],
    points: int = 1,
) -> tuple[ET.Element, ET.Element]:
    item = _el(section, "item", ident=ident, title=title)
    metadata = _el(_el(item, "itemmetadata"), "qtimetadata")
    _field(metadata, "question_type", kind)
    _field(metadata, "points_possible", str(points))
    _field(metadata, "original_answer_ids", ",".join(answers))
    _field(metadata, "assessment_question_identifierref", f"{ident}-ref")
    presentation = _el(item, "presentation")
    _html(presentation, html)
    return item, presentation


def _resprocessing(item: ET.Element) -> ET.Element:
    processing = _el(item, "resprocessing")
    outcomes = _el(processing, "outcomes")
    _el(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    condition = _el(processing, "respcondition", **{"continue": "Yes"})
    _el(_el(condition, "conditionvar"), "other")
    _el(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    return processing


def _feedback(item: ET.Element, ident: str, html: str) -> None:
    flow = _el(_el(item, "itemfeedback", ident=ident), "flow_mat")
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
    response = _el(
        presentation,
        "response_lid",
        ident="response1",
        rcardinality="Multiple" if multiple else "Single",
    )
    render = _el(response, "render_choice")
    for choice_id, choice_html, _, _ in choices:
        _html(_el(render, "response_label", ident=choice_id), choice_html)
    processing = _resprocessing(item)
    for choice_id, _, _, _ in choices:
        condition = _el(processing, "respcondition", **{"continue": "Yes"})
        _el(_el(condition, "conditionvar"), "varequal", choice_id, respident="response1")
        _el(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{choice_id}_fb")
    condition = _el(processing, "respcondition", **{"continue": "No"})
    test = _el(condition, "conditionvar")
    if multiple:
        test = _el(test, "and")
    for choice_id, _, correct, _ in choices:
        if correct:
            _el(test, "varequal", choice_id, respident="response1")
        elif multiple:
            _el(_el(test, "not"), "varequal", choice_id, respident="response1")
    _el(condition, "setvar", "100", action="Set", varname="SCORE")
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
        response = _el(presentation, "response_lid", ident=f"response_{sub_id}")
        _html(response, left)
        render = _el(response, "render_choice")
        for target_id, label in targets.items():
            _el(_el(_el(render, "response_label", ident=target_id), "material"), "mattext", label)
    processing = _resprocessing(node)
    # continue="Yes" on every condition: QTI 1.2 stops at the first condition that
    # holds unless told to go on, and then a fully right answer would score one share.
    for (sub_id, _, target_id, feedback), share in zip(pairs, shares(len(pairs)), strict=True):
        condition = _el(processing, "respcondition", **{"continue": "Yes"})
        _el(_el(condition, "conditionvar"), "varequal", target_id, respident=f"response_{sub_id}")
        _el(condition, "setvar", share, varname="SCORE", action="Add")
        if feedback:
            shown = _el(processing, "respcondition", **{"continue": "Yes"})
            test = _el(shown, "conditionvar")
            if feedback_when_wrong:
                _el(_el(test, "not"), "varequal", target_id, respident=f"response_{sub_id}")
            else:
                _el(test, "other")
            _el(shown, "displayfeedback", feedbacktype="Response", linkrefid=f"{sub_id}_fb")
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
        response = _el(presentation, "response_str", ident="response1", rcardinality="Single")
        _el(_el(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        _resprocessing(node)
        _feedback(node, "general_fb", general)
