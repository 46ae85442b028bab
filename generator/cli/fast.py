"""``coursegen build`` when the last build is still current, answered in a few
hundredths of a second: the command line is read for the plain forms of
``build`` only, and anything else (another command, ``--all``, ``--no-cache``,
``--help``, an abbreviation, a value that needs checking) goes to the full
command line, as does every build that has something to do."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ..edition import DEFAULT_EDITION
from ..up_to_date import Request, fresh
from .report import Reporter, up_to_date_line

_FLAGS = {"--strict": "strict", "--no-pdf": "no_pdf", "--quiet": "quiet", "-q": "quiet"}
_VALUES = {
    "--root": "root",
    "--edition": "edition",
    "--language": "language",
    "--site-url": "site_url",
    "--paper": "paper",
}


def _read(argv: Sequence[str]) -> dict[str, str | bool] | None:
    """The options of a plain ``build`` command line, or None for anything else."""
    if not argv or argv[0] != "build":
        return None
    found: dict[str, str | bool] = {}
    words = list(argv[1:])
    while words:
        word = words.pop(0)
        name, equals, value = word.partition("=")
        given: str | bool = True
        if word in _FLAGS:
            key = _FLAGS[word]
        elif name in _VALUES:
            if not equals:
                if not words:
                    return None
                value = words.pop(0)
            key, given = _VALUES[name], value
        else:
            return None
        if key in found:
            return None
        found[key] = given
    return found


def _text(value: str | bool | None) -> str | None:
    return value if isinstance(value, str) else None


def up_to_date_build(argv: Sequence[str] | None = None) -> int | None:
    """Exit code 0 after saying so, when ``argv`` asks for a build that would
    change nothing; None when the full command line has to run."""
    found = _read(list(sys.argv[1:] if argv is None else argv))
    if found is None:
        return None
    given = _text(found.get("root", "."))
    if not given or any(ord(c) < 32 or ord(c) == 127 for c in given):
        return None  # the full command line says what is wrong with it
    try:
        root = Path(given).resolve()
        if not (root / "content").is_dir():
            return None
    except (OSError, RuntimeError):
        return None
    request = Request(
        edition=_text(found.get("edition", DEFAULT_EDITION)) or "",
        strict=bool(found.get("strict")),
        pdf=not found.get("no_pdf"),
        language=_text(found.get("language")),
        site_url=_text(found.get("site_url")),
        paper=_text(found.get("paper")),
    )
    done = fresh(root, request)
    if done is None:
        return None
    reporter = Reporter(bool(found.get("quiet")))
    reporter.problems(done.warnings)
    reporter.done(up_to_date_line(done.edition, done.output))
    sys.stdout.flush()
    return 0
