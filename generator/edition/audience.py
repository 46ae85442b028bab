"""An edition's ``audience:``: leave out what is tagged only for other audiences.

It takes the same path as ``hide:``: each part left out is removed from the
merged YAML and its ids recorded as removed, so quiz items built on it go too
and references to it are dropped. Unlike ``hide:``, every reference to what the
audience choice drops is a warning (the base course is written for every
track), and each says which choice dropped it and how to keep it.

What goes, besides the tagged parts themselves:

- a module whose sections are all for other audiences (with a warning): a
  module page with no teaching text would be an empty shell;
- a question category whose questions all go, and a worksheet field that
  drafts from a message template that goes (a section or worksheet left with
  no field goes too); questions a worksheet picked become blank slots for the
  learner's own questions;
- a quiz whose items all go (see ``drop_empty_quizzes``).
"""

from __future__ import annotations

from typing import Any

from ..core.audience import AudienceDrop, for_audience
from ..core.errors import Problem, Severity, YamlPath
from ..core.source import Loaded, items
from .merge_state import MergeState
from .overlay import Found, find_ids, remove_item

CAUSE: YamlPath = ("audience",)


class AudienceSelection:
    """Applies one edition's audience choice to the merger's documents."""

    def __init__(self, merger: MergeState) -> None:
        self.m = merger
        self.chosen = merger.edition.audiences
        self.where = merger.loaded.source.locate(CAUSE)

    def keeps(self, data: Any) -> bool:
        return not isinstance(data, dict) or for_audience(data.get("audiences"), self.chosen)

    def tags(self, data: dict[str, Any]) -> tuple[str, ...]:
        value = data.get("audiences")
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    def record(self, found: Found, owner: str, tags: tuple[str, ...]) -> None:
        """Mark the ids in ``found`` as left out by the audience choice."""
        self.m.forget(found, CAUSE)
        for inner in find_ids(Loaded(found.item, found.doc.source)):
            ident = str(inner.item["id"])
            self.m.audience_drops[ident] = AudienceDrop(
                ident, owner, tags, self.chosen, self.where, self.m.loaded.source.file
            )

    def warn(self, doc: Loaded, path: YamlPath, message: str, hint: str) -> None:
        self.m.problems.append(
            Problem(doc.source.locate(path), message, path, hint, Severity.WARNING)
        )

    def drop_items(self, doc: Loaded, list_path: YamlPath) -> None:
        """Remove the items of a list that are not for the chosen audiences."""
        data = doc.data
        for part in list_path:
            if isinstance(data, dict) and isinstance(part, str):
                data = data.get(part)
            elif isinstance(data, list) and isinstance(part, int) and part < len(data):
                data = data[part]
            else:
                return
        if not isinstance(data, list):
            return
        for index in range(len(data) - 1, -1, -1):
            item = data[index]
            if self.keeps(item):
                continue
            ident = str(item.get("id", ""))
            self.record(Found(doc, (*list_path, index), item), ident, self.tags(item))
            remove_item(doc, list_path, index)

    # -- the parts -----------------------------------------------------------

    def apply(self) -> None:
        if not self.chosen:
            return
        for sheet in list(self.m.worksheets):
            if not self.keeps(sheet.data):
                ident = str(sheet.data.get("id", ""))
                self.record(Found(sheet, (), sheet.data), ident, self.tags(sheet.data))
                self.m.drop_worksheet(sheet, CAUSE)
        questions = self.m.others["questions"]
        if questions is not None:
            self.questions(questions)
        messages = self.m.others["messages"]
        if messages is not None:
            self.drop_items(messages, ("templates",))
        for quiz in self.m.quizzes:
            self.drop_items(quiz, ("items",))
        for doc in list(self.m.modules):
            self.module(doc)
        for doc in self.m.modules:
            self.module_lists(doc)
        for sheet in list(self.m.worksheets):
            self.worksheet_fields(sheet)

    def questions(self, doc: Loaded) -> None:
        for i, category in reversed(list(items(doc.data, "categories"))):
            self.drop_items(doc, ("categories", i, "questions"))
            if category.get("questions") == []:
                self.record(Found(doc, ("categories", i), category), str(category["id"]), ())
                self.m.audience_drops[str(category["id"])] = self.emptied(category, "question")
                remove_item(doc, ("categories",), i)

    def emptied(self, data: dict[str, Any], part: str) -> AudienceDrop:
        """Why a container went: every one of its ``part``s was for other audiences."""
        ident = str(data.get("id", ""))
        file = self.m.loaded.source.file
        return AudienceDrop(ident, ident, (), self.chosen, self.where, file, part)

    def module(self, doc: Loaded) -> None:
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            return
        ident = data["id"]
        if not self.keeps(data):
            self.leave_out_module(doc, ident, self.tags(data))
            return
        had_sections = bool(data.get("sections"))
        self.drop_items(doc, ("sections",))
        self.drop_items(doc, ("example_pairs",))
        if had_sections and data.get("sections") == []:
            drop = self.emptied(data, "section")
            self.warn(
                doc,
                ("id",),
                f"every section of this module is for other audiences, so the edition's "
                f"audience choice ({', '.join(self.chosen)}, {self.where}) leaves the whole "
                "module out, with its quiz",
                drop.keep,
            )
            self.leave_out_module(doc, ident, ())
            self.m.audience_drops[ident] = drop

    def leave_out_module(self, doc: Loaded, ident: str, tags: tuple[str, ...]) -> None:
        """The module goes as ``exclude:`` would take it out, with a warning on each
        worksheet that listed it."""
        for sheet in self.m.worksheets:
            modules = sheet.data.get("modules") if isinstance(sheet.data, dict) else None
            if isinstance(modules, list) and ident in modules:
                drop = AudienceDrop(
                    ident, ident, tags, self.chosen, self.where, self.m.loaded.source.file
                )
                self.warn(
                    sheet,
                    ("modules", modules.index(ident)),
                    f"lists the module '{ident}', which {drop.why}; the worksheet is not "
                    "linked from it",
                    drop.keep,
                )
        self.record(Found(doc, (), doc.data), ident, tags)
        quiz = self.m.quiz_of(ident)
        if quiz is not None:
            for inner in find_ids(quiz):
                self.m.audience_drops[str(inner.item["id"])] = self.m.audience_drops[ident]
        course = self.m.course
        listed = course.data.get("modules") if course and isinstance(course.data, dict) else None
        if course is not None and isinstance(listed, list) and ident in listed:
            remove_item(course, ("modules",), listed.index(ident))
        self.m.drop_module(ident, CAUSE)

    def module_lists(self, doc: Loaded) -> None:
        """Take dropped templates and categories off a module's toolkit lists."""
        for name in ("message_templates", "question_categories"):
            listed = doc.data.get(name) if isinstance(doc.data, dict) else None
            if not isinstance(listed, list):
                continue
            for k in range(len(listed) - 1, -1, -1):
                drop = self.m.audience_drops.get(listed[k])
                if drop is None:
                    continue
                self.warn(
                    doc,
                    (name, k),
                    f"refers to '{listed[k]}', which {drop.why}; the reference is dropped",
                    drop.keep,
                )
                remove_item(doc, (name,), k)

    def worksheet_fields(self, sheet: Loaded) -> None:
        """Questions that went become blank slots; a draft from a template that went
        goes, and a section or worksheet left empty with it."""
        for s in range(len(sheet.data.get("sections") or []) - 1, -1, -1):
            section = sheet.data["sections"][s]
            fields = section.get("fields") if isinstance(section, dict) else None
            if not isinstance(fields, list):
                continue
            for f in range(len(fields) - 1, -1, -1):
                self.worksheet_field(sheet, ("sections", s, "fields"), f, fields[f])
            if fields == []:
                remove_item(sheet, ("sections",), s)
        if sheet.data.get("sections") == []:
            self.warn(
                sheet,
                ("id",),
                "every field of this worksheet drafts from a template the edition's audience "
                f"choice ({', '.join(self.chosen)}, {self.where}) leaves out, so the "
                "worksheet is left out too",
                "add the edition's audience to those templates' audiences to keep it",
            )
            self.m.drop_worksheet(sheet, CAUSE)

    def worksheet_field(self, sheet: Loaded, fields: YamlPath, index: int, field: Any) -> None:
        path: YamlPath = (*fields, index)
        if not isinstance(field, dict):
            return
        if field.get("type") == "questions" and isinstance(field.get("questions"), list):
            listed = field["questions"]
            for k in range(len(listed) - 1, -1, -1):
                drop = self.m.audience_drops.get(listed[k])
                if drop is None:
                    continue
                self.warn(
                    sheet,
                    (*path, "questions", k),
                    f"refers to '{listed[k]}', which {drop.why}; a blank slot for the "
                    "learner's own question takes its place",
                    drop.keep,
                )
                remove_item(sheet, (*path, "questions"), k)
                field["blank"] = int(field.get("blank", 0)) + 1
        template = field.get("template")
        drop = self.m.audience_drops.get(template) if isinstance(template, str) else None
        if field.get("type") == "message" and drop is not None:
            self.warn(
                sheet,
                (*path, "template"),
                f"drafts from '{template}', which {drop.why}; the field is left out",
                drop.keep,
            )
            remove_item(sheet, fields, index)


def drop_empty_quizzes(merger: MergeState) -> None:
    """A quiz whose items the edition all left out goes: the module has no quiz."""
    for quiz in list(merger.quizzes):
        if isinstance(quiz.data, dict) and quiz.data.get("items") == []:
            merger.quizzes.remove(quiz)
