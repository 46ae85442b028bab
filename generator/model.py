"""The resolved course: ordered, numbered, with a page and anchor for every id.

Everything a renderer needs is computed here, so templates never number, sort
or look anything up.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath

from .coach.model import CoachKit, SourcesPage, build_coach_kits
from .curriculum import Curriculum
from .quiz.model import Quiz, build_quiz
from .schema import (
    CallToAction,
    CourseFile,
    MessagesFile,
    MessageTemplate,
    ModuleFile,
    PipelineFile,
    QuestionBankFile,
    QuestionCategory,
    Step,
)
from .ui import load_strings
from .worksheet.model import Labels, ModuleLink, WorksheetPage, build_worksheets


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


def build_course(cur: Curriculum, edition: Edition | None = None) -> Course:
    """Resolve a checked curriculum into the course model."""
    edition = edition or Edition()
    by_id = {doc.value.id: doc.value for doc in cur.modules}
    steps = {step.id: step for step in cur.pipeline.value.steps}
    categories = {c.id: c for c in cur.questions.value.categories}
    templates = {t.id: t for t in cur.messages.value.templates}
    ui = load_strings(edition.language)
    pairs = {pair.id: pair for doc in cur.modules for pair in doc.value.example_pairs}
    quizzes = {
        stem: build_quiz(
            stem,
            doc.value,
            pairs=pairs,
            steps=cur.pipeline.value.steps,
            labels=ui,
            edition=edition.slug,
        )
        for doc in cur.quizzes
        if (stem := PurePosixPath(doc.source.file).stem) in by_id
    }
    order = cur.course.value.modules
    worksheets = build_worksheets(
        [doc.value for doc in cur.worksheets],
        [
            ModuleLink(ident, ui["module_n"].format(n=n) + f": {by_id[ident].title}")
            for n, ident in enumerate(order, start=1)
        ],
        {q.id: q for c in cur.questions.value.categories for q in c.questions},
        templates,
        Labels.from_strings(ui),
    )
    modules = tuple(
        ModulePage(
            number=n,
            module=by_id[ident],
            page=f"modules/{ident}.md",
            steps=tuple(steps[s] for s in by_id[ident].steps),
            categories=tuple(categories[c] for c in by_id[ident].question_categories),
            templates=tuple(templates[t] for t in by_id[ident].message_templates),
            heading=f"{ui['module_n'].format(n=n)}: {by_id[ident].title}",
            quiz=quizzes.get(ident),
            worksheets=tuple(w for w in worksheets if ident in w.sheet.modules),
        )
        for n, ident in enumerate(order, start=1)
    )
    targets: dict[str, Target] = {}
    for page in modules:
        targets[page.module.id] = Target(page.page, title=page.heading)
        for section in page.module.sections:
            targets[section.id] = Target(page.page, section.id, section.title)
        for pair in page.module.example_pairs:
            targets[pair.id] = Target(page.page, pair.id, pair.title)
        for item in page.quiz.items if page.quiz else ():
            title = ui["question_n"].format(n=item.number)
            targets[item.id] = Target(page.page, item.id, f"{page.heading}, {title}")
    for step in cur.pipeline.value.steps:
        targets[step.id] = Target(PIPELINE_PAGE, step.id, step.title)
    for category in cur.questions.value.categories:
        targets[category.id] = Target(QUESTIONS_PAGE, category.id, category.title)
        for question in category.questions:
            targets[question.id] = Target(QUESTIONS_PAGE, question.id, question.text)
    for template in cur.messages.value.templates:
        targets[template.id] = Target(MESSAGES_PAGE, template.id, template.title)
    for worksheet in worksheets:
        targets[worksheet.id] = Target(worksheet.page, title=worksheet.sheet.title)
    titles = {t.id: t.title for t in cur.messages.value.templates}
    titles |= {w.id: w.sheet.title for w in worksheets}
    coach_kits = build_coach_kits(
        [doc.value for doc in cur.coach_kits], {m.module.id: m.heading for m in modules}, titles, ui
    )
    sources = None
    if cur.sources_page is not None:
        content = cur.sources_page.value
        sources = SourcesPage(content.title or ui["sources_title"], content)
    tracker = cur.pipeline.value.tracker
    tracker_nav = (NavEntry(tracker.title, TRACKER_PAGE),) if tracker else ()
    nav: tuple[NavEntry, ...] = (
        NavEntry(ui["home"], HOME_PAGE),
        NavEntry(
            ui["modules"],
            children=tuple(NavEntry(f"{m.number}. {m.module.title}", m.page) for m in modules),
        ),
        NavEntry(
            ui["toolkit"],
            children=(
                NavEntry(cur.pipeline.value.title, PIPELINE_PAGE),
                *tracker_nav,
                NavEntry(cur.questions.value.title, QUESTIONS_PAGE),
                NavEntry(cur.messages.value.title, MESSAGES_PAGE),
            ),
        ),
    )
    if worksheets:
        nav += (
            NavEntry(
                ui["ws_worksheets"],
                children=(
                    NavEntry(ui["ws_all"], WORKSHEETS_PAGE),
                    *(NavEntry(w.sheet.title, w.page) for w in worksheets),
                ),
            ),
        )
    if quizzes:
        nav += (
            NavEntry(
                ui["self_check"],
                children=(
                    NavEntry(ui["progress_title"], PROGRESS_PAGE),
                    *(
                        (NavEntry(ui["answer_key_title"], ANSWER_KEY_PAGE),)
                        if edition.answer_key_on_site
                        else ()
                    ),
                ),
            ),
        )
    if coach_kits and edition.coach_kit_on_site:
        nav += (
            NavEntry(
                ui["coach_kit_nav"], children=(NavEntry(ui["coach_kit_title"], COACH_KIT_PAGE),)
            ),
        )
    if sources is not None:
        nav += (NavEntry(sources.title, SOURCES_PAGE),)
    return Course(
        edition=edition,
        info=cur.course.value,
        next_steps=cur.course.value.next_steps,
        modules=modules,
        pipeline=cur.pipeline.value,
        questions=cur.questions.value,
        messages=cur.messages.value,
        targets=targets,
        nav=nav,
        worksheets=worksheets,
        coach_kits=coach_kits,
        sources=sources,
    )
