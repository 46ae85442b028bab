"""Every output of a checked course, in memory: the generated MkDocs pages, the
PDFs (from the cache when they are there) and the quiz exports, and the dates
stamped into them. Nothing here writes; ``build`` writes what these return.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from .book.render import book_downloads, book_pdf_jobs
from .cache_keys import export_key
from .coach.render import (
    coach_kit_page,
    coach_kit_pdf_jobs,
    is_coach_kit_pdf,
    render_sources_page,
)
from .core.model import Course
from .pdf_cache import PdfCache
from .quiz.answer_key import (
    answer_key_page,
    answer_key_pdf_jobs,
    learner_pdfs,
)
from .quiz.formats import (
    FORMATS,
    render_exports,
)
from .render.site import OutputFiles, make_environment, render_site
from .tracker.render import render_tracker
from .tree_cache import TreeCache
from .worksheet.output import worksheet_pdf_jobs
from .worksheet.pdf import PdfJob, pdf_files, render_pdf_jobs
from .worksheet.render import make_worksheet_environment
from .worksheet.site import worksheet_pages

DEFAULT_SOURCE_DATE_EPOCH = "315532800"
"""1980-01-01, used when SOURCE_DATE_EPOCH is unset: output never depends on the clock."""


class Progress(Protocol):
    """Receives progress of long work; ``done``/``total`` when it can be counted."""

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        """Report ``message`` (and how far along the work is)."""


def no_progress(message: str, done: int | None = None, total: int | None = None) -> None:
    pass


def template_dirs(root: Path) -> list[Path]:
    """Folders whose templates override the built-in ones, by name."""
    return [d for d in (root / "templates",) if d.is_dir()]


def render_docs(
    root: Path, course: Course, pdf_sizes: Mapping[str, int] | None = None
) -> OutputFiles:
    """Every file of the generated MkDocs project, in memory.

    ``pdf_sizes`` (file name → bytes) lists the PDFs the site links to.
    """
    dirs = template_dirs(root)
    sizes = pdf_sizes or {}
    sheets = worksheet_pages(make_worksheet_environment(dirs), sizes)
    home = {"book": book_downloads(course, sizes)}
    extra = (
        sheets,
        answer_key_page(sizes),
        coach_kit_page(sizes),
        render_sources_page,
        render_tracker,
    )
    return render_site(course, make_environment(dirs), extra=extra, home=home)


@dataclass(frozen=True)
class PdfOutput:
    """Every PDF of a build, and how many were laid out or taken from the cache."""

    files: OutputFiles
    laid_out: int
    cached: int
    shared: int = 0
    """Laid out once for another edition of the same ``build --all``."""

    def plus(self, other: PdfOutput) -> PdfOutput:
        """The PDFs of both, counted together."""
        return PdfOutput(
            self.files | other.files,
            self.laid_out + other.laid_out,
            self.cached + other.cached,
            self.shared + other.shared,
        )


NO_PDFS = PdfOutput({}, 0, 0)


def render_pdfs(
    root: Path,
    course: Course,
    progress: Progress = no_progress,
    created: datetime | None = None,
    cache: PdfCache | None = None,
) -> OutputFiles:
    """Every PDF in memory (``{file name: bytes}``): the worksheets, the workbooks,
    the quiz answer key, the coach kit and the course book, laid out in one pool."""
    return lay_out_pdfs(root, course, progress, created, cache).files


def pdf_jobs(root: Path, course: Course, created: datetime | None = None) -> list[PdfJob]:
    """Every PDF layout job of a build: the worksheets, the workbooks, the quiz
    answer key, the coach kit and the course book."""
    dirs = template_dirs(root)
    paper_env = make_worksheet_environment(dirs)
    site_env = make_environment(dirs)
    return [
        *worksheet_pdf_jobs(paper_env, course, created),
        *answer_key_pdf_jobs(paper_env, site_env, course, created),
        *coach_kit_pdf_jobs(paper_env, course, created),
        *book_pdf_jobs(paper_env, site_env, course, created),
    ]


def lay_out_pdfs(
    root: Path,
    course: Course,
    progress: Progress = no_progress,
    created: datetime | None = None,
    cache: PdfCache | None = None,
) -> PdfOutput:
    """Every PDF (as ``render_pdfs``), taking what it can from ``cache`` and
    storing there what it lays out."""
    slug = course.edition.slug
    jobs = pdf_jobs(root, course, created)
    kept = cache.load(jobs) if cache is not None else {}
    for count, job in enumerate((job for job in jobs if job.key in kept), start=1):
        progress(f"{slug}: PDF {job.key} (cached)", count, len(jobs))
    todo = [job for job in jobs if job.key not in kept]

    def done(count: int, total: int, key: str) -> None:
        progress(f"{slug}: PDF {key}", len(kept) + count, len(jobs))

    made = render_pdf_jobs(todo, done) if todo else {}
    if cache is not None:
        cache.store(todo, made)
    return PdfOutput(pdf_files(jobs, kept | made), len(todo), len(kept))


def site_pdfs(course: Course, pdfs: Mapping[str, bytes]) -> dict[str, bytes]:
    """The PDFs the site carries and ``build/<edition>/pdf/`` holds: the learners',
    plus the answer key and the coach kit when the edition publishes them."""
    shown = learner_pdfs(course, pdfs)
    if course.edition.coach_kit_on_site:
        return shown
    return {name: data for name, data in shown.items() if not is_coach_kit_pdf(name)}


def site_pdf_jobs(course: Course, jobs: list[PdfJob]) -> tuple[list[PdfJob], list[PdfJob]]:
    """The jobs of the PDFs the website carries (see ``site_pdfs``), and the
    others: those only the coach gets, which the website does not wait for."""
    shown = site_pdfs(course, {f"{job.key}.pdf": b"" for job in jobs})
    on_site = [job for job in jobs if f"{job.key}.pdf" in shown]
    return on_site, [job for job in jobs if f"{job.key}.pdf" not in shown]


def source_date() -> datetime | None:
    """The date set by the caller in SOURCE_DATE_EPOCH, to stamp into PDFs; else none."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(value), UTC) if value.isdigit() else None


