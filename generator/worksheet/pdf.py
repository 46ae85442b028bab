"""HTML documents to PDF bytes with WeasyPrint, in this process or two workers.

Each document is laid out once; the layout then gives two files: a printable
PDF (tagged, PDF/UA-1, boxes and lines only) and a fillable one (the same page
with AcroForm fields on the boxes and lines, finished by ``fields`` so that
every viewer draws them). Documents without fields (the
quiz answer key) give the printable file only. Every PDF of a build goes
through one pool. WeasyPrint is imported only when a PDF is made, so checking
a course stays fast.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..children import die_with_parent
from ..logcapture import collected_warnings
from .fields import complete_fields

log = logging.getLogger(__name__)

MAX_WORKERS = 2
"""Two processes lay out PDFs in parallel; a process per file would be five times slower."""

PRINTABLE_VARIANT = "pdf/ua-1"

NO_HARFBUZZ_SUBSET = (
    "libharfbuzz-subset0 is not installed: PDFs build more slowly and are not "
    "byte-for-byte reproducible (Debian: apt-get install libharfbuzz-subset0)"
)


OutputFiles = dict[str, bytes]


@dataclass(frozen=True)
class PdfJob:
    """One HTML document to lay out, written as a printable and a fillable PDF."""

    key: str
    """Name of the job in progress messages and results, and the stem of its
    files: ``<key>.pdf`` and ``<key>-fillable.pdf``."""
    html: str
    fillable: bool = True
    """False for a document without form fields: only the printable file is made."""


@dataclass(frozen=True)
class PdfPair:
    """The two files made from one layout."""

    printable: bytes
    fillable: bytes | None
    """None when the job asked for the printable file only."""
    warnings: tuple[str, ...] = ()
    """What WeasyPrint complained about (unsupported CSS, missing fonts)."""


JobDone = Callable[[int, int, str], None]
"""Called with (jobs done, jobs in all, key of the job just done)."""


class PdfError(Exception):
    """WeasyPrint failed on a document (a bug in a template)."""


def harfbuzz_subset_available() -> bool:
    """True when WeasyPrint found libharfbuzz-subset (fast, reproducible font subsets)."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None


def _layout(html: str, stylesheets: Sequence[str] = ()) -> Any:
    import weasyprint
    from weasyprint.urls import URLFetcher

    # The documents are self-contained: nothing is fetched but the data: URLs
    # they carry themselves (an edition's brand font).
    fetcher = URLFetcher(allowed_protocols=frozenset({"data"}))
    sheets = [weasyprint.CSS(string=css, url_fetcher=fetcher) for css in stylesheets]
    return weasyprint.HTML(string=html, url_fetcher=fetcher).render(stylesheets=sheets)


def _without_fields(document: Any) -> Any:
    """The same pages with their form fields left out (the boxes stay drawn)."""
    pages = []
    for page in document.pages:
        static = copy.copy(page)
        static.forms = {None: []}
        pages.append(static)
    return document.copy(pages)


def render_pdf_pair(html: str, fillable: bool = True) -> PdfPair:
    """Lay out ``html`` once and write its printable and (unless told not to) fillable PDFs."""
    with collected_warnings("weasyprint") as messages:
        document = _layout(html)
        # Each copy starts with an empty font table: the fillable file embeds
        # whole fonts for its fields, the printable file only subsets.
        printable = _without_fields(document).write_pdf(pdf_variant=PRINTABLE_VARIANT)
        with_fields = (
            document.copy().write_pdf(pdf_tags=True, finisher=complete_fields) if fillable else None
        )
    if not harfbuzz_subset_available():
        messages = [NO_HARFBUZZ_SUBSET, *messages]
    return PdfPair(printable, with_fields, tuple(dict.fromkeys(messages)))


def html_to_pdf(html: str, stylesheets: Sequence[str] = ()) -> bytes:
    """A standalone HTML document as a tagged (PDF/UA-1) PDF, without form fields.

    For one-off documents laid out in this process; pass ``render_furniture(...)``
    in ``stylesheets`` for the worksheets' paper size, header and footer. A build
    sends its documents through ``render_pdf_files`` instead.
    """
    document = _without_fields(_layout(html, stylesheets))
    return bytes(document.write_pdf(pdf_variant=PRINTABLE_VARIANT))


def start_worker(parent: int) -> None:
    """Pool initializer: end with the build (``die_with_parent``), and load
    WeasyPrint before the first job comes.

    It lives here, not with the pool, so that a worker imports this module and
    WeasyPrint only, not the pipeline that hands out the jobs.
    """
    die_with_parent(parent)
    import weasyprint  # noqa: F401  # the first second of every worker


def no_job() -> None:
    """An empty job: handing one to a pool starts a worker (see ``start_worker``)."""


def worker_count(jobs: int) -> int:
    """Processes to use: up to two, never more than the machine's cores or the jobs."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1, jobs))


def render_pdf_jobs(
    jobs: Sequence[PdfJob], done: JobDone | None = None, workers: int | None = None
) -> dict[str, PdfPair]:
    """Every job's PDF pair, keyed by job; largest documents are started first."""
    count = worker_count(len(jobs)) if workers is None else workers
    order = sorted(jobs, key=lambda job: (-len(job.html), job.key))
    results: dict[str, PdfPair] = {}

    def finished(job: PdfJob, pair: PdfPair) -> None:
        results[job.key] = pair
        if done is not None:
            done(len(results), len(jobs), job.key)

    if count <= 1:
        for job in order:
            finished(job, _render_job(job))
    else:
        # Imported here: a build without PDFs (and the preview) never starts a pool.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # "spawn" starts clean interpreters: forking a process that has loaded
        # Pango and GLib is not safe.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            count, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
        ) as pool:
            futures = {pool.submit(render_pdf_pair, job.html, job.fillable): job for job in order}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    pair = future.result()
                except Exception as exc:
                    raise PdfError(f"{job.key}: WeasyPrint failed: {exc}") from exc
                finished(job, pair)
    return dict(sorted(results.items()))


def _render_job(job: PdfJob) -> PdfPair:
    try:
        return render_pdf_pair(job.html, job.fillable)
    except Exception as exc:
        raise PdfError(f"{job.key}: WeasyPrint failed: {exc}") from exc


def render_pdf_files(
    jobs: Sequence[PdfJob], done: JobDone | None = None, workers: int | None = None
) -> OutputFiles:
    """Every job's files (``<key>.pdf``, ``<key>-fillable.pdf``), sorted by name.

    What WeasyPrint complained about is logged once per message, naming the
    jobs that raised it.
    """
    if not jobs:
        return {}
    return pdf_files(jobs, render_pdf_jobs(jobs, done, workers))


def pdf_files(jobs: Sequence[PdfJob], pairs: Mapping[str, PdfPair]) -> OutputFiles:
    """The files of ``jobs`` from their pairs (laid out now or kept from before),
    sorted by name; WeasyPrint's warnings are logged once per message."""
    warned: dict[str, list[str]] = {}
    files: OutputFiles = {}
    for job in jobs:
        pair = pairs[job.key]
        for message in pair.warnings:
            warned.setdefault(message, []).append(job.key)
        files[f"{job.key}.pdf"] = pair.printable
        if pair.fillable is not None:
            files[f"{job.key}-fillable.pdf"] = pair.fillable
    for message, keys in warned.items():
        log.warning("PDF %s: %s", ", ".join(keys), message)
    return dict(sorted(files.items()))
