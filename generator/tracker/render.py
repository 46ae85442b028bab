"""The tracker page: its Markdown, the data its script reads, its own assets.

Pure: the course model in, ``{path: bytes}`` out. The script and stylesheet
are written beside the other assets but linked from this page only.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from importlib import resources
from typing import Any

import jinja2

from ..core.model import TRACKER_PAGE, Course
from ..core.toolkit_schema import Tracker, TrackerRule
from ..quiz.model import STORAGE_PREFIX
from ..render.site import PAGE_ASSETS, PAGES_DIR, OutputFiles, render_page
from ..ui import load_strings
from ..worksheet.schema import Table

ASSETS = ("tracker.js", "tracker.css")
"""The tracker's script and stylesheet, loaded by its page alone."""

_STRINGS = {
    "introduced_by": "tracker_introduced_by",
    "found_via": "tracker_found_via",
    "overdue": "tracker_overdue",
    "nothing_due": "tracker_nothing_due",
    "later": "tracker_later",
    "step_of": "tracker_step_of",
    "move": "tracker_move",
    "happened": "tracker_happened",
    "on": "tracker_on",
    "record": "tracker_record",
    "remove": "tracker_remove",
    "unrecord": "tracker_unrecord",
    "no_contacts": "tracker_no_contacts",
    "col_name": "tracker_name",
    "col_organization": "tracker_organization",
    "col_found": "tracker_found",
    "col_introducer": "tracker_introducer",
    "col_step": "tracker_step",
    "bad_date": "tracker_bad_date",
    "recorded": "tracker_recorded",
    "next": "tracker_next",
    "added": "tracker_added",
    "moved": "tracker_moved",
    "imported": "tracker_imported",
    "import_failed": "tracker_import_failed",
    "unrecorded": "tracker_unrecorded",
    "removed": "tracker_removed",
    "clear_confirm": "tracker_clear_confirm",
    "cleared": "tracker_cleared",
}
_OWN_COLUMNS = {
    "tracker_name": "name",
    "tracker_organization": "organization",
    "tracker_found": "found",
    "tracker_introducer": "introducer",
    "tracker_step": "step",
}
"""The tracker's own CSV headings (interface words) and the detail each holds."""


def tracker_storage_key(course: Course) -> str:
    """The one localStorage key of the tracker, under the edition's prefix."""
    return f"{STORAGE_PREFIX}/{course.edition.slug}/tracker"


def import_columns(course: Course, tracker: Tracker, ui: Mapping[str, str]) -> dict[str, str]:
    """CSV heading (lower case) → what the column holds, for importing.

    The worksheet table's column labels come first, so the contacts typed into
    it can be imported; the tracker's own headings and the plain names win.
    """
    columns: dict[str, str] = {}
    source = tracker.import_from
    sheet = next((w.sheet for w in course.worksheets if source and w.id == source.worksheet), None)
    if source is not None and sheet is not None:
        tables = [f for s in sheet.sections for f in s.fields if isinstance(f, Table)]
        table = next((t for t in tables if t.id == source.table), None)
        for column in table.columns if table else ():
            if column.id in source.columns:
                columns[column.label.strip().lower()] = source.columns[column.id]
    for event in tracker.events:
        columns[event.label.strip().lower()] = event.id
        columns[event.id] = event.id
    for key, holds in _OWN_COLUMNS.items():
        columns[ui[key].strip().lower()] = holds
        columns[holds] = holds
    return columns


def _rule(rule: TrackerRule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "label": rule.label,
        "after": rule.after,
        "days": rule.days,
        "unless": list(rule.unless),
        "introduced": rule.only_if_introduced,
    }


def tracker_payload(course: Course, tracker: Tracker, ui: Mapping[str, str]) -> dict[str, Any]:
    """What tracker.js reads: the steps, events and timing rules, and its words."""
    return {
        "key": tracker_storage_key(course),
        "edition": course.edition.slug,
        "lang": course.edition.language,
        "file": f"{course.edition.slug}-pipeline",
        "soon": tracker.due_soon_days,
        "steps": [{"id": s.id, "title": s.title, "short": s.short} for s in course.pipeline.steps],
        "events": [{"id": e.id, "label": e.label, "step": e.step} for e in tracker.events],
        "rules": [_rule(rule) for rule in tracker.rules],
        "columns": import_columns(course, tracker, ui),
        "ui": {name: ui[key] for name, key in _STRINGS.items()},
    }


def rule_sentences(tracker: Tracker, ui: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each rule as (what to do, when), for readers without the script and on paper."""
    labels = {event.id: event.label for event in tracker.events}
    out = []
    for rule in tracker.rules:
        days = ui["tracker_day"] if rule.days == 1 else ui["tracker_days"].format(n=rule.days)
        parts = [ui["tracker_rule_after"].format(days=days, event=labels[rule.after])]
        if rule.unless:
            settled = ", ".join(labels[e] for e in rule.unless)
            parts.append(ui["tracker_rule_unless"].format(events=settled))
        if rule.only_if_introduced:
            parts.append(ui["tracker_rule_introduced"])
        out.append((rule.label, " ".join(parts)))
    return out


def render_tracker(course: Course, env: jinja2.Environment) -> OutputFiles:
    """The tracker page and its assets, when the course has a tracker."""
    tracker = course.pipeline.tracker
    if tracker is None:
        return {}
    ui = load_strings(course.edition.language)
    source = tracker.import_from
    assets = posixpath.relpath(PAGE_ASSETS, posixpath.dirname(TRACKER_PAGE) or ".")
    files: OutputFiles = {
        f"{PAGES_DIR}/{TRACKER_PAGE}": render_page(
            env,
            "site/tracker.md.j2",
            course,
            TRACKER_PAGE,
            tracker=tracker,
            tracker_data=tracker_payload(course, tracker, ui),
            rules=rule_sentences(tracker, ui),
            import_sheet=next(
                (w for w in course.worksheets if source and w.id == source.worksheet), None
            ),
            assets=assets,
        )
    }
    folder = resources.files("generator") / "assets"
    for name in ASSETS:
        files[f"{PAGES_DIR}/{PAGE_ASSETS}{name}"] = (folder / name).read_bytes()
    return files
