"""The worksheet pages of the website: one page per worksheet and an index.

Pure: returns ``{path: bytes}`` like every renderer. The sheet itself (its
sections and fields) comes from the same template as the PDFs; download links
appear only when the build made the PDFs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources

import jinja2

from ..core.model import WORKSHEETS_PAGE, Course
from ..render.site import PAGE_ASSETS, PAGES_DIR, OutputFiles, page_context, render_page
from ..render.text import TextRenderer
from ..ui import load_strings
from .model import WorksheetPage
from .paper import PDF_DIR, WORKBOOK, Paper, papers_for, pdf_name
from .render import render_sheet_body, render_site_css

SITE_CSS = "assets/coursegen-worksheets.css"
CSV_SCRIPT = "worksheet-csv.js"
"""Downloads a worksheet table as CSV; linked by the pages that have a table."""
SITE_JS = "assets/worksheets.js"
"""Keeps a learner's entries; loaded by the worksheet pages only."""

STORAGE_PREFIX = "cgw"
"""First part of the ``localStorage`` key of a worksheet's entries. Not the
quizzes' prefix: resetting quiz progress must not erase what a learner wrote."""

PdfSizes = Mapping[str, int]
"""Size in bytes of each PDF the build made, by file name; empty when none were made."""


@dataclass(frozen=True)
class Download:
    href: str
    size: str


@dataclass(frozen=True)
class DownloadRow:
    """The PDFs of one paper size; ``fillable`` is None for a print-only document."""

    paper: str
    printable: Download
    fillable: Download | None


def downloads(
    course: Course, stem: str, page: str, sizes: PdfSizes, fillable: bool = True
) -> tuple[DownloadRow, ...]:
    """Links from ``page`` to the PDFs of ``stem``, one row per paper size, the
    edition's default paper first."""
    if not sizes:
        return ()
    ui = load_strings(course.edition.language)
    start = posixpath.dirname(page) or "."

    def link(paper: Paper, fillable: bool) -> Download:
        name = pdf_name(stem, paper, fillable)
        kilobytes = max(1, round(sizes[name] / 1024))
        href = posixpath.relpath(f"{PDF_DIR}/{name}", start)
        return Download(href, ui["ws_size_kb"].format(size=kilobytes))

    return tuple(
        DownloadRow(
            ui[paper.label_key], link(paper, False), link(paper, True) if fillable else None
        )
        for paper in papers_for(course.edition.paper)
    )


def storage_key(course: Course, page: WorksheetPage) -> str:
    """Where the browser keeps the entries of one worksheet of one edition."""
    return f"{STORAGE_PREFIX}/{course.edition.slug}/{page.id}"


def worksheet_pages(
    worksheet_env: jinja2.Environment, sizes: PdfSizes
) -> Callable[[Course, jinja2.Environment], OutputFiles]:
    """A site renderer for the worksheet pages and their stylesheet."""

    def render(course: Course, env: jinja2.Environment) -> OutputFiles:
        if not course.worksheets:
            return {}
        files: OutputFiles = {
            f"{PAGES_DIR}/{SITE_CSS}": render_site_css(worksheet_env),
            f"{PAGES_DIR}/{SITE_JS}": (resources.files("generator") / SITE_JS).read_bytes(),
            f"{PAGES_DIR}/{WORKSHEETS_PAGE}": render_page(
                env,
                "site/worksheets.md.j2",
                course,
                WORKSHEETS_PAGE,
                workbook=downloads(course, WORKBOOK, WORKSHEETS_PAGE, sizes),
                pdfs_made=bool(sizes),
            ),
        }
        for entry in course.worksheets:
            text: TextRenderer = page_context(course, entry.page)["text"]
            files[f"{PAGES_DIR}/{entry.page}"] = render_page(
                env,
                "site/worksheet.md.j2",
                course,
                entry.page,
                entry=entry,
                sheet=entry.sheet,
                body=render_sheet_body(worksheet_env, course, entry, text),
                downloads=downloads(course, entry.id, entry.page, sizes),
                storage_key=storage_key(course, entry),
                pdfs_made=bool(sizes),
                csv_script=posixpath.relpath(
                    PAGE_ASSETS + CSV_SCRIPT, posixpath.dirname(entry.page) or "."
                ),
            )
        if any(entry.has_table for entry in course.worksheets):
            script = (resources.files("generator") / "assets" / CSV_SCRIPT).read_bytes()
            files[f"{PAGES_DIR}/{PAGE_ASSETS}{CSV_SCRIPT}"] = script
        return files

    return render
