"""Checks on quiz files that the schema alone cannot express.

Like the other cross-file checks these run on the loaded YAML values, so a
coach sees them next to any schema error in the same file. Every access is
defensive for the same reason.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from ..core.curriculum import Sources
from ..core.errors import Problem, Severity, YamlPath
from ..core.ids import IdIndex
from ..core.messages import suggest
from ..core.source import Loaded, items

ONE_RIGHT = ("single", "best-next-action", "which-is-better")
"""Item types whose options hold exactly one right answer."""

_SHUFFLE_UNSAFE = [
    re.compile(p)
    for p in (
        r"(?i)\b(?:all|none|both|neither|either|any|each) of the (?:above|below)\b",
        r"(?i)\b(?:all|both|neither) of these\b",
        r"(?i:\bboth )[A-H](?i: and )[A-H]\b",
        r"\b[A-H] (?:and|or|&) [A-H]\b",
        r"(?i)\b(?:the )?(?:options?|answers?|choices?|ones?) (?:above|below)\b",
        r"(?i)\b(?:the )?(?:first|last|previous|next|following|preceding) "
        r"(?:options?|answers?|choices?)\b",
        r"(?i:\b(?:options?|answers?|choices?) )[A-H]\b",
    )
]


def check_quizzes(src: Sources, index: IdIndex) -> list[Problem]:
    """Every problem in the quiz files that needs more than the schema."""
    problems: list[Problem] = []
    files = {PurePosixPath(doc.source.file).stem for doc in src.modules}
    for doc in src.quizzes:
        problems += _check_module(doc, index, files)
        for i, item in items(doc.data, "items"):
            problems += check_item(doc, ("items", i), item, index)
    return problems


def _check_module(doc: Loaded, index: IdIndex, files: set[str]) -> list[Problem]:
    module = PurePosixPath(doc.source.file).stem
    entry = index.entries.get(module)
    known = entry is not None and entry.kind == "module"
    # A module file whose id differs from its name is reported already.
    if "module" in index.incomplete or known or module in files:
        return []
    hint = suggest(module, index.names("module"))
    hint = f"{hint} " if hint else ""
    return [
        Problem(
            doc.source.locate(()),
            f"there is no module '{module}' for this quiz",
            (),
            f"{hint}A quiz file is named after the id of its module, "
            "e.g. content/quizzes/secure-meeting.yml",
        )
    ]


def check_item(doc: Loaded, path: YamlPath, item: dict[str, Any], index: IdIndex) -> list[Problem]:
    """The problems of one quiz item."""
    kind = item.get("type")
    problems: list[Problem] = []
    teaches = item.get("teaches")
    if isinstance(teaches, str):
        problems += index.check(doc, (*path, "teaches"), teaches)
    if kind in ONE_RIGHT or kind == "multiple":
        problems += _check_options(doc, path, item, str(kind))
    if kind == "which-is-better":
        problems += _check_versions(doc, path, item, index)
    elif kind == "ordering":
        problems += _check_entries(doc, path, item)
    elif kind == "classify":
        problems += _check_buckets(doc, path, item)
    return problems


def _check_options(doc: Loaded, path: YamlPath, item: dict[str, Any], kind: str) -> list[Problem]:
    options = list(items(item, "options"))
    if not options:
        return []
    where = (*path, "options")
    problems = _duplicates(doc, where, [(i, o.get("text")) for i, o in options], "option")
    right = sum(1 for _, option in options if option.get("correct") is True)
    if kind in ONE_RIGHT and right != 1:
        hint = (
            "mark the right answer with 'correct: true'"
            if right == 0
            else "keep 'correct: true' on one option only, or use 'type: multiple'"
        )
        problems.append(
            Problem(
                doc.source.locate(where),
                f"a '{kind}' item needs exactly one option with 'correct: true'; "
                f"this one has {right}",
                where,
                hint,
            )
        )
    elif kind == "multiple" and right == 0:
        problems.append(
            Problem(
                doc.source.locate(where),
                "a 'multiple' item needs at least one option with 'correct: true'",
                where,
                "mark every right answer with 'correct: true'",
            )
        )
    elif kind == "multiple" and right == len(options):
        problems.append(
            Problem(
                doc.source.locate(where),
                "every option is correct, so ticking all of them always wins",
                where,
                "add at least one plausible wrong option",
                Severity.WARNING,
            )
        )
    if item.get("shuffle", True) is not False:
        for i, option in options:
            problems += _shuffle_wording(doc, (*where, i, "text"), option.get("text"))
    return problems


def shuffle_unsafe(text: str) -> str | None:
    """The words of ``text`` that assume a fixed option order, if any."""
    for pattern in _SHUFFLE_UNSAFE:
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


def _shuffle_wording(doc: Loaded, path: YamlPath, text: Any) -> list[Problem]:
    found = shuffle_unsafe(text) if isinstance(text, str) else None
    if found is None:
        return []
    return [
        Problem(
            doc.source.locate(path),
            f"'{found}' depends on the order of the options, which are shuffled",
            path,
            "reword the option so it stands on its own, or set 'shuffle: false' on this item",
            Severity.WARNING,
        )
    ]


def _duplicates(
    doc: Loaded, where: YamlPath, texts: list[tuple[int, Any]], what: str
) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for i, text in texts:
        if not isinstance(text, str):
            continue
        key = " ".join(text.split()).casefold()
        if key in seen:
            path = (*where, i, "text")
            problems.append(
                Problem(
                    doc.source.locate(path),
                    f"this {what} repeats {what} {seen[key] + 1} of the same item",
                    path,
                    f"make every {what} different",
                )
            )
        else:
            seen[key] = i
    return problems


def _check_versions(
    doc: Loaded, path: YamlPath, item: dict[str, Any], index: IdIndex
) -> list[Problem]:
    pair, versions = item.get("pair"), item.get("versions")
    if pair is not None and versions is not None:
        return [
            Problem(
                doc.source.locate((*path, "versions")),
                "give either 'pair' or 'versions', not both",
                (*path, "versions"),
                "'pair' takes the two scripts from an example pair",
            )
        ]
    if pair is None and versions is None:
        return [
            Problem(
                doc.source.locate(path),
                "a 'which-is-better' item needs 'pair' (an example pair id) or two 'versions'",
                path,
                "add 'pair: <example-pair-id>' to compare the scripts of an example pair",
            )
        ]
    if isinstance(pair, str):
        return index.check(doc, (*path, "pair"), pair, "example pair")
    better = [i for i, version in items(item, "versions") if version.get("better") is True]
    if isinstance(versions, list) and len(versions) == 2 and len(better) != 1:
        where = (*path, "versions")
        return [
            Problem(
                doc.source.locate(where),
                f"exactly one version needs 'better: true'; found {len(better)}",
                where,
                "mark the stronger script with 'better: true'",
            )
        ]
    return []


def _check_entries(doc: Loaded, path: YamlPath, item: dict[str, Any]) -> list[Problem]:
    entries, pipeline = item.get("entries"), item.get("pipeline") is True
    if entries is not None and pipeline:
        return [
            Problem(
                doc.source.locate((*path, "entries")),
                "give either 'entries' or 'pipeline: true', not both",
                (*path, "entries"),
                "remove 'entries' to order the pipeline steps, or 'pipeline' to order your own",
            )
        ]
    if entries is None and not pipeline:
        return [
            Problem(
                doc.source.locate(path),
                "an 'ordering' item needs 'entries' (in the right order) or 'pipeline: true'",
                path,
                "'pipeline: true' asks for the steps of the pipeline in order",
            )
        ]
    return _duplicates(
        doc, (*path, "entries"), [(i, e.get("text")) for i, e in items(item, "entries")], "entry"
    )


def _check_buckets(doc: Loaded, path: YamlPath, item: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    known: list[str] = []
    for i, bucket in items(item, "buckets"):
        ident = bucket.get("id")
        if not isinstance(ident, str):
            continue
        if ident in known:
            where = (*path, "buckets", i, "id")
            problems.append(
                Problem(
                    doc.source.locate(where),
                    f"the bucket id '{ident}' is used twice in this item",
                    where,
                    "give each bucket its own id",
                )
            )
        known.append(ident)
    used: set[str] = set()
    for i, statement in items(item, "statements"):
        ref = statement.get("bucket")
        if not isinstance(ref, str):
            continue
        used.add(ref)
        if ref not in known and known:
            where = (*path, "statements", i, "bucket")
            problems.append(
                Problem(
                    doc.source.locate(where),
                    f"'{ref}' is not one of this item's buckets",
                    where,
                    suggest(ref, known) or f"use one of: {', '.join(known)}",
                )
            )
    problems += _duplicates(
        doc,
        (*path, "statements"),
        [(i, s.get("text")) for i, s in items(item, "statements")],
        "statement",
    )
    # A misspelt bucket name is one problem, not also an empty bucket.
    if used and used <= set(known):
        for i, bucket in items(item, "buckets"):
            ident = bucket.get("id")
            if isinstance(ident, str) and ident not in used:
                where = (*path, "buckets", i)
                problems.append(
                    Problem(
                        doc.source.locate(where),
                        f"no statement belongs in the bucket '{ident}'",
                        where,
                        "add a statement for it, or remove the bucket",
                        Severity.WARNING,
                    )
                )
    return problems
