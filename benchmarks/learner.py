"""What a learner downloads: python benchmarks/learner.py [--factor N]

Builds the shipped course and a xN copy of it (``benchmarks/scale.py``,
default x10) without PDFs, then prints for a few pages their size (raw and
gzipped), the stylesheets and scripts they load (Material's own counted apart)
and the size of the search index. A page whose size grows with the number of
modules shows here as a larger figure in the xN column.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.scale import make_course  # noqa: E402

PAGES = ("index.html", "modules/what-it-is.html", "worksheets/debrief.html", "tracker.html")
SEARCH_INDEX = "search/search_index.json"
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
_SCRIPT = re.compile(r'<script src="([^"]+)"')


def build(root: Path) -> Path:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--no-pdf", "-q"],
        cwd=root,
        env=env,
        check=True,
    )
    return root / "build" / "default" / "site"


def size(data: bytes) -> str:
    # mtime=0: the gzipped size does not depend on the clock.
    return f"{len(data) / 1024:.1f} KB ({len(gzip.compress(data, mtime=0)) / 1024:.1f} KB gz)"


def loads(html: str) -> str:
    """``"N + M"``: coursegen's own files and Material's."""
    files = _STYLESHEET.findall(html)
    scripts = _SCRIPT.findall(html)

    def split(found: list[str]) -> str:
        material = sum("assets/stylesheets/" in f or "assets/javascripts/" in f for f in found)
        return f"{len(found) - material} + {material}"

    return f"css {split(files)}, js {split(scripts)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sites = {}
        for factor in (1, args.factor):
            root = Path(tmp) / f"x{factor}"
            modules = make_course(root, factor)
            sites[f"x{factor} ({modules} modules)"] = build(root)
        names = list(sites)
        print(f"| file | {' | '.join(names)} | loads (coursegen + Material) |")
        print(f"|---|{'---|' * len(names)}---|")
        for page in (*PAGES, SEARCH_INDEX):
            row = [size((site / page).read_bytes()) for site in sites.values()]
            first = (sites[names[0]] / page).read_text("utf-8")
            print(f"| {page} | {' | '.join(row)} | {loads(first) if page in PAGES else ''} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
