"""Load YAML safely, keeping the file, line and column of every value.

PyYAML composes the node graph (aliases stay shared nodes, so composing an alias
bomb is cheap); we then construct plain Python values ourselves so that we can
reject duplicate keys, bound alias expansion and remember where each value was.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Location, Problem, YamlPath, printable

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 1_000_000
"""Larger files are refused: a curriculum file is a few kilobytes."""

MAX_VALUES = 200_000
"""Upper bound on values constructed from one file, aliases expanded."""

MAX_NODES = 20_000
"""Upper bound on values written in one file (aliases not expanded), counted while
PyYAML composes so that a huge file is refused after reading only the start of it."""

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings, checked before PyYAML's composer recurses
(it needs a few Python frames per level and fails near 450)."""

_BOOL_WORDS = {"yes", "no", "on", "off", "true", "false", "y", "n"}
_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


@dataclass(frozen=True)
class Scalar:
    """What a scalar looked like in the file, for messages about its type."""

    raw: str
    quoted: bool
    comment: str = ""
    """For an empty value followed by a comment (``color: #7a1e48``): that comment."""


@dataclass(frozen=True)
class TextStart:
    """Where the first character of a text value sits: line and column of the first
    character, and whether it is a ``|`` block (one source line per line of text)."""

    file: str
    line: int
    column: int
    block: bool


@dataclass
class SourceMap:
    """Where every value of one loaded file came from."""

    file: str
    locations: dict[YamlPath, Location] = field(default_factory=dict)
    scalars: dict[YamlPath, Scalar] = field(default_factory=dict)
    keys: dict[YamlPath, Location] = field(default_factory=dict)
    texts: dict[YamlPath, TextStart] = field(default_factory=dict)

    def locate_text(self, path: YamlPath, offset: int) -> Location:
        """The place of character ``offset`` of the text at ``path``: exact inside a
        ``|`` block or a one-line value, else the start of the value."""
        start = self.texts.get(path)
        scalar = self.scalars.get(path)
        if start is None or scalar is None:
            return self.locate(path)
        value = scalar.raw
        if start.block:
            line = value.count("\n", 0, offset)
            column = offset - (value.rfind("\n", 0, offset) + 1)
            return Location(start.file, start.line + line, start.column + column)
        return Location(start.file, start.line, start.column + offset)

    def locate(self, path: YamlPath) -> Location:
        """The location of ``path``, or of its nearest ancestor that exists."""
        for end in range(len(path), -1, -1):
            found = self.locations.get(path[:end])
            if found is not None:
                return found
        return Location(self.file)

    def locate_key(self, path: YamlPath) -> Location:
        """The location of the key that names ``path`` (for unknown keys)."""
        return self.keys.get(path) or self.locate(path)


@dataclass(frozen=True)
class Loaded:
    """A loaded YAML document with its source map."""

    data: Any
    source: SourceMap


