"""``coursegen export``: the quizzes for an LMS and the course as a SCORM
package, written into ``build/<edition>/export/``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .check import Overrides, check_course
from .core.errors import CoursegenError, Problem
from .core.model import Course
from .edition import DEFAULT_EDITION
from .outputs import (
    Progress,
    no_progress,
    render_docs,
    render_export_files,
    render_pdfs,
    reproducible_clock,
    site_pdfs,
    source_date,
    source_date_epoch,
)
from .quiz.export import Export
from .quiz.formats import (
    FORMATS,
    LOSS_REPORT,
    SCORM,
    expand_formats,
    render_loss_report,
)
from .scorm import render_scorm_package
from .site_build import build_site
from .worksheet.paper import PDF_DIR
from .write import (
    build_lock,
    build_root,
    read_tree,
    scratch_folder,
    write_files,
)


@dataclass(frozen=True)
class ExportResult:
    """Quiz export files written, and the items converted to another type."""

    edition: str
    files: tuple[Path, ...]
    notes: tuple[str, ...]
    warnings: tuple[Problem, ...]


def export_edition(
    root: Path,
    formats: tuple[str, ...],
    edition: str = DEFAULT_EDITION,
    strict: bool = False,
    overrides: Overrides = Overrides(),
    progress: Progress = no_progress,
) -> ExportResult:
    """Write the exports of ``formats`` into ``build/<edition>/export/``: quizzes
    for an LMS, the whole course as a SCORM package, and with several formats a
    report of what each one could not carry."""
    checked = check_course(root, edition, strict, overrides)
    formats = expand_formats(formats)
    quiz_formats = tuple(name for name in formats if name in FORMATS)
    if quiz_formats and not checked.course.quizzes:
        raise CoursegenError("the course has no quizzes to export (content/quizzes/ is empty)")
    files: dict[str, bytes] = {}
    notes: tuple[str, ...] = ()
    if quiz_formats:
        files, notes = render_export_files(root, checked.course, quiz_formats)
    if len(formats) > 1:
        files[LOSS_REPORT] = render_loss_report(checked.course, formats)
    dest = build_root(root) / edition / "export"
    with build_lock(build_root(root), edition):
        if SCORM in formats:
            package = render_scorm(root, checked.course, progress)
            files[package.name] = package.data
        write_files(dest, files)
    return ExportResult(edition, tuple(dest / name for name in files), notes, checked.warnings)


def render_scorm(root: Path, course: Course, progress: Progress = no_progress) -> Export:
    """The edition's website, PDFs included, as a SCORM 1.2 package (in memory).

    The site is built without instant loading, which would keep the LMS frame
    from seeing page changes; it is built in a scratch folder under ``build/``,
    so call this under the edition's ``build_lock``.
    """
    packaged = dataclasses.replace(
        course, edition=dataclasses.replace(course.edition, site_url=None)
    )
    with reproducible_clock():
        pdfs = site_pdfs(packaged, render_pdfs(root, packaged, progress, source_date()))
        progress(f"{course.edition.slug}: building the website for the SCORM package")
        docs = render_docs(root, packaged, {name: len(data) for name, data in pdfs.items()})
        with scratch_folder(build_root(root), course.edition.slug) as scratch:
            write_files(scratch / "docs", docs)
            build_site(scratch / "docs" / "mkdocs.yml", scratch / "site")
            site = read_tree(scratch / "site")
    site.update({f"{PDF_DIR}/{name}": data for name, data in pdfs.items()})
    return render_scorm_package(packaged, site, source_date_epoch())
