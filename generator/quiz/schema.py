"""What a quiz file (``content/quizzes/<module-id>.yml``) may contain.

Items are told apart by ``type:``. Every option carries its own feedback and
every item an explanation and the id of the part of the course that teaches it,
so a learner who gets it wrong always knows where to look.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..core.schema import Audiences, Id, Line, Markdown, Schema

OptionText = Annotated[str, StringConstraints(min_length=1, max_length=600, strip_whitespace=True)]
"""The text of an option or statement (Markdown, one paragraph)."""


class Option(Schema):
    """One answer a learner can pick."""

    text: OptionText
    """What the learner sees next to the tick box."""
    correct: bool = False
    """True for a right answer."""
    feedback: Markdown
    """Shown when the learner picks this option: why it is right or wrong."""


class _Item(Schema):
    id: Id
    """Identifier, unique within the course; also the anchor of the question."""
    prompt: Markdown
    """The question itself."""
    explanation: Markdown
    """Shown after checking, whatever the answer: the point of the question."""
    teaches: Id
    """Id of the section (or example pair, step…) that teaches this; linked after checking."""
    hint: Markdown | None = None
    """An optional nudge the learner can open before answering."""
    audiences: Audiences | None = None
    """Who this is for: any of ``early-career``, ``career-changer``, ``executive``.
    Left out, it is for everyone; an edition with ``audience:`` leaves it out when
    none of its audiences is listed."""


class SingleItem(_Item):
    """Single choice: exactly one option is right."""

    type: Literal["single"] = "single"
    """``single``"""
    options: list[Option] = Field(min_length=2, max_length=8)
    """The options; exactly one has ``correct: true``."""
    shuffle: bool = True
    """Show the options in a random order; set to false when the order matters."""


class MultipleItem(_Item):
    """Multiple select: every right option must be ticked, and no wrong one."""

    type: Literal["multiple"] = "multiple"
    """``multiple``"""
    options: list[Option] = Field(min_length=2, max_length=8)
    """The options; one or more have ``correct: true``."""
    shuffle: bool = True
    """Show the options in a random order; set to false when the order matters."""


class TrueFalseItem(_Item):
    """A statement that is true or false."""

    type: Literal["true-false"] = "true-false"
    """``true-false``"""
    answer: bool
    """Whether the statement in the prompt is true."""
    if_true: Markdown
    """Feedback for a learner who answers "true"."""
    if_false: Markdown
    """Feedback for a learner who answers "false"."""


class Version(Schema):
    """One of the two scripts compared in a which-is-better item."""

    script: Markdown
    """The words, as the learner would say or send them."""
    better: bool = False
    """True for the stronger version (exactly one)."""
    feedback: Markdown
    """Shown when the learner picks this version."""


class WhichIsBetterItem(_Item):
    """Two scripts side by side: pick the better one, then the reason why."""

    type: Literal["which-is-better"] = "which-is-better"
    """``which-is-better``"""
    pair: Id | None = None
    """An example pair whose two scripts are compared (instead of ``versions``)."""
    versions: list[Version] | None = Field(default=None, min_length=2, max_length=2)
    """Two scripts written here (instead of ``pair``); exactly one is better."""
    scenario: Markdown | None = None
    """The situation; defaults to the example pair's scenario."""
    subtext: Line | None = None
    """What the listener understands in both versions; defaults to the pair's subtext."""
    options: list[Option] = Field(min_length=2, max_length=8)
    """Reasons why one version is better; exactly one is right."""
    shuffle: bool = True
    """Show the reasons in a random order."""


class BestNextActionItem(_Item):
    """A scenario and several things the learner could do next; one is best."""

    type: Literal["best-next-action"] = "best-next-action"
    """``best-next-action``"""
    scenario: Markdown
    """The situation the learner is in."""
    options: list[Option] = Field(min_length=2, max_length=8)
    """Possible actions; exactly one is the best."""
    shuffle: bool = True
    """Show the actions in a random order."""


class Entry(Schema):
    """One entry of an ordering item, in its right place in the list."""

    text: Line
    """What the learner moves up and down."""
    feedback: Markdown | None = None
    """Shown when this entry ends up in the wrong place."""


class OrderingItem(_Item):
    """Entries to put in order. Always shown shuffled."""

    type: Literal["ordering"] = "ordering"
    """``ordering``"""
    entries: list[Entry] | None = Field(default=None, min_length=3, max_length=10)
    """The entries in the right order (or use ``pipeline: true``)."""
    pipeline: bool = False
    """Order the pipeline steps (their titles) instead of ``entries``."""


class Bucket(Schema):
    """A named group in a classify item."""

    id: Id
    """Short name that statements use in ``bucket:``."""
    label: Line
    """What the learner sees, e.g. "Informational interview"."""


class Statement(Schema):
    """Something to sort into one of the buckets."""

    text: OptionText
    """The statement."""
    bucket: Id
    """Id of the bucket it belongs in."""
    feedback: Markdown
    """Why it belongs there; shown after checking."""


class ClassifyItem(_Item):
    """Sort statements into two or three named buckets."""

    type: Literal["classify"] = "classify"
    """``classify``"""
    buckets: list[Bucket] = Field(min_length=2, max_length=3)
    """The two or three groups."""
    statements: list[Statement] = Field(min_length=2, max_length=12)
    """The statements to sort."""
    shuffle: bool = True
    """Show the statements in a random order."""


class ReflectionItem(_Item):
    """A free-text prompt. Not graded; the answer is kept in the learner's browser."""

    type: Literal["reflection"] = "reflection"
    """``reflection``"""


Item = Annotated[
    SingleItem
    | MultipleItem
    | TrueFalseItem
    | WhichIsBetterItem
    | BestNextActionItem
    | OrderingItem
    | ClassifyItem
    | ReflectionItem,
    Field(discriminator="type"),
]
"""One question; ``type:`` says which kind."""

ITEM_TYPES: tuple[str, ...] = (
    "single",
    "multiple",
    "true-false",
    "which-is-better",
    "best-next-action",
    "ordering",
    "classify",
    "reflection",
)


class QuizFile(Schema):
    """``content/quizzes/<module-id>.yml``: the self-check at the end of one module."""

    title: Line | None = None
    """Heading of the quiz; defaults to "Check your understanding"."""
    introduction: Markdown | None = None
    """Text above the first question."""
    items: list[Item] = Field(min_length=1, max_length=40)
    """The questions, in order."""
