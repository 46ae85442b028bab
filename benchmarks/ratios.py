"""coursegen against the engines it drives, in one run: python benchmarks/ratios.py

The shipped course is copied to a scratch folder and built once (which fills
``build/.cache/``). Then, in interleaved rounds (every case once per round, so
a busy machine slows them alike), each case runs as a fresh process:

- ``mkdocs build`` of the generated docs: the bare engine every ratio below
  the PDFs is taken against;
- ``coursegen build`` with nothing changed (target: at most 0.5x bare MkDocs);
- the generator's own stages, no MkDocs, no PDFs, no cache (``stages.py``;
  target: at most 0.5x bare MkDocs), and the same warm, as after an edit: the
  text, template and export caches filled by one run, one module's text given
  a new wording before each run (``stages.py --warm --edit``);
- ``coursegen build`` after one worksheet's title changed (the PDFs it lays
  out are counted: that worksheet's and the books that hold it);
- the PDF stage with one and with two workers, no cache, against WeasyPrint
  alone making the same files from the same HTML in one and in two processes,
  and against the floor of one untagged file per document (``pdf_stage.py``;
  target: at most 1.1x);
- with ``--scale 10,100``: ``coursegen build --no-pdf`` of an xN course,
  against xN times the x1 build (target at x100: at most 1.1, under 1 GB);
- then, each with its own table: ``preview.py`` (``coursegen serve`` from a
  saved edit to the served page, against bare MkDocs; target 1.3x) and
  ``editions.py`` (``build --all`` against one build per edition, time and
  peak memory; targets 0.6x and 1.5x), the latter on the sample course and
  its minimal edition from an empty ``build/`` (``--editions-content``).

Prints one table, min and median, with the ratio of the medians.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import Case, Run, interleave, run
from scale import make_course

HERE = Path(__file__).resolve().parent
MB = 1024 * 1024


def scratch(folder: Path, factor: int = 1) -> Path:
    root = folder / f"x{factor}"
    root.mkdir(parents=True)
    make_course(root, factor)
    return root


def row(name: str, case: Case, base: float | None, target: str = "") -> str:
    ratio = f"{case.median / base:.2f}x" if base else ""
    return (
        f"| {name} | {case.fastest:.2f} s | {case.median:.2f} s | {ratio} | {target} "
        f"| {case.peak / MB:.0f} MB |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdf-repeat", type=int, default=3, help="0 to skip")
    parser.add_argument("--scale", default="", help="factors, e.g. 10,100")
    parser.add_argument("--preview-repeat", type=int, default=3, help="0 to skip")
    parser.add_argument("--editions-cold", type=int, default=2, help="0 to skip")
    parser.add_argument(
        "--editions-content",
        type=Path,
        default=HERE.parent / "tests" / "fixtures" / "sample" / "content",
        help="the course for editions.py (the shipped one takes long cold)",
    )
    args = parser.parse_args()
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        root = scratch(folder)
        gen = ("-m", "generator", "build", "-q")
        run(gen, root)
        docs = root / "build" / "default" / "docs" / "mkdocs.yml"
        site = folder / "bare-site"
        bare = Case(
            "bare",
            lambda: run(("-m", "mkdocs", "build", "-q", "-f", str(docs), "-d", str(site)), root),
        )
        noop = Case("noop", lambda: run(gen, root))
        stages = Case("stages", lambda: run((str(HERE / "stages.py"), str(root)), root))
        warm = Case(
            "warm", lambda: run((str(HERE / "stages.py"), "--warm", "--edit", str(root)), root)
        )
        changed = Case("changed", lambda: run(gen[:-1], root))

        def before(case: Case) -> None:
            if case is changed:
                flip_worksheet(root)
            elif case is noop:
                run(gen, root)  # after the changed build: the next no-op is a real one

        run((str(HERE / "stages.py"), "--warm", str(root)), root)  # fills the text cache
        interleave([bare, noop, stages, warm, changed], args.repeat, before)
        base = bare.median
        laid = sorted({laid_out(r) for r in changed.runs})
        lines += [
            row("`mkdocs build` (bare, generated docs)", bare, base),
            row("`coursegen build`, nothing changed", noop, base, "≤ 0.5x"),
            row("generator stages (load, check, render, exports)", stages, base, "≤ 0.5x"),
            row("generator stages, warm caches, one module's text edited", warm, base, "≤ 0.5x"),
            row(
                f"`coursegen build`, a worksheet changed ({'/'.join(map(str, laid))} PDFs made)",
                changed,
                base,
            ),
        ]
        if args.pdf_repeat:
            lines += pdf_rows(root, folder, args.pdf_repeat)
        for factor in [int(f) for f in args.scale.split(",") if f]:
            lines += scale_rows(folder, factor)
    print(
        f"{args.repeat} interleaved rounds ({args.pdf_repeat} for PDFs) on {os.cpu_count()} cores"
    )
    print("| case | min | median | ratio | target | peak memory |")
    print("|---|---|---|---|---|---|")
    print("\n".join(lines))
    if args.preview_repeat:
        print("\n## Preview (benchmarks/preview.py)\n", flush=True)
        script(HERE / "preview.py", "--repeat", str(args.preview_repeat))
    if args.editions_cold:
        print("\n## build --all (benchmarks/editions.py)\n", flush=True)
        content = str(args.editions_content.resolve())
        cold = str(args.editions_cold)
        script(
            HERE / "editions.py",
            "--content",
            content,
            "--editions",
            "minimal",
            "--cold",
            cold,
            "--warm",
            "1",
        )
    return 0


def script(path: Path, *args: str) -> None:
    """Run a sibling benchmark; its table goes to this one's output."""
    subprocess.run([sys.executable, str(path), *args], check=True)


