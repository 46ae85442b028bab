"""What the quiz pages need besides their templates: embedded data, assets and
the answer key as a standalone HTML document.

Pure: values in, text or bytes out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from ..core.model import Course
from ..render.text import TextRenderer
from ..ui import lang_attribute, load_strings
from ..worksheet.paper import paper_named
from .export import summary
from .model import Quiz

ASSETS = ("quiz.css", "quiz.js")
"""The one stylesheet and the one script of every quiz, cached across pages."""

_QUIZ_STRINGS = {
    "correct": "quiz_correct",
    "incorrect": "quiz_incorrect",
    "unanswered": "quiz_unanswered",
    "score": "quiz_score",
    "item": "quiz_review_item",
    "unscored": "quiz_unscored_item",
    "moved": "quiz_moved",
    "copied": "quiz_copied",
}
_PROGRESS_STRINGS = {
    "none": "progress_not_started",
    "score": "progress_score",
    "summary": "progress_summary",
    "cleared": "progress_cleared",
}


def script_json(value: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c``… so no text can close the
    element. The value is wrapped in an array because Material's instant
    navigation re-inserts inline scripts without their ``type``: a JSON array
    is then a harmless expression, where a JSON object would be a syntax error.
    """
    text = json.dumps([value], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return Markup(text)


def quiz_payload(quiz: Quiz, ui: Mapping[str, str]) -> dict[str, Any]:
    """What quiz.js reads: storage keys, right answers, interface strings."""
    return {
        "id": quiz.id,
        "title": quiz.title,
        "key": quiz.storage_key,
        "notes": f"{quiz.storage_prefix}n/",
        "items": [
            {
                "id": item.id,
                "title": summary(item.prompt),
                "answer": list(item.answer) if item.graded else None,
            }
            for item in quiz.items
        ],
        "ui": {name: ui[key] for name, key in _QUIZ_STRINGS.items()},
    }


def progress_payload(course: Course, ui: Mapping[str, str]) -> dict[str, Any]:
    """What the progress page script reads."""
    return {
        "lang": course.edition.language,
        "ui": {name: ui[key] for name, key in _PROGRESS_STRINGS.items()},
    }


def quiz_assets() -> dict[str, bytes]:
    """``{file name: bytes}`` of the quiz script and stylesheet."""
    folder = resources.files("generator") / "assets"
    return {name: (folder / name).read_bytes() for name in ASSETS}


def render_answer_key_sections(course: Course, env: jinja2.Environment) -> Markup:
    """Every quiz's answers and explanations, one section per module, for paper.

    Links to the website would not work on paper, so each item names the part
    of the course that teaches it instead. Like every printed document, the
    text is in the course's language and the labels in the interface language
    (marked with their own ``lang`` when the two differ).
    """
    context = {
        "course": course,
        "ui": load_strings(course.edition.language),
        "ui_lang": lang_attribute(course.edition.language, course.info.language),
        "text": TextRenderer(lambda _: None),
        "link": lambda _: "",
    }
    return Markup(env.get_template("site/answer_key_sections.html.j2").render(context))


def render_answer_key_html(course: Course, env: jinja2.Environment) -> bytes:
    """The answer key as one self-contained HTML document to print from a browser,
    on the edition's default paper size."""
    context = {
        "course": course,
        "ui": load_strings(course.edition.language),
        "ui_lang": lang_attribute(course.edition.language, course.info.language),
        "paper_css": paper_named(course.edition.paper).css,
        "sections": render_answer_key_sections(course, env),
    }
    return env.get_template("site/answer_key_document.html.j2").render(context).encode("utf-8")
