"""``content/coach/<module>.yml`` and ``content/sources.yml``: what each may hold.

Text fields are Markdown. The counts (steps, role plays, behaviours to watch
for, rubric rows) are part of the format, so the schema enforces them and an
editor shows them while the kit is written.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from ..core.schema import Id, Line, Markdown, Schema
from .urls import source_url_problem

StepKind = Literal["warm-up", "teach", "exercise", "role-play", "debrief", "wrap-up"]
"""What a step of the session is for."""


class SessionStep(Schema):
    """One timed step of the live session, in order."""

    title: Line
    """What the step is called on the plan, e.g. "Warm-up: the last job you heard about"."""
    kind: StepKind
    """One of: warm-up, teach, exercise, role-play, debrief, wrap-up."""
    minutes: Annotated[int, Field(ge=1, le=90)]
    """How long the step takes; the steps add up to the session's minutes."""
    body: Markdown
    """What the coach does and says: two to six sentences or a short list."""


class Session(Schema):
    """The plan of one live session on the module."""

    minutes: Annotated[int, Field(ge=45, le=90)] = 60
    """Length of the whole session (45 to 90; 60 by default)."""
    goal: Markdown
    """One sentence: what learners can do at the end."""
    prepare: Markdown
    """What the coach prepares beforehand (a short list)."""
    steps: list[SessionStep] = Field(min_length=4, max_length=7)
    """The steps in order: four to seven."""


class RolePlay(Schema):
    """A role play for two: a card for the learner, a brief for the contact."""

    id: Id
    """Unique across the course; start it with the module's quiz prefix."""
    title: Line
    """Name of the role play, on both cards."""
    learner: Markdown
    """The situation, handed to the learner (two to five sentences)."""
    contact: Markdown
    """The private brief for whoever plays the contact: who they are, their mood,
    one curve ball to throw."""
    watch_for: list[Line] = Field(min_length=3, max_length=5)
    """Three to five observable behaviours the coach watches for."""


class Criterion(Schema):
    """One row of a rubric: what strong, adequate and weak look like."""

    name: Line
    """What the row marks, e.g. "Length and ask"."""
    strong: Markdown
    """What a strong message or note shows."""
    adequate: Markdown
    """What an adequate one shows."""
    weak: Markdown
    """What a weak one shows."""


class Rubric(Schema):
    """A rubric for marking a learner's outreach message or thank-you note."""

    title: Line
    """What is being marked, e.g. "Marking a first request"."""
    applies_to: Id | None = None
    """The id of the message template or worksheet the marked text comes from."""
    criteria: list[Criterion] = Field(min_length=4, max_length=6)
    """Four to six rows."""


class CoachKitFile(Schema):
    """``content/coach/<module>.yml``: the coach's kit for one module."""

    module: Id
    """The module this kit is for (one kit per module; the file is named after it)."""
    session: Session
    """The session plan: length, goal, preparation and timed steps."""
    role_plays: list[RolePlay] = Field(min_length=2, max_length=2)
    """Exactly two role plays."""
    rubric: Rubric
    """How to mark what learners write for this module."""


def _source_url(url: str) -> str:
    why = source_url_problem(url)
    if why:
        raise ValueError(why)
    return url


SourceUrl = Annotated[str, AfterValidator(_source_url)]
"""A web address (http or https) with a host name and no spaces or control characters."""


class Source(Schema):
    """One place the course's facts come from."""

    title: Line
    """Title of the page, guide or book."""
    publisher: Line | None = None
    """Who publishes it, e.g. a university's career centre."""
    url: SourceUrl | None = None
    """Where to read it (http or https)."""
    note: Markdown | None = None
    """What the course takes from it (Markdown, one line)."""


class SourceGroup(Schema):
    """Sources of one kind, under a heading."""

    title: Line
    """Heading of the group, e.g. "University career centres"."""
    sources: list[Source] = Field(min_length=1)
    """The sources of this group, in the order shown."""


class SourcesFile(Schema):
    """``content/sources.yml``: the learners' page naming where the facts come from."""

    title: Line | None = None
    """Page title (default: "Sources" in the edition's language)."""
    intro: Markdown | None = None
    """Text above the list."""
    groups: list[SourceGroup] = Field(min_length=1)
    """The sources, in groups."""
