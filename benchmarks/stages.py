"""The generator's own stages, without MkDocs or PDFs: a fresh process loads
and checks the course in ROOT, renders the MkDocs project (pages, navigation,
assets) and the quiz exports, in memory, and exits.

``python benchmarks/stages.py ROOT`` (cold: no cache) and
``python benchmarks/stages.py --warm ROOT`` (the text conversions, compiled
templates and quiz exports of ``build/.cache/`` read at the start, and what
was made written at the end, as a build does; ``--edit`` first gives one
module's text a new wording, so the run is the one a user makes after an
edit). Both are timed by
``benchmarks/ratios.py``; run on their own, they print their time.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

START = time.perf_counter()

from generator.check import check_course  # noqa: E402 (timed from the first import)
from generator.outputs import (  # noqa: E402
    render_docs,
    render_export_files,
    reproducible_clock,
)
from generator.template_cache import TemplateCache  # noqa: E402
from generator.text_cache import TextCache  # noqa: E402
from generator.tree_cache import EXPORT, TreeCache  # noqa: E402
from generator.write import build_root  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--warm", action="store_true", help="use the text and template caches")
    parser.add_argument("--edit", action="store_true", help="edit one module's text first")
    args = parser.parse_args()
    root = args.root.resolve()
    if args.edit:
        edit_module(root)
    caches = (TextCache(build_root(root)), TemplateCache(build_root(root))) if args.warm else ()
    for cache in caches:
        cache.load()
    exports = TreeCache(build_root(root), EXPORT) if args.warm else None
    course = check_course(root).course
    # The PDFs of the last build, whose sizes the pages show beside their links.
    sizes = {pdf.name: pdf.stat().st_size for pdf in (root / "build/default/pdf").glob("*.pdf")}
    with reproducible_clock():
        render_docs(root, course, sizes)
        render_export_files(root, course, cache=exports)
    for cache in caches:
        cache.store()
    print(f"{time.perf_counter() - START:.2f} s", file=sys.stderr)
    return 0


_SUMMARY = re.compile(r"^(summary: \|\n +)(.+?)(?: \(revision (\d+)\))?$", re.MULTILINE)


def edit_module(root: Path) -> None:
    """Give the first line of the first module's summary a revision number
    never seen before, so its text (and the pages that show it) convert again."""
    module = sorted((root / "content" / "modules").glob("*.yml"))[0]
    text = module.read_text("utf-8")
    revised, count = _SUMMARY.subn(
        lambda m: f"{m[1]}{m[2]} (revision {int(m[3] or 0) + 1})", text, 1
    )
    if count != 1:
        raise SystemExit(f"{module}: no one-line summary to edit")
    module.write_text(revised, "utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
