"""Edition overlay primitives keep every value's position right."""

from __future__ import annotations

from generator.core.load import load_yaml_bytes
from generator.core.source import Loaded
from generator.edition.overlay import append_items, copy_doc, graft, new_document, remove_item

BASE = b"""\
items:
  - id: a
    text: first
  - id: b
    text: second
  - id: c
    text: third
"""
EDITION = b"""\
name: Coach
override:
  b:
    text: replaced
more:
  - id: d
    text: added
"""


def load(raw: bytes, name: str) -> Loaded:
    loaded, problems = load_yaml_bytes(raw, name)
    assert loaded is not None and problems == []
    return loaded


def test_remove_item_shifts_later_positions() -> None:
    doc = copy_doc(load(BASE, "base.yml"))
    remove_item(doc, ("items",), 0)
    assert [i["id"] for i in doc.data["items"]] == ["b", "c"]
    assert str(doc.source.locate(("items", 0, "text"))) == "base.yml:5:11"
    assert str(doc.source.locate(("items", 1, "id"))) == "base.yml:6:9"
    assert ("items", 2) not in doc.source.locations


def test_graft_takes_value_and_position_from_the_edition() -> None:
    doc = copy_doc(load(BASE, "base.yml"))
    edition = load(EDITION, "edition.yml")
    graft(doc, ("items", 1, "text"), edition, ("override", "b", "text"))
    assert doc.data["items"][1]["text"] == "replaced"
    assert str(doc.source.locate(("items", 1, "text"))) == "edition.yml:4:11"
    assert str(doc.source.locate(("items", 1, "id"))) == "base.yml:4:9"


def test_append_items_keeps_edition_positions() -> None:
    doc = copy_doc(load(BASE, "base.yml"))
    edition = load(EDITION, "edition.yml")
    assert append_items(doc, ("items",), edition, ("more",)) == 1
    assert doc.data["items"][3] == {"id": "d", "text": "added"}
    assert str(doc.source.locate(("items", 3, "text"))) == "edition.yml:7:11"


def test_copies_leave_the_original_alone() -> None:
    original = load(BASE, "base.yml")
    doc = copy_doc(original)
    remove_item(doc, ("items",), 1)
    assert len(original.data["items"]) == 3
    assert str(original.source.locate(("items", 2, "id"))) == "base.yml:6:9"


def test_new_document_from_part_of_the_edition() -> None:
    edition = load(EDITION, "edition.yml")
    doc = new_document(edition, ("more", 0), "edition.yml")
    assert doc.data == {"id": "d", "text": "added"}
    assert str(doc.source.locate(("text",))) == "edition.yml:7:11"
