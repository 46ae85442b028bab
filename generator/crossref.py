"""Checks that span files: unique ids, references that resolve, placeholders.

Runs after every file has passed the schema, so it can trust the shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel

from .curriculum import Curriculum, Document
from .errors import Location, Problem, Severity, YamlPath
from .messages import suggest

LINK_REF = re.compile(r"\]\(@([^)\s]*)\)")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


@dataclass(frozen=True)
class IdEntry:
    """Where an id is defined and what kind of thing it names."""

    kind: str
    location: Location
    path: YamlPath


def collect_ids(cur: Curriculum) -> tuple[dict[str, IdEntry], list[Problem]]:
    """Every id in the course, and an error for each one defined twice."""
    found: dict[str, IdEntry] = {}
    problems: list[Problem] = []

    def add(doc: Document[Any], path: YamlPath, kind: str, ident: str) -> None:
        where = doc.source.locate((*path, "id"))
        if ident in found:
            first = found[ident]
            problems.append(
                Problem(
                    where,
                    f"the id '{ident}' is already used by a {first.kind} at {first.location}",
                    (*path, "id"),
                    "ids must be unique across the whole course; rename one of them",
                )
            )
            return
        found[ident] = IdEntry(kind, where, (*path, "id"))

    for doc in cur.modules:
        module = doc.value
        add(doc, (), "module", module.id)
        for i, section in enumerate(module.sections):
            add(doc, ("sections", i), "section", section.id)
        for i, pair in enumerate(module.example_pairs):
            add(doc, ("example_pairs", i), "example pair", pair.id)
    for i, step in enumerate(cur.pipeline.value.steps):
        add(cur.pipeline, ("steps", i), "pipeline step", step.id)
    for i, category in enumerate(cur.questions.value.categories):
        add(cur.questions, ("categories", i), "question category", category.id)
        for j, question in enumerate(category.questions):
            add(cur.questions, ("categories", i, "questions", j), "question", question.id)
    for i, template in enumerate(cur.messages.value.templates):
        add(cur.messages, ("templates", i), "message template", template.id)
    return found, problems


def validate_references(cur: Curriculum) -> list[Problem]:
    """All cross-file problems of a curriculum."""
    ids, problems = collect_ids(cur)
    problems += _check_module_order(cur, ids)
    problems += _check_module_links(cur, ids)
    problems += _check_tags(cur)
    problems += _check_placeholders(cur)
    problems += _check_contact(cur)
    for doc in _documents(cur):
        problems += check_text_links(doc, ids)
    return problems


def _documents(cur: Curriculum) -> Iterator[Document[Any]]:
    yield cur.course
    yield from cur.modules
    yield cur.pipeline
    yield cur.questions
    yield cur.messages


def unknown_id(
    doc: Document[Any], path: YamlPath, ident: str, kind: str, choices: dict[str, IdEntry]
) -> Problem:
    """The standard message for a reference to an id that does not exist."""
    names = [k for k, entry in choices.items() if entry.kind == kind] if kind else list(choices)
    label = kind or "anything"
    hint = suggest(ident, names) or (
        f"known {label} ids: {', '.join(sorted(names)[:12])}" if names else ""
    )
    return Problem(doc.source.locate(path), f"'{ident}' is not the id of any {label}", path, hint)


def _check_module_order(cur: Curriculum, ids: dict[str, IdEntry]) -> list[Problem]:
    problems = []
    course = cur.course
    seen: set[str] = set()
    for i, ident in enumerate(course.value.modules):
        if ident in seen:
            problems.append(
                Problem(
                    course.source.locate(("modules", i)),
                    f"the module '{ident}' is listed twice",
                    ("modules", i),
                    "list each module once",
                )
            )
        seen.add(ident)
        if ids.get(ident) is None or ids[ident].kind != "module":
            problems.append(unknown_id(course, ("modules", i), ident, "module", ids))
    for doc in cur.modules:
        stem = PurePosixPath(doc.source.file).stem
        if doc.value.id != stem:
            problems.append(
                Problem(
                    doc.source.locate(("id",)),
                    f"the module id '{doc.value.id}' does not match its file name '{stem}'",
                    ("id",),
                    f"rename the file to '{doc.value.id}.yml' or change the id",
                )
            )
        if doc.value.id not in seen:
            problems.append(
                Problem(
                    doc.source.locate(("id",)),
                    f"the module '{doc.value.id}' is not listed in course.yml, so it is "
                    "not published",
                    ("id",),
                    "add its id to 'modules:' in content/course.yml",
                    Severity.WARNING,
                )
            )
    return problems


def _check_module_links(cur: Curriculum, ids: dict[str, IdEntry]) -> list[Problem]:
    problems = []
    fields = (
        ("steps", "pipeline step"),
        ("question_categories", "question category"),
        ("message_templates", "message template"),
    )
    for doc in cur.modules:
        for name, kind in fields:
            for i, ident in enumerate(getattr(doc.value, name)):
                entry = ids.get(ident)
                if entry is None or entry.kind != kind:
                    problems.append(unknown_id(doc, (name, i), ident, kind, ids))
    return problems


def _check_tags(cur: Curriculum) -> list[Problem]:
    doc = cur.questions
    known = doc.value.tags
    problems = []
    for i, category in enumerate(doc.value.categories):
        for j, question in enumerate(category.questions):
            for k, tag in enumerate(question.tags):
                if tag not in known:
                    path: YamlPath = ("categories", i, "questions", j, "tags", k)
                    hint = suggest(tag, known) or f"known tags: {', '.join(sorted(known))}"
                    problems.append(
                        Problem(
                            doc.source.locate(path),
                            f"the tag '{tag}' is not defined",
                            path,
                            hint + "; or add it under 'tags:' at the top of questions.yml",
                        )
                    )
    return problems


def placeholders_in(text: str) -> list[str]:
    """Placeholder names used in a message text, in order of first use."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def _check_placeholders(cur: Curriculum) -> list[Problem]:
    doc = cur.messages
    problems = []
    for i, template in enumerate(doc.value.templates):
        used: list[str] = []
        for field in ("subject", "body"):
            text = getattr(template, field) or ""
            for name in placeholders_in(text):
                used.append(name)
                if name not in template.placeholders:
                    path: YamlPath = ("templates", i, field)
                    hint = suggest(name, template.placeholders) or (
                        f"describe it under 'placeholders:' as '{name}: what to write'"
                    )
                    problems.append(
                        Problem(
                            doc.source.locate(path),
                            f"the placeholder '{{{name}}}' is not described in 'placeholders'",
                            path,
                            hint,
                        )
                    )
        for name in template.placeholders:
            if name not in used:
                path = ("templates", i, "placeholders", name)
                problems.append(
                    Problem(
                        doc.source.locate_key(path),
                        f"the placeholder '{name}' is described but never used",
                        path,
                        f"use '{{{name}}}' in the body or remove it",
                        Severity.WARNING,
                    )
                )
    return problems


