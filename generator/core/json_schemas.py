"""JSON Schemas of the YAML files, for editor autocomplete."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..coach.schema import CoachKitFile, SourcesFile
from ..edition.schema import EditionFile
from ..quiz.schema import QuizFile
from ..worksheet.schema import WorksheetFile
from .schema import CourseFile, ModuleFile
from .toolkit_schema import MessagesFile, PipelineFile, QuestionBankFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "course": CourseFile,
    "module": ModuleFile,
    "pipeline": PipelineFile,
    "questions": QuestionBankFile,
    "messages": MessagesFile,
    "edition": EditionFile,
    "quiz": QuizFile,
    "worksheet": WorksheetFile,
    "coach": CoachKitFile,
    "sources": SourcesFile,
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file."""
    schema = SCHEMAS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
