"""Every id in the course, where it is defined, and what a reference to it means.

The index runs on the loaded YAML values, not on validated models, so it still
reports what it can when a file also has schema errors. Every check across files
(see ``checks``) looks ids up here; a reference to something an edition leaves
out is a warning or, in a text link, an error that says how to reword it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from .audience import AudienceDrop
from .curriculum import Sources
from .errors import Location, Problem, Severity, YamlPath
from .messages import suggest
from .schema import ID_PATTERN
from .source import Loaded, items

ID = re.compile(ID_PATTERN)

EVENT = "tracker event"
RULE = "tracker rule"


@dataclass(frozen=True)
class IdEntry:
    """Where an id is defined and what kind of thing it names."""

    kind: str
    location: Location
    path: YamlPath = ()


def article(noun: str) -> str:
    """'a' or 'an' before ``noun``."""
    return "an" if noun[:1] in "aeiou" else "a"


def strings(data: Any, key: str) -> Iterator[tuple[int, str]]:
    """``(index, text)`` for each string in the list ``data[key]``."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield i, item


class IdIndex:
    """Every id in the course, recording the first definition of each."""

    def __init__(
        self,
        incomplete: set[str],
        removed: Mapping[str, Location],
        edition_file: str = "",
        audience_drops: Mapping[str, AudienceDrop] | None = None,
    ) -> None:
        self.entries: dict[str, IdEntry] = {}
        self.problems: list[Problem] = []
        self.removed = removed
        """Ids an edition leaves out, with the edition line that does it."""
        self.audience_drops = audience_drops or {}
        """Those of them its audience choice leaves out: references to them are
        warnings, since the base course is written for every audience."""
        self.incomplete = incomplete
        """Kinds of id whose defining file could not be read: references to
        them are not checked, since the first error already explains why."""
        self.edition_file = edition_file
        """The merged edition's file (``editions/<slug>/edition.yml``), if any."""

    def in_edition(self, where: Location) -> bool:
        """True for a place in the edition's files, which the coach can change."""
        folder = PurePosixPath(self.edition_file).parent.as_posix()
        return bool(self.edition_file) and where.file.startswith(f"{folder}/")

    def add(self, doc: Loaded, path: YamlPath, kind: str, item: dict[str, Any]) -> None:
        ident = item.get("id")
        if not isinstance(ident, str) or not ID.match(ident):
            return
        where = doc.source.locate((*path, "id"))
        # A value written in edition.yml (added into a base file, or an inline
        # module): its path in the merged document does not describe that place.
        shown: YamlPath = () if where.file == self.edition_file else (*path, "id")
        entry = IdEntry(kind, where, shown)
        first = self.entries.get(ident)
        if first is None:
            self.entries[ident] = entry
            return
        if self.in_edition(first.location) and not self.in_edition(entry.location):
            # An edition brought the id first (it adds into an earlier file): report
            # it in the edition, where it can be changed, not in the base course.
            first, entry = entry, first
            self.entries[ident] = first
        if self.in_edition(entry.location) and not self.in_edition(first.location):
            hint = (
                f"the base course already uses '{ident}': give yours another id "
                f"(to change the base {first.kind} instead, name it under 'override:')"
            )
        else:
            hint = "ids must be unique across the whole course; rename one of them"
        self.problems.append(
            Problem(
                entry.location,
                f"the id '{ident}' is already used by {article(first.kind)} {first.kind} "
                f"at {first.location}",
                entry.path,
                hint,
            )
        )

    def names(self, kind: str = "") -> list[str]:
        return [k for k, entry in self.entries.items() if not kind or entry.kind == kind]

    def check(
        self,
        doc: Loaded,
        path: YamlPath,
        ident: str,
        kind: str = "",
        at: Location | None = None,
        mend: str | None = None,
    ) -> list[Problem]:
        """A problem if ``ident`` names no ``kind`` (or nothing at all when kind is empty);
        ``at`` is the place of the reference inside a text, when known.

        A reference to something the edition leaves out is a warning (the entry is
        dropped), or, with ``mend`` (how to reword the text), an error: a sentence
        that links there would send the learner nowhere.
        """
        where = at or doc.source.locate(path)
        entry = self.entries.get(ident)
        if entry is not None and (not kind or entry.kind == kind):
            return []
        drop = self.audience_drops.get(ident)
        if drop is not None:
            return [
                Problem(
                    where,
                    f"refers to '{ident}', which {drop.why}; the reference is dropped",
                    path,
                    drop.keep,
                    Severity.WARNING,
                )
            ]
        if ident in self.removed and mend is not None:
            return [
                Problem(
                    where,
                    f"links to '{ident}', which this edition leaves out "
                    f"({self.removed[ident]}), so the page would point to nothing",
                    path,
                    mend,
                )
            ]
        if ident in self.removed:
            return [
                Problem(
                    where,
                    f"refers to '{ident}', which this edition leaves out "
                    f"({self.removed[ident]}); the reference is dropped",
                    path,
                    "",
                    Severity.WARNING,
                )
            ]
        if (kind in self.incomplete) or (not kind and self.incomplete):
            return []
        names = self.names(kind)
        if kind:
            message = f"'{ident}' is not the id of any {kind}"
            listed = ", ".join(sorted(names)[:12])
            hint = suggest(ident, names) or (f"known {kind} ids: {listed}" if names else "")
        else:
            message = f"'{ident}' is not the id of anything in the course"
            hint = suggest(ident, names) or "check the spelling against the id you mean"
        return [Problem(where, message, path, hint)]


