"""The generator's own stages, without MkDocs, PDFs or caches: a fresh process
loads and checks the course in ROOT, renders the MkDocs project (pages,
navigation, assets) and the quiz exports, in memory, and exits.

``python benchmarks/stages.py ROOT`` (timed by ``benchmarks/ratios.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.check import check_course
from generator.outputs import render_docs, render_export_files, reproducible_clock


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    course = check_course(root).course
    # The PDFs of the last build, whose sizes the pages show beside their links.
    sizes = {pdf.name: pdf.stat().st_size for pdf in (root / "build/default/pdf").glob("*.pdf")}
    with reproducible_clock():
        render_docs(root, course, sizes)
        render_export_files(root, course)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
