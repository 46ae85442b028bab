"""The ``coursegen`` command line: the one module that prints and exits.

Exit codes: 0 success, 1 content problems (a readable list, no traceback),
2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .build import (
    DEFAULT_EDITION,
    BuildResult,
    EditionOutcome,
    Overrides,
    build_all,
    build_edition,
    check_course,
    export_edition,
)
from .core.errors import (
    ContentError,
    CoursegenError,
    Problem,
    UsageError,
    printable,
    shown,
    summary_line,
)
from .core.json_schemas import SCHEMAS, json_schema
from .core.messages import suggest
from .core.schema import AUDIENCES
from .edition.load import edition_slugs
from .edition.scaffold import check_slug, render_scaffold, slug_problem
from .quiz.formats import EXPORT_CHOICES
from .stats import audience_stats, course_stats
from .ui import available_languages
from .urls import site_url_problem
from .write import create_file

if TYPE_CHECKING:  # serve.py loads MkDocs: only `coursegen serve` imports it
    from .serve import Rebuild

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
        """Print ``problems``, each on lines of its own (even under a progress bar)."""
        if problems and self.tty and not self.quiet:
            self.stream.write("\r\033[K")
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
    edition.add_argument(
        "--language",
        choices=available_languages(),
        help="interface language, over the edition's setting",
    )
    edition.add_argument(
        "--site-url", metavar="URL", help="address the site will live at, over the edition's"
    )
    edition.add_argument(
        "--paper", choices=("a4", "letter"), help="default paper size, over the edition's"
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
    build.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="lay out every PDF again, without reading or writing the PDF cache "
        "in build/.cache/pdf/ (which never changes a PDF, only saves time)",
    )
    build.add_argument(
        "--all",
        action="store_true",
        help="build the default edition and every edition under editions/, in parallel",
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
    new = sub.add_parser(
        "new-edition",
        parents=[common],
        help="create editions/SLUG/edition.yml, commented, ready to build",
        description="Scaffold a new coach edition that builds as it is.",
    )
    new.add_argument("slug", help="folder name: lowercase letters, digits and hyphens")
    new.add_argument("--name", help="coach or organisation name (default: from the slug)")
    export = sub.add_parser(
        "export",
        parents=[common, edition],
        help="export for an LMS into build/<edition>/export/",
        description="Write every quiz as Moodle GIFT or Moodle XML or as a QTI 1.2 package "
        "for Canvas, or the whole course as a SCORM 1.2 package for any LMS. Item types a "
        "format lacks are converted, and each conversion is listed; with --format all, "
        "export-report.txt says per format what changed and what could not be carried.",
    )
    export.add_argument(
        "--format",
        required=True,
        choices=EXPORT_CHOICES,
        help="gift or moodle-xml (Moodle), qti (Canvas), scorm12 (the whole course), "
        "or all of them",
    )
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
    schema.add_argument("kind", choices=sorted(SCHEMAS), help="which file's schema to print")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``coursegen`` console script."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    reporter = Reporter(getattr(args, "quiet", False))
    try:
        code = _run(args, reporter)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # `coursegen stats | head`: the reader has gone; nothing is wrong.
        _drop_stdout()
        return EXIT_OK
    except ContentError as exc:
        reporter.done()
        reporter.problems(exc.problems)
        sys.stderr.write(exc.report().splitlines()[-1] + "\n")
        return EXIT_CONTENT
    except UsageError as exc:
        sys.stderr.write(f"coursegen: {printable(str(exc))}\n")
        return EXIT_USAGE
    except CoursegenError as exc:
        reporter.done()
        sys.stderr.write(f"coursegen: {printable(str(exc))}\n")
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


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the flush at exit does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _root(args: argparse.Namespace) -> Path:
    given = str(args.root)
    if not given or any(ord(c) < 32 or ord(c) == 127 for c in given):
        raise UsageError(f"--root {shown(given)} is not a folder name")
    try:
        root: Path = args.root.resolve()
        is_dir = root.is_dir()
        has_content = is_dir and (root / "content").is_dir()
    except (OSError, RuntimeError) as exc:  # a loop of links, a name too long…
        raise UsageError(f"--root {shown(given)} cannot be used: {exc}") from None
    if not is_dir:
        raise UsageError(f"--root {shown(given)} is not a folder")
    if not has_content:
        raise UsageError(
            f"no content/ folder in {shown(str(root), 200)}; "
            "run coursegen in the project folder or pass --root"
        )
    return root


def _edition(root: Path, slug: str) -> str:
    """``--edition``, checked as strictly as ``new-edition`` checks a new name."""
    if slug == DEFAULT_EDITION:
        return slug
    why = slug_problem(slug)
    if why:
        raise UsageError(f"--edition: {why}")
    known = edition_slugs(root)
    if slug not in known:
        listed = f"editions: {', '.join(known)}" if known else "there are no editions yet"
        hint = suggest(slug, known) or f"{listed}; create one with: coursegen new-edition {slug}"
        raise UsageError(f"--edition: there is no edition {shown(slug)} in editions/; {hint}")
    return slug


def _overrides(args: argparse.Namespace) -> Overrides:
    url = getattr(args, "site_url", None)
    if url is not None:
        why = site_url_problem(url)
        if why:
            raise UsageError(f"--site-url {shown(url)}: {why}")
    return Overrides(getattr(args, "language", None), url, getattr(args, "paper", None))


def _run(args: argparse.Namespace, reporter: Reporter) -> int:
    if args.command == "schema":
        print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
        return EXIT_OK
    root = _root(args)
    if hasattr(args, "edition"):
        args.edition = _edition(root, args.edition)
    if args.command == "validate":
        checked = check_course(root, args.edition, args.strict, _overrides(args))
        reporter.problems(checked.warnings)
        reporter.done(f"{args.edition}: OK ({summary_line(0, len(checked.warnings))})")
        return EXIT_OK
    if args.command == "stats":
        checked = check_course(root, args.edition, args.strict, _overrides(args))
        counts = course_stats(checked.course) | audience_stats(
            {
                name: check_course(root, args.edition, False, _overrides(args), (name,)).course
                for name in AUDIENCES
            }
        )
        if args.json:
            print(json.dumps(counts, indent=2, sort_keys=True))
        else:
            width = max(len(k) for k in counts)
            for key, value in counts.items():
                print(f"{key.replace('_', ' '):<{width}}  {value:>5}")
        return EXIT_OK
    if args.command == "new-edition":
        return _new_edition(root, args, reporter)
    if args.command == "build" and args.all:
        if args.edition != DEFAULT_EDITION:
            raise UsageError("use either --edition or --all, not both")
        return _build_all(root, args.strict, reporter, args.pdf, args.cache)
    if args.command == "build":
        # Warnings are printed as soon as the course is checked, before the PDFs.
        result = build_edition(
            root,
            args.edition,
            args.strict,
            reporter.progress,
            _overrides(args),
            pdf=args.pdf,
            warn=reporter.problems,
            cache=args.cache,
        )
        built = f"{result.edition}: built {result.output / 'site' / 'index.html'}"
        reporter.done(built + _pdf_counts(result))
        return EXIT_OK
    if args.command == "export":
        exported = export_edition(
            root, (args.format,), args.edition, args.strict, _overrides(args), reporter.progress
        )
        reporter.problems(exported.warnings)
        for note in exported.notes:
            reporter.progress(note)
        written = ", ".join(str(path) for path in exported.files)
        reporter.done(f"{exported.edition}: wrote {written}")
        return EXIT_OK
    if args.command == "serve":
        from .serve import check_hook, parse_dev_addr, serve

        check_hook(root / "mkdocs.yml")
        parse_dev_addr(args.dev_addr)
        check_course(root, args.edition, args.strict, _overrides(args))
        serve(root, args.edition, args.dev_addr, _overrides(args), _ServeLines(args, reporter))
        return EXIT_OK
    raise UsageError(f"unknown command {args.command}")


SHOWN_CHANGES = 3


class _ServeLines:
    """What `coursegen serve` says: the address, a line per rebuild, the problems
    exactly as `build` lists them, and a line when it stops. Quiet keeps problems."""

    def __init__(self, args: argparse.Namespace, reporter: Reporter) -> None:
        self.edition = args.edition
        self.reporter = reporter

    def _say(self, line: str, always: bool = False) -> None:
        if always or not self.reporter.quiet:
            self.reporter.stream.write(printable(line) + "\n")
            self.reporter.stream.flush()

    def listening(self, url: str) -> None:
        which = f"the edition {shown(self.edition)}"
        if self.edition == DEFAULT_EDITION:
            which = "the default edition"
        self._say(f"Serving {which} at {url} (Ctrl-C to stop)")

    def rebuilt(self, rebuild: Rebuild) -> None:
        took = f"{rebuild.seconds:.1f}s"
        after = _changes(rebuild.changed)
        error = rebuild.error
        if error is None:
            if rebuild.recovered:
                self._say(f"The course builds again: rebuilt after {after} ({took})", always=True)
            else:
                self._say(f"Rebuilt after {after} ({took})")
            return
        if isinstance(error, ContentError):
            self._say(
                f"Not rebuilt after {after} ({took}); the browser shows these problems "
                "until they are fixed:",
                always=True,
            )
            self.reporter.problems(error.problems)
            self._say(error.report().splitlines()[-1], always=True)
        else:
            self._say(f"Not rebuilt after {after} ({took}): {error}", always=True)
        self.reporter.stream.flush()

    def stopped(self) -> None:
        self._say("Stopped serving.")


def _changes(changed: Sequence[str]) -> str:
    """``a change to content/course.yml``, ``changes to a, b and 2 more``."""
    if not changed:
        return "a change"
    if len(changed) == 1:
        return f"a change to {changed[0]}"
    names = ", ".join(changed[:SHOWN_CHANGES])
    more = len(changed) - SHOWN_CHANGES
    return f"changes to {names}" + (f" and {more} more" if more > 0 else "")


def _new_edition(root: Path, args: argparse.Namespace, reporter: Reporter) -> int:
    why = check_slug(args.slug)
    if why:
        raise UsageError(why)
    name = args.name or args.slug.replace("-", " ").title()
    path = create_file(root, f"editions/{args.slug}/edition.yml", render_scaffold(args.slug, name))
    reporter.done(
        f"created {path.relative_to(root)}\n"
        f"edit it, then run: coursegen build --edition {args.slug}"
    )
    return EXIT_OK


def _pdf_counts(result: BuildResult | None) -> str:
    """`` (N PDFs laid out, M from the cache)`` for a build that made PDFs."""
    if result is None or not result.pdfs_laid_out + result.pdfs_cached:
        return ""
    return f" ({result.pdfs_laid_out} PDFs laid out, {result.pdfs_cached} from the cache)"


def _build_all(root: Path, strict: bool, reporter: Reporter, pdf: bool, cache: bool) -> int:
    stopped: set[str] = set()

    def checked(outcome: EditionOutcome, passed: bool) -> None:
        # Each edition's warnings, or what stops it, as soon as it is checked.
        reporter.problems(outcome.problems)
        if not passed:
            stopped.add(outcome.edition)
            if outcome.failure:
                sys.stderr.write(f"coursegen: {outcome.edition}: {outcome.failure}\n")

    outcomes = build_all(root, strict, reporter.progress, pdf, checked, cache)
    reporter.done()
    failed = 0
    for outcome in outcomes:
        if outcome.result is not None:
            continue
        failed += 1
        if outcome.edition not in stopped:
            reporter.problems(outcome.problems)
            if outcome.failure:
                sys.stderr.write(f"coursegen: {outcome.edition}: {outcome.failure}\n")
    lines = [
        f"  {o.edition}: {'built' + _pdf_counts(o.result) if o.result else 'FAILED'}"
        for o in outcomes
    ]
    summary = f"{len(outcomes) - failed} of {len(outcomes)} editions built"
    if failed or not reporter.quiet:
        sys.stderr.write(summary + "\n" + "\n".join(lines) + "\n")
    return EXIT_CONTENT if failed else EXIT_OK
