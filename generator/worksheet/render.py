"""Worksheet HTML: the shared sheet body, printable documents and the workbook.

Pure: takes the course model and returns text. The templates live in the
repository's ``worksheets/`` folder; a template of the same name in an
override folder's ``worksheets/`` subfolder wins (``templates/worksheets/
field/table.html.j2`` replaces the table field, for example).

Languages: a printed document is written in the course's language, so that is
its ``<html lang>`` (and the PDF's); its labels and page furniture are in the
edition's interface language, and elements holding only interface words say
so with their own ``lang`` when the two differ. On the website the page
language is the interface language (Material's), so the shared sheet body
needs no marks there.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..model import Asset, Course
from ..render.text import TextRenderer, mark_placeholders
from ..ui import lang_attribute, load_strings
from .model import WorksheetPage
from .paper import Paper

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "worksheets"
"""The built-in worksheet templates: ``worksheets/`` at the repository root."""

_CSS_PLAIN = re.compile(r"[A-Za-z0-9 ,.\-]")
_FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}


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


def interface_strings(course: Course) -> Mapping[str, str]:
    """Labels and furniture words in the edition's interface language."""
    return load_strings(course.edition.language)


def font_data_url(font: Asset) -> str:
    """The edition's font file as a ``data:`` URL: the PDF needs no file beside it."""
    kind = _FONT_TYPES.get(Path(font.name).suffix.lower(), "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(font.data).decode('ascii')}"


def render_sheet_body(
    env: jinja2.Environment, course: Course, page: WorksheetPage, text: TextRenderer
) -> Markup:
    """The sections and fields of one worksheet, as its site page shows them."""
    context = {
        "page": page,
        "ui": interface_strings(course),
        "ui_lang": Markup(""),
        "text": text,
        "on_screen": True,
    }
    return Markup(env.get_template("body.html.j2").render(context))


def render_furniture(env: jinja2.Environment, course: Course, paper: Paper) -> Markup:
    """CSS for a PDF's paper size, running header and footer, and the edition's
    brand: headings and rules in its colour, headings in its font.

    Public so that every printed document (the quiz answer key too) shares the
    worksheets' page furniture.
    """
    ui = interface_strings(course)
    before, _, rest = ui["ws_page_of"].partition("{page}")
    middle, _, after = rest.partition("{pages}")
    font = course.edition.font
    context = {
        "course": course,
        "paper": paper,
        "page_of": (before, middle, after),
        "palette": course.edition.palette,
        "font_url": font_data_url(font) if font else "",
    }
    return Markup(env.get_template("furniture.css.j2").render(context))


def document_context(
    env: jinja2.Environment, course: Course, paper: Paper, title: str, created: datetime | None
) -> dict[str, Any]:
    """What every printed document's template receives (``_head.html.j2`` among them)."""
    return {
        "course": course,
        "paper": paper,
        "ui": interface_strings(course),
        "ui_lang": lang_attribute(course.edition.language, course.info.language),
        "text": TextRenderer(_no_links),
        "document_title": title,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else "",
        "furniture": render_furniture(env, course, paper),
        "on_screen": False,
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
    context = document_context(env, course, paper, title, created) | {"page": page}
    return env.get_template("document.html.j2").render(context)


def render_workbook(
    env: jinja2.Environment, course: Course, paper: Paper, created: datetime | None = None
) -> str:
    """One HTML document with a cover, the contents, every worksheet and, to close,
    the edition's call to action."""
    ui = interface_strings(course)
    title = f"{course.info.title} \N{EN DASH} {ui['ws_workbook']}"
    context = document_context(env, course, paper, title, created)
    extra = {"worksheets": course.worksheets, "cta": course.next_steps}
    return env.get_template("workbook.html.j2").render(context | extra)


def render_site_css(env: jinja2.Environment) -> bytes:
    """The worksheet styles for the website: the shared field styles plus site rules."""
    parts = (env.get_template(name).render() for name in ("sheet.css", "site.css"))
    return "\n".join(parts).encode("utf-8")
