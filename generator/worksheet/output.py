"""Every worksheet PDF of a course: each sheet and the workbook, in both paper sizes.

Returns ``{file name: bytes}``; writing is left to ``write.py``.
"""

from __future__ import annotations

import logging
from datetime import datetime

import jinja2

from ..model import Course
from .paper import PAPERS, WORKBOOK, pdf_name
from .pdf import JobDone, PdfJob, render_pdf_jobs
from .render import render_document, render_workbook

log = logging.getLogger(__name__)

OutputFiles = dict[str, bytes]


def pdf_jobs(
    env: jinja2.Environment, course: Course, created: datetime | None = None
) -> list[PdfJob]:
    """One layout job per worksheet and paper size, plus the workbook in each size."""
    jobs = []
    for paper in PAPERS:
        for page in course.worksheets:
            html = render_document(env, course, page, paper, created)
            jobs.append(PdfJob(f"{page.id}-{paper.slug}", html))
        if course.worksheets:
            jobs.append(
                PdfJob(f"{WORKBOOK}-{paper.slug}", render_workbook(env, course, paper, created))
            )
    return jobs


def render_worksheet_pdfs(
    env: jinja2.Environment,
    course: Course,
    created: datetime | None = None,
    done: JobDone | None = None,
    workers: int | None = None,
) -> OutputFiles:
    """Printable and fillable PDFs of every worksheet and of the workbook."""
    jobs = pdf_jobs(env, course, created)
    if not jobs:
        return {}
    pairs = render_pdf_jobs(jobs, done, workers)
    warned: dict[str, list[str]] = {}
    files: OutputFiles = {}
    for paper in PAPERS:
        for stem in [page.id for page in course.worksheets] + [WORKBOOK]:
            key = f"{stem}-{paper.slug}"
            pair = pairs[key]
            for message in pair.warnings:
                warned.setdefault(message, []).append(key)
            files[pdf_name(stem, paper, fillable=False)] = pair.printable
            files[pdf_name(stem, paper, fillable=True)] = pair.fillable
    for message, keys in warned.items():
        log.warning("PDF %s: %s", ", ".join(keys), message)
    return dict(sorted(files.items()))
