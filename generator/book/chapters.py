"""The course's own pages, rendered by the site's templates, as chapters of the book.

Pure: the pages the website publishes (``render.site.course_pages``) are
rendered from the same templates and turned into HTML by Python-Markdown
with the extensions MkDocs uses, so the book prints what the site shows,
not a second copy of it. Only the context differs: links lead to places in
the book, and quizzes carry no answer data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2
import markdown
from markupsafe import Markup

from ..core.model import (
    HOME_PAGE,
    MESSAGES_PAGE,
    PIPELINE_PAGE,
    QUESTIONS_PAGE,
    WORKSHEETS_PAGE,
    Course,
)
from ..render.site import SitePage, course_pages, page_context
from ..render.text import TextRenderer
from ..ui import load_strings

INTRODUCTION = "bk-introduction"
WORKSHEETS = "bk-worksheets"
CONTENTS = "bk-contents"

CHAPTER_ANCHORS = {
    HOME_PAGE: INTRODUCTION,
    PIPELINE_PAGE: "bk-pipeline",
    QUESTIONS_PAGE: "bk-questions",
    MESSAGES_PAGE: "bk-messages",
    WORKSHEETS_PAGE: WORKSHEETS,
}
"""Where each page of the site begins in the book; modules begin at their id."""

MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "tables")
"""The site's extensions (``mkdocs_config``) but ``toc``, whose permalinks and
made-up heading ids have no place on paper."""

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_TITLE = re.compile(r"\A\s*<h1>(.*?)</h1>\n?", re.DOTALL)


@dataclass(frozen=True)
class Chapter:
    """One page of the site as a chapter: its anchor, title and body (HTML)."""

    anchor: str
    kind: str
    """``introduction``, ``module`` or ``toolkit``: the book styles each its own way."""
    title: Markup
    body: Markup
    interface: bool = False
    """True when the title is in the interface language (the introduction's)."""


def book_link(course: Course, ident: str) -> str:
    """Where ``ident`` is in the book: its anchor, or the anchor of its chapter."""
    target = course.targets[ident]
    return f"#{target.anchor or ident}"


def book_text(course: Course) -> TextRenderer:
    """Course text rendered with its ``@id`` links leading to places in the book."""

    def resolve(ident: str) -> str | None:
        return book_link(course, ident) if ident in course.targets else None

    return TextRenderer(resolve)


def book_context(course: Course, page: str) -> dict[str, Any]:
    """The site's page context with links that stay inside the book."""

    def page_link(target: str) -> str:
        # The progress page has no place on paper: its links lead to the contents.
        return f"#{CHAPTER_ANCHORS.get(target, CONTENTS)}"

    return page_context(course, page) | {
        "text": book_text(course),
        "link": lambda ident: book_link(course, ident),
        "page_link": page_link,
        "book": (),
    }


def page_html(env: jinja2.Environment, course: Course, spec: SitePage) -> str:
    """One site page as HTML: its template rendered for the book, then its Markdown."""
    extra = dict(spec.extra)
    if "quiz_data" in extra:
        # The answers live in the quiz data; a printed quiz has none.
        extra["quiz_data"] = None
    source = env.get_template(spec.template).render(book_context(course, spec.page) | extra)
    source = _FRONT_MATTER.sub("", source, count=1)
    return markdown.markdown(source, extensions=list(MARKDOWN_EXTENSIONS), output_format="html")


def render_chapters(
    env: jinja2.Environment, course: Course, diagram_style: str = ""
) -> tuple[Chapter, ...]:
    """Every page that holds the course, in reading order, as a chapter.

    The home page becomes the introduction (the cover already carries its
    title); a module chapter begins at the module's id, so links to it land
    there. ``diagram_style`` is embedded in the pipeline diagram.
    """
    ui = load_strings(course.edition.language)
    modules = {entry.page: entry.module.id for entry in course.modules}
    chapters = []
    for spec in course_pages(course, ui, diagram_style):
        html = page_html(env, course, spec)
        match = _TITLE.match(html)
        title, body = (match.group(1), html[match.end() :]) if match else ("", html)
        if spec.page == HOME_PAGE:
            intro = Markup.escape(ui["book_introduction"])
            chapters.append(Chapter(INTRODUCTION, "introduction", intro, Markup(body), True))
            continue
        if spec.page in modules:
            kind, anchor = "module", modules[spec.page]
        else:
            kind, anchor = "toolkit", CHAPTER_ANCHORS[spec.page]
        chapters.append(Chapter(anchor, kind, Markup(title), Markup(body)))
    return tuple(chapters)
