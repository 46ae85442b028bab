"""Turn the composed node graph into plain values, within bounds.

``yaml_compose`` builds the node graph (aliases stay shared nodes, so composing an
alias bomb is cheap); the builder here constructs plain Python values itself so
that it can reject duplicate keys, bound alias expansion and remember where each
value was.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Location, Problem, YamlPath
from .source import Scalar, SourceMap, TextStart
from .yaml_compose import MAX_DEPTH, Limit

MAX_VALUES = 200_000
"""Upper bound on values constructed from one file, aliases expanded."""

_NUMBERS = yaml.constructor.SafeConstructor()
"""PyYAML's int and float constructors read only the node they are given."""


def expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    """How many values ``node`` becomes once aliases are expanded.

    Counted on the shared node graph with a memo, so a billion-laughs file is
    measured in microseconds instead of being expanded. Aliases can nest a
    structure deeper than it was written; past the depth limit counting stops
    (the builder reports the depth there).
    """
    known = memo.get(id(node))
    if known is not None:
        return known
    if depth > MAX_DEPTH:
        return 1
    memo[id(node)] = MAX_VALUES + 1  # a node that contains itself never ends
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(expanded_size(child, memo, depth + 1) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(
            expanded_size(k, memo, depth + 1) + expanded_size(v, memo, depth + 1)
            for k, v in node.value
        )
    memo[id(node)] = total = min(total, MAX_VALUES + 1)
    return total


class Builder:
    """Construct Python values from a node graph, recording positions."""

    def __init__(self, shown_as: str, text: str) -> None:
        self.source = SourceMap(shown_as)
        self.problems: list[Problem] = []
        self.count = 0
        self.shown_as = shown_as
        self.lines = text.splitlines()

    def _loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.shown_as, mark.line + 1, mark.column + 1)

    def _tick(self, node: yaml.Node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_VALUES:
            raise Limit(
                Problem(
                    self._loc(node),
                    f"the file expands to more than {MAX_VALUES:,} values "
                    "(aliases that repeat aliases?)",
                    hint="use fewer or smaller anchors (&) and aliases (*)",
                )
            )
        if depth > MAX_DEPTH:
            raise Limit(
                Problem(self._loc(node), f"values are nested more than {MAX_DEPTH} levels deep")
            )

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        self._tick(node, len(path))
        self.source.locations.setdefault(path, self._loc(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, Location] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(
                        self._loc(key_node),
                        "merge keys ('<<') are not supported",
                        path,
                        hint="write the keys out in full",
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self._loc(key_node), "a key must be plain text", path))
                continue
            key = str(self._scalar(key_node, None))
            key_loc = self._loc(key_node)
            if key in seen:
                first = seen[key]
                self.problems.append(
                    Problem(
                        key_loc,
                        f"duplicate key '{key}' (first defined at line {first.line})",
                        path,
                        hint="remove one of the two, or rename it",
                    )
                )
                continue
            seen[key] = key_loc
            child = (*path, key)
            self.source.keys[child] = key_loc
            result[key] = self.build(value_node, child)
            self._comment_as_value(key, key_node, value_node, path)
        return result

    def _comment_as_value(
        self, key: str, key_node: yaml.Node, value_node: yaml.Node, path: YamlPath
    ) -> None:
        """``primary_color: #7a1e48`` is a key with no value and a comment: say so."""
        if not (isinstance(value_node, yaml.ScalarNode) and value_node.value == ""):
            return
        if value_node.style is not None or key_node.end_mark.line >= len(self.lines):
            return
        line = self.lines[key_node.end_mark.line]
        rest = line[key_node.end_mark.column :]
        after = rest.lstrip(" :")
        if not (rest.lstrip(" ").startswith(":") and after.startswith("#")):
            return
        column = key_node.end_mark.column + len(rest) - len(after) + 1
        comment = after.split(" #")[0].rstrip()
        self.source.scalars[(*path, key)] = Scalar("", False, comment)
        self.problems.append(
            Problem(
                Location(self.shown_as, key_node.end_mark.line + 1, column),
                f"'{key}' has no value: YAML reads '{comment}' as a comment",
                (*path, key),
                hint=f"put the value in quotes: {key}: '{comment}'",
            )
        )

    def _text_start(self, node: yaml.ScalarNode) -> TextStart | None:
        mark = node.start_mark
        if node.style == "|":
            first = mark.line + 1
            for index in range(first, min(node.end_mark.line + 1, len(self.lines))):
                content = self.lines[index]
                if content.strip():
                    indent = len(content) - len(content.lstrip(" "))
                    return TextStart(self.shown_as, first + 1, indent + 1, True)
            return None
        quotes = 2 if node.style in ("'", '"') else 0
        written = node.end_mark.column - mark.column - quotes
        # Only where each character of the value is one character of the file.
        if mark.line != node.end_mark.line or node.style == ">" or written != len(node.value):
            return None
        return TextStart(self.shown_as, mark.line + 1, mark.column + 1 + quotes // 2, False)

    def _scalar(self, node: yaml.ScalarNode, path: YamlPath | None) -> Any:
        quoted = node.style in ("'", '"', "|", ">")
        if path is not None:
            self.source.scalars[path] = Scalar(node.value, quoted)
            start = self._text_start(node)
            if start is not None:
                self.source.texts[path] = start
        tag = node.tag
        value = node.value
        if tag == "tag:yaml.org,2002:str":
            return value
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("yes", "true", "on", "y")
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            constructor = yaml.SafeLoader.yaml_constructors[tag]
            return constructor(_NUMBERS, node)
        # Timestamps, binary and unknown tags all arrive as text: the schema decides.
        return value
