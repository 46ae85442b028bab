"""Read the ``content/`` folder into validated schema objects.

The layout is fixed so that a coach always knows where a thing lives::

    content/course.yml        the course, module order, next steps
    content/modules/<id>.yml  one file per module
    content/pipeline.yml      the pipeline steps
    content/questions.yml     the question bank
    content/messages.yml      message templates
    content/quizzes/<id>.yml  the self-check quiz of module <id> (optional)
    content/worksheets/<id>.yml  one file per worksheet (optional folder)
    content/coach/<module>.yml   the coach's kit for one module (optional folder)
    content/sources.yml       where the course's facts come from (optional)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from ..coach.schema import CoachKitFile, SourcesFile
from ..quiz.schema import QuizFile
from ..worksheet.schema import WorksheetFile
from .errors import Location, Problem
from .load import load_yaml_file
from .schema import CourseFile, ModuleFile
from .source import Loaded, SourceMap, display_path
from .toolkit_schema import MessagesFile, PipelineFile, QuestionBankFile
from .validate import validate_document

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
    quizzes: tuple[Loaded, ...] = ()
    quizzes_incomplete: bool = False
    """True when a quiz file could not be read at all."""
    worksheets: tuple[Loaded, ...] = ()
    worksheets_incomplete: bool = False
    """True when a worksheet file could not be read at all."""
    coach: tuple[Loaded, ...] = ()
    """The coach kits, ``content/coach/<module>.yml``."""
    coach_incomplete: bool = False
    """True when a coach kit could not be read at all."""
    sources_page: Loaded | None = None
    """``content/sources.yml``, when the course has one."""


@dataclass(frozen=True)
class Curriculum:
    """Every validated content file, before cross-references are checked."""

    course: Document[CourseFile]
    modules: tuple[Document[ModuleFile], ...]
    pipeline: Document[PipelineFile]
    questions: Document[QuestionBankFile]
    messages: Document[MessagesFile]
    quizzes: tuple[Document[QuizFile], ...] = ()
    """One per module that has a quiz; the file name is the module id."""
    worksheets: tuple[Document[WorksheetFile], ...] = ()
    coach_kits: tuple[Document[CoachKitFile], ...] = ()
    sources_page: Document[SourcesFile] | None = None


def load_sources(root: Path) -> tuple[Sources | None, list[Problem]]:
    """Read every content file as YAML, without checking it against the schema."""
    content = root / "content"
    if not content.is_dir():
        return None, [
            Problem(
                Location(display_path(content, root)),
                "the content folder is missing",
                hint="run coursegen from the project folder, or pass --root",
            )
        ]
    problems: list[Problem] = []

    def read(path: Path) -> Loaded | None:
        shown = display_path(path, root)
        if not path.is_file():
            problems.append(Problem(Location(shown), "this file is missing"))
            return None
        loaded, found = load_yaml_file(path, shown)
        problems.extend(found)
        if loaded is not None and not isinstance(loaded.data, dict):
            problems.append(
                Problem(
                    loaded.source.locate(()),
                    "expected a mapping (key: value pairs) at the top of the file",
                    hint="start the file with keys such as 'title:'",
                )
            )
            return None
        return loaded

    fixed = {name: read(content / name) for name in FIXED}
    module_paths = _yaml_files(content / "modules")
    modules = [read(path) for path in module_paths]
    quizzes = [read(path) for path in _yaml_files(content / "quizzes")]
    worksheets = [read(path) for path in _yaml_files(content / "worksheets")]
    coach = [read(path) for path in _yaml_files(content / "coach")]
    sources_file = content / "sources.yml"
    # No sources.yml, no sources page: unlike the fixed files, it may be missing.
    sources_page = read(sources_file) if sources_file.exists() else None
    sources = Sources(
        course=fixed["course.yml"],
        modules=tuple(m for m in modules if m is not None),
        pipeline=fixed["pipeline.yml"],
        questions=fixed["questions.yml"],
        messages=fixed["messages.yml"],
        modules_incomplete=any(m is None for m in modules),
        quizzes=tuple(q for q in quizzes if q is not None),
        quizzes_incomplete=any(q is None for q in quizzes),
        worksheets=tuple(w for w in worksheets if w is not None),
        worksheets_incomplete=any(w is None for w in worksheets),
        coach=tuple(c for c in coach if c is not None),
        coach_incomplete=any(c is None for c in coach),
        sources_page=sources_page,
    )
    return sources, problems


def validate_sources(sources: Sources) -> tuple[Curriculum | None, list[Problem]]:
    """Check each loaded file against its schema; a Curriculum only if all pass."""
    problems: list[Problem] = []

    def check(loaded: Loaded | None, model: type[M]) -> Document[M] | None:
        if loaded is None:
            return None
        value, found = validate_document(loaded, model)
        problems.extend(found)
        return Document(value, loaded.source) if value is not None else None

    course = check(sources.course, CourseFile)
    pipeline = check(sources.pipeline, PipelineFile)
    questions = check(sources.questions, QuestionBankFile)
    messages = check(sources.messages, MessagesFile)
    modules = [check(doc, ModuleFile) for doc in sources.modules]
    quizzes = [check(doc, QuizFile) for doc in sources.quizzes]
    worksheets = [check(doc, WorksheetFile) for doc in sources.worksheets]
    coach = [check(doc, CoachKitFile) for doc in sources.coach]
    sources_page = check(sources.sources_page, SourcesFile)
    if course is None or pipeline is None or questions is None or messages is None:
        return None, problems
    if sources.modules_incomplete or sources.quizzes_incomplete or sources.worksheets_incomplete:
        return None, problems
    if sources.coach_incomplete or (sources.sources_page is not None and sources_page is None):
        return None, problems
    if any(doc is None for doc in (*modules, *quizzes, *worksheets, *coach)):
        return None, problems
    curriculum = Curriculum(
        course,
        tuple(m for m in modules if m),
        pipeline,
        questions,
        messages,
        tuple(q for q in quizzes if q),
        tuple(w for w in worksheets if w),
        tuple(c for c in coach if c),
        sources_page,
    )
    return curriculum, problems


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file())
