"""The committed JSON Schemas match the models, and document every field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.core.json_schemas import SCHEMAS, json_schema

from .conftest import REPO, run_cli


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_committed_schema_is_current(kind: str) -> None:
    committed = json.loads((REPO / "schema" / f"{kind}.schema.json").read_text("utf-8"))
    assert committed == json_schema(kind), (
        f"run: coursegen schema {kind} > schema/{kind}.schema.json"
    )


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = list(schema.get("properties", {}).items())
    for definition in schema.get("$defs", {}).values():
        found += list(definition.get("properties", {}).items())
    return found


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_every_field_is_documented(kind: str) -> None:
    undocumented = [
        name for name, prop in _properties(json_schema(kind)) if not prop.get("description")
    ]
    assert undocumented == []


def test_schema_command_prints_json(tmp_path: Any) -> None:
    result = run_cli("schema", "module", cwd=tmp_path)
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["title"] == "ModuleFile"
    assert "example_pairs" in schema["properties"]


def test_schema_without_a_kind_is_a_usage_error_listing_the_kinds(tmp_path: Any) -> None:
    result = run_cli("schema", cwd=tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert "the following arguments are required: kind" in result.err
    assert "{" + ",".join(sorted(SCHEMAS)) + "}" in result.err
    assert "Traceback" not in result.err
