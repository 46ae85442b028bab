"""Resolve a checked curriculum into the course: ordered, numbered, with a page
and anchor for every id, and the navigation.

Everything a renderer needs is computed here, so templates never number, sort
or look anything up.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..coach.model import SourcesPage, build_coach_kits
from ..quiz.resolve import build_quiz
from ..ui import load_strings
from ..worksheet.model import Labels, ModuleLink
from ..worksheet.resolve import build_worksheets
from .curriculum import Curriculum
from .model import (
    ANSWER_KEY_PAGE,
    COACH_KIT_PAGE,
    HOME_PAGE,
    MESSAGES_PAGE,
    PIPELINE_PAGE,
    PROGRESS_PAGE,
    QUESTIONS_PAGE,
    SOURCES_PAGE,
    TRACKER_PAGE,
    WORKSHEETS_PAGE,
    Course,
    Edition,
    ModulePage,
    NavEntry,
    Target,
)


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
