"""Worksheet HTML: the shared sheet body, printable documents and the workbook.

Pure: takes the course model and returns text. The templates live in the
repository's ``worksheets/`` folder; a template of the same name in an
override folder's ``worksheets/`` subfolder wins (``templates/worksheets/
field/table.html.j2`` replaces the table field, for example).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..model import Course
from ..render.text import TextRenderer, mark_placeholders
from ..ui import load_strings
from .model import WorksheetPage
from .paper import Paper

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "worksheets"
"""The built-in worksheet templates: ``worksheets/`` at the repository root."""

_CSS_PLAIN = re.compile(r"[A-Za-z0-9 ,.\-]")


def make_worksheet_environment(override_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """Jinja environment for worksheet templates; override folders are searched first."""
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(str(d / "worksheets")) for d in override_dirs
    ]
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES_DIR)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    env.filters["placeholders"] = mark_placeholders
    return env


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string in which nothing can end the string or the style."""
    body = "".join(ch if _CSS_PLAIN.fullmatch(ch) else f"\\{ord(ch):06x}" for ch in str(text))
    return Markup(f'"{body}"')


def _no_links(_: str) -> str | None:
    """Course links point at web pages, which a sheet of paper does not have."""
    return None


def render_sheet_body(
    env: jinja2.Environment, course: Course, page: WorksheetPage, text: TextRenderer
) -> Markup:
    """The sections and fields of one worksheet, as its site page shows them."""
    context = {"page": page, "ui": load_strings(course.info.language), "text": text}
    return Markup(env.get_template("body.html.j2").render(context))


def render_furniture(env: jinja2.Environment, course: Course, paper: Paper) -> Markup:
    """CSS for the paper size and the running header and footer of a PDF.

    Public so that other printable documents (the quiz answer key) can share
    the worksheets' page furniture.
    """
    ui = load_strings(course.info.language)
    before, _, rest = ui["ws_page_of"].partition("{page}")
    middle, _, after = rest.partition("{pages}")
    context = {"course": course, "paper": paper, "page_of": (before, middle, after)}
    return Markup(env.get_template("furniture.css.j2").render(context))


def _document_context(
    env: jinja2.Environment, course: Course, paper: Paper, title: str, created: datetime | None
) -> dict[str, Any]:
    return {
        "course": course,
        "paper": paper,
        "ui": load_strings(course.info.language),
        "text": TextRenderer(_no_links),
        "document_title": title,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else "",
        "furniture": render_furniture(env, course, paper),
    }


def render_document(
    env: jinja2.Environment,
    course: Course,
    page: WorksheetPage,
    paper: Paper,
    created: datetime | None = None,
) -> str:
    """A standalone HTML document holding one worksheet, ready for WeasyPrint."""
    title = f"{page.sheet.title} \N{EN DASH} {course.info.title}"
    context = _document_context(env, course, paper, title, created) | {"page": page}
    return env.get_template("document.html.j2").render(context)


def render_workbook(
    env: jinja2.Environment, course: Course, paper: Paper, created: datetime | None = None
) -> str:
    """One HTML document with a cover, the contents and every worksheet."""
    ui = load_strings(course.info.language)
    title = f"{course.info.title} \N{EN DASH} {ui['ws_workbook']}"
    context = _document_context(env, course, paper, title, created)
    return env.get_template("workbook.html.j2").render(context | {"worksheets": course.worksheets})


def render_site_css(env: jinja2.Environment) -> bytes:
    """The worksheet styles for the website: the shared field styles plus site rules."""
    parts = (env.get_template(name).render() for name in ("sheet.css", "site.css"))
    return "\n".join(parts).encode("utf-8")
