"""Paper sizes and the names of the PDF files made for them."""

from __future__ import annotations

from dataclasses import dataclass

PDF_DIR = "pdf"
"""Folder of the PDFs, both in ``build/<edition>/`` and inside the website."""

WORKBOOK = "workbook"
"""File-name stem of the combined workbook (a reserved worksheet id)."""

ANSWER_KEY = "answer-key"
"""File-name stem of the quiz answer key (a reserved worksheet id)."""

BOOK = "course"
"""File-name stem of the course book (a reserved worksheet id)."""


@dataclass(frozen=True)
class Paper:
    """A paper size, as CSS names it and as files and labels name it."""

    slug: str
    css: str
    label_key: str
    """Key of the paper's name in the interface strings."""


A4 = Paper("a4", "A4", "ws_a4")
LETTER = Paper("letter", "letter", "ws_letter")
PAPERS = (A4, LETTER)


def papers_for(default: str) -> tuple[Paper, ...]:
    """Every paper size, the edition's default (``a4`` or ``letter``) first."""
    return tuple(sorted(PAPERS, key=lambda paper: paper.slug != default))


def paper_named(slug: str) -> Paper:
    """The paper size called ``slug``; A4 for a name that is not one."""
    return next((paper for paper in PAPERS if paper.slug == slug), A4)


def pdf_key(stem: str, paper: Paper) -> str:
    """Name of the layout job for ``stem`` on ``paper`` and stem of its files."""
    return f"{stem}-{paper.slug}"


def pdf_name(stem: str, paper: Paper, fillable: bool) -> str:
    """File name of one PDF, e.g. ``pipeline-tracker-letter-fillable.pdf``."""
    return f"{pdf_key(stem, paper)}{'-fillable' if fillable else ''}.pdf"
