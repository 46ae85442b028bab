"""Collect what a library logs while it works (MkDocs, WeasyPrint).

Their warnings become part of our own report instead of stray log lines.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


class _Collect(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collected_warnings(logger: str, quiet: bool = False) -> Iterator[list[str]]:
    """Warnings (and worse) that ``logger`` emits inside the block, in order.

    ``quiet`` also raises the logger's level to WARNING for the block, hiding
    its progress chatter.
    """
    messages: list[str] = []
    target = logging.getLogger(logger)
    handler = _Collect(messages)
    previous = target.level
    target.addHandler(handler)
    if quiet:
        target.setLevel(logging.WARNING)
    try:
        yield messages
    finally:
        target.removeHandler(handler)
        target.setLevel(previous)
