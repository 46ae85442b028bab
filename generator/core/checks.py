"""One way in for every check across files: the course's own and each feature's.

Each check has the same signature, ``check(src, index) -> problems``: the loaded
(not yet validated) files and the index of every id in them. They run on plain
YAML values, so a schema error in one file does not hide a broken reference in
another, and a coach sees every problem in one run.

This is the only module of the core that imports the features' checks; the
features import the core (``ids``, ``curriculum``, ``source``), never this list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..channels import check_channel_lengths
from ..coach.checks import check_coach_kits
from ..quiz.checks import check_quizzes
from ..tracker.checks import check_tracker
from ..worksheet.checks import check_worksheets
from .audience import AudienceDrop
from .crossref import check_course_references, check_next_steps
from .curriculum import Sources
from .errors import Location, Problem
from .ids import IdIndex, index_ids
from .links import check_links

Check = Callable[[Sources, IdIndex], list[Problem]]
"""A check across files: the loaded sources and their ids in, problems out."""

CHECKS: tuple[Check, ...] = (
    check_course_references,
    check_channel_lengths,
    check_worksheets,
    check_tracker,
    check_coach_kits,
    check_next_steps,
    check_links,
    check_quizzes,
)
"""Every check across files, in the order their problems are listed."""


def validate_references(
    src: Sources,
    removed: Mapping[str, Location] | None = None,
    edition_file: str = "",
    audience_drops: Mapping[str, AudienceDrop] | None = None,
) -> list[Problem]:
    """All cross-file problems of the loaded content (after any edition merge).

    ``removed`` are the ids the edition leaves out (with the line that does it),
    ``audience_drops`` those its audience choice leaves out. ``edition_file`` is
    the merged edition's file as messages name it (``editions/<slug>/edition.yml``):
    a clash between an id in its folder and one of the base course is reported in
    the edition.
    """
    index = index_ids(src, removed, edition_file, audience_drops)
    problems = list(index.problems)
    for check in CHECKS:
        problems += check(src, index)
    return problems
