"""One pool of PDF workers for every edition of a ``build --all``.

Each edition hands in its layout jobs as soon as it is checked; the pool (two
processes, as for one edition) lays them out in that order, editions one after
the other, while the build goes on with the rest. A job is laid out once per
run: what the PDF cache (``pdf_cache``) holds is taken from there, and a job
whose cache key (its HTML, whether it is fillable, the toolchain) matches one
another edition already handed in shares that layout. Collecting an edition
waits for its own jobs only, so an edition's website is built while the pool
lays out the next edition's PDFs.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field

from .children import die_with_parent
from .outputs import PdfOutput, Progress
from .pdf_cache import PdfCache, job_key
from .worksheet.pdf import PdfError, PdfJob, PdfPair, pdf_files, render_pdf_pair, worker_count


@dataclass
class _Edition:
    jobs: list[PdfJob]
    kept: dict[str, PdfPair]
    """From the cache, by job key."""
    owned: dict[str, Future[PdfPair]]
    """Laid out for this edition, by job key."""
    shared: dict[str, tuple[str, Future[PdfPair]]]
    """Laid out for an edition handed in before: its name and the layout, by job key."""


@dataclass
class PdfQueue:
    """The shared pool; ``cache`` is None when the PDF cache is not used."""

    cache: PdfCache | None
    pool: ProcessPoolExecutor | None = None
    editions: dict[str, _Edition] = field(default_factory=dict)
    layouts: dict[str, tuple[str, Future[PdfPair]]] = field(default_factory=dict)
    """Every layout of the run, by cache key: the edition it was made for, and it."""

    def add(self, edition: str, jobs: list[PdfJob]) -> None:
        """Queue the jobs of ``edition`` that neither the cache nor an edition
        added before has; the largest documents first."""
        kept = self.cache.load(jobs) if self.cache is not None else {}
        toolchain = self.cache.toolchain if self.cache is not None else ""
        owned: dict[str, Future[PdfPair]] = {}
        shared: dict[str, tuple[str, Future[PdfPair]]] = {}
        for job in sorted(jobs, key=lambda job: (-len(job.html), job.key)):
            if job.key in kept:
                continue
            key = job_key(job, toolchain)
            if key in self.layouts:
                shared[job.key] = self.layouts[key]
                continue
            future = self._pool().submit(render_pdf_pair, job.html, job.fillable)
            self.layouts[key] = (edition, future)
            owned[job.key] = future
        self.editions[edition] = _Edition(jobs, kept, owned, shared)

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            # "spawn" starts clean interpreters: forking a process that has loaded
            # Pango and GLib is not safe.
            self.pool = ProcessPoolExecutor(
                worker_count(os.cpu_count() or 1),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=die_with_parent,
                initargs=(os.getpid(),),
            )
        return self.pool

    def collect(self, edition: str, progress: Progress) -> PdfOutput:
        """Every PDF of ``edition`` once its own jobs are laid out, reported one by
        one; PdfError when WeasyPrint failed on one of them."""
        queued = self.editions.pop(edition)
        # Every edition is added before the first is collected: from here on the
        # layouts are only held for the editions that share them, not for later adds.
        self.layouts.clear()
        total = len(queued.jobs)
        done = 0
        for done, key in enumerate(sorted(queued.kept), start=1):
            progress(f"{edition}: PDF {key} (cached)", done, total)
        pairs = dict(queued.kept)
        for key, (other, future) in sorted(queued.shared.items()):
            pairs[key] = _result(key, future)
            done += 1
            progress(f"{edition}: PDF {key} (laid out for {other})", done, total)
        waiting = {future: key for key, future in queued.owned.items()}
        for future in as_completed(waiting):
            key = waiting[future]
            pairs[key] = _result(key, future)
            done += 1
            progress(f"{edition}: PDF {key}", done, total)
        made = [job for job in queued.jobs if job.key in queued.owned]
        if self.cache is not None:
            self.cache.store(made, pairs)
        files = pdf_files(queued.jobs, pairs)
        return PdfOutput(files, len(made), len(queued.kept), len(queued.shared))

    def close(self) -> None:
        """Stop the pool; jobs not yet started are dropped."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _result(key: str, future: Future[PdfPair]) -> PdfPair:
    try:
        return future.result()
    except Exception as exc:
        raise PdfError(f"{key}: WeasyPrint failed: {exc}") from exc


@contextmanager
def pdf_queue(cache: PdfCache | None) -> Iterator[PdfQueue]:
    """A queue whose pool is stopped on the way out, however the build ends."""
    queue = PdfQueue(cache)
    try:
        yield queue
    finally:
        queue.close()
