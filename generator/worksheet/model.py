"""Worksheets resolved for rendering: every fillable input named and titled.

Templates receive these objects and only lay them out: form field names, row
numbers and readable titles are all decided in ``resolve``, so the site page, the
printable PDF and the fillable PDF agree on them.

Field names are ``<worksheet>:<field>`` plus ``:<part>`` for fields with
several inputs (``pipeline-tracker:contacts:r3:status``). A colon, not a
period, separates the parts: PDF readers treat a period in a field name as a
step into a field hierarchy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..core.toolkit_schema import MessageTemplate, Question
from .schema import (
    Column,
    WorksheetField,
    WorksheetFile,
)

InputKind = Literal["text", "multiline", "checkbox", "date"]
"""A ``date`` is a text box on paper (the date format printed with it, and in its
title) and the browser's date picker on the site."""

WORKSHEETS_DIR = "worksheets"

INLINE_CHOICES = 100
"""Characters a checklist's items may have in all to be printed in a row (about two lines)."""

TABLE_SHARE = 96.0
"""Percent of a table's width shared by its columns; the row numbers take the rest."""


@dataclass(frozen=True)
class Input:
    """One fillable input: a PDF form field and an HTML control."""

    name: str
    """Form field name, unique across the course."""
    title: str
    """Readable name shown by PDF viewers and screen readers."""
    kind: InputKind
    lines: int = 1
    """Ruled lines for a multi-line input."""
    label: str = ""
    """Short name for an input without a visible label of its own (a table cell)."""

    @property
    def dom_id(self) -> str:
        """The HTML ``id``: the name with only letters, digits and hyphens."""
        return "ws-" + self.name.replace(":", "-").replace("_", "-")


@dataclass(frozen=True)
class Choice:
    """A labelled tick box: a checklist item or a point on a scale."""

    label: str
    input: Input


@dataclass(frozen=True)
class TableRow:
    number: int
    cells: tuple[Input, ...]


@dataclass(frozen=True)
class QuestionSlot:
    """One question to plan: from the bank (``question``) or the learner's own."""

    number: int
    question: Question | None
    pick: Input
    own: Input | None
    """Where the learner writes a question of their own (empty slots only)."""
    notes: Input | None


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    input: Input


@dataclass(frozen=True)
class FieldView:
    """A field with its inputs; the attribute used depends on ``spec.type``."""

    spec: WorksheetField
    inputs: tuple[Input, ...]
    choices: tuple[Choice, ...] = ()
    columns: tuple[Column, ...] = ()
    column_share: tuple[float, ...] = ()
    """Width of each column in percent of the table (the row numbers take the rest)."""
    rows: tuple[TableRow, ...] = ()
    slots: tuple[QuestionSlot, ...] = ()
    template: MessageTemplate | None = None
    placeholders: tuple[Placeholder, ...] = ()
    subject: Input | None = None
    """The learner's own subject line, asked for before the draft when the template has one."""
    inline: bool = False
    """A short list of options, printed in a row like a scale rather than one under another."""

    @property
    def template_name(self) -> str:
        """The template that draws this kind of field."""
        return f"field/{self.spec.type}.html.j2"

    @property
    def input(self) -> Input:
        """The only (or the main) input of a one-input field."""
        return self.inputs[-1]


@dataclass(frozen=True)
class SectionView:
    title: str
    intro: str | None
    fields: tuple[FieldView, ...]


@dataclass(frozen=True)
class ModuleLink:
    """A module that uses a worksheet, as the worksheet page names it."""

    id: str
    heading: str


@dataclass(frozen=True)
class WorksheetPage:
    """One worksheet, resolved: its page, the modules using it, its inputs."""

    number: int
    sheet: WorksheetFile
    page: str
    used_in: tuple[ModuleLink, ...]
    sections: tuple[SectionView, ...]

    @property
    def id(self) -> str:
        return self.sheet.id

    @property
    def landscape(self) -> bool:
        return self.sheet.orientation == "landscape"

    @property
    def inputs(self) -> tuple[Input, ...]:
        """Every fillable input, in reading order."""
        return tuple(i for s in self.sections for f in s.fields for i in f.inputs)

    @property
    def has_table(self) -> bool:
        """True when a field is a table (its page offers it as CSV)."""
        return any(f.spec.type == "table" for s in self.sections for f in s.fields)


@dataclass(frozen=True)
class Labels:
    """Interface words used in input titles (from the locale's string table)."""

    row: str
    pick: str
    own_question: str
    notes: str
    draft: str
    subject_line: str
    date_format: str

    @classmethod
    def from_strings(cls, ui: Mapping[str, str]) -> Labels:
        return cls(
            row=ui["ws_row_n"],
            pick=ui["ws_pick"],
            own_question=ui["ws_own_question"],
            notes=ui["ws_notes"],
            draft=ui["ws_draft"],
            subject_line=ui["ws_subject_line"],
            date_format=ui["ws_date_format"],
        )