def source_date_epoch() -> int:
    """The time stamped into outputs that need one (zip entries, manifests)."""
    return int(os.environ.get("SOURCE_DATE_EPOCH") or DEFAULT_SOURCE_DATE_EPOCH)


_NOTES = ".notes.json"
"""In a cached export tree: the notes on converted items (no export has this name)."""


def render_export_files(
    root: Path, course: Course, formats: tuple[str, ...] = (), cache: TreeCache | None = None
) -> tuple[OutputFiles, tuple[str, ...]]:
    """Quiz exports for ``build/<edition>/export/``, from ``cache`` when it holds
    those of the same quizzes (see ``cache_keys.export_key``)."""
    if not course.quizzes:
        return {}, ()
    epoch = source_date_epoch()
    key = export_key(course, formats or tuple(FORMATS), epoch) if cache is not None else ""
    kept = cache.load(key) if cache is not None else None
    if kept is not None and _NOTES in kept:
        noted = kept.pop(_NOTES)
        return kept, tuple(str(note) for note in json.loads(noted))
    exports = render_exports(course, epoch, formats)
    files = {export.name: export.data for export in exports}
    notes = tuple(note for export in exports for note in export.notes)
    if cache is not None:
        cache.store(key, files | {_NOTES: json.dumps(notes).encode()})
    return files, notes


@contextmanager
def reproducible_clock() -> Iterator[None]:
    """Pin SOURCE_DATE_EPOCH for tools that stamp dates (MkDocs' sitemap)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = before or DEFAULT_SOURCE_DATE_EPOCH
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
