"""The PDF stage against bare WeasyPrint on the same HTML.

``python benchmarks/pdf_stage.py dump ROOT DIR`` writes the HTML of every PDF
layout job of the course in ``ROOT`` (exactly what coursegen hands WeasyPrint)
into ``DIR``. ``coursegen ROOT N`` times coursegen's PDF stage for that course
with N worker processes and no cache: making the jobs, laying each out once,
writing its printable and (for worksheets) fillable files. ``bare DIR N`` lays
out the dumped HTML with WeasyPrint itself, ``HTML(string=...).write_pdf()``,
in N processes. Each prints nothing; ``benchmarks/ratios.py`` times them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.worksheet.pdf import PdfJob


def _jobs(root: Path) -> list[PdfJob]:
    from generator.check import check_course
    from generator.outputs import pdf_jobs, source_date

    course = check_course(root).course
    return list(pdf_jobs(root, course, source_date()))


def dump(root: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    listed = []
    for job in _jobs(root):
        (folder / f"{job.key}.html").write_text(job.html, encoding="utf-8")
        listed.append(job.key)
    (folder / "jobs.json").write_text(json.dumps(listed), encoding="utf-8")


def coursegen(root: Path, workers: int) -> None:
    from generator.outputs import reproducible_clock
    from generator.worksheet.pdf import render_pdf_jobs

    with reproducible_clock():
        render_pdf_jobs(_jobs(root), workers=workers)


def _bare(paths: list[str]) -> None:
    import weasyprint

    for path in paths:
        html = Path(path).read_text(encoding="utf-8")
        weasyprint.HTML(string=html).write_pdf()


def bare(folder: Path, workers: int) -> None:
    keys = json.loads((folder / "jobs.json").read_text(encoding="utf-8"))
    # Largest first, dealt out in turn, as coursegen orders its jobs.
    paths = sorted((str(folder / f"{k}.html") for k in keys), key=lambda p: -Path(p).stat().st_size)
    shares = [paths[i::workers] for i in range(workers)]
    if workers == 1:
        _bare(paths)
        return
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_bare, args=(share,)) for share in shares]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"WeasyPrint failed: exit {process.exitcode}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("dump")
    one.add_argument("root", type=Path)
    one.add_argument("folder", type=Path)
    two = sub.add_parser("coursegen")
    two.add_argument("root", type=Path)
    two.add_argument("workers", type=int)
    three = sub.add_parser("bare")
    three.add_argument("folder", type=Path)
    three.add_argument("workers", type=int)
    args = parser.parse_args()
    if args.what == "dump":
        dump(args.root, args.folder)
    elif args.what == "coursegen":
        coursegen(args.root, args.workers)
    else:
        bare(args.folder, args.workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
