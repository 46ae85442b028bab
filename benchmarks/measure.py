"""Timing and memory of one command, as a user runs it: a fresh process.

``run(argv, cwd, code)`` starts ``python argv...`` with the generator of the
checkout ``code`` first on the path, samples the resident memory of the process
and of all its descendants together every 50 ms (from ``/proc``), and returns
the wall time and the peak of that sum. ``Cases`` runs named commands in
interleaved rounds (A B C A B C ...), so a busy machine slows every case alike,
and gives min and median per case.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every process below it, now."""
    tree, todo, total = _children(), [pid], 0
    while todo:
        current = todo.pop()
        todo.extend(tree.get(current, []))
        try:
            total += int(Path(f"/proc/{current}/statm").read_bytes().split()[1]) * PAGE
        except OSError:
            continue
    return total


@dataclass
class Run:
    seconds: float
    peak: int
    """Bytes: the largest sum of resident memory of the process tree seen."""
    err: str = ""
    """What the command wrote to stderr."""


def run(
    argv: Sequence[str], cwd: Path, code: Path = REPO, env: dict[str, str] | None = None
) -> Run:
    """Run ``python argv`` in ``cwd``; raises if it fails."""
    full = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *argv],
        cwd=cwd,
        env=full,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed in {cwd}:\n{err.decode(errors='replace')}")
    return Run(seconds, peak[0], err.decode(errors="replace"))


@dataclass
class Case:
    name: str
    action: Callable[[], Run]
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def fastest(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def peak(self) -> int:
        return max(r.peak for r in self.runs)


def interleave(
    cases: Sequence[Case], repeat: int, before: Callable[[Case], None] | None = None
) -> None:
    """Run every case ``repeat`` times, round after round; ``before`` runs
    (untimed) before each run of a case, to set up what it needs."""
    for _ in range(repeat):
        for case in cases:
            if before is not None:
                before(case)
            case.runs.append(case.action())
