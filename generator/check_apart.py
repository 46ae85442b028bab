"""Check a course in a child process, for a build that goes on to render it.

Reading a large course takes far more memory than the course it yields (every
file's YAML values, source maps and validated documents are alive at once),
and a process keeps most of what it has touched. Checked in a forked child,
only the course comes back, pickled; the rest goes back to the system before
the pages and MkDocs need memory of their own.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from .check import Checked, Overrides, check_course
from .children import die_with_parent
from .core.errors import ContentError, Problem

_Outcome = tuple[Checked | None, tuple[Problem, ...]]


def _check(root: Path, edition: str, strict: bool, overrides: Overrides) -> _Outcome:
    try:
        return check_course(root, edition, strict, overrides), ()
    except ContentError as exc:  # its message is rebuilt from the problems
        return None, exc.problems


def check_apart(root: Path, edition: str, strict: bool, overrides: Overrides) -> Checked:
    """``check_course`` in a forked child process (in this one where processes
    cannot be forked); raises ContentError as it does."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return check_course(root, edition, strict, overrides)
    context = multiprocessing.get_context("fork")
    with context.Pool(1, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        checked, problems = pool.apply(_check, (root, edition, strict, overrides))
    if checked is None:
        raise ContentError(problems)
    return checked
