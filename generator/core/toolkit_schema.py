"""The toolkit's schema: ``pipeline.yml`` (the steps and the tracker's timing
rules), ``questions.yml`` (the question bank) and ``messages.yml`` (message
templates). Shared field types and the base class come from ``schema``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .schema import Audiences, Channel, Id, Line, Markdown, Schema


class Step(Schema):
    """One step of the informational-interview pipeline."""

    id: Id
    """Identifier, unique within the course."""
    title: Line
    """Step name, shown in the diagram."""
    short: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    """A label of at most 40 characters for the pipeline diagram."""
    why: Markdown
    """Why this step matters."""
    actions: list[Line] = Field(min_length=1)
    """What to do, as a checklist."""
    timing: Line | None = None
    """When to do it, e.g. "follow up after 7 days"."""
    tips: list[Line] = []
    """Practical advice."""
    pitfalls: list[Line] = []
    """What goes wrong."""


class TrackerEvent(Schema):
    """Something that happens with a contact, which the learner records with its date."""

    id: Id
    """Identifier, unique within the course; timing rules name it."""
    label: Line
    """What happened, as the learner records it, e.g. "Request sent"."""
    step: Id | None = None
    """The pipeline step a contact has reached once this has happened."""


class TrackerRule(Schema):
    """A timing rule of the course: what falls due a number of days after an event."""

    id: Id
    """Identifier, unique within the course (an edition overrides a rule by it)."""
    label: Line
    """What to do, as the list of what is due shows it, e.g. "Send your one chaser"."""
    after: Id
    """The event that starts the clock."""
    days: Annotated[int, Field(ge=0, le=365)]
    """How many days after that event it falls due (1 for "within 24 hours")."""
    unless: list[Id] = []
    """Events that settle it: once one of them is recorded, it is no longer due."""
    only_if_introduced: bool = False
    """Due only for contacts someone introduced you to (reporting back to them)."""


TrackerField = Literal["name", "organization", "found", "introducer", "step"]
"""What a column of an imported table holds, besides the dates of events."""


class WorksheetImport(Schema):
    """A worksheet table whose rows the tracker can import, and what its columns hold."""

    worksheet: Id
    """Id of the worksheet."""
    table: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    """Id of the table field in that worksheet."""
    columns: dict[
        Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)],
        TrackerField | Id,
    ] = Field(min_length=1)
    """Column id → what it holds: ``name``, ``organization``, ``found``, ``introducer``,
    ``step``, or the id of an event whose date the column gives."""


class Tracker(Schema):
    """The pipeline tracker page: where each contact stands and what is due when.

    Its timing rules are course data, so an edition can change them by id.
    """

    title: Line
    """Page title."""
    introduction: Markdown
    """Text at the top of the page."""
    due_soon_days: Annotated[int, Field(ge=1, le=60)] = 7
    """How many days ahead the "due this week" list looks."""
    events: list[TrackerEvent] = Field(min_length=1)
    """What the learner can record for a contact, in the order things usually happen."""
    rules: list[TrackerRule] = Field(min_length=1)
    """The timing rules, in the order they are listed."""
    import_from: WorksheetImport | None = None
    """A worksheet table that the tracker can import as CSV."""


class PipelineFile(Schema):
    """``content/pipeline.yml``: the steps that repeat for every contact."""

    title: Line
    """Page title."""
    introduction: Markdown
    """Text above the diagram."""
    steps: list[Step] = Field(min_length=2)
    """The steps in order; the last one leads back to the first."""
    tracker: Tracker | None = None
    """The pipeline tracker page (left out when absent)."""


class Question(Schema):
    """An open-ended (or deliberately closed) question to ask."""

    id: Id
    """Identifier, unique within the course."""
    text: Line
    """The question as the learner would ask it."""
    tags: list[Id] = []
    """Tags from the bank's ``tags`` list (career stage, meeting length…)."""
    probe: Line | None = None
    """A follow-up to go deeper after the first answer."""
    why: Line | None = None
    """Why this question is worth asking."""
    closed: bool = False
    """True for closed questions that are still right (permission, confirmation)."""
    audiences: Audiences | None = None
    """Who this is for: any of ``early-career``, ``career-changer``, ``executive``.
    Left out, it is for everyone; an edition with ``audience:`` leaves it out when
    none of its audiences is listed."""


class QuestionCategory(Schema):
    """A group of questions on one theme."""

    id: Id
    """Identifier, unique within the course."""
    title: Line
    """Category heading."""
    introduction: Markdown | None = None
    """When to use these questions."""
    questions: list[Question] = Field(min_length=1)
    """The questions, best first."""


class QuestionBankFile(Schema):
    """``content/questions.yml``: the question bank."""

    title: Line
    """Page title."""
    introduction: Markdown
    """How to use the bank."""
    tags: dict[Id, Line] = Field(min_length=1)
    """Tags questions may carry, with the label shown to learners."""
    categories: list[QuestionCategory] = Field(min_length=1)
    """Categories in the order of a conversation."""


class MessageTemplate(Schema):
    """A message the learner adapts, with ``{placeholders}``."""

    id: Id
    """Identifier, unique within the course."""
    title: Line
    """Name of the message."""
    purpose: Markdown
    """When and why to send it."""
    channel: Channel | None = None
    """Where the message is sent; a ``linkedin-note`` over 200 characters gets a warning."""
    subject: Line | None = None
    """Email subject line, if any."""
    body: Markdown
    """The message text; ``{name}`` marks a placeholder."""
    placeholders: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], Line]
    """Every placeholder used, with what to put there."""
    audiences: Audiences | None = None
    """Who this is for: any of ``early-career``, ``career-changer``, ``executive``.
    Left out, it is for everyone; an edition with ``audience:`` leaves it out when
    none of its audiences is listed."""


class MessagesFile(Schema):
    """``content/messages.yml``: message templates."""

    title: Line
    """Page title."""
    introduction: Markdown
    """How to use the templates."""
    templates: list[MessageTemplate] = Field(min_length=1)
    """The templates, in the order they are used."""
