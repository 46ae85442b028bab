"""Checks that span files: unique ids, references that resolve, placeholders.

These run on the loaded YAML values, not on validated models, so they still
report what they can when a file also has schema errors: a coach sees every
problem in one run. Every access is defensive for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from .audience import AudienceDrop
from .channels import check_channel_lengths
from .coach.checks import check_coach_kits
from .curriculum import Sources
from .errors import Location, Problem, Severity, YamlPath
from .load import Loaded, items
from .messages import suggest
from .schema import ID_PATTERN
from .tracker.checks import check_tracker, index_tracker
from .worksheet.checks import check_worksheets

ID = re.compile(ID_PATTERN)

LINK_REF = re.compile(r"\]\(@([^)\s]*)\)")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


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


CrossCheck = Callable[[Sources, IdIndex], list[Problem]]
"""A further check across files (quizzes, worksheets) that needs the id index."""


def validate_references(
    src: Sources,
    extra: Sequence[CrossCheck] = (),
    removed: Mapping[str, Location] | None = None,
    edition_file: str = "",
    audience_drops: Mapping[str, AudienceDrop] | None = None,
) -> list[Problem]:
    """All cross-file problems of the loaded content (after any edition merge).

    ``edition_file`` is the merged edition's file as messages name it
    (``editions/<slug>/edition.yml``): a clash between an id in its folder and
    one of the base course is reported in the edition.
    """
    index = index_ids(src, removed, edition_file, audience_drops)
    problems = list(index.problems)
    problems += _check_module_order(src, index)
    problems += _check_module_links(src, index)
    problems += _check_tags(src)
    problems += _check_placeholders(src)
    problems += check_channel_lengths(src)
    problems += check_worksheets(src.worksheets, index)
    problems += check_tracker(src.pipeline, src.worksheets, index)
    problems += check_coach_kits(src, index)
    if src.course is not None:
        cta = src.course.data.get("next_steps") if isinstance(src.course.data, dict) else None
        problems += check_contact(src.course, ("next_steps",), cta)
    for doc in _documents(src):
        problems += check_text_links(doc, index, whole=doc in src.worksheets)
    for check in extra:
        problems += check(src, index)
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
