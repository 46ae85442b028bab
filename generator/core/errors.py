"""Problems found in a course, and the three kinds of failure the CLI knows.

Content problems are collected, never raised one at a time: every stage returns
the problems it found and the orchestrator fails once with all of them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

YamlPath = tuple[str | int, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column count from 1."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


_UNPRINTABLE = ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")
_JOINERS = "\u200c\u200d"  # part of emoji and of some scripts: harmless, keep them
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` safe to print on one terminal line: control and bidi characters
    (terminal escape codes, newlines, U+202E…) shown as escapes such as ``\\x1b``."""
    out = []
    for char in text:
        if char in _NAMED_ESCAPES:
            out.append(_NAMED_ESCAPES[char])
        elif char not in _JOINERS and unicodedata.category(char) in _UNPRINTABLE:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def shown(value: str, limit: int = 60) -> str:
    """A value quoted in a message: printable, and cut short when long."""
    text = printable(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"'{text}'"


def format_path(path: YamlPath) -> str:
    """Render a YAML path the way a coach reads it: ``modules[2].title``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in the course sources."""

    location: Location
    message: str
    path: YamlPath = ()
    hint: str = ""
    severity: Severity = Severity.ERROR

    def render(self) -> str:
        """The message as printed: one line (and a hint line), with any control
        character from the course shown escaped rather than sent to the terminal."""
        where = f" (at {printable(format_path(self.path))})" if self.path else ""
        place = printable(str(self.location))
        text = f"{place}: {self.severity.value}: {printable(self.message)}{where}"
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file and position, dropping exact repeats."""
    unique = {(p.sort_key(), p.path, p.severity): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.sort_key(), p.severity.value))


class CoursegenError(Exception):
    """Base of the errors the CLI reports without a traceback."""


class UsageError(CoursegenError):
    """The command line was wrong (exit code 2)."""


class ContentError(CoursegenError):
    """The course sources have problems (exit code 1)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sort_problems(problems))
        super().__init__(self.report())

    def report(self) -> str:
        errors = sum(p.severity is Severity.ERROR for p in self.problems)
        warnings = len(self.problems) - errors
        lines = [p.render() for p in self.problems]
        lines.append(summary_line(errors, warnings))
        return "\n".join(lines)


def summary_line(errors: int, warnings: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
