"""The build program: the one place that knows the order of the stages.

load → validate → (merge edition) → model → render → write. Everything is
gathered and checked before anything is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .cache_keys import site_key
from .check import Checked, Overrides, check_course
from .check_apart import check_apart
from .coach.render import (
    coach_kit_files,
)
from .core.errors import Problem
from .core.model import Course
from .edition import DEFAULT_EDITION
from .kept_pdfs import keep_pdfs
from .outputs import (
    PdfOutput,
    Progress,
    lay_out_pdfs,
    no_progress,
    render_docs,
    render_export_files,
    reproducible_clock,
    site_pdfs,
    source_date,
    template_dirs,
)
from .pdf_cache import PdfCache
from .quiz.answer_key import (
    COACH_DIR,
    coach_files,
)
from .render.site import PAGES_DIR, OutputFiles, make_environment
from .site_build import SITE_CONFIG, build_site_cached
from .template_cache import TemplateCache
from .text_cache import TextCache
from .tree_cache import EXPORT, SITE, TreeCache
from .up_to_date import STAMPS, Request, fresh, inputs_digest, stamp_bytes
from .worksheet.paper import PDF_DIR
from .worksheet.render import make_worksheet_environment
from .write import (
    build_lock,
    build_root,
    read_tree,
    staged_output,
    sync_files,
    write_atomic,
    write_files,
)

log = logging.getLogger(__name__)

Warn = Callable[[tuple[Problem, ...]], None]
"""Receives the warnings of a course as soon as it is checked, before the long work."""


def _ignore(warnings: tuple[Problem, ...]) -> None:
    pass


@dataclass(frozen=True)
class BuildResult:
    """What a finished build produced."""

    edition: str
    output: Path
    warnings: tuple[Problem, ...]
    pdfs_laid_out: int = 0
    pdfs_cached: int = 0
    """PDF layout jobs taken from ``build/.cache/pdf/`` instead of laid out."""
    pdfs_shared: int = 0
    """PDF layout jobs laid out once for another edition of the same ``build --all``."""
    up_to_date: bool = False
    """Nothing was built: the last build is what this one would have made."""


def build_edition(
    root: Path,
    edition: str = DEFAULT_EDITION,
    strict: bool = False,
    progress: Progress = no_progress,
    overrides: Overrides = Overrides(),
    pdf: bool = True,
    warn: Warn = _ignore,
    cache: bool = True,
) -> BuildResult:
    """Build one edition into ``build/<edition>/``, replacing it only on success.

    ``pdf=False`` skips laying out the PDFs for a quick preview of the site: the
    PDFs of the last full build are kept and linked (see ``kept_pdfs``).
    ``warn`` receives the course's warnings once it is checked.
    ``cache=False`` neither reads nor writes the PDF cache (``pdf_cache``), that
    of the website and the exports (``tree_cache``), the text conversions
    (``text_cache``), the compiled templates (``template_cache``), nor the up-to-date stamp
    (``up_to_date``), which otherwise ends a build that would change nothing
    before it starts.
    """
    request = Request(edition, strict, pdf, overrides.language, overrides.site_url, overrides.paper)
    done = fresh(root, request) if cache else None
    if done is not None:
        warn(done.warnings)
        return BuildResult(edition, done.output, done.warnings, up_to_date=True)
    with build_lock(build_root(root), edition):
        stamp = request if cache else None
        return _build_locked(root, edition, strict, progress, overrides, pdf, warn, stamp)


def leave_stamp(root: Path, inputs: str, result: BuildResult) -> None:
    """Record that ``result`` is what a build of inputs with the digest
    ``inputs`` makes (see ``up_to_date``). Call under the edition's lock."""
    stamp = stamp_bytes(inputs, result.output, result.warnings)
    if stamp is None:
        return
    try:
        write_atomic(build_root(root), f"{STAMPS}/{result.edition}.json", stamp)
    except OSError as exc:  # like the caches: a stamp only ever saves time
        log.debug("the up-to-date stamp could not be written: %s", exc)


def previous_pdfs(root: Path, edition: str) -> dict[str, bytes]:
    """Every PDF of the last complete ``build/<edition>/``, the learners' and the
    coach's, by file name. Call under the edition's build lock."""
    folder = build_root(root) / edition
    found: dict[str, bytes] = {}
    for part in (COACH_DIR, PDF_DIR):
        files = read_tree(folder / part)
        found.update({n: d for n, d in files.items() if "/" not in n and n.endswith(".pdf")})
    return found


def kept_pdf_output(root: Path, course: Course, progress: Progress) -> PdfOutput:
    """The PDFs of the last full build a build without PDFs keeps (``kept_pdfs``).

    Call under the edition's build lock."""
    kept = keep_pdfs(course, previous_pdfs(root, course.edition.slug))
    if kept:
        progress(f"{course.edition.slug}: keeping {len(kept)} PDFs of the last full build")
    return PdfOutput(kept, 0, 0)


