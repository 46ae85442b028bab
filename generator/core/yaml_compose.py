"""Compose YAML text into PyYAML's node graph, within bounds.

The events come from libyaml's C parser when PyYAML was built with it (about
twenty times faster than PyYAML's own scanner), else from the pure-Python one;
the composer here is the same for both. It counts values, nesting depth and
explicit tags as each event arrives, so a huge or deeply nested file is refused
after reading only the part that breaks a limit, and no recursion ever goes
deeper than ``MAX_DEPTH``. Aliases stay shared nodes (composing an alias bomb is
cheap); ``yaml_values`` bounds their expansion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.resolver import Resolver

from .errors import Location, Problem, printable


def _libyaml_parser() -> type[Any] | None:
    try:
        from yaml._yaml import CParser
    except ImportError:  # PyYAML built without libyaml: the pure-Python parser below
        return None
    return CParser


LIBYAML_PARSER = _libyaml_parser()
"""libyaml's event parser, or None when PyYAML was built without it."""

MAX_NODES = 20_000
"""Upper bound on values written in one file (aliases not expanded), counted while
composing so that a huge file is refused after reading only the start of it."""

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings, checked as each list or mapping opens."""


class Limit(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python reader, scanner and parser: events, no nodes."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def uses_libyaml() -> bool:
    """True when YAML files are parsed by libyaml (PyYAML's C bindings)."""
    return LIBYAML_PARSER is not None


def compose(text: str, shown_as: str) -> tuple[Composer, yaml.Node | None]:
    """The root node of ``text`` (None when it holds no document), and the
    composer that counted its values, aliases and tags.

    libyaml parses the text when it can. PyYAML's own parser does instead when
    libyaml is missing, when the text holds a tab (PyYAML refuses a tab inside
    plain text where libyaml keeps it in the value) and when libyaml finds an
    error: PyYAML names what it found (``found character '@' that cannot start
    any token``) and stops deep brackets at the depth limit, where libyaml reads
    ahead to its own limit of 1,000 levels. A broken file is read twice; a good
    one once, quickly.
    """
    if LIBYAML_PARSER is not None and "\t" not in text:
        composer = Composer(text, shown_as, libyaml=True)
        try:
            return composer, composer.get_single_node()
        except yaml.YAMLError:
            pass
        finally:
            composer.dispose()
    composer = Composer(text, shown_as, libyaml=False)
    try:
        return composer, composer.get_single_node()
    finally:
        composer.dispose()


_resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = Resolver().resolve
_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_MAPPING_TAG = "tag:yaml.org,2002:map"


class Composer:
    """Nodes from events, as PyYAML's composer builds them, counting as it goes:
    values written, nesting depth, and explicit tags (``!!int abc`` would otherwise
    reach a constructor and raise)."""

    def __init__(self, text: str, shown_as: str, libyaml: bool) -> None:
        parser = LIBYAML_PARSER if libyaml else None
        self.parser: Any = parser(text) if parser else _PythonParser(text)
        self.libyaml = parser is not None
        """Whether libyaml reads the text (PyYAML's pure-Python parser does if not)."""
        self.next_event: Callable[[], Any] = self.parser.get_event
        self.shown_as = shown_as
        self.depth = 0
        self.nodes = 0
        self.aliases = 0
        self.anchors: dict[str, yaml.Node] = {}
        self.problems: list[Problem] = []

    def _at(self, mark: Any) -> Location:
        return Location(self.shown_as, mark.line + 1, mark.column + 1)

    def dispose(self) -> None:
        self.parser.dispose()

    def get_single_node(self) -> yaml.Node | None:
        """The one document's root node, None for an empty stream; the same
        errors as PyYAML for a second document."""
        self.next_event()  # StreamStartEvent
        event = self.next_event()
        node = None
        if not isinstance(event, yaml.StreamEndEvent):
            node = self._compose(self.next_event())
            self.next_event()  # DocumentEndEvent
            event = self.next_event()
            if not isinstance(event, yaml.StreamEndEvent):
                raise ComposerError(
                    "expected a single document in the stream",
                    node.start_mark,
                    "but found another document",
                    event.start_mark,
                )
        return node

    def _count(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise Limit(
                Problem(
                    self._at(event.start_mark),
                    f"the file holds more than {MAX_NODES:,} values; "
                    "a course file holds a few hundred",
                    hint="split it into several files or remove pasted material",
                )
            )

    def _anchor(self, event: Any, node: yaml.Node) -> None:
        anchor = event.anchor
        if anchor is None:
            return
        if anchor in self.anchors:
            raise ComposerError(
                f"found duplicate anchor {anchor!r}; first occurrence",
                self.anchors[anchor].start_mark,
                "second occurrence",
                event.start_mark,
            )
        self.anchors[anchor] = node

    def _compose(self, event: Any) -> yaml.Node:
        kind = type(event)
        self._count(event)
        if kind is yaml.AliasEvent:
            self.aliases += 1
            found = self.anchors.get(event.anchor)
            if found is None:
                raise ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            return found
        if event.tag is not None:
            self.problems.append(_tag_problem(event.tag, self._at(event.start_mark)))
        if kind is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = _resolve(yaml.ScalarNode, event.value, event.implicit)
            # libyaml marks a plain scalar with style '', PyYAML with None.
            style = event.style or None
            scalar = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style)
            self._anchor(event, scalar)
            return scalar
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Limit(
                Problem(
                    self._at(event.start_mark),
                    f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
                    hint="a course file needs a handful of levels; check the brackets",
                )
            )
        tag = event.tag if event.tag not in (None, "!") else None
        flow = event.flow_style
        node: yaml.SequenceNode | yaml.MappingNode
        if kind is yaml.SequenceStartEvent:
            node = yaml.SequenceNode(tag or _SEQUENCE_TAG, [], event.start_mark, None, flow)
            self._anchor(event, node)
            items = node.value
            child = self.next_event()
            while type(child) is not yaml.SequenceEndEvent:
                items.append(self._compose(child))
                child = self.next_event()
        else:
            node = yaml.MappingNode(tag or _MAPPING_TAG, [], event.start_mark, None, flow)
            self._anchor(event, node)
            pairs = node.value
            child = self.next_event()
            while type(child) is not yaml.MappingEndEvent:
                key = self._compose(child)
                pairs.append((key, self._compose(self.next_event())))
                child = self.next_event()
        node.end_mark = child.end_mark
        self.depth -= 1
        return node


def _tag_problem(tag: str, location: Location) -> Problem:
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:") else tag
    return Problem(
        location,
        f"explicit YAML tags such as '{printable(shown)}' are not allowed",
        hint="remove the tag; put the value in quotes if it should stay text",
    )
