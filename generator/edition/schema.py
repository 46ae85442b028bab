"""``editions/<slug>/edition.yml``: what a coach may change, and nothing more."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

from ..core.schema import AUDIENCES, Audiences, CallToAction, Id, Line, Schema
from ..urls import SITE_URL_PATTERN, site_url_problem


def _site_url(url: str) -> str:
    why = site_url_problem(url)
    if why:
        raise ValueError(why)
    return url


SiteUrl = Annotated[
    str,
    AfterValidator(_site_url),
    WithJsonSchema({"type": "string", "pattern": SITE_URL_PATTERN}),
]
"""An http(s) address with no character that could leave an HTML attribute."""

RelativePath = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""A file inside the edition folder, e.g. ``logo.svg`` or ``brand/font.ttf``."""


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


_ONE_AUDIENCE = {"type": "string", "enum": list(AUDIENCES)}

AudienceChoice = Annotated[
    Audiences,
    BeforeValidator(_as_list),
    WithJsonSchema(
        {
            "anyOf": [
                _ONE_AUDIENCE,
                {"type": "array", "items": _ONE_AUDIENCE, "minItems": 1, "uniqueItems": True},
            ]
        }
    ),
]
"""One audience, or a list of them."""


class Branding(Schema):
    """How the edition looks: logo, icon, colours and the PDF font."""

    logo: RelativePath | None = None
    """Logo (SVG, PNG, JPEG or WebP in the edition folder): in the site header, and on
    every PDF beside the brand name: large on the workbook cover, small in page headers."""
    favicon: RelativePath | None = None
    """Browser tab icon (PNG, SVG or ICO in the edition folder)."""
    primary_color: Line | None = None
    """Main colour (header, headings): any CSS colour such as ``#0b5394`` or ``teal``."""
    accent_color: Line | None = None
    """Colour of links and buttons: any CSS colour."""
    font: RelativePath | None = None
    """A font file (TTF, OTF, WOFF or WOFF2) embedded in the PDFs for headings."""


class Additions(Schema):
    """New material, written in the same form as the base course files."""

    modules: list[RelativePath | dict[str, Any]] = []
    """Whole modules: written here, or the name of a YAML file in the edition folder."""
    worksheets: list[RelativePath | dict[str, Any]] = []
    """Whole worksheets: written here, or the name of a YAML file in the edition folder."""
    coach: list[RelativePath] = []
    """Coach kits, each the name of a YAML file in the edition folder written like
    ``content/coach/<module>.yml``: one per module the edition adds (or per base
    module that has no kit)."""
    into: dict[Id, dict[Id | str, list[Any]]] = {}
    """Items appended inside an existing part, by its id, e.g.
    ``secure-meeting: {example_pairs: [...]}``, ``opening: {questions: [...]}``, or
    ``secure-meeting: {quiz: [...]}`` for items at the end of that module's quiz."""


class Publishing(Schema):
    """Where and how the edition is published."""

    site_url: SiteUrl | None = None
    """The address the site will live at (turns on instant page loading)."""
    paper: Literal["a4", "letter"] = "a4"
    """Default paper size for worksheets and the workbook."""
    footer: Line | None = None
    """Text at the foot of every page, e.g. "© 2026 Northstar Career Coaching"."""
    licence: Line | None = None
    """Licence of the material, shown after the footer text."""
    answer_key: Literal["coach", "site"] = "coach"
    """Where the quiz answer key goes: ``coach`` keeps it in ``build/<edition>/coach/``
    for the coach alone; ``site`` also publishes it on the learners' site."""
    coach_kit: Literal["coach", "site"] = "coach"
    """Where the coach kit's PDFs go (session plans, role-play cards, rubrics):
    ``coach`` keeps them in ``build/<edition>/coach/`` for the coach alone; ``site``
    also publishes them on a "For coaches" page of the learners' site."""
    mastery_score: Annotated[int, Field(ge=0, le=100)] | None = None
    """In a SCORM package: the mean quiz score (0-100) that passes the course. Without
    it, a learner who has checked every quiz has "completed" the course."""


class EditionFile(Schema):
    """A coach's edition: layered over the base course when it is built."""

    name: Line
    """The coach's or organisation's name, shown on the site and in every PDF."""
    title: Line | None = None
    """Course title for this edition (default: the base course title)."""
    subtitle: Line | None = None
    """Subtitle for this edition (default: the base course subtitle)."""
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = "en"
    """Language of buttons, labels and page furniture (``en``, ``es`` or ``fr``)."""
    branding: Branding = Branding()
    """Logo, icon, colours and font."""
    next_steps: CallToAction | None = None
    """Your call to action, shown on the home page, after every module and in the workbook."""
    modules: list[Id] | None = None
    """The modules to publish, in order (default: the base course order)."""
    exclude: list[Id] = []
    """Modules to leave out (when ``modules`` is not given)."""
    hide: list[Id] = []
    """Example pairs, questions, quiz items or worksheets to leave out, by id."""
    audience: AudienceChoice | None = None
    """Build the course for one audience (``executive``) or several
    (``[early-career, career-changer]``): every module, section, example pair,
    question, quiz item, message template and worksheet tagged only for other
    audiences is left out. Without it, the edition is the full course."""
    add: Additions = Additions()
    """New modules, worksheets or coach kits, or new items inside existing parts."""
    override: dict[Id, dict[str, Any]] = Field(default_factory=dict)
    """Fields to replace in any part of the course, by its id, e.g.
    ``secure-meeting: {summary: "..."}``. Only the fields given change."""
    publishing: Publishing = Publishing()
    """Site address, paper size, footer and licence."""

    @property
    def audiences(self) -> tuple[str, ...]:
        """The chosen audiences (empty: the full course, for everyone)."""
        return tuple(self.audience or ())
