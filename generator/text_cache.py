"""Course-text conversions kept between builds, in ``build/.cache/text/``.

Converting the course's Markdown texts to HTML is most of what the generator
itself does in a build (``render.text``), and after an edit almost every text
is the one converted last time. The converter remembers, per text, what its
resolver answered for the ``@ids`` the text links to and the HTML it made;
this cache hands those memories to the next process, which reuses one only
when its own resolver gives the same answers (a changed text or a changed
link target always converts again).

The whole cache is one entry named by the SHA-256 of the converter's code,
the Markdown package's version and Python's version, so a new converter starts
from nothing. The entry is a header line, a JSON line naming the key and the
size and SHA-256 of the body, then the body: a JSON list of ``[text, idle,
variants]``. An entry that does not check out in every respect is a miss (the
build converts everything and stores a good entry), and a folder that cannot
be read is an empty one: the cache can only save time. It is read once when a
build starts and written once, through ``write.write_atomic``, when it ends;
a text no build has used for ``KEEP_IDLE`` builds is dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import platform
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .render import text as converter
from .render.text import MEMO_TEXTS, MEMO_VARIANTS, Answers, Variants
from .tree_cache import CACHE_ROOT, prune_folder
from .write import touch_file, write_atomic

log = logging.getLogger(__name__)

KIND = "text"
FORMAT = b"coursegen-text-cache 1\n"

MAX_HEADER = 4096

KEEP_IDLE = 8
"""Builds a text may go unused (another edition's, an old wording) before it is dropped."""

KEEP_UNUSED = 2
"""Entries of other converters kept (another checkout of the generator)."""

MAX_BYTES = 64 * 1024 * 1024

Kept = dict[str, tuple[int, Variants]]
"""By text: for how many builds it has gone unused, and its conversions."""


def _markdown_version() -> str:
    try:
        return importlib.metadata.version("markdown")
    except importlib.metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def converter_digest() -> str:
    """The key of the entry: what, besides a text and its links, shapes its HTML."""
    digest = hashlib.sha256(FORMAT)
    digest.update(Path(converter.__file__).read_bytes())
    digest.update(f"\0markdown={_markdown_version()}\0python={platform.python_version()}".encode())
    return digest.hexdigest()


def encode_texts(key: str, kept: Kept) -> bytes:
    """One entry's bytes, texts in sorted order (the same memories, the same bytes)."""
    rows = [
        [text, kept[text][0], [[list(map(list, a)), out] for a, out in kept[text][1]]]
        for text in sorted(kept)
    ]
    # ASCII: a lone surrogate (from a YAML "\ud800" escape) survives the round trip.
    body = json.dumps(rows, separators=(",", ":")).encode()
    head = {"key": key, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    return FORMAT + json.dumps(head, sort_keys=True).encode() + b"\n" + body


def decode_texts(key: str, data: bytes) -> Kept | None:
    """The memories stored in ``data``, or None unless it checks out in every respect."""
    if not data.startswith(FORMAT):
        return None
    end = data.find(b"\n", len(FORMAT), len(FORMAT) + MAX_HEADER)
    if end < 0:
        return None
    body = data[end + 1 :]
    try:
        head = json.loads(data[len(FORMAT) : end])
        if head["key"] != key or head["size"] != len(body):
            return None
        if hashlib.sha256(body).hexdigest() != head["sha256"]:
            return None
        return _kept(json.loads(body))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _kept(rows: object) -> Kept:
    """The rows of a body, or ValueError at the first thing out of shape."""
    if not isinstance(rows, list):
        raise ValueError("rows")
    kept: Kept = {}
    for text, idle, variants in rows:
        if not isinstance(text, str) or text in kept or not isinstance(idle, int):
            raise ValueError("row")
        if not isinstance(variants, list) or not 0 < len(variants) <= MEMO_VARIANTS:
            raise ValueError("variants")
        kept[text] = (idle, [(_answers(answers), _string(out)) for answers, out in variants])
    return kept


def _answers(found: object) -> Answers:
    if not isinstance(found, list):
        raise ValueError("answers")
    pairs = []
    for ident, answer in found:
        if answer is not None:
            answer = _string(answer)
        pairs.append((_string(ident), answer))
    return tuple(pairs)


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


@dataclass
class TextCache:
    """The text cache below one project's ``build/`` folder, for one build."""

    build: Path
    key: str = field(default_factory=converter_digest)
    kept: Kept = field(default_factory=dict)
    """What the entry held when the build started."""

    @property
    def folder(self) -> Path:
        return self.build / CACHE_ROOT / KIND

    def load(self) -> None:
        """Hand the stored conversions to this process's converter."""
        converter.used_conversions()  # from here on, count what this build uses
        path = self.folder / self.key
        try:
            found = decode_texts(self.key, path.read_bytes())
        except OSError:
            return
        if found is None:
            log.debug("text cache: ignoring the unusable entry %s", self.key)
            return
        self.kept = found
        converter.remember_conversions({text: v for text, (_, v) in found.items()})
        with contextlib.suppress(OSError):
            touch_file(path)

    def store(self) -> None:
        """Store what this build used, and what it did not use for fewer than
        ``KEEP_IDLE`` builds; a failure only costs time later."""
        kept: Kept = {text: (0, v) for text, v in converter.used_conversions().items()}
        for text, (idle, variants) in self.kept.items():
            if text not in kept and idle + 1 < KEEP_IDLE and len(kept) < MEMO_TEXTS:
                kept[text] = (idle + 1, variants)
        try:
            write_atomic(
                self.build, f"{CACHE_ROOT}/{KIND}/{self.key}", encode_texts(self.key, kept)
            )
        except OSError as exc:
            log.debug("text cache: could not store %s: %s", self.key, exc)
            return
        prune_folder(self.folder, {self.key}, KEEP_UNUSED, MAX_BYTES)
