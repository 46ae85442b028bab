"""Load YAML safely, keeping the file, line and column of every value.

The bytes are checked first (size, encoding, tabs, control characters); the
values are then composed (``yaml_compose``, with libyaml when PyYAML has it) and
built within bounds by ``yaml_values``.
"""

from __future__ import annotations

import logging
import pickle
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

import yaml

from .errors import Location, Problem, printable
from .source import Loaded
from .yaml_compose import Limit, compose
from .yaml_values import MAX_VALUES, Builder, expanded_size

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1_000_000
"""Larger files are refused: a curriculum file is a few kilobytes."""

_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


class LoadMemo:
    """The files parsed by earlier loads of the same course, for live preview: a
    file whose bytes did not change since is not parsed again.

    Each result is kept pickled and unpickled afresh, so no caller can change
    what the next load gets.
    """

    def __init__(self) -> None:
        self._kept: dict[str, tuple[bytes, bytes]] = {}

    def get(self, raw: bytes, shown_as: str) -> tuple[Loaded | None, list[Problem]] | None:
        kept = self._kept.get(shown_as)
        if kept is None or kept[0] != raw:
            return None
        result: tuple[Loaded | None, list[Problem]] = pickle.loads(kept[1])
        return result

    def put(self, raw: bytes, shown_as: str, result: tuple[Loaded | None, list[Problem]]) -> None:
        self._kept[shown_as] = (raw, pickle.dumps(result, pickle.HIGHEST_PROTOCOL))


_MEMO: ContextVar[LoadMemo | None] = ContextVar("coursegen_load_memo", default=None)


@contextmanager
def remembered_loads(memo: LoadMemo) -> Iterator[None]:
    """Within the block, loads in this thread reuse and fill ``memo``."""
    token = _MEMO.set(memo)
    try:
        yield
    finally:
        _MEMO.reset(token)


def _too_large(size: int, shown_as: str) -> Problem:
    return Problem(
        Location(shown_as, 1, 1),
        f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
        hint="split it into several files or remove pasted material",
    )


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path``, or None when it holds more than ``limit`` (checked by
    size before reading, and again while reading for files that grow or lie)."""
    if path.stat().st_size > limit:
        return None
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    return None if len(data) > limit else data


def load_yaml_file(path: Path, shown_as: str) -> tuple[Loaded | None, list[Problem]]:
    """Read and parse one YAML file; problems instead of exceptions."""
    start = Location(shown_as, 1, 1)
    try:
        if not path.is_file():
            return None, [Problem(start, "this is not a regular file")]
        raw = read_bounded(path, MAX_FILE_BYTES)
    except OSError as exc:
        return None, [Problem(start, f"cannot read the file: {exc.strerror}")]
    if raw is None:
        return None, [_too_large(path.stat().st_size, shown_as)]
    return load_yaml_bytes(raw, shown_as)


def load_yaml_bytes(raw: bytes, shown_as: str) -> tuple[Loaded | None, list[Problem]]:
    """Parse YAML bytes into plain data plus a source map."""
    memo = _MEMO.get()
    if memo is None:
        return _load_yaml_bytes(raw, shown_as)
    kept = memo.get(raw, shown_as)
    if kept is not None:
        return kept
    result = _load_yaml_bytes(raw, shown_as)
    memo.put(raw, shown_as, result)
    return result


def _load_yaml_bytes(raw: bytes, shown_as: str) -> tuple[Loaded | None, list[Problem]]:
    start = Location(shown_as, 1, 1)
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(len(raw), shown_as)]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Problem(start, "the file is saved as UTF-16", hint="save it as UTF-8 in your editor")
        ]
    if b"\x00" in raw:
        return None, [
            Problem(start, "this is a binary file, not YAML text", hint="check the file name")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        return None, [
            Problem(
                Location(shown_as, line, column),
                "the file is not UTF-8 text",
                hint="save it as UTF-8 in your editor",
            )
        ]
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        return None, [
            Problem(
                Location(shown_as, line, len(tab.group(1)) + 1),
                "a tab is used for indentation; YAML only allows spaces",
                hint="replace the tab with spaces (most editors: 'convert indentation to spaces')",
            )
        ]
    control = _control_characters(text, shown_as)
    if control:
        return None, control
    try:
        loader, node = compose(text, shown_as)
    except Limit as limit:
        return None, [limit.problem]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, shown_as)]
    except yaml.YAMLError as exc:  # unmarked errors are rare; keep the message
        return None, [Problem(start, f"YAML could not be read: {exc}")]
    if loader.problems:
        return None, loader.problems
    if node is None:
        return None, [Problem(start, "the file is empty", hint="add content or delete the file")]
    # Without aliases every value is written out once, and was counted already.
    size = expanded_size(node, {}) if loader.aliases else loader.nodes
    if size > MAX_VALUES:
        return None, [
            Problem(
                start,
                f"the file expands to more than {MAX_VALUES:,} values "
                "(aliases that repeat aliases?)",
                hint="use fewer or smaller anchors (&) and aliases (*)",
            )
        ]
    builder = Builder(shown_as, text)
    try:
        data = builder.build(node, ())
    except Limit as limit:
        return None, [limit.problem]
    return Loaded(data, builder.source), builder.problems


def _control_characters(text: str, shown_as: str) -> list[Problem]:
    """Characters YAML refuses (terminal escapes, NUL…), each at its own line and
    column; PyYAML would name only a character offset in the whole file."""
    problems = []
    for match in yaml.reader.Reader.NON_PRINTABLE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.append(
            Problem(
                Location(shown_as, line, column),
                f"the control character {printable(match.group())!s} is not allowed in YAML text",
                hint="delete it; it often comes with text copied from a terminal or a PDF",
            )
        )
        if len(problems) == 10:
            break
    return problems


def _syntax_problem(exc: yaml.MarkedYAMLError, shown_as: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    loc = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
    problem = (exc.problem or "invalid YAML").strip()
    hint = "check the indentation and quoting on this line and the one before"
    if "mapping values are not allowed" in problem:
        problem = "a colon ':' appears where YAML does not expect one"
        hint = "put text that contains ': ' in quotes"
    elif "found character" in problem and "cannot start any token" in problem:
        hint = "put text that starts with this character in quotes"
    elif "could not find expected ':'" in problem:
        hint = "a key needs a colon after it, or a long text needs quotes"
    elif problem.startswith("found undefined alias"):
        hint = "define the anchor (&name) before using it (*name)"
    context = f" ({exc.context.strip()})" if exc.context else ""
    return Problem(loc, f"YAML syntax error: {problem}{context}", hint=hint)