class _Limit(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def display_path(path: Path, root: Path) -> str:
    """A path as shown in messages: relative to the project when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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
    loader = _Composer(text, shown_as)
    try:
        node = loader.get_single_node()
    except _Limit as limit:
        return None, [limit.problem]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, shown_as)]
    except yaml.YAMLError as exc:  # unmarked errors are rare; keep the message
        return None, [Problem(start, f"YAML could not be read: {exc}")]
    finally:
        loader.dispose()
    if loader.problems:
        return None, loader.problems
    if node is None:
        return None, [Problem(start, "the file is empty", hint="add content or delete the file")]
    size = _expanded_size(node, {})
    if size > MAX_VALUES:
        return None, [
            Problem(
                start,
                f"the file expands to more than {MAX_VALUES:,} values "
                "(aliases that repeat aliases?)",
                hint="use fewer or smaller anchors (&) and aliases (*)",
            )
        ]
    builder = _Builder(shown_as, text)
    try:
        data = builder.build(node, ())
    except _Limit as limit:
        return None, [limit.problem]
    return Loaded(data, builder.source), builder.problems


class _Composer(yaml.SafeLoader):
    """PyYAML's safe composer, counting as it goes: values written, nesting depth, and
    explicit tags (``!!int abc`` would otherwise reach a constructor and raise)."""

    def __init__(self, text: str, shown_as: str) -> None:
        super().__init__(text)
        self.shown_as = shown_as
        self.depth = 0
        self.nodes = 0
        self.problems: list[Problem] = []

    def _at(self, mark: Any) -> Location:
        return Location(self.shown_as, mark.line + 1, mark.column + 1)

    def compose_node(self, parent: Any, index: Any) -> Any:
        # types-PyYAML leaves the event API untyped.
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Limit(
                Problem(
                    self._at(event.start_mark),
                    f"the file holds more than {MAX_NODES:,} values; "
                    "a course file holds a few hundred",
                    hint="split it into several files or remove pasted material",
                )
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            self.problems.append(_tag_problem(tag, self._at(event.start_mark)))
        nested = isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent)
        if nested:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Limit(
                    Problem(
                        self._at(event.start_mark),
                        f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
                        hint="a course file needs a handful of levels; check the brackets",
                    )
                )
        try:
            return super().compose_node(parent, index)
        finally:
            if nested:
                self.depth -= 1


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


def _tag_problem(tag: str, location: Location) -> Problem:
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:") else tag
    return Problem(
        location,
        f"explicit YAML tags such as '{printable(shown)}' are not allowed",
        hint="remove the tag; put the value in quotes if it should stay text",
    )


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    """How many values ``node`` becomes once aliases are expanded.

    Counted on the shared node graph with a memo, so a billion-laughs file is
    measured in microseconds instead of being expanded. Aliases can nest a
    structure deeper than it was written; past the depth limit counting stops
    (the builder reports the depth there).
    """
    known = memo.get(id(node))
    if known is not None:
        return known
    if depth > MAX_DEPTH:
        return 1
    memo[id(node)] = MAX_VALUES + 1  # a node that contains itself never ends
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded_size(child, memo, depth + 1) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(
            _expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1)
            for k, v in node.value
        )
    memo[id(node)] = total = min(total, MAX_VALUES + 1)
    return total


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


class _Builder:
    """Construct Python values from a node graph, recording positions."""

    def __init__(self, shown_as: str, text: str) -> None:
        self.source = SourceMap(shown_as)
        self.problems: list[Problem] = []
        self.count = 0
        self.shown_as = shown_as
        self.lines = text.splitlines()

    def _loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.shown_as, mark.line + 1, mark.column + 1)

    def _tick(self, node: yaml.Node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Limit(
                Problem(
                    self._loc(node),
                    f"the file expands to more than {MAX_VALUES:,} values "
                    "(aliases that repeat aliases?)",
                    hint="use fewer or smaller anchors (&) and aliases (*)",
                )
            )
        if depth > MAX_DEPTH:
            raise _Limit(
                Problem(self._loc(node), f"values are nested more than {MAX_DEPTH} levels deep")
            )

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        self._tick(node, len(path))
        self.source.locations.setdefault(path, self._loc(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, Location] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(
                        self._loc(key_node),
                        "merge keys ('<<') are not supported",
                        path,
                        hint="write the keys out in full",
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self._loc(key_node), "a key must be plain text", path))
                continue
            key = str(self._scalar(key_node, None))
            key_loc = self._loc(key_node)
            if key in seen:
                first = seen[key]
                self.problems.append(
                    Problem(
                        key_loc,
                        f"duplicate key '{key}' (first defined at line {first.line})",
                        path,
                        hint="remove one of the two, or rename it",
                    )
                )
                continue
            seen[key] = key_loc
            child = (*path, key)
            self.source.keys[child] = key_loc
            result[key] = self.build(value_node, child)
            self._comment_as_value(key, key_node, value_node, path)
        return result

    def _comment_as_value(
        self, key: str, key_node: yaml.Node, value_node: yaml.Node, path: YamlPath
    ) -> None:
        """``primary_color: #7a1e48`` is a key with no value and a comment: say so."""
        if not (isinstance(value_node, yaml.ScalarNode) and value_node.value == ""):
            return
        if value_node.style is not None or key_node.end_mark.line >= len(self.lines):
            return
        line = self.lines[key_node.end_mark.line]
        rest = line[key_node.end_mark.column :]
        after = rest.lstrip(" :")
        if not (rest.lstrip(" ").startswith(":") and after.startswith("#")):
            return
        column = key_node.end_mark.column + len(rest) - len(after) + 1
        comment = after.split(" #")[0].rstrip()
        self.source.scalars[(*path, key)] = Scalar("", False, comment)
        self.problems.append(
            Problem(
                Location(self.shown_as, key_node.end_mark.line + 1, column),
                f"'{key}' has no value: YAML reads '{comment}' as a comment",
                (*path, key),
                hint=f"put the value in quotes: {key}: '{comment}'",
            )
        )

    def _text_start(self, node: yaml.ScalarNode) -> TextStart | None:
        mark = node.start_mark
        if node.style == "|":
            first = mark.line + 1
            for index in range(first, min(node.end_mark.line + 1, len(self.lines))):
                content = self.lines[index]
                if content.strip():
                    indent = len(content) - len(content.lstrip(" "))
                    return TextStart(self.shown_as, first + 1, indent + 1, True)
            return None
        quotes = 2 if node.style in ("'", '"') else 0
        written = node.end_mark.column - mark.column - quotes
        # Only where each character of the value is one character of the file.
        if mark.line != node.end_mark.line or node.style == ">" or written != len(node.value):
            return None
        return TextStart(self.shown_as, mark.line + 1, mark.column + 1 + quotes // 2, False)

    def _scalar(self, node: yaml.ScalarNode, path: YamlPath | None) -> Any:
        quoted = node.style in ("'", '"', "|", ">")
        if path is not None:
            self.source.scalars[path] = Scalar(node.value, quoted)
            start = self._text_start(node)
            if start is not None:
                self.source.texts[path] = start
        tag = node.tag
        value = node.value
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("yes", "true", "on", "y")
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            constructor = yaml.SafeLoader.yaml_constructors[tag]
            return constructor(yaml.SafeLoader(""), node)
        # Timestamps, binary and unknown tags all arrive as text: the schema decides.
        return value


def looks_like_bool_word(scalar: Scalar | None) -> bool:
    """True when an unquoted scalar is one YAML reads as true/false."""
    return scalar is not None and not scalar.quoted and scalar.raw.lower() in _BOOL_WORDS


def items(data: Any, key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(index, mapping)`` for each mapping in the list ``data[key]`` of loaded YAML.

    Checks across files walk loaded values, which can have any shape when a file
    also has schema errors; whatever is not a mapping is skipped.
    """
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item
