"""The ``coursegen`` command line: the one module that prints and exits.

Exit codes: 0 success, 1 content problems (a readable list, no traceback),
2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .build import DEFAULT_EDITION, build_edition, check_course
from .errors import ContentError, CoursegenError, Problem, UsageError, summary_line
from .schemas import SCHEMAS, json_schema
from .stats import course_stats

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
BAR_WIDTH = 24


class Reporter:
    """Progress and results, on stderr; quiet mode keeps only problems."""

    def __init__(self, quiet: bool, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.started = time.monotonic()

    def progress(self, message: str, done: int | None = None, total: int | None = None) -> None:
        """A redrawn bar on a terminal; one plain line per step otherwise."""
        if self.quiet:
            return
        counted = done is not None and total
        if self.tty:
            elapsed = time.monotonic() - self.started
            bar = ""
            if counted:
                assert done is not None and total is not None
                filled = round(BAR_WIDTH * done / total)
                bar = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} "
            self.stream.write(f"\r\033[K{bar}{message} ({elapsed:.1f}s)")
        else:
            prefix = f"[{done}/{total}] " if counted else ""
            self.stream.write(f"{prefix}{message}\n")
        self.stream.flush()

    def done(self, message: str = "") -> None:
        """End the progress line; print ``message`` unless quiet."""
        if self.tty and not self.quiet:
            self.stream.write("\r\033[K")
        if message and not self.quiet:
            self.stream.write(f"{message}\n")

    def problems(self, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.stream.write(problem.render() + "\n")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        default=Path.cwd(),
        help="project folder holding content/ (default: the current folder)",
    )
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    edition = argparse.ArgumentParser(add_help=False)
    edition.add_argument(
        "--edition",
        default=DEFAULT_EDITION,
        metavar="SLUG",
        help="edition to use (default: %(default)s)",
    )

    parser = argparse.ArgumentParser(
        prog="coursegen",
        description="Turn a YAML curriculum into a published coaching course.",
        epilog="Run 'coursegen COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"coursegen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = sub.add_parser(
        "build",
        parents=[common, edition],
        help="build the website and PDFs into build/<edition>/",
        description="Check the course, then build the website and the worksheet PDFs into "
        "build/<edition>/. The previous build is replaced only when everything succeeded.",
    )
    build.add_argument(
        "--no-pdf",
        dest="pdf",
        action="store_false",
        help="skip the worksheet PDFs (a quicker preview of the website)",
    )
    sub.add_parser(
        "validate",
        parents=[common, edition],
        help="check the course without writing anything",
        description="Check every content file and list all problems at once.",
    )
    serve = sub.add_parser(
        "serve",
        parents=[common, edition],
        help="live preview that reloads when a YAML file or template changes",
        description="Serve the course at http://127.0.0.1:8000/ and rebuild on changes.",
    )
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
    stats = sub.add_parser(
        "stats",
        parents=[common, edition],
        help="count modules, examples, steps, questions, templates and worksheets",
        description="Print an inventory of the course.",
    )
    stats.add_argument("--json", action="store_true", help="print JSON")
    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of a YAML file kind (for editor autocomplete)",
        description="Print the JSON Schema of one kind of content file.",
    )
    schema.add_argument("kind", nargs="?", default="course", choices=sorted(SCHEMAS))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``coursegen`` console script."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    reporter = Reporter(getattr(args, "quiet", False))
    try:
        return _run(args, reporter)
    except ContentError as exc:
        reporter.done()
        reporter.problems(exc.problems)
        sys.stderr.write(exc.report().splitlines()[-1] + "\n")
        return EXIT_CONTENT
    except UsageError as exc:
        sys.stderr.write(f"coursegen: {exc}\n")
        return EXIT_USAGE
    except CoursegenError as exc:
        reporter.done()
        sys.stderr.write(f"coursegen: {exc}\n")
        return EXIT_CONTENT
    except KeyboardInterrupt:
        sys.stderr.write("\ncoursegen: interrupted; the previous build is unchanged\n")
        return 130
    except Exception:
        sys.stderr.write(
            "coursegen: internal error (this is a bug in coursegen, not in your course).\n"
            "Please report it with the details below.\n"
        )
        traceback.print_exc()
        return EXIT_CONTENT


def _root(args: argparse.Namespace) -> Path:
    root: Path = args.root.resolve()
    if not (root / "content").is_dir():
        raise UsageError(
            f"no content/ folder in {root}; run coursegen in the project folder or pass --root"
        )
    return root


def _run(args: argparse.Namespace, reporter: Reporter) -> int:
    if args.command == "schema":
        print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
        return EXIT_OK
    root = _root(args)
    if args.command == "validate":
        checked = check_course(root, args.edition, args.strict)
        reporter.problems(checked.warnings)
        reporter.done(f"{args.edition}: OK ({summary_line(0, len(checked.warnings))})")
        return EXIT_OK
    if args.command == "stats":
        checked = check_course(root, args.edition, args.strict)
        counts = course_stats(checked.course)
        if args.json:
            print(json.dumps(counts, indent=2, sort_keys=True))
        else:
            width = max(len(k) for k in counts)
            for key, value in counts.items():
                print(f"{key.replace('_', ' '):<{width}}  {value:>5}")
        return EXIT_OK
    if args.command == "build":
        result = build_edition(root, args.edition, args.strict, reporter.progress, pdf=args.pdf)
        reporter.problems(result.warnings)
        reporter.done(f"{result.edition}: built {result.output / 'site' / 'index.html'}")
        return EXIT_OK
    if args.command == "serve":
        from .serve import serve

        check_course(root, args.edition, args.strict)
        serve(root, args.edition, args.dev_addr)
        return EXIT_OK
    raise UsageError(f"unknown command {args.command}")
