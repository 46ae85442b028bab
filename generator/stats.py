"""Inventory of a course: how many of each thing it holds."""

from __future__ import annotations

from collections.abc import Mapping

from .core.model import Course
from .quiz.schema import ITEM_TYPES


def course_stats(course: Course) -> dict[str, int]:
    """Counts of modules, examples, steps, questions, templates, quiz items and worksheets."""
    modules = [page.module for page in course.modules]
    categories = course.questions.categories
    quizzes = [page.quiz for page in course.quizzes if page.quiz is not None]
    return {
        "modules": len(modules),
        "sections": sum(len(m.sections) for m in modules),
        "example_pairs": sum(len(m.example_pairs) for m in modules),
        "pipeline_steps": len(course.pipeline.steps),
        "question_categories": len(categories),
        "questions": sum(len(c.questions) for c in categories),
        "questions_with_probe": sum(1 for c in categories for q in c.questions if q.probe),
        "closed_questions": sum(1 for c in categories for q in c.questions if q.closed),
        "message_templates": len(course.messages.templates),
        "worksheets": len(course.worksheets),
        "worksheet_fields": sum(
            len(section.fields) for w in course.worksheets for section in w.sections
        ),
        "worksheet_form_fields": sum(len(w.inputs) for w in course.worksheets),
        "quizzes": len(quizzes),
        "quiz_items": sum(len(q.items) for q in quizzes),
    } | {
        f"quiz_items_{kind.replace('-', '_')}": sum(
            1 for q in quizzes for item in q.items if item.kind == kind
        )
        for kind in ITEM_TYPES
    }


PER_AUDIENCE = (
    "modules",
    "sections",
    "example_pairs",
    "questions",
    "quiz_items",
    "message_templates",
    "worksheets",
)
"""What ``coursegen stats`` counts for each audience."""


def audience_stats(courses: Mapping[str, Course]) -> dict[str, int]:
    """For each audience, what a learner on that track sees: ``courses`` maps each
    audience to the course built for it."""
    counts: dict[str, int] = {}
    for audience, course in courses.items():
        whole = course_stats(course)
        prefix = audience.replace("-", "_")
        counts |= {f"{prefix}_{key}": whole[key] for key in PER_AUDIENCE}
    return counts
