"""``build --all`` against one build per edition: python benchmarks/editions.py

The shipped course (``content/``, ``editions/``, ``worksheets/``) is copied to
a scratch folder. Two cases, each run as a user runs it (a fresh process):

- ``--all``: ``coursegen build --all -q``;
- ``sequential``: ``coursegen build --edition X -q`` for each edition, one
  after the other (the time is their sum).

Cold runs start from an empty ``build/`` (no cache); warm runs from a full one
(every PDF, website and export in ``build/.cache/``). The cases are
interleaved (all, sequential, sequential, all, ...) so a busy machine slows
both alike. Peak memory is that of the whole process tree: every ~50 ms the
resident set sizes of the command and all its descendants (read from
``/proc``) are summed, and the largest sum kept. For ``sequential`` the peak
is the largest of one edition's build: the "single build" the ``--all`` peak
is compared with. Shared pages count once per process, so the sums overstate
what the machine really holds, alike for both cases. CPU time (user and
system, of every process of the run) shows what each case costs whatever else
the machine is doing: on a busy machine, a case with more processes gets a
larger share of the cores, and wall time favours it.

``--content DIR --editions SLUG...`` measure a smaller course (the test
fixture ``tests/fixtures/sample/content`` with ``--editions minimal``, say)
when the shipped one takes too long on a busy machine. ``--compare DIR``
adds the ``--all`` of another checkout's generator (an older release, say),
interleaved with the others, in its own copy of the project (the caches'
keys hold the generator's code). Timings are kept out of the test suite.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from measure import tree_rss

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Run:
    seconds: float
    peak: int
    """Largest summed RSS of the process tree, in bytes."""
    cpu: float = 0.0
    """User and system time of the whole tree: what a busy machine cannot hide."""


def run(root: Path, code: Path, *args: str) -> Run:
    """Run the generator of ``code`` in ``root``; its time and peak tree memory."""
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    finished = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not finished.wait(SAMPLE_SECONDS):
            peak = max(peak, tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    finished.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err.decode(errors='replace')}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(seconds, peak, cpu)


def editions(root: Path) -> list[str]:
    folder = root / "editions"
    found = sorted(p.parent.name for p in folder.glob("*/edition.yml")) if folder.is_dir() else []
    return ["default", *found]


def build_all(root: Path, code: Path) -> Run:
    return run(root, code, "build", "--all", "-q")


def build_each(root: Path, code: Path) -> Run:
    runs = [run(root, code, "build", "--edition", slug, "-q") for slug in editions(root)]
    return Run(sum(r.seconds for r in runs), max(r.peak for r in runs), sum(r.cpu for r in runs))


ALL = "--all"
SEQUENTIAL = "sequential"


@dataclass(frozen=True)
class Case:
    root: Path
    """Each generator has its own scratch project: the caches' keys hold its code."""
    code: Path
    action: Callable[[Path, Path], Run]

    def __call__(self) -> Run:
        return self.action(self.root, self.code)


def measure(cases: dict[str, Case], rounds: int, cold: bool) -> dict[str, list[Run]]:
    """``rounds`` of every case, interleaved, from an empty or a full ``build/``."""
    found: dict[str, list[Run]] = {name: [] for name in cases}
    if not cold:
        for case in {(c.root, c.code): c for c in cases.values()}.values():
            build_all(case.root, case.code)  # fills build/.cache (quick after a cold round)
    for turn in range(rounds):
        order = list(cases) if turn % 2 == 0 else list(reversed(cases))
        for name in order:
            if cold:
                shutil.rmtree(cases[name].root / "build", ignore_errors=True)
            found[name].append(cases[name]())
    return found


def _mb(value: float) -> str:
    return f"{value / 1024 / 1024:.0f} MB"


def report(title: str, found: dict[str, list[Run]]) -> None:
    rounds = max(len(runs) for runs in found.values())
    print(f"\n{title}: {rounds} interleaved rounds")
    print("| case | min | median | peak (median) | CPU time (median) |")
    print("|---|---|---|---|---|")
    for name, runs in found.items():
        times = [r.seconds for r in runs]
        peak = statistics.median(r.peak for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        median = statistics.median(times)
        print(f"| {name} | {min(times):.1f} s | {median:.1f} s | {_mb(peak)} | {cpu:.1f} s |")
    if ALL not in found or SEQUENTIAL not in found:
        return
    each = found[SEQUENTIAL]
    time_each = statistics.median(r.seconds for r in each)
    peak_each = statistics.median(r.peak for r in each)
    for name, runs in found.items():
        if name != SEQUENTIAL:
            time = statistics.median(r.seconds for r in runs) / time_each
            peak = statistics.median(r.peak for r in runs) / peak_each
            print(f"{name}: time / sequential time {time:.2f}, peak / single-build peak {peak:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cold", type=int, default=2, help="rounds from an empty build/")
    parser.add_argument("--warm", type=int, default=3, help="rounds with the caches full")
    parser.add_argument("--compare", type=Path, help="another checkout: its --all too")
    parser.add_argument(
        "--content", type=Path, default=REPO / "content", help="another course (a smaller one)"
    )
    parser.add_argument("--editions", nargs="*", help="copy only these of editions/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:

        def scratch(name: str) -> Path:
            return _scratch(Path(tmp) / name, args.content.resolve(), args.editions)

        root = scratch("course")
        cases = {ALL: Case(root, REPO, build_all), SEQUENTIAL: Case(root, REPO, build_each)}
        if args.compare:
            other = args.compare.resolve()
            cases[f"{other.name}: {ALL}"] = Case(scratch("other"), other, build_all)
        print(f"editions {', '.join(editions(root))}; {os.cpu_count()} cores")
        print(f"load average before: {os.getloadavg()}")
        if args.cold:
            report("cold (empty build/)", measure(cases, args.cold, cold=True))
        if args.warm:
            report("warm (caches full)", measure(cases, args.warm, cold=False))
        print(f"load average after: {os.getloadavg()}")
    return 0


def _scratch(root: Path, content: Path, chosen: list[str] | None) -> Path:
    shutil.copytree(content, root / "content")
    if (REPO / "worksheets").is_dir():
        shutil.copytree(REPO / "worksheets", root / "worksheets")
    for folder in sorted((REPO / "editions").glob("*/")):
        if chosen is None or folder.name in chosen:
            shutil.copytree(folder, root / "editions" / folder.name)
    return root


if __name__ == "__main__":
    raise SystemExit(main())
