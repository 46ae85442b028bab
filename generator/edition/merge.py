"""Layer a coach's edition over the loaded base course: base < edition.

Works on the loaded YAML (before the schema check), so what the edition brings
is validated exactly like the base course and every mistake in it is reported
at its line in ``edition.yml``.

Worksheets are whole documents, not list items: hiding one drops its file,
and a worksheet whose modules are all left out goes too. Only a worksheet's
own id can be targeted (its field ids are unique within the worksheet only).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.audience import AudienceDrop
from ..core.curriculum import Sources
from ..core.errors import Location, Problem, Severity, YamlPath
from ..core.load import load_yaml_file
from ..core.messages import suggest
from ..core.source import Loaded
from .audience import AudienceSelection, drop_empty_quizzes
from .overlay import Found, append_items, copy_doc, find_ids, graft, new_document, remove_item
from .paths import resolve_inside
from .schema import EditionFile

HIDEABLE_LISTS = ("example_pairs", "questions", "items")
"""The lists whose items an edition may hide (the key of the list they sit in)."""


@dataclass
class Merged:
    """The merged sources and what the edition removed from the base course."""

    sources: Sources
    removed: dict[str, Location] = field(default_factory=dict)
    """Ids left out by the edition, with the line of edition.yml that did it."""
    audience_drops: dict[str, AudienceDrop] = field(default_factory=dict)
    """Those of them left out by the edition's ``audience:``, and why."""


