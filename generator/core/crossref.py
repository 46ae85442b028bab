"""Checks across the course's own files: the module list, the links of a module
to steps, question categories and templates, question tags, message
placeholders and the call to action.

Like every check across files, these run on the loaded YAML values (see
``checks``); every access is defensive for the same reason.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from .curriculum import Sources
from .errors import Problem, Severity, YamlPath
from .ids import IdIndex, strings
from .messages import suggest
from .source import Loaded, items

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


def check_course_references(src: Sources, index: IdIndex) -> list[Problem]:
    """The problems of course.yml, the module files, questions.yml and messages.yml
    that the schema does not catch."""
    problems = _check_module_order(src, index)
    problems += _check_module_links(src, index)
    problems += _check_tags(src)
    problems += _check_placeholders(src)
    return problems


def check_next_steps(src: Sources, index: IdIndex) -> list[Problem]:
    """The call to action of course.yml: well-formed links and emails."""
    if src.course is None:
        return []
    cta = src.course.data.get("next_steps") if isinstance(src.course.data, dict) else None
    return check_contact(src.course, ("next_steps",), cta)


def _check_module_order(src: Sources, index: IdIndex) -> list[Problem]:
    problems: list[Problem] = []
    listed: set[str] = set()
    course = src.course
    if course is not None:
        for i, ident in strings(course.data, "modules"):
            if ident in listed:
                problems.append(
                    Problem(
                        course.source.locate(("modules", i)),
                        f"the module '{ident}' is listed twice",
                        ("modules", i),
                        "list each module once",
                    )
                )
            listed.add(ident)
            problems += index.check(course, ("modules", i), ident, "module")
    for doc in src.modules:
        found = doc.data.get("id") if isinstance(doc.data, dict) else None
        if not isinstance(found, str):
            continue
        ident = found
        file = PurePosixPath(doc.source.file)
        in_content = file.parent.as_posix().endswith("content/modules")
        if in_content and ident != file.stem:
            problems.append(
                Problem(
                    doc.source.locate(("id",)),
                    f"the module id '{ident}' does not match its file name '{file.stem}'",
                    ("id",),
                    f"rename the file to '{ident}.yml' or change the id",
                )
            )
        if course is not None and ident not in listed:
            problems.append(
                Problem(
                    doc.source.locate(("id",)),
                    f"the module '{ident}' is not listed in course.yml, so it is not published",
                    ("id",),
                    "add its id to 'modules:' in content/course.yml",
                    Severity.WARNING,
                )
            )
    return problems


_MODULE_LINKS = (
    ("steps", "pipeline step"),
    ("question_categories", "question category"),
    ("message_templates", "message template"),
)


def _check_module_links(src: Sources, index: IdIndex) -> list[Problem]:
    problems = []
    for doc in src.modules:
        for name, kind in _MODULE_LINKS:
            for i, ident in strings(doc.data, name):
                problems += index.check(doc, (name, i), ident, kind)
    return problems


def _check_tags(src: Sources) -> list[Problem]:
    doc = src.questions
    if doc is None or not isinstance(doc.data, dict):
        return []
    known = doc.data.get("tags")
    known = known if isinstance(known, dict) else {}
    problems = []
    for i, category in items(doc.data, "categories"):
        for j, question in items(category, "questions"):
            for k, tag in strings(question, "tags"):
                if tag in known:
                    continue
                path: YamlPath = ("categories", i, "questions", j, "tags", k)
                close = suggest(tag, known)
                hint = f"{close} Or add" if close else "add"
                problems.append(
                    Problem(
                        doc.source.locate(path),
                        f"the tag '{tag}' is not defined",
                        path,
                        f"{hint} it under 'tags:' at the top of questions.yml",
                    )
                )
    return problems


def placeholders_in(text: str) -> list[str]:
    """Placeholder names used in a message text, in order of first use."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def _check_placeholders(src: Sources) -> list[Problem]:
    doc = src.messages
    if doc is None:
        return []
    problems = []
    for i, template in items(doc.data, "templates"):
        described = template.get("placeholders")
        described = described if isinstance(described, dict) else {}
        used: set[str] = set()
        for field in ("subject", "body"):
            text = template.get(field)
            if not isinstance(text, str):
                continue
            for name in placeholders_in(text):
                used.add(name)
                if name in described:
                    continue
                path: YamlPath = ("templates", i, field)
                hint = suggest(name, described) or (
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
        for name in described:
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


def check_contact(doc: Loaded, path: YamlPath, cta: Any) -> list[Problem]:
    """Links and emails in a call-to-action block must be well formed."""
    if not isinstance(cta, dict):
        return []
    problems = []
    url, email = cta.get("link_url"), cta.get("email")
    if isinstance(url, str) and not _URL.match(url):
        problems.append(
            Problem(
                doc.source.locate((*path, "link_url")),
                f"'{url}' is not a web address",
                (*path, "link_url"),
                "use a full address starting with https://",
            )
        )
    if isinstance(email, str) and not _EMAIL.match(email):
        problems.append(
            Problem(
                doc.source.locate((*path, "email")),
                f"'{email}' is not an email address",
                (*path, "email"),
                "write it as name@example.org",
            )
        )
    return problems
