"""Worksheets resolved for rendering: every fillable input named and titled.

Templates receive these objects and only lay them out: form field names, row
numbers and readable titles are all decided here, so the site page, the
printable PDF and the fillable PDF agree on them.

Field names are ``<worksheet>:<field>`` plus ``:<part>`` for fields with
several inputs (``pipeline-tracker:contacts:r3:status``). A colon, not a
period, separates the parts: PDF readers treat a period in a field name as a
step into a field hierarchy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..core.toolkit_schema import MessageTemplate, Question
from ..typography import typographic
from .schema import (
    Checklist,
    Column,
    DateField,
    LongText,
    MessageDraft,
    QuestionPick,
    Rating,
    ShortText,
    Table,
    WorksheetField,
    WorksheetFile,
)

InputKind = Literal["text", "multiline", "checkbox", "date"]
"""A ``date`` is a text box on paper (the date format printed with it, and in its
title) and the browser's date picker on the site."""

_Title = Callable[..., str]
"""The ``title(*parts)`` helper handed to the field resolvers."""

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


def resolve_field(
    sheet: WorksheetFile,
    field: WorksheetField,
    questions: Mapping[str, Question],
    templates: Mapping[str, MessageTemplate],
    labels: Labels,
) -> FieldView:
    """Name and title every input of one field."""
    field = _typeset(field)
    base = f"{sheet.id}:{field.id}"

    def title(*parts: str) -> str:
        return " \N{EN DASH} ".join((sheet.title, field.label, *parts))

    if isinstance(field, ShortText):
        return FieldView(field, (Input(base, title(), "text"),))
    if isinstance(field, DateField):
        return FieldView(field, (Input(base, _dated(title(), labels), "date"),))
    if isinstance(field, LongText):
        return FieldView(field, (Input(base, title(), "multiline", field.lines),))
    if isinstance(field, Checklist):
        choices = tuple(
            Choice(item, Input(f"{base}:{n}", title(item), "checkbox"))
            for n, item in enumerate(field.items, start=1)
        )
        inline = sum(len(item) for item in field.items) <= INLINE_CHOICES
        return FieldView(field, tuple(c.input for c in choices), choices=choices, inline=inline)
    if isinstance(field, Rating):
        choices = tuple(
            Choice(str(n), Input(f"{base}:{n}", title(str(n)), "checkbox"))
            for n in range(1, field.points + 1)
        )
        return FieldView(field, tuple(c.input for c in choices), choices=choices)
    if isinstance(field, Table):
        return _table(field, base, title, labels)
    if isinstance(field, QuestionPick):
        return _questions(field, base, title, questions, labels)
    return _message(field, base, title, templates, labels)


def _typeset(field: WorksheetField) -> WorksheetField:
    """The field with typographic quotes in its one-line texts (Markdown gets them on rendering)."""
    update: dict[str, object] = {"label": typographic(field.label)}
    if field.help:
        update["help"] = typographic(field.help)
    if isinstance(field, Checklist):
        update["items"] = [typographic(item) for item in field.items]
    if isinstance(field, Rating):
        update["low_label"] = field.low_label and typographic(field.low_label)
        update["high_label"] = field.high_label and typographic(field.high_label)
    if isinstance(field, Table):
        update["columns"] = [
            column.model_copy(update={"label": typographic(column.label)})
            for column in field.columns
        ]
    if isinstance(field, MessageDraft) and field.subject_help:
        update["subject_help"] = typographic(field.subject_help)
    return field.model_copy(update=update)


def _typeset_question(question: Question) -> Question:
    probe = question.probe and typographic(question.probe)
    return question.model_copy(update={"text": typographic(question.text), "probe": probe})


def _dated(title: str, labels: Labels) -> str:
    """The title of a date input: it names the format, as the printed box does."""
    return f"{title} ({labels.date_format})"


def _cell(base: str, n: int, column: Column, title: _Title, labels: Labels) -> Input:
    row = labels.row.format(n=n)
    cell_title = title(row, column.label)
    if column.kind == "date":
        cell_title = _dated(cell_title, labels)
    return Input(
        f"{base}:r{n}:{column.id}",
        cell_title,
        column.kind,
        label=f"{row} \N{EN DASH} {column.label}",
    )


