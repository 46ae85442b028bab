"""The course book's PDF layout jobs, and its links on the home page.

The book is a printed document like the workbook: the worksheets' head,
paper styles, running header and footer and the edition's brand, laid out in
the same pool. Its chapters are the site's own pages (``chapters``); the
worksheets follow at the back. It holds no form fields, so only the
printable (tagged) variant is made.
"""

from __future__ import annotations

from datetime import datetime

import jinja2

from ..core.model import HOME_PAGE, Course
from ..worksheet.paper import BOOK, PAPERS, pdf_key
from ..worksheet.pdf import PdfJob
from ..worksheet.render import data_url, document_context, interface_strings
from ..worksheet.site import DownloadRow, PdfSizes, downloads
from .chapters import CONTENTS, WORKSHEETS, book_text, render_chapters

IMAGE_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}
"""The logo types an edition may bring (``edition/load.py``), by suffix."""


def book_pdf_jobs(
    paper_env: jinja2.Environment,
    site_env: jinja2.Environment,
    course: Course,
    created: datetime | None = None,
) -> list[PdfJob]:
    """One print-only layout job per paper size.

    ``paper_env`` holds the printed-document templates (``worksheets/``),
    ``site_env`` the site's page templates, which give the chapters.
    """
    ui = interface_strings(course)
    title = f"{course.info.title} \N{EN DASH} {ui['book_title']}"
    logo = course.edition.logo
    diagram_style = paper_env.get_template("diagram.css.j2").render(palette=course.edition.palette)
    extra = {
        "chapters": render_chapters(site_env, course, diagram_style),
        "module_count": len(course.modules),
        # The sheets and the closing page link to places in the book too.
        "text": book_text(course),
        "worksheets": course.worksheets,
        "cta": course.next_steps,
        "logo_url": data_url(logo, IMAGE_TYPES) if logo else "",
        "contents_id": CONTENTS,
        "worksheets_id": WORKSHEETS,
    }
    template = paper_env.get_template("book.html.j2")
    return [
        PdfJob(
            pdf_key(BOOK, paper),
            template.render(document_context(paper_env, course, paper, title, created) | extra),
            fillable=False,
        )
        for paper in PAPERS
    ]


def book_downloads(course: Course, sizes: PdfSizes) -> tuple[DownloadRow, ...]:
    """Links from the home page to the book in each paper size; none without PDFs."""
    return downloads(course, BOOK, HOME_PAGE, sizes, fillable=False)
