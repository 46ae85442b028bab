"""Checks on the coach kits that the schema alone cannot make.

They run on the loaded YAML values, like the other cross-file checks, so a
schema error elsewhere in a kit does not hide them: the module a kit is for
(one kit each), the minutes of the steps against the session's, role-play ids
unique across the course, the template or worksheet a rubric marks, and the
modules of the course left without a kit.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ..errors import Location, Problem, Severity
from ..load import Loaded, items
from ..messages import suggest

if TYPE_CHECKING:
    from ..crossref import IdIndex
    from ..curriculum import Sources


def check_coach_kits(src: Sources, index: IdIndex) -> list[Problem]:
    """Every problem in ``content/coach/`` that the schema does not catch."""
    problems: list[Problem] = []
    kits: dict[str, Location] = {}
    role_plays: dict[str, Location] = {}
    # A kit in its own module's file owns the module; a second kit is the duplicate.
    for doc in sorted(src.coach, key=lambda doc: not _named_after_module(doc)):
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


def _named_after_module(doc: Loaded) -> bool:
    module = doc.data.get("module") if isinstance(doc.data, dict) else None
    return module == PurePosixPath(doc.source.file).stem


def _check_module(
    doc: Loaded, module: str, index: IdIndex, kits: dict[str, Location]
) -> list[Problem]:
    where = doc.source.locate(("module",))
    if module in index.removed:
        return []  # the edition leaves the module out: its kit goes with it
    found = index.check(doc, ("module",), module, "module")
    if found:
        return found
    if module in kits:
        return [
            Problem(
                where,
                f"the module '{module}' already has a kit at {kits[module]}",
                ("module",),
                "keep one kit per module: merge the two files",
            )
        ]
    kits[module] = where
    stem = PurePosixPath(doc.source.file).stem
    if stem != module:
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
    from ..crossref import article  # crossref runs these checks: import it late

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
    return [
        Problem(
            course.source.locate(("modules", i)),
            f"the module '{ident}' has no coach kit, so the coach kit skips it",
            ("modules", i),
            f"add content/coach/{ident}.yml",
            Severity.WARNING,
        )
        for i, ident in enumerate(modules)
        if isinstance(ident, str) and ident not in kits and ident not in index.removed
    ]
