"""The build program: the one place that knows the order of the stages.

load → validate → (merge edition) → model → render → write. Everything is
gathered and checked before anything is written.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from .book.render import book_downloads, book_pdf_jobs
from .cache_keys import export_key
from .children import die_with_parent
from .coach.render import (
    coach_kit_files,
    coach_kit_page,
    coach_kit_pdf_jobs,
    is_coach_kit_pdf,
    render_sources_page,
)
from .core.audience import AudienceDrop
from .core.checks import validate_references
from .core.curriculum import load_sources, validate_sources
from .core.errors import ContentError, CoursegenError, Location, Problem, Severity, sort_problems
from .core.model import Course, Edition
from .core.resolve import build_course
from .core.source import Loaded, SourceMap
from .edition.load import edition_slugs, load_edition
from .edition.merge import merge_edition
from .edition.schema import EditionFile
from .kept_pdfs import keep_pdfs
from .pdf_cache import PdfCache
from .quiz.answer_key import (
    COACH_DIR,
    answer_key_page,
    answer_key_pdf_jobs,
    coach_files,
    learner_pdfs,
)
from .quiz.export import Export
from .quiz.formats import (
    FORMATS,
    LOSS_REPORT,
    SCORM,
    expand_formats,
    render_exports,
    render_loss_report,
)
from .render.site import PAGES_DIR, OutputFiles, make_environment, render_site
from .scorm import render_scorm_package
from .site_build import build_site, build_site_cached
from .tracker.render import render_tracker
from .tree_cache import EXPORT, SITE, TreeCache
from .worksheet.output import worksheet_pdf_jobs
from .worksheet.paper import PDF_DIR
from .worksheet.pdf import pdf_files, render_pdf_jobs
from .worksheet.render import make_worksheet_environment
from .worksheet.site import worksheet_pages
from .write import (
    build_lock,
    build_root,
    read_tree,
    scratch_folder,
    staged_output,
    sync_files,
    write_files,
)

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


Warn = Callable[[tuple[Problem, ...]], None]
"""Receives the warnings of a course as soon as it is checked, before the long work."""


def _ignore(warnings: tuple[Problem, ...]) -> None:
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
    pdfs_laid_out: int = 0
    pdfs_cached: int = 0
    """PDF layout jobs taken from ``build/.cache/pdf/`` instead of laid out."""


@dataclass(frozen=True)
class ExportResult:
    """Quiz export files written, and the items converted to another type."""

    edition: str
    files: tuple[Path, ...]
    notes: tuple[str, ...]
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class Overrides:
    """Command-line settings that win over the edition file (base < edition < these)."""

    language: str | None = None
    site_url: str | None = None
    paper: str | None = None

    def apply(self, edition: Edition) -> Edition:
        changes = {k: v for k, v in dataclasses.asdict(self).items() if v is not None}
        return dataclasses.replace(edition, **changes)


def check_course(
    root: Path,
    edition: str = DEFAULT_EDITION,
    strict: bool = False,
    overrides: Overrides = Overrides(),
    audience: tuple[str, ...] | None = None,
) -> Checked:
    """Load, merge the edition, validate and resolve; raise ContentError on problems.

    ``audience`` replaces the edition's own choice (``coursegen stats`` counts what
    each track sees with it)."""
    sources, problems = load_sources(root)
    overlay = None
    removed: dict[str, Location] = {}
    audience_drops: dict[str, AudienceDrop] = {}
    edition_file = ""
    if edition != DEFAULT_EDITION:
        overlay, found = load_edition(root, edition)
        problems += found
        if overlay is None:
            raise ContentError(problems)
        edition_file = overlay.loaded.source.file
    if sources is not None and (overlay is not None or audience is not None):
        value, loaded, folder = (
            (overlay.value, overlay.loaded, overlay.folder)
            if overlay
            else (EditionFile.model_construct(name=""), Loaded({}, SourceMap("")), root)
        )
        if audience is not None:
            value = value.model_copy(update={"audience": list(audience)})
        merged, found = merge_edition(sources, value, loaded, folder)
        problems += found
        sources, removed = merged.sources, merged.removed
        audience_drops = merged.audience_drops
    curriculum = None
    if sources is not None:
        curriculum, found = validate_sources(sources)
        problems += found
        problems += validate_references(sources, removed, edition_file, audience_drops)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or (strict and problems) or curriculum is None:
        raise ContentError(problems)
    settings = overrides.apply(overlay.edition if overlay else Edition())
    if audience is not None:
        settings = dataclasses.replace(settings, audiences=audience)
    course = build_course(curriculum, settings)
    return Checked(course, tuple(sort_problems(problems)))


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


def render_pdfs(
    root: Path,
    course: Course,
    progress: Progress = _silent,
    created: datetime | None = None,
    cache: PdfCache | None = None,
) -> OutputFiles:
    """Every PDF in memory (``{file name: bytes}``): the worksheets, the workbooks,
    the quiz answer key, the coach kit and the course book, laid out in one pool."""
    return lay_out_pdfs(root, course, progress, created, cache).files


def lay_out_pdfs(
    root: Path,
    course: Course,
    progress: Progress = _silent,
    created: datetime | None = None,
    cache: PdfCache | None = None,
) -> PdfOutput:
    """Every PDF (as ``render_pdfs``), taking what it can from ``cache`` and
    storing there what it lays out."""
    slug = course.edition.slug
    dirs = template_dirs(root)
    paper_env = make_worksheet_environment(dirs)
    site_env = make_environment(dirs)
    jobs = [
        *worksheet_pdf_jobs(paper_env, course, created),
        *answer_key_pdf_jobs(paper_env, site_env, course, created),
        *coach_kit_pdf_jobs(paper_env, course, created),
        *book_pdf_jobs(paper_env, site_env, course, created),
    ]
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


def build_edition(
    root: Path,
    edition: str = DEFAULT_EDITION,
    strict: bool = False,
    progress: Progress = _silent,
    overrides: Overrides = Overrides(),
    pdf: bool = True,
    warn: Warn = _ignore,
    cache: bool = True,
) -> BuildResult:
    """Build one edition into ``build/<edition>/``, replacing it only on success.

    ``pdf=False`` skips laying out the PDFs for a quick preview of the site: the
    PDFs of the last full build are kept and linked (see ``kept_pdfs``).
    ``warn`` receives the course's warnings once it is checked.
    ``cache=False`` neither reads nor writes the PDF cache (``pdf_cache``) nor
    that of the website and the exports (``tree_cache``).
    """
    with build_lock(build_root(root), edition):
        return _build_locked(root, edition, strict, progress, overrides, pdf, warn, cache)


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
    cache: bool,
) -> BuildResult:
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
    if store is not None:
        store.prune()
    for tree in trees:
        tree.prune()
    output = build_root(root) / edition
    return BuildResult(edition, output, checked.warnings, laid.laid_out, laid.cached)


def export_edition(
    root: Path,
    formats: tuple[str, ...],
    edition: str = DEFAULT_EDITION,
    strict: bool = False,
    overrides: Overrides = Overrides(),
    progress: Progress = _silent,
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


def render_scorm(root: Path, course: Course, progress: Progress = _silent) -> Export:
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
    progress: Progress = _silent,
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

    Call under the edition's build lock. The PDFs of the last full build go into
    the pages as static files, so the site MkDocs builds from them links to the
    PDFs and carries them, as a full build's does.
    """
    checked = check_course(root, edition, overrides=overrides)
    course = checked.course
    pdfs = site_pdfs(course, keep_pdfs(course, previous_pdfs(root, edition)))
    files = render_docs(root, course, {name: len(data) for name, data in pdfs.items()})
    files.update({f"{PAGES_DIR}/{PDF_DIR}/{name}": data for name, data in pdfs.items()})
    docs_dir = build_root(root) / edition / "docs"
    changed = sync_files(docs_dir, files)
    log.debug("%d generated files changed", changed)
    return docs_dir
