"""Edit loaded YAML trees while keeping every value's source position.

An edition changes the base course by id: it replaces fields, removes items and
appends new ones. The values it brings keep their positions in the coach's
``edition.yml``, so a mistake there is reported there; values it shifts (list
items after a removed one) keep their positions in the base files.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..core.errors import Location, YamlPath
from ..core.source import Loaded, Scalar, SourceMap, TextStart

TABLES = ("locations", "scalars", "keys", "texts")
"""The tables of a SourceMap, all keyed by YAML path."""


@dataclass(frozen=True)
class Found:
    """An item located by id: the document, the item's path and the item."""

    doc: Loaded
    path: YamlPath
    item: dict[str, Any]


def find_ids(doc: Loaded) -> Iterator[Found]:
    """Every mapping with an ``id`` inside a document, outermost first."""

    def walk(value: Any, path: YamlPath) -> Iterator[Found]:
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                yield Found(doc, path, value)
            for key, child in value.items():
                yield from walk(child, (*path, key))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                yield from walk(child, (*path, i))

    yield from walk(doc.data, ())


def copy_doc(doc: Loaded) -> Loaded:
    """A deep copy that can be edited without touching the original."""
    source = SourceMap(
        doc.source.file,
        dict(doc.source.locations),
        dict(doc.source.scalars),
        dict(doc.source.keys),
        dict(doc.source.texts),
    )
    return Loaded(copy.deepcopy(doc.data), source)


def _under(path: YamlPath, prefix: YamlPath) -> bool:
    return path[: len(prefix)] == prefix


def _rebase(source: SourceMap, src: SourceMap, src_prefix: YamlPath, dest_prefix: YamlPath) -> None:
    """Copy the positions below ``src_prefix`` of ``src`` to ``dest_prefix``."""
    for table_name in TABLES:
        table: dict[YamlPath, Any] = getattr(source, table_name)
        for path in [p for p in table if _under(p, dest_prefix)]:
            del table[path]
        origin: dict[YamlPath, Location | Scalar | TextStart] = getattr(src, table_name)
        for path, value in origin.items():
            if _under(path, src_prefix):
                table[dest_prefix + path[len(src_prefix) :]] = value


def get(data: Any, path: YamlPath) -> Any:
    """The value at ``path`` (which must exist)."""
    for part in path:
        data = data[part]
    return data


def graft(target: Loaded, path: YamlPath, donor: Loaded, donor_path: YamlPath) -> None:
    """Set ``target`` at ``path`` to the donor's value, positions included."""
    value = copy.deepcopy(get(donor.data, donor_path))
    parent = get(target.data, path[:-1])
    parent[path[-1]] = value
    _rebase(target.source, donor.source, donor_path, path)
    if path in donor.source.keys or donor_path in donor.source.keys:
        target.source.keys[path] = donor.source.keys.get(donor_path, target.source.locate(path))


def remove_item(target: Loaded, list_path: YamlPath, index: int) -> None:
    """Delete a list item and shift the positions of the items after it."""
    items = get(target.data, list_path)
    del items[index]
    depth = len(list_path)
    for table_name in TABLES:
        table: dict[YamlPath, Any] = getattr(target.source, table_name)
        moved: dict[YamlPath, Any] = {}
        for path in list(table):
            if not _under(path, list_path) or len(path) <= depth:
                continue
            position = path[depth]
            if not isinstance(position, int) or position < index:
                continue
            value = table.pop(path)
            if position > index:
                moved[(*list_path, position - 1, *path[depth + 1 :])] = value
        table.update(moved)


def append_items(target: Loaded, list_path: YamlPath, donor: Loaded, donor_path: YamlPath) -> int:
    """Append the donor's list items to the list at ``list_path`` (created if absent).

    Returns how many items were appended.
    """
    parent = get(target.data, list_path[:-1])
    key = list_path[-1]
    if not isinstance(parent.get(key), list):
        parent[key] = []
        target.source.locations[list_path] = donor.source.locate(donor_path)
    items = parent[key]
    additions = get(donor.data, donor_path)
    start = len(items)
    for offset, item in enumerate(additions):
        items.append(copy.deepcopy(item))
        _rebase(target.source, donor.source, (*donor_path, offset), (*list_path, start + offset))
    return len(additions)


def new_document(donor: Loaded, donor_path: YamlPath, shown_as: str) -> Loaded:
    """A document made of a part of the donor (an added module, for instance)."""
    source = SourceMap(shown_as)
    data = copy.deepcopy(get(donor.data, donor_path))
    _rebase(source, donor.source, donor_path, ())
    source.locations.setdefault((), donor.source.locate(donor_path))
    return Loaded(data, source)
