"""The answer key for coaches: its PDFs, its printable HTML and its page.

It belongs to the coach: a build writes it to ``build/<edition>/coach/``, and
to the learners' site only when the edition publishes it
(``publishing.answer_key: site``).

The PDFs are printed documents like the worksheets: the same head, page
furniture (course title, brand name, "page X of Y") and brand styles, from
the worksheet templates, and they are laid out in the same pool. They hold no
form fields, so only the printable (tagged) variant is made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

import jinja2

from ..core.model import ANSWER_KEY_PAGE, Course
from ..render.site import PAGES_DIR, OutputFiles, render_page
from ..ui import load_strings
from ..worksheet.paper import ANSWER_KEY, PAPERS, pdf_key
from ..worksheet.pdf import PdfJob
from ..worksheet.render import document_context
from ..worksheet.site import PdfSizes, downloads
from .render import render_answer_key_html, render_answer_key_sections


def answer_key_pdf_jobs(
    paper_env: jinja2.Environment,
    site_env: jinja2.Environment,
    course: Course,
    created: datetime | None = None,
) -> list[PdfJob]:
    """One print-only layout job per paper size; none when the course has no quizzes.

    ``paper_env`` holds the printed-document templates (``worksheets/``),
    ``site_env`` the quiz templates that the answers share with the site.
    """
    if not course.quizzes:
        return []
    ui = load_strings(course.edition.language)
    title = f"{ui['answer_key_title']} \N{EN DASH} {course.info.title}"
    sections = render_answer_key_sections(course, site_env)
    template = paper_env.get_template("answer-key.html.j2")
    return [
        PdfJob(
            pdf_key(ANSWER_KEY, paper),
            template.render(
                document_context(paper_env, course, paper, title, created) | {"sections": sections}
            ),
            fillable=False,
        )
        for paper in PAPERS
    ]


def answer_key_page(sizes: PdfSizes) -> Callable[[Course, jinja2.Environment], OutputFiles]:
    """A site renderer for the answer key page, linking to the PDFs the build made."""

    def render(course: Course, env: jinja2.Environment) -> OutputFiles:
        if not course.quizzes or not course.edition.answer_key_on_site:
            return {}
        rows = downloads(course, ANSWER_KEY, ANSWER_KEY_PAGE, sizes, fillable=False)
        page = render_page(env, "site/answer_key.md.j2", course, ANSWER_KEY_PAGE, downloads=rows)
        return {f"{PAGES_DIR}/{ANSWER_KEY_PAGE}": page}

    return render


COACH_DIR = "coach"
"""Folder of ``build/<edition>/`` for what only the coach should have."""


def is_answer_key_pdf(name: str) -> bool:
    """True for the file name of an answer key PDF (``answer-key-a4.pdf``…)."""
    return name.startswith(f"{ANSWER_KEY}-") and name.endswith(".pdf")


def learner_pdfs(course: Course, pdfs: Mapping[str, bytes]) -> dict[str, bytes]:
    """The PDFs learners may download: all but the answer key, unless the edition
    publishes it (``publishing.answer_key: site``)."""
    if course.edition.answer_key_on_site:
        return dict(pdfs)
    return {name: data for name, data in pdfs.items() if not is_answer_key_pdf(name)}


def coach_files(
    course: Course, pdfs: Mapping[str, bytes], site_env: jinja2.Environment
) -> dict[str, bytes]:
    """What goes to ``build/<edition>/coach/``: the answer key as PDFs and as one
    HTML document to print from a browser."""
    if not course.quizzes:
        return {}
    files = {name: data for name, data in pdfs.items() if is_answer_key_pdf(name)}
    files["answer-key.html"] = render_answer_key_html(course, site_env)
    return files
