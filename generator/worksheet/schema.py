"""The worksheet schema: what ``content/worksheets/<id>.yml`` may contain.

A worksheet is a titled page of sections; each section holds typed fields.
Every field becomes boxes and lines on paper and real form fields in the
fillable PDF. Like the rest of the schema, models are frozen and forbid
unknown keys; field docstrings become the JSON Schema descriptions.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..core.schema import Audiences, Id, Line, Markdown, Schema

FieldId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
"""A field or column name such as ``follow_up_due``: lowercase letters, digits, underscores."""

Width = Literal["full", "half", "third"]

ColumnKind = Literal["text", "date"]
"""What a table column holds."""


class BaseField(Schema):
    """What every field has: a name, a label and an optional hint."""

    id: FieldId
    """Name of the field, unique within the worksheet; it names the fillable PDF field."""
    label: Line
    """The prompt or question printed above the writing space."""
    help: Line | None = None
    """A short hint printed under the label."""


class ShortText(BaseField):
    """One line of writing, such as a name or a company."""

    type: Literal["short-text"] = "short-text"
    """Which kind of field this is."""
    width: Width = "full"
    """How much of the line the field takes; narrow fields sit side by side."""


class LongText(BaseField):
    """Several ruled lines for a paragraph of writing."""

    type: Literal["long-text"] = "long-text"
    """Which kind of field this is."""
    lines: int = Field(default=4, ge=1, le=30)
    """How many ruled lines to print."""


class DateField(BaseField):
    """A date, written in the format shown in the box."""

    type: Literal["date"] = "date"
    """Which kind of field this is."""
    width: Width = "third"
    """How much of the line the field takes; narrow fields sit side by side."""


class Checklist(BaseField):
    """Items to tick off."""

    type: Literal["checklist"] = "checklist"
    """Which kind of field this is."""
    items: list[Line] = Field(min_length=1, max_length=30)
    """The items, each with its own tick box."""


class Column(Schema):
    """One column of a table."""

    id: FieldId
    """Column name, unique within the table; it names the fillable PDF fields."""
    label: Line
    """Column heading."""
    width: int = Field(default=2, ge=1, le=6)
    """Relative width: a column of width 4 is twice as wide as one of width 2."""
    kind: ColumnKind = "text"
    """What each cell holds: ``text``, or a ``date`` alone (the browser's date picker on
    the site, the date format under each box on paper)."""


class Table(BaseField):
    """A grid of named columns with empty rows to fill in."""

    type: Literal["table"] = "table"
    """Which kind of field this is."""
    columns: list[Column] = Field(min_length=1, max_length=12)
    """The columns, left to right."""
    rows: int = Field(default=8, ge=1, le=60)
    """How many empty rows to print; rows are numbered."""


class Rating(BaseField):
    """A scale to circle or tick, such as 1 to 5."""

    type: Literal["rating"] = "rating"
    """Which kind of field this is."""
    points: int = Field(default=5, ge=2, le=10)
    """How many points the scale has, counted from 1."""
    low_label: Line | None = None
    """What the lowest point means, e.g. "not at all"."""
    high_label: Line | None = None
    """What the highest point means, e.g. "completely"."""


class QuestionPick(BaseField):
    """Questions chosen from the question bank, each with space for notes."""

    type: Literal["questions"] = "questions"
    """Which kind of field this is."""
    questions: list[Id] = Field(default_factory=list)
    """Question ids from ``questions.yml``, printed in this order with a box to tick."""
    blank: int = Field(default=0, ge=0, le=12)
    """How many empty slots to add for questions of the learner's own."""
    lines: int = Field(default=2, ge=0, le=10)
    """Ruled lines for notes under each question."""


class MessageDraft(BaseField):
    """A message template from ``messages.yml`` with space to draft one's own version."""

    type: Literal["message"] = "message"
    """Which kind of field this is."""
    template: Id
    """Id of the message template to draft from."""
    lines: int = Field(default=8, ge=2, le=30)
    """Ruled lines for the draft."""
    subject_help: Line | None = None
    """A hint under the box for the learner's own subject line, which comes before the
    draft when the template has a subject line."""


WorksheetField = Annotated[
    ShortText | LongText | DateField | Checklist | Table | Rating | QuestionPick | MessageDraft,
    Field(discriminator="type"),
]
"""One field; ``type`` says which kind."""


class WorksheetSection(Schema):
    """A titled group of fields."""

    title: Line
    """Section heading."""
    intro: Markdown | None = None
    """A few words of guidance above the fields."""
    fields: list[WorksheetField] = Field(min_length=1)
    """The fields, in order."""


class WorksheetFile(Schema):
    """``content/worksheets/<id>.yml``: one printable and fillable worksheet.

    Worksheets appear in the order of the first module that uses them, then by id.
    """

    id: Id
    """Worksheet id, unique within the course; must match the file name."""
    title: Line
    """Worksheet title."""
    purpose: Markdown
    """What the worksheet is for, printed under the title."""
    instructions: Markdown | None = None
    """How to fill it in."""
    modules: list[Id] = Field(min_length=1)
    """Ids of the modules that use this worksheet; each links to it."""
    orientation: Literal["portrait", "landscape"] = "portrait"
    """Paper orientation; landscape suits wide tables."""
    sections: list[WorksheetSection] = Field(min_length=1)
    """The parts of the worksheet, in order."""
    audiences: Audiences | None = None
    """Who this is for: any of ``early-career``, ``career-changer``, ``executive``.
    Left out, it is for everyone; an edition with ``audience:`` leaves it out when
    none of its audiences is listed."""