def index_ids(
    src: Sources,
    removed: Mapping[str, Location] | None = None,
    edition_file: str = "",
    audience_drops: Mapping[str, AudienceDrop] | None = None,
) -> IdIndex:
    """Collect the ids of modules, sections, examples, steps, tracker events and rules,
    questions, templates, quiz items and worksheets."""
    incomplete: set[str] = set()
    if src.modules_incomplete:
        incomplete |= {"module", "section", "example pair"}
    if src.pipeline is None:
        incomplete |= {"pipeline step", "tracker event", "tracker rule"}
    if src.questions is None:
        incomplete |= {"question category", "question"}
    if src.messages is None:
        incomplete.add("message template")
    if src.quizzes_incomplete:
        incomplete.add("quiz item")
    if src.worksheets_incomplete:
        incomplete.add("worksheet")
    index = IdIndex(incomplete, removed or {}, edition_file, audience_drops)
    for doc in src.modules:
        data = doc.data
        if isinstance(data, dict):
            index.add(doc, (), "module", data)
        for i, item in items(data, "sections"):
            index.add(doc, ("sections", i), "section", item)
        for i, item in items(data, "example_pairs"):
            index.add(doc, ("example_pairs", i), "example pair", item)
    if src.pipeline:
        for i, item in items(src.pipeline.data, "steps"):
            index.add(src.pipeline, ("steps", i), "pipeline step", item)
    index_tracker(src.pipeline, index)
    if src.questions:
        for i, category in items(src.questions.data, "categories"):
            index.add(src.questions, ("categories", i), "question category", category)
            for j, item in items(category, "questions"):
                index.add(src.questions, ("categories", i, "questions", j), "question", item)
    if src.messages:
        for i, item in items(src.messages.data, "templates"):
            index.add(src.messages, ("templates", i), "message template", item)
    for doc in src.quizzes:
        for i, item in items(doc.data, "items"):
            index.add(doc, ("items", i), "quiz item", item)
    for doc in src.worksheets:
        if isinstance(doc.data, dict):
            index.add(doc, (), "worksheet", doc.data)
    return index


def tracker_block(pipeline: Loaded | None) -> dict[str, Any] | None:
    """The ``tracker:`` mapping of pipeline.yml, if there is one."""
    data = pipeline.data if pipeline is not None else None
    block = data.get("tracker") if isinstance(data, dict) else None
    return block if isinstance(block, dict) else None


def index_tracker(pipeline: Loaded | None, index: IdIndex) -> None:
    """Add the tracker's events and rules to the course's ids (editions override them)."""
    block = tracker_block(pipeline)
    if pipeline is None or block is None:
        return
    for i, event in items(block, "events"):
        index.add(pipeline, ("tracker", "events", i), EVENT, event)
    for i, rule in items(block, "rules"):
        index.add(pipeline, ("tracker", "rules", i), RULE, rule)
