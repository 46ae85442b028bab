"""The state of one edition's merge: copies of the base course's documents, the
ids left out so far and the problems found, with the helpers every layer of the
merge uses (``merge`` applies the layers, ``audience`` the audience choice).
"""

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..core.audience import AudienceDrop
from ..core.curriculum import Sources
from ..core.errors import Location, Problem, Severity, YamlPath
from ..core.messages import suggest
from ..core.source import Loaded
from .overlay import Found, copy_doc, find_ids, remove_item
from .schema import EditionFile


@dataclass
class Merged:
    """The merged sources and what the edition removed from the base course."""

    sources: Sources
    removed: dict[str, Location] = field(default_factory=dict)
    """Ids left out by the edition, with the line of edition.yml that did it."""
    audience_drops: dict[str, AudienceDrop] = field(default_factory=dict)
    """Those of them left out by the edition's ``audience:``, and why."""


class MergeState:
    """The documents being merged and what the merge has found so far."""

    def __init__(
        self, sources: Sources, edition: EditionFile, loaded: Loaded, folder: Path
    ) -> None:
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

    def quiz_of(self, module: str) -> Loaded | None:
        return next((q for q in self.quizzes if quiz_module(q) == module), None)

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
