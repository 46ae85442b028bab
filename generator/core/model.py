"""The resolved course: ordered, numbered, with a page and anchor for every id.

These are the values renderers receive; ``resolve`` computes them from a
checked curriculum, so templates never number, sort or look anything up.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..coach.model import CoachKit, SourcesPage
from ..quiz.model import Quiz
from ..worksheet.model import WorksheetPage
from .schema import CallToAction, CourseFile, ModuleFile
from .toolkit_schema import (
    MessagesFile,
    MessageTemplate,
    PipelineFile,
    QuestionBankFile,
    QuestionCategory,
    Step,
)


@dataclass(frozen=True)
class Asset:
    """A file an edition brings (logo, icon, font), read into memory."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Logo(Asset):
    """The edition's logo, with its shape: the PDFs size it from that."""

    aspect: float = 1.0
    """Width over height."""


@dataclass(frozen=True)
class Palette:
    """Brand colours as hex, with the text colour that reads on each."""

    primary: str
    on_primary: str
    primary_light: str
    primary_dark: str
    accent: str
    ink: str
    """The primary colour, darkened if needed to read as text on white paper."""
    tint: str
    """A pale shade of the primary colour for boxes on paper."""


@dataclass(frozen=True)
class Edition:
    """Which edition is being built, and what it changes in the furniture."""

    slug: str = "default"
    brand: str = ""
    """Coach or organisation name; empty for the neutral default edition."""
    language: str = "en"
    """Language of the interface strings and of Material's furniture."""
    logo: Logo | None = None
    favicon: Asset | None = None
    font: Asset | None = None
    palette: Palette | None = None
    site_url: str | None = None
    paper: str = "a4"
    footer: str | None = None
    licence: str | None = None
    answer_key_on_site: bool = False
    """Publish the quiz answer key on the learners' site (otherwise coach/ only)."""
    coach_kit_on_site: bool = False
    """Publish the coach kit's PDFs on the learners' site (otherwise coach/ only)."""
    mastery_score: int | None = None
    """Mean quiz score that passes the course in a SCORM package; None: completion only."""
    audiences: tuple[str, ...] = ()
    """The audiences this edition is built for; empty: the full course, for everyone."""


@dataclass(frozen=True)
class Target:
    """Where an id lives: a page and an optional anchor on it."""

    page: str
    anchor: str = ""
    title: str = ""
    """What the id names (a section title, a step title…), for link texts."""


@dataclass(frozen=True)
class ModulePage:
    """A module with its number, page and the toolkit items it uses."""

    number: int
    module: ModuleFile
    page: str
    steps: tuple[Step, ...]
    categories: tuple[QuestionCategory, ...]
    templates: tuple[MessageTemplate, ...]
    heading: str
    """"Module 3: Secure the meeting", in the interface language."""
    quiz: Quiz | None = None
    """The self-check at the end of the page, if the module has one."""
    worksheets: tuple[WorksheetPage, ...] = ()
    """The worksheets this module uses."""


@dataclass(frozen=True)
class NavEntry:
    """One entry of the site navigation; ``children`` for a section."""

    title: str
    page: str = ""
    children: tuple[NavEntry, ...] = ()


HOME_PAGE = "index.md"
PIPELINE_PAGE = "pipeline.md"
TRACKER_PAGE = "tracker.md"
QUESTIONS_PAGE = "questions.md"
MESSAGES_PAGE = "messages.md"
PROGRESS_PAGE = "progress.md"
ANSWER_KEY_PAGE = "answer-key.md"
COACH_KIT_PAGE = "coach-kit.md"
SOURCES_PAGE = "sources.md"
WORKSHEETS_PAGE = "worksheets/index.md"


@dataclass(frozen=True)
class Course:
    """The whole course, ready to render."""

    edition: Edition
    info: CourseFile
    next_steps: CallToAction
    modules: tuple[ModulePage, ...]
    pipeline: PipelineFile
    questions: QuestionBankFile
    messages: MessagesFile
    targets: dict[str, Target]
    nav: tuple[NavEntry, ...]
    worksheets: tuple[WorksheetPage, ...] = ()
    coach_kits: tuple[CoachKit, ...] = ()
    """The coach's kit of each module that has one, in course order."""
    sources: SourcesPage | None = None
    """The learners' sources page, when the course has ``content/sources.yml``."""

    @property
    def quizzes(self) -> tuple[ModulePage, ...]:
        """The module pages that end with a quiz, in course order."""
        return tuple(page for page in self.modules if page.quiz is not None)

    def link(self, ident: str, from_page: str) -> str:
        """A relative link from one page to the place that defines ``ident``."""
        target = self.targets[ident]
        return relative_url(from_page, target.page, target.anchor)


def relative_url(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative URL between two Markdown pages as MkDocs publishes them."""
    start = posixpath.dirname(from_page) or "."
    html = to_page[: -len(".md")] + ".html"
    rel = posixpath.relpath(html, start)
    if to_page == from_page and anchor:
        return f"#{anchor}"
    return f"{rel}#{anchor}" if anchor else rel
