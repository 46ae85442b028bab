"""Checks on worksheet files that the schema alone cannot make.

Like the other cross-file checks, these run on the loaded YAML values, so a
schema error elsewhere in the file does not hide them: references to modules,
questions and message templates, and names that must be unique because they
become PDF form field names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

from ..core.curriculum import Sources
from ..core.errors import Location, Problem, YamlPath
from ..core.ids import IdIndex, strings
from ..core.source import Loaded, items

RESERVED_IDS = frozenset({"workbook", "index", "answer-key", "course", "coach-kit"})
"""Names taken by the PDFs of the combined workbook, the answer key, the
course book and the coach kit, and by the worksheet index page."""


def check_worksheets(src: Sources, index: IdIndex) -> list[Problem]:
    """Every problem in the worksheet files that the schema does not catch."""
    problems: list[Problem] = []
    for doc in src.worksheets:
        problems += _check_identity(doc)
        modules = list(strings(doc.data, "modules"))
        problems += _check_unique(doc, ((("modules", i), m) for i, m in modules), "module")
        for i, ident in modules:
            problems += index.check(doc, ("modules", i), ident, "module")
        problems += _check_fields(doc, index)
    return problems


def _check_identity(doc: Loaded) -> list[Problem]:
    ident = doc.data.get("id") if isinstance(doc.data, dict) else None
    if not isinstance(ident, str):
        return []
    where = doc.source.locate(("id",))
    if ident in RESERVED_IDS or ident.startswith("coach-kit-"):
        return [
            Problem(
                where,
                f"the id '{ident}' is reserved for the workbook, the answer key, "
                "the course book, the coach kit and the worksheet index",
                ("id",),
                f"choose another id, e.g. '{ident}-sheet'",
            )
        ]
    file = PurePosixPath(doc.source.file)
    stem = file.stem
    # Only the course's own files are named after their id; an edition may add
    # worksheets inline in edition.yml or in files of any name.
    if file.parent.as_posix().endswith("content/worksheets") and ident != stem:
        return [
            Problem(
                where,
                f"the worksheet id '{ident}' does not match its file name '{stem}'",
                ("id",),
                f"rename the file to '{ident}.yml' or change the id",
            )
        ]
    return []


def _fields(data: Any) -> Iterator[tuple[YamlPath, dict[str, Any]]]:
    for i, section in items(data, "sections"):
        for j, field in items(section, "fields"):
            yield ("sections", i, "fields", j), field


def _check_fields(doc: Loaded, index: IdIndex) -> list[Problem]:
    problems: list[Problem] = []
    fields = list(_fields(doc.data))
    problems += _check_unique(doc, (((*path, "id"), f.get("id")) for path, f in fields), "field")
    for path, field in fields:
        kind = field.get("type")
        if kind == "table":
            columns = (
                ((*path, "columns", j, "id"), c.get("id")) for j, c in items(field, "columns")
            )
            problems += _check_unique(doc, columns, "column")
        elif kind == "questions":
            listed = list(strings(field, "questions"))
            problems += _check_unique(
                doc, (((*path, "questions", k), q) for k, q in listed), "question"
            )
            for k, ident in listed:
                problems += index.check(doc, (*path, "questions", k), ident, "question")
            if not listed and field.get("blank", 0) == 0:
                problems.append(
                    Problem(
                        doc.source.locate(path),
                        "this questions field has no questions and no blank slots",
                        path,
                        "list question ids under 'questions:' or set 'blank:' to a number",
                    )
                )
        elif kind == "message":
            template = field.get("template")
            if isinstance(template, str):
                problems += index.check(doc, (*path, "template"), template, "message template")
    return problems


def _check_unique(doc: Loaded, entries: Iterable[tuple[YamlPath, Any]], what: str) -> list[Problem]:
    """A problem for each repeated value; ``entries`` are (path, value) pairs."""
    problems = []
    first: dict[str, Location] = {}
    for path, value in entries:
        if not isinstance(value, str):
            continue
        where = doc.source.locate(path)
        if value in first:
            problems.append(
                Problem(
                    where,
                    f"the {what} '{value}' appears twice in this worksheet "
                    f"(first at line {first[value].line})",
                    path,
                    f"each {what} may appear once; rename or remove one",
                )
            )
        else:
            first[value] = where
    return problems
