"""The build program: the one place that knows the order of the stages.

load → validate → (merge edition) → model → render → write. Everything is
gathered and checked before anything is written.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .crossref import validate_references
from .curriculum import load_curriculum
from .errors import ContentError, CoursegenError, Problem, Severity
from .model import Course, Edition, build_course
from .quiz.formats import render_exports
from .quiz.render import render_answer_key_html
from .quiz.validate import validate_quizzes
from .render.site import OutputFiles, make_environment, render_site
from .site_build import build_site
from .write import build_root, staged_output, sync_files, write_files

log = logging.getLogger(__name__)

DEFAULT_EDITION = "default"
DEFAULT_SOURCE_DATE_EPOCH = "315532800"
"""1980-01-01, used when SOURCE_DATE_EPOCH is unset: output never depends on the clock."""

Progress = Callable[[str], None]


def _silent(_: str) -> None:
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


@dataclass(frozen=True)
class ExportResult:
    """Quiz export files written, and the items converted to another type."""

    edition: str
    files: tuple[Path, ...]
    notes: tuple[str, ...]
    warnings: tuple[Problem, ...]


def check_course(root: Path, edition: str = DEFAULT_EDITION, strict: bool = False) -> Checked:
    """Load, validate and resolve the course; raise ContentError on problems."""
    curriculum, sources, problems = load_curriculum(root)
    if sources is not None:
        problems += validate_references(sources, (validate_quizzes,))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or (strict and problems) or curriculum is None:
        raise ContentError(problems)
    course = build_course(curriculum, Edition(slug=edition))
    return Checked(course, tuple(problems))


def template_dirs(root: Path) -> list[Path]:
    """Folders whose templates override the built-in ones, by name."""
    return [d for d in (root / "templates",) if d.is_dir()]


def render_docs(root: Path, course: Course) -> OutputFiles:
    """Every file of the generated MkDocs project, in memory."""
    return render_site(course, make_environment(template_dirs(root)))


def source_date_epoch() -> int:
    """The time stamped into outputs that need one (zip entries, manifests)."""
    return int(os.environ.get("SOURCE_DATE_EPOCH") or DEFAULT_SOURCE_DATE_EPOCH)


def render_export_files(
    root: Path, course: Course, formats: tuple[str, ...] = ()
) -> tuple[OutputFiles, tuple[str, ...]]:
    """Quiz exports (and the printable answer key) for ``build/<edition>/export/``."""
    if not course.quizzes:
        return {}, ()
    exports = render_exports(course, source_date_epoch(), formats)
    files = {export.name: export.data for export in exports}
    if not formats:
        env = make_environment(template_dirs(root))
        files["answer-key.html"] = render_answer_key_html(course, env)
    return files, tuple(note for export in exports for note in export.notes)


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
) -> BuildResult:
    """Build one edition into ``build/<edition>/``, replacing it only on success."""
    progress(f"{edition}: checking the course")
    checked = check_course(root, edition, strict)
    progress(f"{edition}: rendering pages")
    docs = render_docs(root, checked.course)
    exports, _ = render_export_files(root, checked.course)
    with reproducible_clock(), staged_output(build_root(root), edition) as stage:
        write_files(stage / "docs", docs)
        write_files(stage / "export", exports)
        progress(f"{edition}: building the website")
        build_site(stage / "docs" / "mkdocs.yml", stage / "site")
    return BuildResult(edition, build_root(root) / edition, checked.warnings)


def export_edition(
    root: Path, formats: tuple[str, ...], edition: str = DEFAULT_EDITION, strict: bool = False
) -> ExportResult:
    """Write the quiz exports of ``formats`` into ``build/<edition>/export/``."""
    checked = check_course(root, edition, strict)
    if not checked.course.quizzes:
        raise CoursegenError("the course has no quizzes to export (content/quizzes/ is empty)")
    files, notes = render_export_files(root, checked.course, formats)
    dest = build_root(root) / edition / "export"
    write_files(dest, files)
    return ExportResult(edition, tuple(dest / name for name in files), notes, checked.warnings)


def prepare_docs(root: Path, edition: str = DEFAULT_EDITION) -> Path:
    """Regenerate ``build/<edition>/docs`` in place (for MkDocs hooks and preview)."""
    checked = check_course(root, edition)
    docs_dir = build_root(root) / edition / "docs"
    changed = sync_files(docs_dir, render_docs(root, checked.course))
    log.debug("%d generated files changed", changed)
    return docs_dir
