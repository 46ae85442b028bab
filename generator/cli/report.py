"""What the command line says while it works: progress, problems, and the lines
of ``coursegen serve``. Everything goes to stderr; quiet mode keeps problems."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..core.errors import ContentError, Problem, printable, shown
from ..edition import DEFAULT_EDITION

if TYPE_CHECKING:  # the pipeline is loaded only when something has to be built
    from ..build import BuildResult
    from ..serve import Rebuild

BAR_WIDTH = 24


class Reporter:
    """Progress and results, on stderr; quiet mode keeps only problems."""

    def __init__(self, quiet: bool, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.monotonic()

    def progress(self, message: str, done: int | None = None, total: int | None = None) -> None:
        """A redrawn bar on a terminal; one plain line per step otherwise."""
        if self.quiet:
            return
        counted = done is not None and total
        if self.tty:
            elapsed = time.monotonic() - self.started
            bar = ""
            if counted:
                assert done is not None and total is not None
                filled = round(BAR_WIDTH * done / total)
                bar = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} "
            self.stream.write(f"\r\033[K{bar}{message} ({elapsed:.1f}s)")
        else:
            prefix = f"[{done}/{total}] " if counted else ""
            self.stream.write(f"{prefix}{message}\n")
        self.stream.flush()

    def done(self, message: str = "") -> None:
        """End the progress line; print ``message`` unless quiet."""
        if self.tty and not self.quiet:
            self.stream.write("\r\033[K")
        if message and not self.quiet:
            self.stream.write(f"{message}\n")

    def problems(self, problems: Sequence[Problem]) -> None:
        """Print ``problems``, each on lines of its own (even under a progress bar)."""
        if problems and self.tty and not self.quiet:
            self.stream.write("\r\033[K")
        for problem in problems:
            self.stream.write(problem.render() + "\n")


SHOWN_CHANGES = 3


class ServeLines:
    """What `coursegen serve` says: the address, a line per rebuild, the problems
    exactly as `build` lists them, and a line when it stops. Quiet keeps problems."""

    def __init__(self, args: argparse.Namespace, reporter: Reporter) -> None:
        self.edition = args.edition
        self.reporter = reporter

    def _say(self, line: str, always: bool = False) -> None:
        if always or not self.reporter.quiet:
            self.reporter.stream.write(printable(line) + "\n")
            self.reporter.stream.flush()

    def listening(self, url: str) -> None:
        which = f"the edition {shown(self.edition)}"
        if self.edition == DEFAULT_EDITION:
            which = "the default edition"
        self._say(f"Serving {which} at {url} (Ctrl-C to stop)")

    def rebuilt(self, rebuild: Rebuild) -> None:
        took = f"{rebuild.seconds:.1f}s"
        after = changes(rebuild.changed)
        error = rebuild.error
        if error is None:
            if rebuild.recovered:
                self._say(f"The course builds again: rebuilt after {after} ({took})", always=True)
            else:
                self._say(f"Rebuilt after {after} ({took})")
            return
        if isinstance(error, ContentError):
            self._say(
                f"Not rebuilt after {after} ({took}); the browser shows these problems "
                "until they are fixed:",
                always=True,
            )
            self.reporter.problems(error.problems)
            self._say(error.report().splitlines()[-1], always=True)
        else:
            self._say(f"Not rebuilt after {after} ({took}): {error}", always=True)
        self.reporter.stream.flush()

    def stopped(self) -> None:
        self._say("Stopped serving.")


def changes(changed: Sequence[str]) -> str:
    """``a change to content/course.yml``, ``changes to a, b and 2 more``."""
    if not changed:
        return "a change"
    if len(changed) == 1:
        return f"a change to {changed[0]}"
    names = ", ".join(changed[:SHOWN_CHANGES])
    more = len(changed) - SHOWN_CHANGES
    return f"changes to {names}" + (f" and {more} more" if more > 0 else "")


def up_to_date_line(edition: str, output: Path) -> str:
    """What a build that had nothing to do says."""
    page = output / "site" / "index.html"
    return f"{edition}: up to date, {page} (nothing changed since the last build)"


def pdf_counts(result: BuildResult | None) -> str:
    """`` (N PDFs laid out, M from the cache)`` for a build that made PDFs."""
    if result is None or not result.pdfs_laid_out + result.pdfs_cached + result.pdfs_shared:
        return ""
    shared = f", {result.pdfs_shared} shared with another edition" if result.pdfs_shared else ""
    return f" ({result.pdfs_laid_out} PDFs laid out, {result.pdfs_cached} from the cache{shared})"
