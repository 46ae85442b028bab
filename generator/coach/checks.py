"""Checks on the coach kits that the schema alone cannot make.

They run on the loaded YAML values, like the other cross-file checks, so a
schema error elsewhere in a kit does not hide them: the module a kit is for
(one kit each), the minutes of the steps against the session's, role-play ids
unique across the course, the template or worksheet a rubric marks, and the
modules of the course left without a kit.

An edition adds kits (``add: coach:``) for the modules it adds, or for a base
module that has none; it cannot replace a base kit, and a kit of its own must
be for a module it publishes. Base kits of modules it leaves out go silently.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from ..core.curriculum import Sources
from ..core.errors import Location, Problem, Severity
from ..core.ids import IdIndex, article
from ..core.messages import suggest
from ..core.source import Loaded, items


def check_coach_kits(src: Sources, index: IdIndex) -> list[Problem]:
    """Every problem in ``content/coach/`` that the schema does not catch."""
    problems: list[Problem] = []
    kits: dict[str, Location] = {}
    role_plays: dict[str, Location] = {}
    # A base kit owns its module before an edition's, and a kit in its own module's
    # file before another: a second kit is the duplicate.
    order = sorted(
        src.coach, key=lambda doc: (_in_edition(doc, index), not _named_after_module(doc))
    )
    for doc in order:
        data = doc.data if isinstance(doc.data, dict) else {}
        module = data.get("module")
        if isinstance(module, str):
            problems += _check_module(doc, module, index, kits)
        problems += _check_minutes(doc, data)
        for i, play in items(data, "role_plays"):
            ident = play.get("id")
            if not isinstance(ident, str):
                continue
            where = doc.source.locate(("role_plays", i, "id"))
            if ident in role_plays:
                problems.append(
                    Problem(
                        where,
                        f"the role play id '{ident}' is already used at {role_plays[ident]}",
                        ("role_plays", i, "id"),
                        "role-play ids are unique across the course; start each with "
                        "the module's quiz prefix",
                    )
                )
            else:
                role_plays[ident] = where
        rubric = data.get("rubric")
        target = rubric.get("applies_to") if isinstance(rubric, dict) else None
        if isinstance(target, str):
            problems += _check_applies_to(doc, target, index)
    problems += _modules_without_kit(src, kits, index)
    return problems


def _in_edition(doc: Loaded, index: IdIndex) -> bool:
    """True for a file the edition brings (a kit under ``add: coach:``, a module)."""
    return index.in_edition(Location(doc.source.file))


def _named_after_module(doc: Loaded) -> bool:
    module = doc.data.get("module") if isinstance(doc.data, dict) else None
    return module == PurePosixPath(doc.source.file).stem


def _check_module(
    doc: Loaded, module: str, index: IdIndex, kits: dict[str, Location]
) -> list[Problem]:
    where = doc.source.locate(("module",))
    added = _in_edition(doc, index)
    if module in index.removed:
        # A base kit goes with its module; so does an edition's, when the audience
        # choice (perhaps --audience) drops a module tagged for another track.
        if not added or module in index.audience_drops:
            return []
        return [
            Problem(
                where,
                f"this kit is for '{module}', which the edition leaves out "
                f"({index.removed[module]}), so it would never be printed",
                ("module",),
                f"publish the module, or take this file off 'add: coach:' in {index.edition_file}",
            )
        ]
    found = index.check(doc, ("module",), module, "module")
    if found:
        return found
    if module in kits:
        first = kits[module]
        base_kit = added and not index.in_edition(first)
        hint = (
            f"an edition cannot replace the base course's kit: take this file off "
            f"'add: coach:' in {index.edition_file}"
            if base_kit
            else "keep one kit per module: merge the two files"
        )
        return [
            Problem(where, f"the module '{module}' already has a kit at {first}", ("module",), hint)
        ]
    kits[module] = where
    stem = PurePosixPath(doc.source.file).stem
    # An edition's files are named freely, like the modules it adds.
    if stem != module and not added:
        return [
            Problem(
                where,
                f"the kit for '{module}' is in a file named '{stem}'",
                ("module",),
                f"rename the file to '{module}.yml'",
            )
        ]
    return []


def _check_minutes(doc: Loaded, data: dict[str, Any]) -> list[Problem]:
    session = data.get("session")
    if not isinstance(session, dict):
        return []
    total = session.get("minutes", 60)
    steps = [step.get("minutes") for _, step in items(session, "steps")]
    if not isinstance(total, int) or not all(isinstance(m, int) for m in steps) or not steps:
        return []  # the schema reports the wrong types
    added = sum(m for m in steps if isinstance(m, int))
    if added == total:
        return []
    path = ("session", "minutes") if "minutes" in session else ("session",)
    listed = " + ".join(str(m) for m in steps)
    return [
        Problem(
            doc.source.locate(path),
            f"the steps add up to {added} minutes ({listed}), but the session lasts {total}",
            path,
            f"change the steps' minutes or set 'minutes: {added}'",
        )
    ]


def _check_applies_to(doc: Loaded, target: str, index: IdIndex) -> list[Problem]:
    path = ("rubric", "applies_to")
    entry = index.entries.get(target)
    if entry is not None and entry.kind in ("message template", "worksheet"):
        return []
    if target in index.removed:
        return index.check(doc, path, target, "message template")
    names = sorted(index.names("message template") + index.names("worksheet"))
    found = f" (it names {article(entry.kind)} {entry.kind})" if entry is not None else ""
    return [
        Problem(
            doc.source.locate(path),
            f"'{target}' is not the id of a message template or worksheet{found}",
            path,
            suggest(target, names) or "name the template or worksheet whose text the rubric marks",
        )
    ]


def _modules_without_kit(src: Sources, kits: dict[str, Location], index: IdIndex) -> list[Problem]:
    """A warning for each module of the course without a kit, once the course has
    kits at all: a course without ``content/coach/`` simply has no coach kit."""
    if not src.coach or src.coach_incomplete or src.course is None:
        return []
    course = src.course
    modules = course.data.get("modules") if isinstance(course.data, dict) else None
    if not isinstance(modules, list):
        return []
    # Base modules need kits once the base course has them; an edition's modules
    # once there is any kit at all.
    base_kits = any(not _in_edition(doc, index) for doc in src.coach)
    added = {
        doc.data["id"]
        for doc in src.modules
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str)
        if _in_edition(doc, index)
    }
    problems = []
    for i, ident in enumerate(modules):
        if not isinstance(ident, str) or ident in kits or ident in index.removed:
            continue
        if ident in added:
            hint = (
                f"write its kit in a file of the edition folder and list it under "
                f"'add: coach:' in {index.edition_file}"
            )
        elif base_kits:
            hint = f"add content/coach/{ident}.yml"
        else:
            continue
        problems.append(
            Problem(
                course.source.locate(("modules", i)),
                f"the module '{ident}' has no coach kit, so the coach kit skips it",
                ("modules", i),
                hint,
                Severity.WARNING,
            )
        )
    return problems
