"""The commands of ``coursegen``: read the command line, run it, say how it went.

``args`` reads and checks the command line, ``report`` says what happens;
this module runs the command. Exit codes: see the package.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from ..build import build_edition
from ..build_all import EditionOutcome, build_all
from ..check import check_course
from ..core.errors import ContentError, CoursegenError, UsageError, printable, summary_line
from ..core.json_schemas import json_schema
from ..core.schema import AUDIENCES
from ..edition import DEFAULT_EDITION
from ..edition.scaffold import check_slug, render_scaffold
from ..export import export_edition
from ..stats import audience_stats, course_stats
from ..write import create_file
from .args import edition_slug, overrides, parser, project_root
from .report import Reporter, ServeLines, pdf_counts, up_to_date_line

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def run(argv: Sequence[str] | None = None) -> int:
    """Run one ``coursegen`` command; the exit code."""
    args = parser().parse_args(argv)
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


def _run(args: argparse.Namespace, reporter: Reporter) -> int:
    if args.command == "schema":
        print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
        return EXIT_OK
    root = project_root(args)
    if hasattr(args, "edition"):
        args.edition = edition_slug(root, args.edition)
    if args.command == "validate":
        checked = check_course(root, args.edition, args.strict, overrides(args))
        reporter.problems(checked.warnings)
        reporter.done(f"{args.edition}: OK ({summary_line(0, len(checked.warnings))})")
        return EXIT_OK
    if args.command == "stats":
        checked = check_course(root, args.edition, args.strict, overrides(args))
        counts = course_stats(checked.course) | audience_stats(
            {
                name: check_course(root, args.edition, False, overrides(args), (name,)).course
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
            overrides(args),
            pdf=args.pdf,
            warn=reporter.problems,
            cache=args.cache,
        )
        if result.up_to_date:
            reporter.done(up_to_date_line(result.edition, result.output))
        else:
            built = f"{result.edition}: built {result.output / 'site' / 'index.html'}"
            reporter.done(built + pdf_counts(result))
        return EXIT_OK
    if args.command == "export":
        exported = export_edition(
            root, (args.format,), args.edition, args.strict, overrides(args), reporter.progress
        )
        reporter.problems(exported.warnings)
        for note in exported.notes:
            reporter.progress(note)
        written = ", ".join(str(path) for path in exported.files)
        reporter.done(f"{exported.edition}: wrote {written}")
        return EXIT_OK
    if args.command == "serve":
        from ..serve import check_hook, parse_dev_addr, serve

        check_hook(root / "mkdocs.yml")
        parse_dev_addr(args.dev_addr)
        check_course(root, args.edition, args.strict, overrides(args))
        serve(root, args.edition, args.dev_addr, overrides(args), ServeLines(args, reporter))
        return EXIT_OK
    raise UsageError(f"unknown command {args.command}")


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
    lines = [f"  {o.edition}: {_all_state(o)}" for o in outcomes]
    summary = f"{len(outcomes) - failed} of {len(outcomes)} editions built"
    if failed or not reporter.quiet:
        sys.stderr.write(summary + "\n" + "\n".join(lines) + "\n")
    return EXIT_CONTENT if failed else EXIT_OK


def _all_state(outcome: EditionOutcome) -> str:
    """How one edition of ``build --all`` ended, for the summary."""
    if outcome.result is None:
        return "FAILED"
    if outcome.result.up_to_date:
        return "up to date"
    return "built" + pdf_counts(outcome.result)
