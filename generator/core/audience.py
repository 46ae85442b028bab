"""Audience tracks: who a part of the course is for, and what an edition keeps.

A module, section, example pair, question, quiz item, message template or
worksheet may list ``audiences:``; left out, it is for everyone. An edition that
chooses ``audience:`` keeps what is untagged or tagged for one of its choices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .errors import Location
from .schema import AUDIENCES

LABEL_KEYS: dict[str, str] = {
    "early-career": "audience_early_career",
    "career-changer": "audience_career_changer",
    "executive": "audience_executive",
}
"""The interface string that labels each audience ("For executives")."""


def for_audience(tags: object, chosen: Sequence[str]) -> bool:
    """True when a part tagged ``tags`` belongs in a course for ``chosen``
    (an empty choice is the full course; untagged parts are for everyone)."""
    if not chosen or not isinstance(tags, list) or not tags:
        return True
    return any(tag in chosen for tag in tags)


def track_labels(
    tags: Sequence[str] | None, chosen: Sequence[str], ui: Mapping[str, str]
) -> tuple[str, ...]:
    """The "For executives" labels a part shows on the full course: one per audience
    it is tagged for, none when it is for everyone or the edition chose an audience."""
    if chosen or not tags or set(tags) >= set(AUDIENCES):
        return ()
    return tuple(ui[LABEL_KEYS[name]] for name in AUDIENCES if name in tags)


@dataclass(frozen=True)
class AudienceDrop:
    """Why an edition's audience choice left an id out, and how to keep it."""

    ident: str
    owner: str
    """The id whose tags decided: ``ident`` itself, or the module or worksheet holding it."""
    tags: tuple[str, ...]
    """The owner's audiences; empty when a module went because all its sections did."""
    chosen: tuple[str, ...]
    where: Location
    """The ``audience:`` line of edition.yml."""
    edition_file: str
    part: str = "section"
    """With no tags: what the owner held, all of which went ("section", "question")."""

    @property
    def why(self) -> str:
        """What follows "which" in a message: "is for early-career only, so…"."""
        choice = f"the edition's audience choice ({', '.join(self.chosen)}, {self.where})"
        subject = "is" if self.ident == self.owner else f"is part of '{self.owner}', which is"
        if not self.tags:
            return (
                f"{subject} left out by {choice}: every {self.part} of '{self.owner}' is "
                "for other audiences"
            )
        return f"{subject} for {', '.join(self.tags)} only, so {choice} leaves it out"

    @property
    def keep(self) -> str:
        """How the coach keeps it anyway."""
        if not self.tags:
            return (
                f"to keep it, add {self.chosen[0]} to the audiences of a {self.part} of "
                f"'{self.owner}' (override: {{<{self.part} id>: {{audiences: [...]}}}})"
            )
        wanted = ", ".join((*self.tags, self.chosen[0]))
        return (
            f"to keep it, add {self.chosen[0]} to the audiences of '{self.owner}', in "
            f"{self.edition_file}: override: {{{self.owner}: {{audiences: [{wanted}]}}}}"
        )
