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
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..core.model import Asset, Course, Logo
from ..render.bytecode import PAPER
from ..render.site import override_set
from ..render.text import TextRenderer, mark_placeholders
from ..ui import lang_attribute, load_strings
from .model import WorksheetPage
from .paper import Paper

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "worksheets"
"""The built-in worksheet templates: ``worksheets/`` at the repository root."""

_CSS_PLAIN = re.compile(r"[A-Za-z0-9 ,.\-]")
_FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
_IMAGE_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}

LOGO_BOXES = {
    "header": (24.0, 4.2),
    "key": (30.0, 7.0),
    "closing": (50.0, 16.0),
    "cover": (80.0, 30.0),
}
"""Where the logo appears on paper, and the largest box (width, height in mm) it
fills there: small beside the brand name in the running header and at the top
of the answer key, large on the workbook's cover, medium on its closing page."""
LOGO_GAP = {"header": 1.6, "key": 2.5, "closing": 5.0, "cover": 8.0}
"""Space in mm between the logo and the brand name beside or under it."""


def make_worksheet_environment(override_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """Jinja environment for worksheet templates; override folders are searched first.

    One per process and set of override templates (see ``make_environment``).
    """
    return _worksheet_environment(override_set([d / "worksheets" for d in override_dirs]))


@lru_cache(maxsize=8)
def _worksheet_environment(
    overrides: tuple[tuple[Path, tuple[str, ...]], ...],
) -> jinja2.Environment:
    override_dirs = [folder for folder, _ in overrides]
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in override_dirs]
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES_DIR)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=PAPER,
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


def data_url(asset: Asset, types: Mapping[str, str]) -> str:
    """A file of the edition as a ``data:`` URL (its type from ``types``, by
    suffix): the PDF needs no file beside it."""
    kind = types.get(Path(asset.name).suffix.lower(), "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(asset.data).decode('ascii')}"


def font_data_url(font: Asset) -> str:
    """The edition's font file as a ``data:`` URL."""
    return data_url(font, _FONT_TYPES)


@dataclass(frozen=True)
class LogoBox:
    """The logo's size in one place, as CSS lengths."""

    width: str
    height: str
    indent: str
    """Room for the logo and a gap before text beside it."""
    drop: str
    """Room for the logo and a gap above text under it."""


@dataclass(frozen=True)
class PrintedLogo:
    """The edition's logo as the page furniture draws it."""

    url: str
    boxes: Mapping[str, LogoBox]
    """Size per place (a key of ``LOGO_BOXES``)."""


def fit_logo(aspect: float, width: float, height: float) -> tuple[float, float]:
    """The largest size of that aspect (width over height) inside ``width`` x ``height``."""
    if aspect * height <= width:
        return aspect * height, height
    return width, width / aspect


def printed_logo(logo: Logo) -> PrintedLogo:
    """The logo as a ``data:`` URL with its size in every place it is printed."""
    kind = _IMAGE_TYPES.get(Path(logo.name).suffix.lower(), "application/octet-stream")
    url = f"data:{kind};base64,{base64.b64encode(logo.data).decode('ascii')}"
    boxes = {}
    for place, (most_width, most_height) in LOGO_BOXES.items():
        width, height = fit_logo(logo.aspect, most_width, most_height)
        gap = LOGO_GAP[place]
        lengths = (width, height, width + gap, height + gap)
        boxes[place] = LogoBox(*(f"{length:.2f}mm" for length in lengths))
    return PrintedLogo(url, boxes)


def render_sheet_body(
    env: jinja2.Environment, course: Course, page: WorksheetPage, text: TextRenderer
) -> Markup:
    """The sections and fields of one worksheet, as its site page shows them."""
    context = {
        "page": page,
        "ui": interface_strings(course),
        "ui_lang": Markup(""),
        "text": text,
        "site": True,
        "on_screen": True,
    }
    return Markup(env.get_template("body.html.j2").render(context))


def render_furniture(env: jinja2.Environment, course: Course, paper: Paper) -> Markup:
    """CSS for a PDF's paper size, running header and footer, and the edition's
    brand: headings and rules in its colour, headings and the brand name in its
    font, and its logo beside the brand name wherever that is printed.

    Public so that every printed document (the quiz answer key too) shares the
    worksheets' page furniture.
    """
    ui = interface_strings(course)
    before, _, rest = ui["ws_page_of"].partition("{page}")
    middle, _, after = rest.partition("{pages}")
    font = course.edition.font
    logo = course.edition.logo
    context = {
        "course": course,
        "paper": paper,
        "page_of": (before, middle, after),
        "palette": course.edition.palette,
        "font_url": font_data_url(font) if font else "",
        "logo": printed_logo(logo) if logo else None,
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
        "site": False,
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
