"""The curriculum schema: the field types every content file shares, and what
``course.yml`` and each module file may contain (the toolkit files are in
``toolkit_schema``).

Every model is frozen and forbids unknown keys. Field docstrings become the
descriptions in the JSON Schema that editors use for autocomplete
(``coursegen schema``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=60)]
"""A lowercase identifier such as ``secure-meeting``: letters, digits and hyphens."""

Line = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True)]
"""One line of plain text, such as a title."""

Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
"""Text with Markdown formatting; raw HTML is shown as text, never run."""


Audience = Literal["early-career", "career-changer", "executive"]
"""A track of the course: who a part is written for."""

AUDIENCES: tuple[str, ...] = ("early-career", "career-changer", "executive")
"""Every audience, in the order labels and statistics list them."""


class SchemaProblem(ValueError):
    """A value the schema refuses, with what is wrong and how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def _audience_list(values: list[str]) -> list[str]:
    if not values:
        raise SchemaProblem(
            "an empty list of audiences leaves this out for every reader",
            "remove the key (untagged means everyone) or name at least one of: "
            + ", ".join(AUDIENCES),
        )
    for value in values:
        if values.count(value) > 1:
            raise SchemaProblem(f"'{value}' is listed twice", "list each audience once")
    return values


Audiences = Annotated[
    list[Audience],
    AfterValidator(_audience_list),
    Field(json_schema_extra={"minItems": 1, "uniqueItems": True}),
]
"""The audiences a part is for (``early-career``, ``career-changer``, ``executive``);
left out, the part is for everyone. An edition with ``audience:`` leaves out what is
tagged only for other audiences."""


class Schema(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, str_strip_whitespace=False
    )


class CallToAction(Schema):
    """The "next steps" block shown on the home page and after every module."""

    title: Line
    """Heading of the block, e.g. "Next steps"."""
    body: Markdown
    """What the learner can do next."""
    email: Line | None = None
    """Contact email shown as a mailto link."""
    link_url: Line | None = None
    """A booking or contact page (http or https)."""
    link_label: Line | None = None
    """Text of the link button; defaults to the URL."""


class CourseFile(Schema):
    """``content/course.yml``: the course as a whole."""

    title: Line
    """Course title, shown in the header and on the home page."""
    subtitle: Line
    """One-line promise under the title."""
    audience: Markdown
    """Who the course is for."""
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    """Language of the course text (ISO 639-1 code such as ``en``)."""
    introduction: Markdown
    """Opening text on the home page."""
    outcomes: list[Line] = Field(min_length=1)
    """What a learner can do after the course."""
    modules: list[Id] = Field(min_length=1)
    """Module ids in teaching order; each names a file in ``content/modules/``."""
    next_steps: CallToAction
    """The default call to action (a coach edition replaces it)."""


class Section(Schema):
    """A short titled part of a module's teaching text."""

    id: Id
    """Anchor of the section, unique within the course."""
    title: Line
    """Section heading."""
    body: Markdown
    """Teaching text. Link to another part of the course with ``[text](@id)``."""
    audiences: Audiences | None = None
    """Who this is for: any of ``early-career``, ``career-changer``, ``executive``.
    Left out, it is for everyone; an edition with ``audience:`` leaves it out when
    none of its audiences is listed."""


class Mistake(Schema):
    """A common mistake and what to do instead."""

    mistake: Line
    """What people get wrong."""
    instead: Markdown
    """What to do instead."""


Channel = Literal[
    "email",
    "linkedin-note",
    "linkedin-message",
    "messaging-app",
    "text",
    "phone",
    "voicemail",
    "video",
    "in-person",
]
"""How a message or script reaches the other person.

A LinkedIn connection note is limited to 200 characters on a free account (300
with Premium); the checker warns when a script or template is longer than the
limit of its channel (see ``CHANNEL_LIMITS``).
"""

CHANNEL_LIMITS: dict[str, tuple[int, str]] = {
    "linkedin-note": (200, "a LinkedIn connection note holds 200 characters on a free account"),
}
"""The channels with a hard length limit, and how to say it."""


class Analysis(Schema):
    """How one version of an example sounds and what it leads to.

    The subtext is not here: it belongs to the pair, because the listener knows
    you are looking for work in both versions.
    """

    tone: Line
    """How the words sound to the listener."""
    content: Line
    """Who or what the words are about."""
    outcome: Markdown
    """The likely outcome of saying it this way."""


class ExampleSide(Schema):
    """One version of a message or line in an example pair."""

    label: Line | None = None
    """Heading for this side; defaults to the pair's standard labels."""
    script: Markdown
    """The words themselves, as the learner would say or send them."""
    analysis: Analysis
    """Tone, content and likely outcome of this version."""


class ExamplePair(Schema):
    """A weak and a strong way of handling the same moment, side by side."""

    id: Id
    """Identifier, unique within the course."""
    title: Line
    """Short name of the situation."""
    scenario: Markdown
    """The situation the learner is in."""
    channel: Channel | None = None
    """How the scripts are delivered (email, linkedin-note, phone…); length limits follow it."""
    subtext: Line
    """What the listener understands without being told, the same in both versions:
    you are looking for work. Only tone, content and outcome differ."""
    bad: ExampleSide
    """The version that does not work (default label "Not an informational interview")."""
    good: ExampleSide
    """The version that works (default label "An informational interview")."""
    lesson: Markdown
    """What to take away from the contrast."""
    audiences: Audiences | None = None
    """Who this is for: any of ``early-career``, ``career-changer``, ``executive``.
    Left out, it is for everyone; an edition with ``audience:`` leaves it out when
    none of its audiences is listed."""


class ModuleFile(Schema):
    """``content/modules/<id>.yml``: one module of the course."""

    id: Id
    """Module id; must match the file name and appear in ``course.yml`` ``modules``."""
    title: Line
    """Module title."""
    summary: Markdown
    """One or two sentences shown on the module card and at the top of the page."""
    objectives: list[Line] = Field(min_length=1)
    """What the learner will be able to do after the module."""
    sections: list[Section] = Field(min_length=1)
    """The teaching text, in order."""
    example_pairs: list[ExamplePair] = []
    """Contrasting examples analysed on the four dimensions."""
    mistakes: list[Mistake] = []
    """Common mistakes and their fixes."""
    steps: list[Id] = []
    """Pipeline steps this module teaches (ids from ``pipeline.yml``)."""
    question_categories: list[Id] = []
    """Question-bank categories this module uses (ids from ``questions.yml``)."""
    message_templates: list[Id] = []
    """Message templates this module uses (ids from ``messages.yml``)."""
    key_points: list[Line] = Field(min_length=1)
    """The module summary: what to remember."""
    audiences: Audiences | None = None
    """Who this is for: any of ``early-career``, ``career-changer``, ``executive``.
    Left out, it is for everyone; an edition with ``audience:`` leaves it out when
    none of its audiences is listed."""
