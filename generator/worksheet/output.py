"""The PDF layout jobs of the worksheets: each sheet and the workbook, in both paper sizes.

The build sends them through one pool together with the other printed
documents (``pdf.render_pdf_files``); writing is left to ``write.py``.
"""

from __future__ import annotations

from datetime import datetime

import jinja2

from ..core.model import Course
from .paper import PAPERS, WORKBOOK, pdf_key
from .pdf import PdfJob
from .render import render_document, render_workbook


def worksheet_pdf_jobs(
    env: jinja2.Environment, course: Course, created: datetime | None = None
) -> list[PdfJob]:
    """One job per worksheet and paper size, plus the workbook in each size."""
    jobs = []
    for paper in PAPERS:
        for page in course.worksheets:
            html = render_document(env, course, page, paper, created)
            jobs.append(PdfJob(pdf_key(page.id, paper), html))
        if course.worksheets:
            html = render_workbook(env, course, paper, created)
            jobs.append(PdfJob(pdf_key(WORKBOOK, paper), html))
    return jobs
