"""The build program: the one place that knows the order of the stages.

load → validate → (merge edition) → model → render → write. Everything is
gathered and checked before anything is written.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from .crossref import validate_references
from .curriculum import load_curriculum
from .errors import ContentError, Problem, Severity
from .model import Course, Edition, build_course
from .render.site import OutputFiles, make_environment, render_site
from .site_build import build_site
from .worksheet.output import render_worksheet_pdfs
from .worksheet.paper import PDF_DIR
from .worksheet.render import make_worksheet_environment
from .worksheet.site import worksheet_pages
from .write import build_root, staged_output, sync_files, write_files

log = logging.getLogger(__name__)

DEFAULT_EDITION = "default"
DEFAULT_SOURCE_DATE_EPOCH = "315532800"
"""1980-01-01, used when SOURCE_DATE_EPOCH is unset: output never depends on the clock."""


class Progress(Protocol):
    """Receives progress of long work; ``done``/``total`` when it can be counted."""

    def __call__(self, message: str, done: int | None = None, total: int | None = None) -> None:
        """Report ``message`` (and how far along the work is)."""


def _silent(message: str, done: int | None = None, total: int | None = None) -> None:
    pass


@dataclass(frozen=True)
class Checked:
    """A course that passed every check, with the warnings it raised."""

    course: Course
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class BuildResult:
    """What a finished build produced."""

    edition: str
    output: Path
    warnings: tuple[Problem, ...]


def check_course(root: Path, edition: str = DEFAULT_EDITION, strict: bool = False) -> Checked:
    """Load, validate and resolve the course; raise ContentError on problems."""
    curriculum, sources, problems = load_curriculum(root)
    if sources is not None:
        problems += validate_references(sources)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or (strict and problems) or curriculum is None:
        raise ContentError(problems)
    course = build_course(curriculum, Edition(slug=edition))
    return Checked(course, tuple(problems))


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
    sheets = worksheet_pages(make_worksheet_environment(dirs), pdf_sizes or {})
    return render_site(course, make_environment(dirs), extra=(sheets,))


def render_pdfs(
    root: Path, course: Course, progress: Progress = _silent, created: datetime | None = None
) -> OutputFiles:
    """Every worksheet PDF and the workbooks, in memory (``{file name: bytes}``)."""

    def done(count: int, total: int, key: str) -> None:
        progress(f"{course.edition.slug}: PDF {key}", count, total)

    env = make_worksheet_environment(template_dirs(root))
    return render_worksheet_pdfs(env, course, created, done)


def source_date() -> datetime | None:
    """The date set by the caller in SOURCE_DATE_EPOCH, to stamp into PDFs; else none."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(value), UTC) if value.isdigit() else None


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


def build_edition(
    root: Path,
    edition: str = DEFAULT_EDITION,
    strict: bool = False,
    progress: Progress = _silent,
    pdf: bool = True,
) -> BuildResult:
    """Build one edition into ``build/<edition>/``, replacing it only on success.

    ``pdf=False`` skips the worksheet PDFs for a quick preview of the site.
    """
    progress(f"{edition}: checking the course")
    checked = check_course(root, edition, strict)
    created = source_date()
    with reproducible_clock():
        pdfs = render_pdfs(root, checked.course, progress, created) if pdf else {}
        progress(f"{edition}: rendering pages")
        sizes = {name: len(data) for name, data in pdfs.items()}
        docs = render_docs(root, checked.course, sizes)
        with staged_output(build_root(root), edition) as stage:
            write_files(stage / "docs", docs)
            progress(f"{edition}: building the website")
            build_site(stage / "docs" / "mkdocs.yml", stage / "site")
            # The site links to its own copy, so it works on its own from any address.
            write_files(stage / "site" / PDF_DIR, pdfs)
            write_files(stage / PDF_DIR, pdfs)
    return BuildResult(edition, build_root(root) / edition, checked.warnings)


def prepare_docs(root: Path, edition: str = DEFAULT_EDITION) -> Path:
    """Regenerate ``build/<edition>/docs`` in place (for MkDocs hooks and preview)."""
    checked = check_course(root, edition)
    docs_dir = build_root(root) / edition / "docs"
    changed = sync_files(docs_dir, render_docs(root, checked.course))
    log.debug("%d generated files changed", changed)
    return docs_dir