def check_contact(doc: Document[Any], path: YamlPath, cta: Any) -> list[Problem]:
    """Links and emails in a call-to-action block must be well formed."""
    problems = []
    if cta.link_url is not None and not _URL.match(cta.link_url):
        problems.append(
            Problem(
                doc.source.locate((*path, "link_url")),
                f"'{cta.link_url}' is not a web address",
                (*path, "link_url"),
                "use a full address starting with https://",
            )
        )
    if cta.email is not None and not _EMAIL.match(cta.email):
        problems.append(
            Problem(
                doc.source.locate((*path, "email")),
                f"'{cta.email}' is not an email address",
                (*path, "email"),
                "write it as name@example.org",
            )
        )
    return problems


def _check_contact(cur: Curriculum) -> list[Problem]:
    return check_contact(cur.course, ("next_steps",), cur.course.value.next_steps)


def walk_text(value: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every string inside a schema object, with its YAML path."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from walk_text(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from walk_text(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_text(item, (*path, key))
    elif isinstance(value, str):
        yield path, value


def check_text_links(doc: Document[Any], ids: dict[str, IdEntry]) -> list[Problem]:
    """``[text](@id)`` links must name an id that exists."""
    problems = []
    for path, text in walk_text(doc.value):
        for match in LINK_REF.finditer(text):
            ident = match.group(1)
            if ident not in ids:
                problems.append(unknown_id(doc, path, ident, "", ids))
    return problems
