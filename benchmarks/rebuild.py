"""No-op rebuilds against a bare MkDocs build: python benchmarks/rebuild.py [--repeat N]

The shipped course (``content/``, ``editions/``, ``worksheets/``) is copied to
a scratch folder and built once with PDFs, which fills ``build/.cache/``. Then,
in each round and in this order (interleaved, so a busy machine slows every
case alike), nothing changed between runs:

- ``mkdocs build`` of the generated ``build/default/docs/`` (the bare engine);
- ``coursegen build`` (PDFs from the cache, website and exports too);
- ``coursegen build --no-pdf``;
- ``coursegen build --no-pdf --no-cache`` (every stage runs);
- with ``--compare DIR``: the first two coursegen cases again with the
  generator of another checkout (an older release, say).

Each run is a fresh process, as a user runs it. Prints min and median per
case and their ratio to the bare MkDocs build. Timings are kept out of the
test suite, where they would make tests flaky.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def command(root: Path, code: Path, *args: str) -> Callable[[], None]:
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}

    def run() -> None:
        subprocess.run(
            [sys.executable, *args],
            cwd=root,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compare", type=Path, help="another checkout's folder, to compare")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        for name in ("content", "editions", "worksheets"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, root / name)
        site = Path(tmp) / "bare-site"
        docs = root / "build" / "default" / "docs" / "mkdocs.yml"
        gen = ("-m", "generator", "build", "-q")
        cases: dict[str, Callable[[], None]] = {
            "mkdocs build (bare, generated docs)": command(
                root, REPO, "-m", "mkdocs", "build", "-q", "-f", str(docs), "-d", str(site)
            ),
            "coursegen build (no-op)": command(root, REPO, *gen),
            "coursegen build --no-pdf (no-op)": command(root, REPO, *gen, "--no-pdf"),
            "coursegen build --no-pdf --no-cache": command(
                root, REPO, *gen, "--no-pdf", "--no-cache"
            ),
        }
        if args.compare:
            other = args.compare.resolve()
            cases[f"{other.name}: coursegen build (no-op)"] = command(root, other, *gen)
            cases[f"{other.name}: coursegen build --no-pdf (no-op)"] = command(
                root, other, *gen, "--no-pdf"
            )
        for code in (REPO, args.compare):
            if code is not None:  # fills build/.cache for each generator
                command(root, code.resolve(), *gen)()
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.repeat):
            for name, action in cases.items():
                start = time.perf_counter()
                action()
                times[name].append(time.perf_counter() - start)
    bare = statistics.median(times["mkdocs build (bare, generated docs)"])
    print(f"{args.repeat} interleaved rounds on {os.cpu_count()} cores")
    print(f"| {'case':<44} | min | median | median / bare mkdocs |")
    print(f"|{'-' * 46}|-----|--------|----------------------|")
    for name, found in times.items():
        median = statistics.median(found)
        print(f"| {name:<44} | {min(found):.2f} s | {median:.2f} s | {median / bare:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