class _Merger:
    def __init__(self, sources: Sources, edition: EditionFile, loaded: Loaded, folder: Path):
        self.edition = edition
        self.loaded = loaded
        self.folder = folder
        self.problems: list[Problem] = []
        self.removed: dict[str, Location] = {}
        self.audience_drops: dict[str, AudienceDrop] = {}
        self.course = copy_doc(sources.course) if sources.course else None
        self.modules = [copy_doc(doc) for doc in sources.modules]
        self.quizzes = [copy_doc(doc) for doc in sources.quizzes]
        self.worksheets = [copy_doc(doc) for doc in sources.worksheets]
        # Kits are not changed by an edition, only added to: no copy needed.
        self.coach = list(sources.coach)
        self.coach_incomplete = sources.coach_incomplete
        self.others = {
            "pipeline": copy_doc(sources.pipeline) if sources.pipeline else None,
            "questions": copy_doc(sources.questions) if sources.questions else None,
            "messages": copy_doc(sources.messages) if sources.messages else None,
        }
        self.base = sources
        self.added: set[str] = set()

    # -- helpers -------------------------------------------------------------

    def at(self, *path: str | int) -> Location:
        return self.loaded.source.locate(path)

    def documents(self) -> list[Loaded]:
        docs = [self.course, *self.modules, *self.others.values(), *self.quizzes]
        return [doc for doc in docs if doc is not None]

    def targets(self) -> Iterator[Found]:
        """Everything an edition can name by id, base course files first."""
        for doc in self.documents():
            yield from find_ids(doc)
        for sheet in self.worksheets:
            if isinstance(sheet.data, dict) and isinstance(sheet.data.get("id"), str):
                yield Found(sheet, (), sheet.data)

    def find(self, ident: str) -> Found | None:
        return next((f for f in self.targets() if f.item.get("id") == ident), None)

    def all_ids(self) -> list[str]:
        return [str(f.item["id"]) for f in self.targets()]

    def is_worksheet(self, found: Found) -> bool:
        return found.path == () and any(found.doc is sheet for sheet in self.worksheets)

    def drop_worksheet(self, doc: Loaded, cause: YamlPath) -> None:
        ident = doc.data.get("id") if isinstance(doc.data, dict) else None
        if isinstance(ident, str):
            self.removed[ident] = self.at(*cause)
        self.worksheets = [sheet for sheet in self.worksheets if sheet is not doc]

    def error(self, path: YamlPath, message: str, hint: str = "") -> None:
        # A mapping key ("override: {seed-contast: ...}") is reported where the key is.
        where = self.loaded.source.locate_key(path)
        self.problems.append(Problem(where, message, path, hint))

    def unknown(self, path: YamlPath, ident: str, what: str) -> None:
        self.error(
            path,
            f"'{ident}' {what} does not exist in the base course",
            suggest(ident, self.all_ids()) or "check the id in the course files",
        )

    def forget(self, found: Found, cause: YamlPath) -> None:
        """Record the ids inside a removed item (they are no longer published)."""
        for inner in find_ids(Loaded(found.item, found.doc.source)):
            self.removed[str(inner.item["id"])] = self.loaded.source.locate(cause)

    # -- the layers ----------------------------------------------------------

    def merge(self) -> None:
        self.add_modules()
        self.add_worksheets()
        self.add_coach_kits()
        self.select_modules()
        self.hide()
        self.add_into()
        self.override()
        # After the overrides: a coach keeps an item by overriding its 'audiences'
        # or its 'teaches'.
        AudienceSelection(self).apply()
        self.prune_quiz_items()
        drop_empty_quizzes(self)
        self.course_fields()

    def module_list(self) -> list[str]:
        data = self.course.data if self.course else {}
        modules = data.get("modules")
        return [m for m in modules if isinstance(m, str)] if isinstance(modules, list) else []

    def drop_module(self, ident: str, cause: YamlPath) -> None:
        for doc in self.modules:
            if isinstance(doc.data, dict) and doc.data.get("id") == ident:
                self.forget(Found(doc, (), doc.data), cause)
                self.modules.remove(doc)
                break
        for quiz in self.quizzes:
            if quiz_module(quiz) == ident:
                self.forget(Found(quiz, (), quiz.data), cause)
                self.quizzes.remove(quiz)
                break
        for sheet in list(self.worksheets):
            self.unlink_worksheet(sheet, ident, cause)

    def unlink_worksheet(self, sheet: Loaded, module: str, cause: YamlPath) -> None:
        """Take a left-out module off a worksheet; drop the worksheet if none is left."""
        modules = sheet.data.get("modules") if isinstance(sheet.data, dict) else None
        if not isinstance(modules, list) or module not in modules:
            return
        remove_item(sheet, ("modules",), modules.index(module))
        if modules:
            return
        self.problems.append(
            Problem(
                sheet.source.locate(("modules",)),
                "this worksheet is used only by modules the edition leaves out "
                f"({self.at(*cause)}), so it is left out too",
                ("modules",),
                "",
                Severity.WARNING,
            )
        )
        self.drop_worksheet(sheet, cause)

    def select_modules(self) -> None:
        if self.course is None:
            return
        known = self.module_list()
        if self.edition.modules is not None:
            for i, ident in enumerate(self.edition.modules):
                if ident not in known and not self.is_added_module(ident):
                    self.unknown(("modules", i), ident, "(a module)")
            for ident in [*known, *self.added]:
                if ident not in self.edition.modules:
                    self.drop_module(ident, ("modules",))
            graft(self.course, ("modules",), self.loaded, ("modules",))
        for i, ident in enumerate(self.edition.exclude):
            current = self.module_list()
            if ident not in current:
                self.unknown(("exclude", i), ident, "(a module)")
                continue
            remove_item(self.course, ("modules",), current.index(ident))
            self.drop_module(ident, ("exclude", i))

    def is_added_module(self, ident: str) -> bool:
        return ident in self.added

    def addition(self, entry: str | dict[str, object], path: YamlPath) -> Loaded | None:
        """A document the edition adds: written inline, or a YAML file in its folder."""
        if not isinstance(entry, str):
            return new_document(self.loaded, path, self.loaded.source.file)
        shown = Path(self.loaded.source.file).parent.as_posix()
        file, why = resolve_inside(self.folder, entry, shown)
        if file is None:
            self.error(path, why, "name a YAML file in this edition's folder")
            return None
        doc, found = load_yaml_file(file, _shown(self.loaded, entry))
        self.problems += found
        return doc

    def add_worksheets(self) -> None:
        for i, entry in enumerate(self.edition.add.worksheets):
            doc = self.addition(entry, ("add", "worksheets", i))
            if doc is not None:
                self.worksheets.append(doc)

    def add_coach_kits(self) -> None:
        """Kits from files in the edition folder; which modules they may be for is
        checked with the other kits (``coach.checks``)."""
        for i, entry in enumerate(self.edition.add.coach):
            doc = self.addition(entry, ("add", "coach", i))
            if doc is None:
                self.coach_incomplete = True
            else:
                self.coach.append(doc)

    def add_modules(self) -> None:
        for i, entry in enumerate(self.edition.add.modules):
            path: YamlPath = ("add", "modules", i)
            doc = self.addition(entry, path)
            if doc is None:
                continue
            self.modules.append(doc)
            ident = doc.data.get("id") if isinstance(doc.data, dict) else None
            if isinstance(ident, str):
                self.added.add(ident)
            listed = self.edition.modules is not None or ident in self.module_list()
            if self.course is not None and isinstance(ident, str) and not listed:
                self.course.data.setdefault("modules", []).append(ident)
                n = len(self.course.data["modules"]) - 1
                self.course.source.locations[("modules", n)] = doc.source.locate(())

    def hide(self) -> None:
        for i, ident in enumerate(self.edition.hide):
            found = self.find(ident)
            if found is None:
                self.unknown(("hide", i), ident, "(to hide)")
                continue
            if self.is_worksheet(found):
                self.drop_worksheet(found.doc, ("hide", i))
                continue
            container = found.path[-2] if len(found.path) >= 2 else None
            if (
                not found.path
                or not isinstance(found.path[-1], int)
                or container not in HIDEABLE_LISTS
            ):
                self.error(
                    ("hide", i),
                    f"'{ident}' cannot be hidden; only example pairs, questions, quiz items "
                    "and worksheets can",
                    "to leave out a whole module, list it under 'exclude'",
                )
                continue
            self.forget(found, ("hide", i))
            remove_item(found.doc, found.path[:-1], found.path[-1])

    def prune_quiz_items(self) -> None:
        """Quiz items built on something the edition left out go too, with a warning."""
        for quiz in self.quizzes:
            items = quiz.data.get("items") if isinstance(quiz.data, dict) else None
            if not isinstance(items, list):
                continue
            for index in range(len(items) - 1, -1, -1):
                item = items[index]
                if not isinstance(item, dict):
                    continue
                key = next(
                    (
                        k
                        for k in ("pair", "teaches")
                        if isinstance(item.get(k), str) and item[k] in self.removed
                    ),
                    None,
                )
                if key is None:
                    continue
                lost = item[key]
                where = quiz.source.locate(("items", index, "id"))
                drop = self.audience_drops.get(lost)
                why = drop.why if drop else f"the edition leaves out ({self.removed[lost]})"
                self.problems.append(
                    Problem(
                        where,
                        f"this quiz item needs '{lost}', which {why}, so the item is left out too",
                        ("items", index),
                        drop.keep if drop else self.keep_item_hint(item, key, where),
                        Severity.WARNING,
                    )
                )
                if isinstance(item.get("id"), str):
                    self.removed[item["id"]] = self.removed[lost]
                    if drop is not None:
                        self.audience_drops[item["id"]] = drop
                remove_item(quiz, ("items",), index)

    def keep_item_hint(self, item: dict[str, Any], key: str, where: Location) -> str:
        """How to keep a quiz item whose ``pair`` or ``teaches`` the edition left out."""
        ident = item.get("id")
        if where.file == self.loaded.source.file or not isinstance(ident, str):
            return f"to keep it, point its '{key}' at something the edition keeps"
        return (
            f"to keep it, give it a '{key}' the edition keeps, in {self.loaded.source.file}: "
            f"override: {{{ident}: {{{key}: ...}}}}"
        )

    def quiz_of(self, module: str) -> Loaded | None:
        return next((q for q in self.quizzes if quiz_module(q) == module), None)

    def add_into(self) -> None:
        for target, fields in self.edition.add.into.items():
            found = self.find(target)
            if found is None:
                self.unknown(("add", "into", target), target, "(to add into)")
                continue
            for name in fields:
                if name == "quiz" and found.path == ():
                    quiz = self.quiz_of(target)
                    if quiz is None:
                        self.error(
                            ("add", "into", target, name),
                            f"the module '{target}' has no quiz to add items to",
                            f"create content/quizzes/{target}.yml in the base course first",
                        )
                        continue
                    append_items(quiz, ("items",), self.loaded, ("add", "into", target, name))
                    continue
                existing = found.item.get(name)
                if existing is not None and not isinstance(existing, list):
                    self.error(
                        ("add", "into", target, name),
                        f"'{name}' of '{target}' is not a list, so nothing can be added to it",
                        "use 'override' to replace a single value",
                    )
                    continue
                append_items(
                    found.doc, (*found.path, name), self.loaded, ("add", "into", target, name)
                )

    def override(self) -> None:
        for target, fields in self.edition.override.items():
            found = self.find(target)
            if found is None:
                self.unknown(("override", target), target, "(the target of this override)")
                continue
            for name in fields:
                if name == "id":
                    self.error(
                        ("override", target, "id"),
                        "an id cannot be overridden",
                        "hide the item and add a new one instead",
                    )
                    continue
                graft(found.doc, (*found.path, name), self.loaded, ("override", target, name))

    def course_fields(self) -> None:
        if self.course is None:
            return
        for name in ("title", "subtitle", "next_steps"):
            if getattr(self.edition, name) is not None:
                graft(self.course, (name,), self.loaded, (name,))

    def result(self) -> Merged:
        sources = dataclasses.replace(
            self.base,
            course=self.course,
            modules=tuple(self.modules),
            pipeline=self.others["pipeline"],
            questions=self.others["questions"],
            messages=self.others["messages"],
            quizzes=tuple(self.quizzes),
            worksheets=tuple(self.worksheets),
            coach=tuple(self.coach),
            coach_incomplete=self.coach_incomplete,
        )
        return Merged(sources, self.removed, self.audience_drops)


def quiz_module(quiz: Loaded) -> str:
    """The module a quiz belongs to: its file is named after the module."""
    return PurePosixPath(quiz.source.file).stem


def _shown(loaded: Loaded, entry: str) -> str:
    """How a file of the edition folder is named in messages."""
    return (Path(loaded.source.file).parent / entry).as_posix()


def merge_edition(
    sources: Sources, edition: EditionFile, loaded: Loaded, folder: Path
) -> tuple[Merged, list[Problem]]:
    """The base sources with the edition applied, and the problems found doing it."""
    merger = _Merger(sources, edition, loaded, folder)
    merger.merge()
    return merger.result(), merger.problems


def removed_reference(ident: str, cause: Location, loc: Location, path: YamlPath) -> Problem:
    """A base-course reference to something the edition left out: shown as a warning."""
    return Problem(
        loc,
        f"refers to '{ident}', which the edition leaves out ({cause}); the reference is dropped",
        path,
        "",
        Severity.WARNING,
    )
