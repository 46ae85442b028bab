"""The ``coursegen`` command line, read and checked: the commands and their
options, and the checks on ``--root``, ``--edition`` and ``--site-url`` that
turn a wrong value into a usage error (exit 2) before any work starts."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import __version__
from ..check import Overrides
from ..core.errors import UsageError, shown
from ..core.json_schemas import SCHEMAS
from ..core.messages import suggest
from ..edition import DEFAULT_EDITION
from ..edition.load import edition_slugs
from ..edition.scaffold import slug_problem
from ..quiz.formats import EXPORT_CHOICES
from ..ui import available_languages
from ..urls import site_url_problem


def parser() -> argparse.ArgumentParser:
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
        help="run every step again, without reading or writing the caches in "
        "build/.cache/ (PDFs, website, exports, texts, templates: they never "
        "change a result, only save time)",
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


def project_root(args: argparse.Namespace) -> Path:
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


def edition_slug(root: Path, slug: str) -> str:
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


def overrides(args: argparse.Namespace) -> Overrides:
    url = getattr(args, "site_url", None)
    if url is not None:
        why = site_url_problem(url)
        if why:
            raise UsageError(f"--site-url {shown(url)}: {why}")
    return Overrides(getattr(args, "language", None), url, getattr(args, "paper", None))
