"""The coach kits and the sources page as the renderers need them: in course
order, numbered, the session's steps with their clock times."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..typography import typographic
from .schema import CoachKitFile, SessionStep, SourcesFile

COACH_KIT = "coach-kit"
"""File-name stem of the combined coach kit, and of each module's (``coach-kit-<module>``)."""


@dataclass(frozen=True)
class TimedStep:
    """A step of the session with the minutes it starts and ends at."""

    number: int
    step: SessionStep
    start: str
    """Clock time from the start of the session, e.g. ``0:10``."""
    end: str
    kind_label: str
    """The step's kind in the interface language."""


@dataclass(frozen=True)
class CoachKit:
    """One module's kit, ready to print."""

    module_id: str
    heading: str
    """"Module 3: Secure the meeting", in the interface language."""
    kit: CoachKitFile
    steps: tuple[TimedStep, ...]
    applies_to: str
    """Title of the template or worksheet the rubric marks; empty if none."""

    @property
    def stem(self) -> str:
        """File-name stem of this module's PDFs."""
        return f"{COACH_KIT}-{self.module_id}"


def clock(minutes: int) -> str:
    """Minutes from the start as ``h:mm``."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def build_coach_kits(
    kits: Sequence[CoachKitFile],
    headings: Mapping[str, str],
    titles: Mapping[str, str],
    ui: Mapping[str, str],
) -> tuple[CoachKit, ...]:
    """The kits of the modules in ``headings`` (the course's, in its order).

    ``titles`` names each template and worksheet by id, for the rubric; a kit
    whose module the edition leaves out is dropped.
    """
    by_module = {kit.module: kit for kit in kits}
    built = []
    for module_id, heading in headings.items():
        kit = by_module.get(module_id)
        if kit is None:
            continue
        kit = typographic_titles(kit)
        steps = []
        elapsed = 0
        for number, step in enumerate(kit.session.steps, start=1):
            kind = ui[f"coach_kind_{step.kind.replace('-', '_')}"]
            steps.append(
                TimedStep(number, step, clock(elapsed), clock(elapsed + step.minutes), kind)
            )
            elapsed += step.minutes
        target = kit.rubric.applies_to
        built.append(
            CoachKit(
                module_id, heading, kit, tuple(steps), titles.get(target, "") if target else ""
            )
        )
    return tuple(built)


def typographic_titles(kit: CoachKitFile) -> CoachKitFile:
    """``kit`` with typographic quotes in its one-line titles, as on the worksheets;
    its Markdown texts get them when they are rendered."""
    session = kit.session.model_copy(
        update={
            "steps": [
                step.model_copy(update={"title": typographic(step.title)})
                for step in kit.session.steps
            ]
        }
    )
    plays = [play.model_copy(update={"title": typographic(play.title)}) for play in kit.role_plays]
    rubric = kit.rubric.model_copy(
        update={
            "title": typographic(kit.rubric.title),
            "criteria": [
                row.model_copy(update={"name": typographic(row.name)})
                for row in kit.rubric.criteria
            ],
        }
    )
    return kit.model_copy(update={"session": session, "role_plays": plays, "rubric": rubric})


@dataclass(frozen=True)
class SourcesPage:
    """The learners' sources page."""

    title: str
    content: SourcesFile
