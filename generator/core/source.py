"""Loaded YAML and where each value came from: the file, line and column that
every message about a content file points to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Location, YamlPath

_BOOL_WORDS = {"yes", "no", "on", "off", "true", "false", "y", "n"}


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


def display_path(path: Path, root: Path) -> str:
    """A path as shown in messages: relative to the project when possible."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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