def _table(field: Table, base: str, title: _Title, labels: Labels) -> FieldView:
    rows = tuple(
        TableRow(n, tuple(_cell(base, n, c, title, labels) for c in field.columns))
        for n in range(1, field.rows + 1)
    )
    total = sum(c.width for c in field.columns)
    share = tuple(round(TABLE_SHARE * c.width / total, 2) for c in field.columns)
    inputs = tuple(cell for row in rows for cell in row.cells)
    return FieldView(field, inputs, columns=tuple(field.columns), column_share=share, rows=rows)


def _questions(
    field: QuestionPick,
    base: str,
    title: _Title,
    questions: Mapping[str, Question],
    labels: Labels,
) -> FieldView:
    chosen: list[Question | None] = [_typeset_question(questions[q]) for q in field.questions]
    chosen += [None] * field.blank
    slots = []
    for n, question in enumerate(chosen, start=1):
        name = f"{base}:{n}"
        shown = f"{n}. {question.text if question else labels.own_question}"
        own = f"{n}. {labels.own_question}"
        notes = f"{shown} \N{EN DASH} {labels.notes}"
        slots.append(
            QuestionSlot(
                number=n,
                question=question,
                pick=Input(f"{name}:pick", title(shown, labels.pick), "checkbox", label=shown),
                own=None if question else Input(f"{name}:question", title(own), "text", label=own),
                notes=Input(
                    f"{name}:notes", title(shown, labels.notes), "multiline", field.lines, notes
                )
                if field.lines
                else None,
            )
        )
    inputs = tuple(i for s in slots for i in (s.pick, s.own, s.notes) if i is not None)
    return FieldView(field, inputs, slots=tuple(slots))


def _message(
    field: MessageDraft,
    base: str,
    title: _Title,
    templates: Mapping[str, MessageTemplate],
    labels: Labels,
) -> FieldView:
    original = templates[field.template]
    template = original.model_copy(
        update={
            "title": typographic(original.title),
            "subject": original.subject and typographic(original.subject),
        }
    )
    placeholders = tuple(
        Placeholder(
            name,
            typographic(meaning),
            Input(f"{base}:fill_{name}", title(f"{{{name}}}"), "text"),
        )
        for name, meaning in template.placeholders.items()
    )
    subject = (
        Input(f"{base}:subject", title(labels.subject_line), "text") if template.subject else None
    )
    draft = Input(f"{base}:draft", title(labels.draft), "multiline", field.lines)
    inputs = (*(p.input for p in placeholders), *((subject,) if subject else ()), draft)
    return FieldView(field, inputs, template=template, placeholders=placeholders, subject=subject)


def build_worksheets(
    sheets: Sequence[WorksheetFile],
    modules: Sequence[ModuleLink],
    questions: Mapping[str, Question],
    templates: Mapping[str, MessageTemplate],
    labels: Labels,
) -> tuple[WorksheetPage, ...]:
    """Resolve checked worksheets, ordered by the first module that uses them, then by id.

    ``modules`` lists the published modules in course order.
    """
    position = {m.id: n for n, m in enumerate(modules)}
    by_id = {m.id: m for m in modules}

    def order_of(module: str) -> int:
        return position.get(module, len(position))

    def order(sheet: WorksheetFile) -> tuple[int, str]:
        return (min(order_of(m) for m in sheet.modules), sheet.id)

    pages = []
    for number, sheet in enumerate(sorted(sheets, key=order), start=1):
        sections = tuple(
            SectionView(
                typographic(section.title),
                section.intro,
                tuple(
                    resolve_field(sheet, f, questions, templates, labels) for f in section.fields
                ),
            )
            for section in sheet.sections
        )
        used_in = tuple(by_id[m] for m in sorted(sheet.modules, key=order_of) if m in by_id)
        pages.append(
            WorksheetPage(number, sheet, f"{WORKSHEETS_DIR}/{sheet.id}.md", used_in, sections)
        )
    return tuple(pages)
