"""Read the ``content/`` folder into validated schema objects.

The layout is fixed so that a coach always knows where a thing lives::

    content/course.yml        the course, module order, next steps
    content/modules/<id>.yml  one file per module
    content/pipeline.yml      the pipeline steps
    content/questions.yml     the question bank
    content/messages.yml      message templates
    content/worksheets/<id>.yml  one file per worksheet (optional folder)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from .errors import Location, Problem
from .load import Loaded, SourceMap, display_path, load_yaml_file
from .schema import CourseFile, MessagesFile, ModuleFile, PipelineFile, QuestionBankFile
from .validate import validate_document
from .worksheet.schema import WorksheetFile

M = TypeVar("M", bound=BaseModel)

FIXED = ("course.yml", "pipeline.yml", "questions.yml", "messages.yml")


@dataclass(frozen=True)
class Document(Generic[M]):
    """A validated file and where its values came from."""

    value: M
    source: SourceMap


@dataclass(frozen=True)
class Sources:
    """The loaded (not yet validated) content files, for checks across files.

    Cross-file checks run on these plain values so that a schema error in one
    file does not hide a duplicate id or a broken reference in another.
    """

    course: Loaded | None
    modules: tuple[Loaded, ...]
    pipeline: Loaded | None
    questions: Loaded | None
    messages: Loaded | None
    modules_incomplete: bool = False
    """True when a module file could not be read at all."""
    worksheets: tuple[Loaded, ...] = ()
    worksheets_incomplete: bool = False
    """True when a worksheet file could not be read at all."""


@dataclass(frozen=True)
class Curriculum:
    """Every validated content file, before cross-references are checked."""

    course: Document[CourseFile]
    modules: tuple[Document[ModuleFile], ...]
    pipeline: Document[PipelineFile]
    questions: Document[QuestionBankFile]
    messages: Document[MessagesFile]
    worksheets: tuple[Document[WorksheetFile], ...] = ()


def load_curriculum(root: Path) -> tuple[Curriculum | None, Sources | None, list[Problem]]:
    """Load and validate every content file; all problems together."""
    content = root / "content"
    problems: list[Problem] = []
    if not content.is_dir():
        return (
            None,
            None,
            [
                Problem(
                    Location(display_path(content, root)),
                    "the content folder is missing",
                    hint="run coursegen from the project folder, or pass --root",
                )
            ],
        )
    raw: dict[str, Loaded] = {}

    def read(path: Path, model: type[M]) -> Document[M] | None:
        shown = display_path(path, root)
        if not path.is_file():
            problems.append(Problem(Location(shown), "this file is missing"))
            return None
        loaded, found = load_yaml_file(path, shown)
        problems.extend(found)
        if loaded is None:
            return None
        if isinstance(loaded.data, dict):
            raw[shown] = loaded
        return _validated(loaded, model, problems)

    course = read(content / "course.yml", CourseFile)
    pipeline = read(content / "pipeline.yml", PipelineFile)
    questions = read(content / "questions.yml", QuestionBankFile)
    messages = read(content / "messages.yml", MessagesFile)
    module_paths = _yaml_files(content / "modules")
    modules = [read(path, ModuleFile) for path in module_paths]
    worksheet_paths = _yaml_files(content / "worksheets")
    worksheets = [read(path, WorksheetFile) for path in worksheet_paths]
    shown = {name: display_path(content / name, root) for name in FIXED}
    sources = Sources(
        course=raw.get(shown["course.yml"]),
        modules=tuple(
            raw[display_path(p, root)] for p in module_paths if display_path(p, root) in raw
        ),
        pipeline=raw.get(shown["pipeline.yml"]),
        questions=raw.get(shown["questions.yml"]),
        messages=raw.get(shown["messages.yml"]),
        modules_incomplete=any(display_path(p, root) not in raw for p in module_paths),
        worksheets=tuple(
            raw[display_path(p, root)] for p in worksheet_paths if display_path(p, root) in raw
        ),
        worksheets_incomplete=any(display_path(p, root) not in raw for p in worksheet_paths),
    )
    if course is None or pipeline is None or questions is None or messages is None:
        return None, sources, problems
    if any(module is None for module in modules) or any(w is None for w in worksheets):
        return None, sources, problems
    curriculum = Curriculum(
        course,
        tuple(m for m in modules if m),
        pipeline,
        questions,
        messages,
        tuple(w for w in worksheets if w),
    )
    return curriculum, sources, problems


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file())


def _validated(loaded: Loaded, model: type[M], problems: list[Problem]) -> Document[M] | None:
    if not isinstance(loaded.data, dict):
        problems.append(
            Problem(
                loaded.source.locate(()),
                "expected a mapping (key: value pairs) at the top of the file",
                hint="start the file with keys such as 'title:'",
            )
        )
        return None
    value, found = validate_document(loaded, model)
    problems.extend(found)
    return Document(value, loaded.source) if value is not None else None
