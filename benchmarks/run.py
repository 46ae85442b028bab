"""Measure coursegen against its budgets: python benchmarks/run.py [--repeat N].

Budgets are for this project's reference machine (2 cores); they are checked
here, never in the test suite, where timing would make tests flaky.
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
sys.path.insert(0, str(REPO))

from generator.core.load import load_yaml_bytes  # noqa: E402

BUDGETS = {
    "load: alias bomb refused": 1.0,
    "validate: shipped course": 5.0,
    "build: shipped course": 30.0,
    "build --no-cache: shipped course": 30.0,
    "build: shipped course, no-op (PDF cache warm)": 8.0,
    "build --all: course and sample editions": 90.0,
}


def alias_bomb() -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


def cli(root: Path, *args: str) -> Callable[[], None]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}

    def run() -> None:
        subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=root,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    return run


def measure(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name in ("content", "editions", "worksheets"):
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, root / name)
        bomb = alias_bomb()
        cases: dict[str, Callable[[], object]] = {
            "load: alias bomb refused": lambda: load_yaml_bytes(bomb, "bomb.yml"),
            "validate: shipped course": cli(root, "validate"),
            "build: shipped course": cli(root, "build", "-q"),
            "build --no-cache: shipped course": cli(root, "build", "-q", "--no-cache"),
            # The cases before leave every PDF of the default edition in the cache.
            "build: shipped course, no-op (PDF cache warm)": cli(root, "build", "-q"),
            "build --all: course and sample editions": cli(root, "build", "--all", "-q"),
        }
        over = 0
        for name, action in cases.items():
            seconds = measure(action, args.repeat)
            budget = BUDGETS[name]
            verdict = "ok" if seconds <= budget else "OVER BUDGET"
            over += seconds > budget
            print(f"{name:<42} {seconds:7.2f} s  (budget {budget:5.1f} s)  {verdict}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
