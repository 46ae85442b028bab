"""The build program: the one place that knows the order of the stages.

load → validate → (merge edition) → model → render → write. Everything is
gathered and checked before anything is written.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .check import Overrides, check_course
from .children import die_with_parent
from .coach.render import (
    coach_kit_files,
)
from .core.errors import ContentError, CoursegenError, Problem
from .core.model import Course
from .edition import DEFAULT_EDITION
from .edition.load import edition_slugs
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
from .site_build import build_site_cached
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
    of the website and the exports (``tree_cache``), nor the up-to-date stamp
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


def previous_pdfs(root: Path, edition: str) -> dict[str, bytes]:
    """Every PDF of the last complete ``build/<edition>/``, the learners' and the
    coach's, by file name. Call under the edition's build lock."""
    folder = build_root(root) / edition
    found: dict[str, bytes] = {}
    for part in (COACH_DIR, PDF_DIR):
        files = read_tree(folder / part)
        found.update({n: d for n, d in files.items() if "/" not in n and n.endswith(".pdf")})
    return found


def _kept_pdfs(root: Path, course: Course, progress: Progress) -> dict[str, bytes]:
    kept = keep_pdfs(course, previous_pdfs(root, course.edition.slug))
    if kept:
        progress(f"{course.edition.slug}: keeping {len(kept)} PDFs of the last full build")
    return kept


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
    progress(f"{edition}: checking the course")
    checked = check_course(root, edition, strict, overrides)
    warn(checked.warnings)
    created = source_date()
    store = PdfCache(build_root(root)) if cache and pdf else None
    trees = [TreeCache(build_root(root), kind) for kind in (SITE, EXPORT)] if cache else []
    with reproducible_clock():
        if pdf:
            laid = lay_out_pdfs(root, checked.course, progress, created, store)
            made = laid.files
        else:
            laid = PdfOutput({}, 0, 0)
            made = _kept_pdfs(root, checked.course, progress)
        progress(f"{edition}: rendering pages")
        pdfs = site_pdfs(checked.course, made)
        sizes = {name: len(data) for name, data in pdfs.items()}
        docs = render_docs(root, checked.course, sizes)
        exports, _ = render_export_files(root, checked.course, cache=trees[1] if trees else None)
        coach = coach_files(checked.course, made, make_environment(template_dirs(root)))
        paper_env = make_worksheet_environment(template_dirs(root))
        coach |= coach_kit_files(paper_env, checked.course, made, created)
        with staged_output(build_root(root), edition) as stage:
            write_files(stage / "docs", docs)
            write_files(stage / "export", exports)
            write_files(stage / COACH_DIR, coach)
            progress(f"{edition}: building the website")
            build_site_cached(stage / "docs", docs, stage / "site", trees[0] if trees else None)
            # The site links to its own copy, so it works on its own from any address.
            write_files(stage / "site" / PDF_DIR, pdfs)
            write_files(stage / PDF_DIR, pdfs)
    output = build_root(root) / edition
    stamp = stamp_bytes(inputs, output, checked.warnings) if inputs else None
    if stamp is not None:
        try:
            write_atomic(build_root(root), f"{STAMPS}/{edition}.json", stamp)
        except OSError as exc:  # like the caches: a stamp only ever saves time
            log.debug("the up-to-date stamp could not be written: %s", exc)
    if store is not None:
        store.prune()
    for tree in trees:
        tree.prune()
    return BuildResult(edition, output, checked.warnings, laid.laid_out, laid.cached)


@dataclass(frozen=True)
class EditionOutcome:
    """How one edition of a ``--all`` build ended (picklable across processes)."""

    edition: str
    result: BuildResult | None = None
    problems: tuple[Problem, ...] = ()
    failure: str = ""


def _build_one(
    root: Path, edition: str, strict: bool, pdf: bool, cache: bool = True
) -> EditionOutcome:
    """Worker for ``build_all``: never raises, so every edition reports back."""
    try:
        result = build_edition(root, edition, strict, pdf=pdf, cache=cache)
        return EditionOutcome(edition, result=result)
    except ContentError as exc:
        return EditionOutcome(edition, problems=exc.problems)
    except CoursegenError as exc:
        return EditionOutcome(edition, failure=str(exc))


def all_editions(root: Path) -> list[str]:
    """The default edition followed by every edition folder."""
    return [DEFAULT_EDITION, *edition_slugs(root)]


def build_all(
    root: Path,
    strict: bool = False,
    progress: Progress = no_progress,
    pdf: bool = True,
    checked: Callable[[EditionOutcome, bool], None] = lambda outcome, passed: None,
    cache: bool = True,
) -> list[EditionOutcome]:
    """Build every edition in parallel, each into its own ``build/<slug>/``.

    Every edition is checked first, one after the other, and ``checked``
    receives the outcome of each check in the order of ``all_editions``, before
    the long work starts: the warnings of an edition that passed (``True``), or
    the problems that stop one (``False``), which is then not built.
    One edition's failure does not stop the others; outcomes come back in the
    order of ``all_editions``.
    """
    editions = all_editions(root)
    outcomes: dict[str, EditionOutcome] = {}
    buildable = []
    for slug in editions:
        progress(f"{slug}: checking the course")
        try:
            found = check_course(root, slug, strict)
        except ContentError as exc:
            outcomes[slug] = EditionOutcome(slug, problems=exc.problems)
        except CoursegenError as exc:
            outcomes[slug] = EditionOutcome(slug, failure=str(exc))
        else:
            buildable.append(slug)
            outcomes[slug] = EditionOutcome(slug, problems=found.warnings)
        checked(outcomes[slug], slug in buildable)
    workers = max(1, min(len(buildable), os.cpu_count() or 1))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        futures = {
            pool.submit(_build_one, root, slug, strict, pdf, cache): slug for slug in buildable
        }
        for done, future in enumerate(as_completed(futures), start=1):
            outcome = future.result()
            outcomes[outcome.edition] = outcome
            state = "built" if outcome.result else "failed"
            progress(f"{outcome.edition}: {state}", done, len(buildable))
    return [outcomes[slug] for slug in editions]


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