def flip_worksheet(root: Path) -> None:
    """Give one worksheet's title a new revision number, so that every run has
    PDFs to lay out (a title seen before would come from the PDF cache)."""
    sheet = sorted((root / "content" / "worksheets").glob("*.yml"))[0]
    text = sheet.read_text("utf-8")
    title = re.compile(r"^(title:\s*)(.+?)(?: \(revision (\d+)\))?$", re.MULTILINE)
    revised = title.sub(lambda m: f"{m[1]}{m[2]} (revision {int(m[3] or 0) + 1})", text, 1)
    sheet.write_text(revised, "utf-8")


def laid_out(found: Run) -> int:
    match = re.search(r"\((\d+) PDFs laid out", found.err)
    return int(match[1]) if match else -1


def pdf_rows(root: Path, folder: Path, repeat: int) -> list[str]:
    html = folder / "pdf-html"
    stage = str(HERE / "pdf_stage.py")
    run((stage, "dump", str(root), str(html)), root)
    cases = [
        Case("cg1", lambda: run((stage, "coursegen", str(root), "1"), root)),
        Case("bare1", lambda: run((stage, "bare", str(html), "1"), root)),
        Case("cg2", lambda: run((stage, "coursegen", str(root), "2"), root)),
        Case("bare2", lambda: run((stage, "bare", str(html), "2"), root)),
        Case("floor1", lambda: run((stage, "bare", str(html), "1", "--one-file"), root)),
    ]
    interleave(cases, repeat)
    count = len(list(html.glob("*.html")))
    files = f"{count} documents, the same files (printable PDF/UA, fillable)"
    floor = "WeasyPrint alone, one untagged file per document, one process"
    return [
        row(f"WeasyPrint alone, {files}, one process", cases[1], cases[1].median),
        row("coursegen PDF stage, one worker", cases[0], cases[1].median, "≤ 1.1x"),
        row(f"WeasyPrint alone, {count} documents, two processes", cases[3], cases[3].median),
        row("coursegen PDF stage, two workers", cases[2], cases[3].median, "≤ 1.1x"),
        row(floor, cases[4], cases[4].median),
        row("coursegen PDF stage, one worker, against that floor", cases[0], cases[4].median),
    ]


def scale_rows(folder: Path, factor: int) -> list[str]:
    one = folder / "x1"
    big = scratch(folder, factor)
    gen = ("-m", "generator", "build", "-q", "--no-pdf", "--no-cache")
    small = Case("x1", lambda: run(gen, one))
    large = Case(f"x{factor}", lambda: run(gen, big))
    interleave([small, large], 1 if factor >= 100 else 2)
    shutil.rmtree(big, ignore_errors=True)
    return [
        row("x1 `coursegen build --no-pdf --no-cache`", small, small.median),
        row(
            f"x{factor} (ratio: to x{factor} the x1 time)",
            large,
            small.median * factor,
            "≤ 1.1x, < 1 GB" if factor >= 100 else "",
        ),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
