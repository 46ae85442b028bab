"""Layer a coach's edition over the loaded base course: base < edition.

Works on the loaded YAML (before the schema check), so what the edition brings
is validated exactly like the base course and every mistake in it is reported
at its line in ``edition.yml``.

Worksheets are whole documents, not list items: hiding one drops its file,
and a worksheet whose modules are all left out goes too. Only a worksheet's
own id can be targeted (its field ids are unique within the worksheet only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.curriculum import Sources
from ..core.errors import Location, Problem, Severity, YamlPath
from ..core.load import load_yaml_file
from ..core.source import Loaded
from .audience import AudienceSelection, drop_empty_quizzes
from .merge_state import Merged, MergeState
from .overlay import append_items, graft, new_document, remove_item
from .paths import resolve_inside
from .schema import EditionFile

HIDEABLE_LISTS = ("example_pairs", "questions", "items")
"""The lists whose items an edition may hide (the key of the list they sit in)."""


class _Merger(MergeState):
    """Applies the layers of an edition, in order."""

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
