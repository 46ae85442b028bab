"""The coach kit as printed documents, as one HTML file and (only when the
edition asks) as a page of the site; the learners' sources page.

Like the answer key, the kit belongs to the coach: a build writes its files to
``build/<edition>/coach/`` and puts them on the site only with
``publishing.coach_kit: site``. The PDFs share the worksheets' head, page
furniture and brand, and are laid out in the same pool (and cache).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

import jinja2

from ..core.model import COACH_KIT_PAGE, SOURCES_PAGE, Course
from ..render.site import PAGES_DIR, OutputFiles, render_page
from ..worksheet.paper import PAPERS, Paper, paper_named, pdf_key
from ..worksheet.pdf import PdfJob
from ..worksheet.render import document_context, interface_strings
from ..worksheet.site import DownloadRow, PdfSizes, downloads
from .model import COACH_KIT, CoachKit
from .urls import encode_url

COACH_KIT_HTML = f"{COACH_KIT}.html"
"""The whole kit as one HTML document, to print from a browser."""


def _document(
    env: jinja2.Environment,
    course: Course,
    kits: Sequence[CoachKit],
    paper: Paper,
    title: str,
    created: datetime | None,
) -> str:
    context = document_context(env, course, paper, title, created) | {"kits": kits}
    return env.get_template("coach-kit.html.j2").render(context)


def _title(course: Course, kit: CoachKit | None = None) -> str:
    ui = interface_strings(course)
    name = f"{ui['coach_kit_title']} \N{EN DASH} {course.info.title}"
    return f"{name} \N{EN DASH} {kit.heading}" if kit else name


def coach_kit_pdf_jobs(
    paper_env: jinja2.Environment, course: Course, created: datetime | None = None
) -> list[PdfJob]:
    """Print-only layout jobs: each module's kit and the whole kit, in both sizes;
    none when the course has no kit."""
    if not course.coach_kits:
        return []
    documents = [(COACH_KIT, course.coach_kits, _title(course))]
    documents += [(kit.stem, (kit,), _title(course, kit)) for kit in course.coach_kits]
    return [
        PdfJob(
            pdf_key(stem, paper),
            _document(paper_env, course, kits, paper, title, created),
            fillable=False,
        )
        for stem, kits, title in documents
        for paper in PAPERS
    ]


def coach_kit_stems(course: Course) -> tuple[str, ...]:
    """File-name stems of the kit's PDFs: the whole kit, then each module's."""
    if not course.coach_kits:
        return ()
    return (COACH_KIT, *(kit.stem for kit in course.coach_kits))


def is_coach_kit_pdf(name: str) -> bool:
    """True for the file name of a coach kit PDF."""
    return name.startswith(f"{COACH_KIT}-") and name.endswith(".pdf")


def coach_kit_files(
    paper_env: jinja2.Environment,
    course: Course,
    pdfs: Mapping[str, bytes],
    created: datetime | None = None,
) -> OutputFiles:
    """The kit's files for ``build/<edition>/coach/``: its PDFs (those the build
    made) and the whole kit as one HTML document in the edition's paper size."""
    if not course.coach_kits:
        return {}
    files = {name: data for name, data in pdfs.items() if is_coach_kit_pdf(name)}
    paper = paper_named(course.edition.paper)
    html = _document(paper_env, course, course.coach_kits, paper, _title(course), created)
    files[COACH_KIT_HTML] = html.encode("utf-8")
    return files


def coach_kit_page(sizes: PdfSizes) -> Callable[[Course, jinja2.Environment], OutputFiles]:
    """A site renderer for the "For coaches" page; nothing unless the edition
    publishes the kit (``publishing.coach_kit: site``)."""

    def render(course: Course, env: jinja2.Environment) -> OutputFiles:
        if not course.coach_kits or not course.edition.coach_kit_on_site:
            return {}
        rows: list[tuple[str, tuple[DownloadRow, ...]]] = [
            ("", downloads(course, COACH_KIT, COACH_KIT_PAGE, sizes, fillable=False))
        ]
        rows += [
            (kit.heading, downloads(course, kit.stem, COACH_KIT_PAGE, sizes, fillable=False))
            for kit in course.coach_kits
        ]
        page = render_page(env, "site/coach_kit.md.j2", course, COACH_KIT_PAGE, rows=rows)
        return {f"{PAGES_DIR}/{COACH_KIT_PAGE}": page}

    return render


def render_sources_page(course: Course, env: jinja2.Environment) -> OutputFiles:
    """The learners' sources page; nothing without ``content/sources.yml``."""
    if course.sources is None:
        return {}
    page = render_page(
        env, "site/sources.md.j2", course, SOURCES_PAGE, sources=course.sources, href=encode_url
    )
    return {f"{PAGES_DIR}/{SOURCES_PAGE}": page}
