"""``[text](@id)`` links inside any text of the course, checked against the ids.

A link to something the edition leaves out would send the learner nowhere: the
message says how the coach rewords the text in their edition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .curriculum import Sources
from .errors import Location, Problem, YamlPath
from .ids import IdIndex
from .source import Loaded

LINK_REF = re.compile(r"\]\(@([^)\s]*)\)")


def check_links(src: Sources, index: IdIndex) -> list[Problem]:
    """Every text link of every content file (worksheets are overridden whole)."""
    problems: list[Problem] = []
    for doc in _documents(src):
        problems += check_text_links(doc, index, whole=doc in src.worksheets)
    return problems


def _documents(src: Sources) -> Iterator[Loaded]:
    for doc in (
        src.course,
        *src.modules,
        src.pipeline,
        src.questions,
        src.messages,
        *src.quizzes,
        *src.worksheets,
        *src.coach,
        src.sources_page,
    ):
        if doc is not None:
            yield doc


def walk_text(value: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every string inside loaded YAML data, with its path."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk_text(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_text(item, (*path, key))
    elif isinstance(value, str):
        yield path, value


def check_text_links(doc: Loaded, index: IdIndex, whole: bool = False) -> list[Problem]:
    """``[text](@id)`` links must name an id that exists, and one the edition keeps.

    ``whole``: the document is overridden as a whole item (a worksheet), not by
    the ids inside it.
    """
    problems = []
    for path, text in walk_text(doc.data):
        for match in LINK_REF.finditer(text):
            at = doc.source.locate_text(path, match.start(1) - 1)
            ident = match.group(1)
            mend = None
            if ident in index.removed and ident not in index.audience_drops:
                mend = mend_hint(doc, path, index, at, whole)
            problems += index.check(doc, path, ident, at=at, mend=mend)
    return problems


EDITION_FIELDS = ("title", "subtitle", "next_steps")
"""Fields of course.yml an edition sets by name (not under ``override:``)."""


def mend_hint(doc: Loaded, path: YamlPath, index: IdIndex, at: Location, whole: bool) -> str:
    """How a coach rewords, in their edition, a text that links to something the
    edition leaves out: the override that replaces it, naming its id and field."""
    edition = index.edition_file
    if index.in_edition(at):
        return "change or remove this link: it is in your edition"
    owner, depth = _owner(doc.data, path, whole)
    if owner:
        field = path[depth]
        return (
            f"reword it in {edition}: under 'override:', give '{owner}' a new '{field}' "
            f"without this link (override: {{{owner}: {{{field}: ...}}}})"
        )
    if path and path[0] in EDITION_FIELDS:
        return f"reword it in {edition}: set '{path[0]}' there, without this link"
    return (
        f"an edition cannot reword this text of {doc.source.file}: keep what it links "
        "to in the edition, or remove the link from the base course"
    )


def _owner(data: Any, path: YamlPath, whole: bool) -> tuple[str, int]:
    """The id of the innermost item on ``path`` that ``override:`` can name
    (the outermost one when ``whole``), and how deep it sits; ``("", 0)`` if none."""
    found: tuple[str, int] = ("", 0)
    value = data
    for depth, part in enumerate(path):
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            found = (value["id"], depth)
            if whole:
                break
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            break
    return found
