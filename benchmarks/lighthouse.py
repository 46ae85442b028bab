"""Lighthouse on a quiz page: python benchmarks/lighthouse.py [--runs N] [--page PATH]

Builds the shipped course without PDFs into a scratch folder, serves its site
on 127.0.0.1, compressed as any real host serves it (``gzip_server.py``;
``--plain`` for ``python -m http.server``, which compresses nothing), and
runs Lighthouse 12 (mobile, the default form factor) on a module page with its
quiz, in Debian's Chromium, N times (3 by default). Prints each run's four scores and their medians.

Needs ``npx`` (Node) and ``chromium`` on the PATH; Lighthouse is fetched by
npx, which is why this is a benchmark and not a test. ``--code DIR`` builds
with the generator of another checkout (an older one, to compare).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"


def build(root: Path, code: Path) -> Path:
    for name in ("content", "editions", "worksheets"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator", "build", "--no-pdf", "-q"]
    subprocess.run(command, cwd=root, env=env, check=True)
    return root / "build" / "default" / "site"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def lighthouse(url: str, out: Path) -> dict[str, int]:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    subprocess.run(
        [
            "npx",
            "-y",
            "lighthouse@12",
            url,
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            f"--output-path={out}",
        ],
        env={**os.environ, "CHROME_PATH": chromium},
        check=True,
    )
    report = json.loads(out.read_text("utf-8"))
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="modules/what-it-is.html")
    parser.add_argument("--plain", action="store_true", help="serve uncompressed")
    parser.add_argument(
        "--code", type=Path, default=REPO, help="build with the generator of another checkout"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = build(Path(tmp) / "course", args.code.resolve())
        port = free_port()
        serve = ["-m", "http.server", "--bind", "127.0.0.1"] if args.plain else []
        if not serve:
            serve = [str(Path(__file__).resolve().parent / "gzip_server.py")]
        server = subprocess.Popen(
            [sys.executable, *serve, str(port)],
            cwd=site,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            runs = []
            for n in range(args.runs):
                scores = lighthouse(f"http://127.0.0.1:{port}/{args.page}", Path(tmp) / f"{n}.json")
                runs.append(scores)
                print(f"run {n + 1}: " + ", ".join(f"{k} {v}" for k, v in scores.items()))
        finally:
            server.terminate()
            server.wait()
    medians = {name: statistics.median(run[name] for run in runs) for name in CATEGORIES}
    print(f"{args.page}, mobile, median of {args.runs} on {os.cpu_count()} cores:")
    print("| " + " | ".join(CATEGORIES) + " |")
    print("|" + "---|" * len(CATEGORIES))
    print("| " + " | ".join(f"{medians[name]:g}" for name in CATEGORIES) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
