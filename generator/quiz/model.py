"""Resolved quizzes: references filled in, keys given, display order fixed.

Everything the page, the answer key and the exports need is decided once, in
``resolve``: which scripts an example pair contributes, the pipeline steps of an
ordering item, the key of every option, the order options are printed in, and
the content hash that keys a learner's saved answers.
"""

from __future__ import annotations

from dataclasses import dataclass

STORAGE_PREFIX = "cgq"
"""First part of every ``localStorage`` key the quiz script writes."""


@dataclass(frozen=True)
class Choice:
    """An option (or a true/false answer) with a stable key."""

    key: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Script:
    """One of the two versions of a which-is-better item."""

    key: str
    label: str
    text: str
    better: bool
    feedback: str


@dataclass(frozen=True)
class Entry:
    """An entry of an ordering item; ``position`` is where it belongs (from 1)."""

    key: str
    text: str
    position: int
    feedback: str | None


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str


@dataclass(frozen=True)
class Statement:
    """A statement of a classify item and the key of the bucket it belongs in."""

    key: str
    text: str
    bucket: str
    feedback: str


@dataclass(frozen=True)
class QuizItem:
    """One question, in the order it is printed.

    ``choices``, ``scripts``, ``entries`` and ``statements`` are in display
    order; the browser shuffles again where ``shuffle`` is set.
    """

    id: str
    kind: str
    number: int
    prompt: str
    explanation: str
    teaches: str
    hint: str | None
    scenario: str | None = None
    subtext: str | None = None
    choices: tuple[Choice, ...] = ()
    scripts: tuple[Script, ...] = ()
    entries: tuple[Entry, ...] = ()
    buckets: tuple[Bucket, ...] = ()
    statements: tuple[Statement, ...] = ()
    shuffle: bool = False

    @property
    def graded(self) -> bool:
        return self.kind != "reflection"

    @property
    def version_field(self) -> str:
        """Form field name of the which-is-better version choice."""
        return f"{self.id}.version"

    def statement_field(self, statement: Statement) -> str:
        return f"{self.id}.{statement.key}"

    @property
    def answer(self) -> tuple[str, ...]:
        """The right answer as sorted ``field=value`` pairs (the browser's format)."""
        if self.kind == "ordering":
            return (",".join(e.key for e in self.in_order),)
        pairs = [f"{self.id}={c.key}" for c in self.choices if c.correct]
        pairs += [f"{self.version_field}={s.key}" for s in self.scripts if s.better]
        pairs += [f"{self.statement_field(s)}={s.bucket}" for s in self.statements]
        return tuple(sorted(pairs))

    @property
    def in_order(self) -> tuple[Entry, ...]:
        return tuple(sorted(self.entries, key=lambda e: e.position))

    @property
    def better(self) -> Script | None:
        return next((s for s in self.scripts if s.better), None)

    def bucket_label(self, key: str) -> str:
        return next(b.label for b in self.buckets if b.key == key)


@dataclass(frozen=True)
class Quiz:
    """The quiz at the end of one module."""

    id: str
    """The module id."""
    title: str
    introduction: str | None
    items: tuple[QuizItem, ...]
    digest: str
    """Hash of the content: saved answers of an edited quiz are never shown."""
    edition: str

    @property
    def anchor(self) -> str:
        """Id of the quiz heading on the module page."""
        return f"{self.id}-quiz"

    @property
    def storage_key(self) -> str:
        return f"{self.storage_prefix}{self.digest}"

    @property
    def storage_prefix(self) -> str:
        """Every key of this quiz (any version) starts with this."""
        return f"{STORAGE_PREFIX}/{self.edition}/{self.id}/"

    @property
    def graded(self) -> int:
        return sum(1 for item in self.items if item.graded)
