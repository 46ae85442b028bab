"""Length limits of the channels a message travels through.

A LinkedIn connection note holds 200 characters on a free account; a script or
template marked ``channel: linkedin-note`` that is longer would not send. The
check runs on the loaded YAML, like the other cross-file checks, and warns.
"""

from __future__ import annotations

from collections.abc import Iterator

from .core.curriculum import Sources
from .core.errors import Problem, Severity, YamlPath
from .core.ids import IdIndex
from .core.schema import CHANNEL_LIMITS
from .core.source import Loaded, items

_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def message_length(text: str) -> int:
    """Characters the reader receives: line wrapping in the YAML is one space,
    and the quotation marks around a spoken or written script are not sent."""
    return len(" ".join(text.split()).strip(_QUOTES).strip())


def check_channel_lengths(src: Sources, index: IdIndex) -> list[Problem]:
    """A warning for every script or template longer than its channel allows
    (the index is not needed: the signature is that of every check)."""
    problems: list[Problem] = []
    for doc, path, channel, text in _messages(src):
        limit = CHANNEL_LIMITS.get(channel)
        if limit is None:
            continue
        most, reason = limit
        length = message_length(text)
        if length > most:
            problems.append(
                Problem(
                    doc.source.locate(path),
                    f"this {channel} is {length} characters; {reason}",
                    path,
                    f"cut it to {most} characters or fewer (placeholders count as written)",
                    Severity.WARNING,
                )
            )
    return problems


def _messages(src: Sources) -> Iterator[tuple[Loaded, YamlPath, str, str]]:
    for doc in src.modules:
        for i, pair in items(doc.data, "example_pairs"):
            channel = pair.get("channel")
            for side in ("bad", "good"):
                version = pair.get(side)
                script = version.get("script") if isinstance(version, dict) else None
                if isinstance(channel, str) and isinstance(script, str):
                    yield doc, ("example_pairs", i, side, "script"), channel, script
    if src.messages is not None:
        doc = src.messages
        for i, template in items(doc.data, "templates"):
            channel, body = template.get("channel"), template.get("body")
            if isinstance(channel, str) and isinstance(body, str):
                yield doc, ("templates", i, "body"), channel, body