def _build_locked(
    root: Path,
    edition: str,
    strict: bool,
    progress: Progress,
    overrides: Overrides,
    pdf: bool,
    warn: Warn,
    request: Request | None,
) -> BuildResult:
    """Build under the edition's lock; with a ``request``, use the caches and
    leave the up-to-date stamp of what was built."""
    cache = request is not None
    # Read before the course: an edit made during the build makes the stamp stale.
    inputs = inputs_digest(root, request) if request is not None else ""
    trees = BuildCaches.open(root) if cache else None
    progress(f"{edition}: checking the course")
    checked = check_apart(root, edition, strict, overrides)
    warn(checked.warnings)
    created = source_date()
    store = PdfCache(build_root(root)) if cache and pdf else None
    with reproducible_clock():
        if pdf:
            laid = lay_out_pdfs(root, checked.course, progress, created, store)
        else:
            laid = kept_pdf_output(root, checked.course, progress)
        result = write_edition(root, edition, checked, laid, created, trees, progress)
    if inputs:
        leave_stamp(root, inputs, result)
    if store is not None:
        store.prune()
    if trees is not None:
        trees.close()
    return result


@dataclass(frozen=True)
class BuildCaches:
    """The website, export, text and template caches below ``build/``, shared
    by every edition."""

    site: TreeCache
    export: TreeCache
    texts: TextCache
    templates: TemplateCache

    @classmethod
    def open(cls, root: Path) -> BuildCaches:
        """The caches, with the stored text conversions and compiled templates
        handed to this process (read once, before anything is rendered)."""
        build = build_root(root)
        caches = cls(
            TreeCache(build, SITE), TreeCache(build, EXPORT), TextCache(build), TemplateCache(build)
        )
        caches.texts.load()
        caches.templates.load()
        return caches

    def close(self) -> None:
        """Store the text conversions and compiled templates (written once, at
        the end of a build) and bound every folder, keeping what this process used."""
        self.texts.store()
        self.templates.store()
        self.site.prune()
        self.export.prune()


def write_edition(
    root: Path,
    edition: str,
    checked: Checked,
    laid: PdfOutput,
    created: datetime | None,
    trees: BuildCaches | None,
    progress: Progress,
    coach_pdfs: Callable[[], PdfOutput] | None = None,
) -> BuildResult:
    """Render the pages, exports and coach files of a checked course around its
    PDFs, build its website and swap it all into ``build/<edition>/``.

    ``laid`` holds at least the PDFs the website carries; ``coach_pdfs`` gives
    the others (the coach's) once the website is built, so they can still be
    laid out while it is (``build --all``); without it, they are in ``laid``.
    Call under the edition's build lock, inside ``reproducible_clock``.
    """
    progress(f"{edition}: rendering pages")
    course = checked.course
    pdfs = site_pdfs(course, laid.files)
    sizes = {name: len(data) for name, data in pdfs.items()}
    site_cache = trees.site if trees else None
    # Each part is written as soon as it is rendered and dropped before the next:
    # at scale the pages alone are hundreds of megabytes, which MkDocs needs for itself.
    with staged_output(build_root(root), edition) as stage:
        docs = render_docs(root, course, sizes)
        write_files(stage / "docs", docs)
        key = site_key(docs, SITE_CONFIG, stage / "docs") if site_cache else ""
        del docs
        exports, _ = render_export_files(root, course, cache=trees.export if trees else None)
        write_files(stage / "export", exports)
        del exports
        if coach_pdfs is None:
            # A process keeps the memory MkDocs took: render these before it.
            _write_coach(stage, root, course, laid.files, created)
        progress(f"{edition}: building the website")
        build_site_cached(stage / "docs", key, stage / "site", site_cache)
        # The site links to its own copy, so it works on its own from any address.
        write_files(stage / "site" / PDF_DIR, pdfs)
        write_files(stage / PDF_DIR, pdfs)
        if coach_pdfs is not None:
            laid = laid.plus(coach_pdfs())
            _write_coach(stage, root, course, laid.files, created)
    output = build_root(root) / edition
    return BuildResult(edition, output, checked.warnings, laid.laid_out, laid.cached, laid.shared)


def _write_coach(
    stage: Path, root: Path, course: Course, made: Mapping[str, bytes], created: datetime | None
) -> None:
    """The coach's files (answer key, coach kits) into ``stage``."""
    coach = coach_files(course, made, make_environment(template_dirs(root)))
    paper_env = make_worksheet_environment(template_dirs(root))
    coach |= coach_kit_files(paper_env, course, made, created)
    write_files(stage / COACH_DIR, coach)


def prepare_docs(
    root: Path, edition: str = DEFAULT_EDITION, overrides: Overrides = Overrides()
) -> Path:
    """Regenerate ``build/<edition>/docs`` in place (for MkDocs hooks and preview).

    Call under the edition's build lock. Only the files that changed are
    written (see ``sync_files``).
    """
    docs_dir = build_root(root) / edition / "docs"
    changed = sync_files(docs_dir, preview_docs(root, edition, overrides))
    log.debug("%d generated files changed", changed)
    return docs_dir


def preview_docs(root: Path, edition: str, overrides: Overrides) -> OutputFiles:
    """Every file of ``build/<edition>/docs`` for a site-only build, in memory.

    Call under the edition's build lock. The PDFs of the last full build go into
    the pages as static files, so the site MkDocs builds from them links to the
    PDFs and carries them, as a full build's does.
    """
    course = check_course(root, edition, overrides=overrides).course
    pdfs = site_pdfs(course, keep_pdfs(course, previous_pdfs(root, edition)))
    files = render_docs(root, course, {name: len(data) for name, data in pdfs.items()})
    files.update({f"{PAGES_DIR}/{PDF_DIR}/{name}": data for name, data in pdfs.items()})
    return files
