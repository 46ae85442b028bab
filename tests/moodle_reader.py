"""Reads Moodle XML back the way Moodle's importer does.

A port of the rules in moodle/moodle ``question/format/xml/format.php``
(``import_question``, ``import_headers``, ``import_answer``,
``import_combined_feedback``, ``import_hints``, ``import_multichoice``,
``import_truefalse``, ``import_match``, ``import_essay``) and of
``question/type/ordering/questiontype.php`` (``import_from_xml``): which element
each field comes from, the defaults Moodle assumes when one is missing, and
fractions read as percentages. It knows nothing of coursegen.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field


@dataclass
class Answer:
    text: str
    fraction: float
    feedback: str


@dataclass
class Question:
    qtype: str
    category: str
    name: str
    text: str
    general_feedback: str
    default_mark: float
    idnumber: str | None
    answers: list[Answer] = field(default_factory=list)
    single: bool | None = None
    shuffle: bool | None = None
    subquestions: list[tuple[str, str]] = field(default_factory=list)
    correct_feedback: str = ""
    incorrect_feedback: str = ""
    hints: list[str] = field(default_factory=list)
    grader_info: str = ""
    options: dict[str, str] = field(default_factory=dict)


def _text(node: ET.Element | None, path: str = "text", default: str = "") -> str:
    if node is None:
        return default
    found = node.find(path)
    return default if found is None or found.text is None else found.text


def _single(value: str) -> bool:
    # format.php trans_single(): "true" or "1" is single/true, anything else false.
    return value.strip().lower() in ("true", "1")


def read(data: bytes) -> list[Question]:
    """Every question of a Moodle XML file, with the category it was filed in."""
    root = ET.fromstring(data)
    if root.tag != "quiz":
        raise ValueError("not a Moodle XML question file: the root element must be <quiz>")
    category = ""
    found: list[Question] = []
    for node in root.findall("question"):
        qtype = node.get("type", "")
        if qtype == "category":
            category = _text(node.find("category"))
            continue
        question = Question(
            qtype=qtype,
            category=category,
            name=_text(node.find("name")),
            text=_text(node.find("questiontext")),
            general_feedback=_text(node.find("generalfeedback")),
            # import_headers(): defaultgrade, default 1.
            default_mark=float(node.findtext("defaultgrade", "1")),
            idnumber=node.findtext("idnumber"),
            correct_feedback=_text(node.find("correctfeedback")),
            incorrect_feedback=_text(node.find("incorrectfeedback")),
            hints=[_text(h) for h in node.findall("hint")],
        )
        if qtype == "multichoice":
            question.single = _single(node.findtext("single", "true"))
            question.shuffle = _single(node.findtext("shuffleanswers", "false"))
        if qtype in ("multichoice", "truefalse", "ordering"):
            for answer in node.findall("answer"):
                # import_answer(): fraction attribute / 100, feedback from <feedback><text>.
                question.answers.append(
                    Answer(
                        _text(answer),
                        float(answer.get("fraction", "0")) / 100,
                        _text(answer.find("feedback")),
                    )
                )
        if qtype == "matching":
            question.shuffle = _single(node.findtext("shuffleanswers", "1"))
            for sub in node.findall("subquestion"):
                question.subquestions.append((_text(sub), _text(sub.find("answer"))))
        if qtype == "essay":
            question.grader_info = _text(node.find("graderinfo"))
        if qtype == "ordering":
            for key in ("layouttype", "selecttype", "selectcount", "gradingtype", "showgrading"):
                question.options[key] = node.findtext(key, "")
        if qtype not in ("multichoice", "truefalse", "matching", "essay", "ordering"):
            raise ValueError(f"{question.name}: unknown question type {qtype!r}")
        found.append(question)
    return found
