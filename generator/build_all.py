"""``build --all``: every edition in one process, sharing what is the same.

The base course is read once, and each edition checked once, on a copy of
it, under its build lock. Each edition hands its PDF layout jobs to one pool
for the whole run (``pdf_queue``): two layout processes for all the editions,
started before the first check, the PDF cache consulted first, a layout that
two editions share made once. The pool lays out each edition's website PDFs
first, then the coach's (the answer key, the coach kit), which the website
does not wait for. While it does, this process renders the pages and builds
the website of the edition whose website PDFs are done: the next edition's
PDFs are laid out meanwhile, and the coach's of the last edition. The website
and export caches are shared too, and pruned once, keeping what any edition
used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from .build import BuildCaches, BuildResult, kept_pdf_output, leave_stamp, write_edition
from .check import Checked, check_course, load_base
from .core.errors import ContentError, CoursegenError, Problem
from .edition import DEFAULT_EDITION
from .edition.load import edition_slugs
from .outputs import (
    Progress,
    no_progress,
    pdf_jobs,
    reproducible_clock,
    site_pdf_jobs,
    source_date,
)
from .pdf_cache import PdfCache
from .pdf_queue import COACH, PdfQueue, pdf_queue
from .up_to_date import Request, fresh, inputs_digest
from .worksheet.pdf import PdfError
from .write import build_lock, build_root

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EditionOutcome:
    """How one edition of a ``--all`` build ended."""

    edition: str
    result: BuildResult | None = None
    problems: tuple[Problem, ...] = ()
    failure: str = ""


def all_editions(root: Path) -> list[str]:
    """The default edition followed by every edition folder."""
    return [DEFAULT_EDITION, *edition_slugs(root)]


def _outcome(edition: str, exc: CoursegenError | PdfError) -> EditionOutcome:
    if isinstance(exc, ContentError):
        return EditionOutcome(edition, problems=exc.problems)
    return EditionOutcome(edition, failure=str(exc))


def build_all(
    root: Path,
    strict: bool = False,
    progress: Progress = no_progress,
    pdf: bool = True,
    checked: Callable[[EditionOutcome, bool], None] = lambda outcome, passed: None,
    cache: bool = True,
) -> list[EditionOutcome]:
    """Build every edition, each into its own ``build/<slug>/``.

    Every edition is checked first, one after the other, and ``checked``
    receives the outcome of each check in the order of ``all_editions``, before
    that edition's long work starts: the warnings of an edition that passed
    (``True``), or the problems that stop one (``False``), which is then not
    built. One edition's failure does not stop the others; outcomes come back
    in the order of ``all_editions``. An edition whose last build is still
    current (``up_to_date``) is neither read nor built again.
    """
    editions = all_editions(root)
    outcomes: dict[str, EditionOutcome] = {}
    store = PdfCache(build_root(root)) if cache and pdf else None
    trees = BuildCaches.open(root) if cache else None
    created = source_date()
    stamps: dict[str, str] = {}
    with ExitStack() as held, reproducible_clock(), pdf_queue(store) as queue:
        locks: dict[str, ExitStack] = {}
        courses: dict[str, Checked] = {}
        base = None
        for slug in editions:
            request = Request(slug, strict, pdf)
            current = fresh(root, request) if cache else None
            if current is not None:
                checked(EditionOutcome(slug, problems=current.warnings), True)
                result = BuildResult(slug, current.output, current.warnings, up_to_date=True)
                outcomes[slug] = EditionOutcome(slug, result=result)
                continue
            if pdf:
                queue.start()
            progress(f"{slug}: checking the course")
            lock = held.enter_context(ExitStack())
            try:
                lock.enter_context(build_lock(build_root(root), slug))
                if cache:
                    stamps[slug] = inputs_digest(root, request)
                base = base if base is not None else load_base(root)
                found = check_course(root, slug, strict, base=base)
                if pdf:
                    site, coach = site_pdf_jobs(found.course, pdf_jobs(root, found.course, created))
                    queue.add(slug, site)
                    queue.add(slug, coach, COACH)
            except CoursegenError as exc:
                lock.close()
                outcomes[slug] = _outcome(slug, exc)
            else:
                locks[slug], courses[slug] = lock, found
                outcomes[slug] = EditionOutcome(slug, problems=found.warnings)
            checked(outcomes[slug], slug in courses)
        queue.seal()
        for done, (slug, found) in enumerate(courses.items(), start=1):
            with locks.pop(slug):
                outcomes[slug] = _build_checked(root, slug, found, queue, created, trees, progress)
                built = outcomes[slug].result
                if built is not None and slug in stamps:
                    leave_stamp(root, stamps[slug], built)
            state = "built" if outcomes[slug].result else "failed"
            progress(f"{slug}: {state}", done, len(courses))
    if store is not None:
        store.prune()
    if trees is not None:
        trees.close()
    return [outcomes[slug] for slug in editions]


def _build_checked(
    root: Path,
    slug: str,
    found: Checked,
    queue: PdfQueue,
    created: datetime | None,
    trees: BuildCaches | None,
    progress: Progress,
) -> EditionOutcome:
    """Finish one checked edition (its PDFs queued, unless the build has none)."""
    try:
        if queue.holds(slug):
            laid = queue.collect(slug, progress)
            coach = partial(queue.collect, slug, progress, COACH)
            result = write_edition(root, slug, found, laid, created, trees, progress, coach)
        else:
            laid = kept_pdf_output(root, found.course, progress)
            result = write_edition(root, slug, found, laid, created, trees, progress)
    except (CoursegenError, PdfError) as exc:
        return _outcome(slug, exc)
    return EditionOutcome(slug, result=result)
