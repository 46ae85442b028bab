"""Resolve a quiz file into the quiz model: references filled in, keys given,
display order fixed (see ``model`` for what each value means)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from typing import TypeVar

from ..core.schema import Analysis, ExamplePair
from ..core.toolkit_schema import Step
from .model import Bucket, Choice, Entry, Quiz, QuizItem, Script, Statement
from .schema import (
    BestNextActionItem,
    ClassifyItem,
    Item,
    MultipleItem,
    Option,
    OrderingItem,
    QuizFile,
    SingleItem,
    TrueFalseItem,
    WhichIsBetterItem,
)

T = TypeVar("T")


def display_order(seed: str, values: Sequence[T], key: Sequence[str]) -> list[T]:
    """A fixed pseudo-random order: the same on every build, different per item."""

    def rank(i: int) -> str:
        return hashlib.sha256(f"{seed}/{key[i]}".encode()).hexdigest()

    return [values[i] for i in sorted(range(len(values)), key=rank)]


def build_quiz(
    module: str,
    quiz: QuizFile,
    *,
    pairs: Mapping[str, ExamplePair],
    steps: Sequence[Step],
    labels: Mapping[str, str],
    edition: str,
) -> Quiz:
    """Resolve one checked quiz file (cross-references already validated)."""
    built = tuple(
        _item(item, n, pairs, steps, labels) for n, item in enumerate(quiz.items, start=1)
    )
    title = quiz.title or labels["quiz_title"]
    content = json.dumps(
        [title, quiz.introduction, [asdict(item) for item in built]], sort_keys=True
    )
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]
    return Quiz(module, title, quiz.introduction, built, digest, edition)


def _item(
    item: Item,
    number: int,
    pairs: Mapping[str, ExamplePair],
    steps: Sequence[Step],
    labels: Mapping[str, str],
) -> QuizItem:
    common = QuizItem(
        id=item.id,
        kind=item.type,
        number=number,
        prompt=item.prompt,
        explanation=item.explanation,
        teaches=item.teaches,
        hint=item.hint,
    )
    if isinstance(item, SingleItem | MultipleItem | BestNextActionItem):
        scenario = item.scenario if isinstance(item, BestNextActionItem) else None
        choices = _choices(item.id, item.options, item.shuffle)
        return replace(common, scenario=scenario, choices=choices, shuffle=item.shuffle)
    if isinstance(item, TrueFalseItem):
        choices = (
            Choice("true", labels["quiz_true"], item.answer, item.if_true),
            Choice("false", labels["quiz_false"], not item.answer, item.if_false),
        )
        return replace(common, choices=choices)
    if isinstance(item, WhichIsBetterItem):
        return _which_is_better(common, item, pairs, labels)
    if isinstance(item, OrderingItem):
        return replace(common, entries=_entries(item, steps))
    if isinstance(item, ClassifyItem):
        statements = [
            Statement(f"s{i}", s.text, s.bucket, s.feedback)
            for i, s in enumerate(item.statements, start=1)
        ]
        if item.shuffle:
            statements = display_order(item.id, statements, [s.key for s in statements])
        return replace(
            common,
            buckets=tuple(Bucket(b.id, b.label) for b in item.buckets),
            statements=tuple(statements),
            shuffle=item.shuffle,
        )
    return common


def _choices(seed: str, options: Sequence[Option], shuffle: bool) -> tuple[Choice, ...]:
    choices = [
        Choice(f"o{i}", o.text, o.correct, o.feedback) for i, o in enumerate(options, start=1)
    ]
    if shuffle:
        choices = display_order(seed, choices, [c.key for c in choices])
    return tuple(choices)


def _which_is_better(
    common: QuizItem,
    item: WhichIsBetterItem,
    pairs: Mapping[str, ExamplePair],
    labels: Mapping[str, str],
) -> QuizItem:
    scenario = item.scenario
    subtext = item.subtext
    if item.pair is not None:
        pair = pairs[item.pair]
        scenario = scenario or pair.scenario
        subtext = subtext or pair.subtext
        sources = [
            (pair.bad.script, False, _analysis(pair.bad.analysis, labels)),
            (pair.good.script, True, _analysis(pair.good.analysis, labels)),
        ]
    else:
        sources = [(v.script, v.better, v.feedback) for v in item.versions or ()]
    keys = [f"v{i}" for i in range(1, len(sources) + 1)]
    # The versions are always printed in a fixed mixed order, so the stronger
    # script is not always the second one (as it is in an example pair).
    ordered = display_order(item.id, list(zip(keys, sources, strict=True)), keys)
    scripts = tuple(
        Script(key, labels["quiz_version"].format(n=chr(ord("A") + i)), text, better, feedback)
        for i, (key, (text, better, feedback)) in enumerate(ordered)
    )
    return replace(
        common,
        scenario=scenario,
        subtext=subtext,
        scripts=scripts,
        choices=_choices(item.id, item.options, item.shuffle),
        shuffle=item.shuffle,
    )


def _analysis(analysis: Analysis, labels: Mapping[str, str]) -> str:
    parts = [
        (labels["tone"], analysis.tone),
        (labels["content"], analysis.content),
        (labels["outcome"], analysis.outcome.strip()),
    ]
    return "\n".join(f"- **{label}:** {text}" for label, text in parts)


def _entries(item: OrderingItem, steps: Sequence[Step]) -> tuple[Entry, ...]:
    source: list[tuple[str, str | None]]
    if item.pipeline:
        source = [(step.title, step.why) for step in steps]
    else:
        source = [(e.text, e.feedback) for e in item.entries or ()]
    entries = [
        Entry(f"e{i}", text, i, feedback) for i, (text, feedback) in enumerate(source, start=1)
    ]
    shuffled = display_order(item.id, entries, [e.key for e in entries])
    if shuffled == entries:
        # An ordering item that starts in the right order asks nothing.
        shuffled = shuffled[1:] + shuffled[:1]
    return tuple(shuffled)
