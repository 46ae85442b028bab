"""Check a course: load, merge the edition, validate and resolve.

Every problem of every file is collected before the course is refused; what
passes is the resolved course that every output is made from.
"""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass
from pathlib import Path

from .core.audience import AudienceDrop
from .core.checks import validate_references
from .core.curriculum import Sources, load_sources, validate_sources
from .core.errors import ContentError, Location, Problem, Severity, sort_problems
from .core.model import Course, Edition
from .core.resolve import build_course
from .core.source import Loaded, SourceMap
from .edition import DEFAULT_EDITION
from .edition.load import load_edition
from .edition.merge import merge_edition
from .edition.schema import EditionFile


@dataclass(frozen=True)
class Checked:
    """A course that passed every check, with the warnings it raised."""

    course: Course
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class Overrides:
    """Command-line settings that win over the edition file (base < edition < these)."""

    language: str | None = None
    site_url: str | None = None
    paper: str | None = None

    def apply(self, edition: Edition) -> Edition:
        changes = {k: v for k, v in dataclasses.asdict(self).items() if v is not None}
        return dataclasses.replace(edition, **changes)


@dataclass(frozen=True)
class BaseCourse:
    """The content folder read once (``load_base``), for every edition to check."""

    pickled: bytes

    def copy(self) -> tuple[Sources | None, list[Problem]]:
        """A fresh copy of what ``load_sources`` returned: merging an edition may
        change what it is given. Unpickling is several times faster than reading
        the YAML again, and than ``copy.deepcopy``."""
        loaded: tuple[Sources | None, list[Problem]] = pickle.loads(self.pickled)
        return loaded


def load_base(root: Path) -> BaseCourse:
    """Read the base course of ``root`` for ``check_course(..., base=...)``."""
    return BaseCourse(pickle.dumps(load_sources(root), pickle.HIGHEST_PROTOCOL))


def check_course(
    root: Path,
    edition: str = DEFAULT_EDITION,
    strict: bool = False,
    overrides: Overrides = Overrides(),
    audience: tuple[str, ...] | None = None,
    base: BaseCourse | None = None,
) -> Checked:
    """Load, merge the edition, validate and resolve; raise ContentError on problems.

    ``audience`` replaces the edition's own choice (``coursegen stats`` counts what
    each track sees with it). ``base`` is the content folder as ``load_base``
    read it, for checking several editions while reading it once."""
    sources, problems = base.copy() if base is not None else load_sources(root)
    overlay = None
    removed: dict[str, Location] = {}
    audience_drops: dict[str, AudienceDrop] = {}
    edition_file = ""
    if edition != DEFAULT_EDITION:
        overlay, found = load_edition(root, edition)
        problems += found
        if overlay is None:
            raise ContentError(problems)
        edition_file = overlay.loaded.source.file
    if sources is not None and (overlay is not None or audience is not None):
        value, loaded, folder = (
            (overlay.value, overlay.loaded, overlay.folder)
            if overlay
            else (EditionFile.model_construct(name=""), Loaded({}, SourceMap("")), root)
        )
        if audience is not None:
            value = value.model_copy(update={"audience": list(audience)})
        merged, found = merge_edition(sources, value, loaded, folder)
        problems += found
        sources, removed = merged.sources, merged.removed
        audience_drops = merged.audience_drops
    curriculum = None
    if sources is not None:
        curriculum, found = validate_sources(sources)
        problems += found
        problems += validate_references(sources, removed, edition_file, audience_drops)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or (strict and problems) or curriculum is None:
        raise ContentError(problems)
    settings = overrides.apply(overlay.edition if overlay else Edition())
    if audience is not None:
        settings = dataclasses.replace(settings, audiences=audience)
    course = build_course(curriculum, settings)
    return Checked(course, tuple(sort_problems(problems)))
