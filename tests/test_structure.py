"""The shape of the code: no import circle, small modules, one way in for checks.

The import graph is read from the source with ``ast``: the imports a module runs
when it is loaded (at its top level, also inside ``if`` and ``try``), not those
under ``if TYPE_CHECKING:`` nor those inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

from generator.core.checks import CHECKS

from .conftest import REPO

PACKAGE = REPO / "generator"

MAX_LINES = 300

LONGER: dict[str, str] = {}
"""Modules allowed over ``MAX_LINES``, each with the reason it cannot be split."""

CORE_ASSEMBLY = {
    "generator.core.checks": "runs every feature's checks",
    "generator.core.curriculum": "the file layout: which file each feature's schema reads",
    "generator.core.json_schemas": "the JSON Schema of every kind of file",
    "generator.core.model": "the resolved course holds each feature's model",
    "generator.core.resolve": "resolves each feature's part of the course",
}
"""The only core modules that import a feature, and what for."""


def _name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            found += _top_level_imports(node.orelse)
            if not _type_checking(node):
                found += _top_level_imports(node.body)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                found += _top_level_imports(block)
            for handler in node.handlers:
                found += _top_level_imports(handler.body)
    return found


def _imports(name: str) -> set[str]:
    """The modules of ``generator`` that module ``name`` imports when loaded."""
    path = MODULES[name]
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets: set[str] = set()
    for node in _top_level_imports(ast.parse(path.read_text("utf-8")).body):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        base = package[: len(package) - node.level + 1] if node.level else []
        module = ".".join([*base, *([node.module] if node.module else [])])
        for alias in node.names:
            full = f"{module}.{alias.name}"
            targets.add(full if full in MODULES else module)
    return {target for target in targets if target in MODULES and target != name}


GRAPH = {name: _imports(name) for name in MODULES}


def _cycle() -> list[str]:
    """One import circle of ``GRAPH`` (its modules in order), or an empty list."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str]:
        state[name] = 1
        path.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[name] = 2
        return []

    for name in sorted(GRAPH):
        if name not in state and (found := visit(name)):
            return found
    return []


def test_the_graph_sees_imports() -> None:
    """The graph is not empty by mistake: known edges are in it."""
    assert "generator.core.errors" in GRAPH["generator.core.load"]
    assert "generator.quiz.checks" in GRAPH["generator.core.checks"]
    assert "generator.core.ids" in GRAPH["generator.worksheet.checks"]


def test_no_import_circle() -> None:
    assert _cycle() == []


def test_modules_are_short() -> None:
    long = {
        str(path.relative_to(REPO)): count
        for path in MODULES.values()
        if (count := len(path.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert {name: n for name, n in long.items() if name not in LONGER} == {}
    assert sorted(set(LONGER) - set(long)) == [], "no longer long: remove from LONGER"


def _features() -> set[str]:
    """Top-level parts of ``generator`` outside the core: packages and modules."""
    return {name.split(".")[1] for name in MODULES if name.count(".") >= 1} - {"core"}


def test_the_core_names_features_only_where_it_assembles_the_course() -> None:
    features = _features()
    naming = {
        name
        for name in MODULES
        if name.startswith("generator.core.")
        for target in GRAPH[name]
        if target.split(".")[1] in features
    }
    assert naming <= set(CORE_ASSEMBLY), sorted(naming - set(CORE_ASSEMBLY))


def test_every_check_across_files_runs_through_one_list() -> None:
    check_modules = {
        name for name in MODULES if name.endswith(".checks") or name == "generator.channels"
    }
    check_modules.discard("generator.core.checks")
    assert {check.__module__ for check in CHECKS} >= check_modules
    importers = {
        name
        for name, targets in GRAPH.items()
        if targets & check_modules and name not in check_modules
    }
    assert importers == {"generator.core.checks"}
