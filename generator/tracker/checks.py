"""Checks on the tracker block that the schema alone cannot make.

Run on the loaded YAML like every cross-file check: events name pipeline
steps, rules name events, and the imported worksheet table and its columns
exist.
"""

from __future__ import annotations

from typing import Any, get_args

from ..core.curriculum import Sources
from ..core.errors import Problem, YamlPath
from ..core.ids import EVENT, IdIndex, tracker_block
from ..core.messages import suggest
from ..core.source import Loaded, items
from ..core.toolkit_schema import TrackerField

FIELDS = frozenset(get_args(TrackerField))
"""Names a worksheet column can hold besides an event's date; no event may use one."""


def check_tracker(src: Sources, index: IdIndex) -> list[Problem]:
    """Every reference the tracker block makes, checked against the course
    (its events and rules are in the index: see ``ids.index_tracker``)."""
    pipeline, worksheets = src.pipeline, src.worksheets
    block = tracker_block(pipeline)
    if pipeline is None or block is None:
        return []
    problems: list[Problem] = []
    for i, event in items(block, "events"):
        path: YamlPath = ("tracker", "events", i)
        if event.get("id") in FIELDS:
            problems.append(
                Problem(
                    pipeline.source.locate((*path, "id")),
                    f"the event id '{event['id']}' is reserved for a contact's details",
                    (*path, "id"),
                    f"choose another id, e.g. '{event['id']}-recorded'",
                )
            )
        if isinstance(event.get("step"), str):
            problems += index.check(pipeline, (*path, "step"), event["step"], "pipeline step")
    for i, rule in items(block, "rules"):
        path = ("tracker", "rules", i)
        if isinstance(rule.get("after"), str):
            problems += index.check(pipeline, (*path, "after"), rule["after"], EVENT)
        for j, ident in enumerate(rule.get("unless") or []):
            if isinstance(ident, str):
                problems += index.check(pipeline, (*path, "unless", j), ident, EVENT)
    source = block.get("import_from")
    if isinstance(source, dict):
        problems += _check_import(pipeline, source, worksheets, index)
    return problems


def _check_import(
    pipeline: Loaded, source: dict[str, Any], worksheets: tuple[Loaded, ...], index: IdIndex
) -> list[Problem]:
    base: YamlPath = ("tracker", "import_from")
    sheet_id = source.get("worksheet")
    if not isinstance(sheet_id, str):
        return []
    problems = index.check(pipeline, (*base, "worksheet"), sheet_id, "worksheet")
    sheet = next(
        (d for d in worksheets if isinstance(d.data, dict) and d.data.get("id") == sheet_id), None
    )
    columns = source.get("columns")
    columns = columns if isinstance(columns, dict) else {}
    held: dict[str, str] = {}
    for column, holds in columns.items():
        if not isinstance(holds, str):
            continue
        path: YamlPath = (*base, "columns", column)
        if holds in held:
            problems.append(
                Problem(
                    pipeline.source.locate(path),
                    f"the columns '{held[holds]}' and '{column}' both hold '{holds}'",
                    path,
                    "import each detail or event date from one column",
                )
            )
        held[holds] = str(column)
        if holds not in FIELDS:
            problems += index.check(pipeline, path, holds, EVENT)
    if sheet is None:
        return problems
    tables = {
        str(field.get("id")): field
        for _, section in items(sheet.data, "sections")
        for _, field in items(section, "fields")
        if field.get("type") == "table"
    }
    table_id = source.get("table")
    table = tables.get(str(table_id))
    if table is None:
        hint = suggest(str(table_id), tables) or (
            f"its tables: {', '.join(sorted(tables))}" if tables else "it has no table"
        )
        problems.append(
            Problem(
                pipeline.source.locate((*base, "table")),
                f"the worksheet '{sheet_id}' has no table '{table_id}'",
                (*base, "table"),
                hint,
            )
        )
        return problems
    known = list(dict.fromkeys(str(c.get("id")) for _, c in items(table, "columns")))
    # A table without a readable column list is reported by the worksheet's own check.
    for column in columns if known else ():
        if column not in known:
            path = (*base, "columns", column)
            problems.append(
                Problem(
                    pipeline.source.locate_key(path),
                    f"the table '{table_id}' of '{sheet_id}' has no column '{column}'",
                    path,
                    suggest(str(column), known) or f"its columns: {', '.join(known)}",
                )
            )
    return problems
