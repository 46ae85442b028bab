"""One pool of PDF workers for every edition of a ``build --all``.

The pool (two processes, as for one edition) is started before the first
edition is checked, so that its workers load WeasyPrint while this process
reads the course. Each edition hands in its layout jobs as soon as it is
checked, in two parts: the PDFs its website links to, then those for the
coach only; the pool lays them out in that order while the build goes on
with the rest. A job is laid out once per run: what the PDF
cache (``pdf_cache``) holds is taken from there, and a job whose cache key
(its HTML, whether it is fillable, the toolchain) matches one another edition
already handed in shares that layout. Collecting a part waits for its own
jobs only, so an edition's website is built while the pool lays out the next
edition's PDFs, and the last edition's while it lays out that edition's
coach PDFs.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field

from .outputs import PdfOutput, Progress
from .pdf_cache import PdfCache, job_key
from .worksheet.pdf import (
    PdfError,
    PdfJob,
    PdfPair,
    no_job,
    pdf_files,
    render_pdf_pair,
    start_worker,
    worker_count,
)

COACH = "coach"
"""The part of an edition's jobs its website does not link to."""

_WORKERS = worker_count(os.cpu_count() or 1)


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
    editions: dict[tuple[str, str], _Edition] = field(default_factory=dict)
    """The parts handed in and not yet collected, by edition and part."""
    layouts: dict[str, tuple[str, Future[PdfPair]]] = field(default_factory=dict)
    """Every layout of the run, by cache key: the edition it was made for, and it."""
    reported: dict[str, int] = field(default_factory=dict)
    """PDFs reported so far, by edition: the count goes on from one part to the next."""

    def start(self) -> None:
        """Start the workers now, before there are jobs for them (once)."""
        if self.pool is not None:
            return
        pool = self._pool()
        # The pool starts a worker per job it cannot hand to an idle one: one
        # empty job per worker starts them all (each loads WeasyPrint first).
        for _ in range(_WORKERS):
            pool.submit(no_job)

    def seal(self) -> None:
        """No more jobs will come: the workers exit once the last is laid out.

        A worker takes a moment to exit (its interpreter unloads WeasyPrint);
        it does so while this process builds the last website, not after it.
        The jobs handed in are still laid out and collected as before.
        """
        if self.pool is not None:
            self.pool.shutdown(wait=False)

    def holds(self, edition: str) -> bool:
        """True when parts of ``edition`` were handed in and not yet collected."""
        return any(name == edition for name, _ in self.editions)

    def add(self, edition: str, jobs: list[PdfJob], part: str = "") -> None:
        """Queue the jobs of ``edition`` (as its ``part``) that neither the cache
        nor a part added before has; the largest documents first."""
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
        self.editions[edition, part] = _Edition(jobs, kept, owned, shared)

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            # "spawn" starts clean interpreters: forking a process that has loaded
            # Pango and GLib is not safe.
            self.pool = ProcessPoolExecutor(
                _WORKERS,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(os.getpid(),),
            )
        return self.pool

    def collect(self, edition: str, progress: Progress, part: str = "") -> PdfOutput:
        """Every PDF of the ``part`` of ``edition`` once its own jobs are laid out,
        reported one by one; PdfError when WeasyPrint failed on one of them."""
        queued = self.editions.pop((edition, part))
        # Every edition is added before the first is collected: from here on the
        # layouts are only held for the editions that share them, not for later adds.
        self.layouts.clear()
        before = self.reported.get(edition, 0)
        later = (rest for (name, _), rest in self.editions.items() if name == edition)
        total = before + len(queued.jobs) + sum(len(rest.jobs) for rest in later)
        done = before
        for done, key in enumerate(sorted(queued.kept), start=before + 1):
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
        self.reported[edition] = done
        made = [job for job in queued.jobs if job.key in queued.owned]
        if self.cache is not None:
            self.cache.store(made, pairs)
        files = pdf_files(queued.jobs, pairs)
        return PdfOutput(files, len(made), len(queued.kept), len(queued.shared))

    def close(self) -> None:
        """Stop the pool; jobs not yet started are dropped (after ``seal``, the
        workers may still be exiting when this returns)."""
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
