"""Inventory of a course: how many of each thing it holds."""

from __future__ import annotations

from .model import Course


def course_stats(course: Course) -> dict[str, int]:
    """Counts of modules, examples, steps, questions, templates and worksheets."""
    modules = [page.module for page in course.modules]
    categories = course.questions.categories
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
    }
