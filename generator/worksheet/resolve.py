"""Resolve worksheet files into the worksheet model: every fillable input named
and titled (see ``model`` for the names and what each value means)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..core.toolkit_schema import MessageTemplate, Question
from ..typography import typographic
from .model import (
    INLINE_CHOICES,
    TABLE_SHARE,
    WORKSHEETS_DIR,
    Choice,
    FieldView,
    Input,
    Labels,
    ModuleLink,
    Placeholder,
    QuestionSlot,
    SectionView,
    TableRow,
    WorksheetPage,
)
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

_Title = Callable[..., str]
"""The ``title(*parts)`` helper handed to the field resolvers."""


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
