"""The PDF stage against bare WeasyPrint on the same HTML.

``python benchmarks/pdf_stage.py dump ROOT DIR`` writes the HTML of every PDF
layout job of the course in ``ROOT`` (exactly what coursegen hands WeasyPrint)
into ``DIR``. ``coursegen ROOT N`` times coursegen's PDF stage for that course
with N worker processes and no cache: making the jobs, laying each out once,
writing its printable and (for worksheets) fillable files.

``bare DIR N`` makes the same files from the dumped HTML with WeasyPrint
itself, in N processes, as someone using WeasyPrint directly would: for every
document the printable file (``write_pdf(pdf_variant="pdf/ua-1")`` with a
stylesheet that turns the form controls back into plain boxes), and for a
worksheet the fillable one (``write_pdf(pdf_tags=True)``), each from its own
``HTML(...)``. ``bare DIR N --one-file`` is the floor: one untagged
``HTML(string=...).write_pdf()`` per document, fewer files and no tags than
coursegen writes. Each prints nothing; ``benchmarks/ratios.py`` times them.
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


NO_FIELDS = "input, textarea { appearance: none !important; }"
"""What the printable file needs on top of the HTML: its boxes and lines without fields."""


def dump(root: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    listed = {}
    for job in _jobs(root):
        (folder / f"{job.key}.html").write_text(job.html, encoding="utf-8")
        listed[job.key] = job.fillable
    (folder / "jobs.json").write_text(json.dumps(listed), encoding="utf-8")


def coursegen(root: Path, workers: int) -> None:
    from generator.outputs import reproducible_clock
    from generator.worksheet.pdf import render_pdf_jobs

    with reproducible_clock():
        render_pdf_jobs(_jobs(root), workers=workers)


def _bare(documents: list[tuple[str, bool]], one_file: bool) -> None:
    import weasyprint

    no_fields = weasyprint.CSS(string=NO_FIELDS)
    for path, fillable in documents:
        html = Path(path).read_text(encoding="utf-8")
        if one_file:
            weasyprint.HTML(string=html).write_pdf()
            continue
        weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", stylesheets=[no_fields])
        if fillable:
            weasyprint.HTML(string=html).write_pdf(pdf_tags=True)


def bare(folder: Path, workers: int, one_file: bool = False) -> None:
    jobs = json.loads((folder / "jobs.json").read_text(encoding="utf-8"))
    # Largest first, dealt out in turn, as coursegen orders its jobs.
    documents = sorted(
        ((str(folder / f"{key}.html"), fillable) for key, fillable in jobs.items()),
        key=lambda document: -Path(document[0]).stat().st_size,
    )
    shares = [documents[i::workers] for i in range(workers)]
    if workers == 1:
        _bare(documents, one_file)
        return
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_bare, args=(share, one_file)) for share in shares]
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
    three.add_argument("--one-file", action="store_true", help="one untagged file per document")
    args = parser.parse_args()
    if args.what == "dump":
        dump(args.root, args.folder)
    elif args.what == "coursegen":
        coursegen(args.root, args.workers)
    else:
        bare(args.folder, args.workers, args.one_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
