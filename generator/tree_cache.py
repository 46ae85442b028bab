"""A content-addressed cache of whole output trees in ``build/.cache/<kind>/``.

The MkDocs step and the quiz exports are skipped when what they read has not
changed: their output (``{relative path: bytes}``) is stored under a SHA-256
key of everything that makes it (see ``cache_keys``) and given back as it was.

An entry is one file named by its key: a header line, a JSON line naming the
key and the path, size and SHA-256 of each file, then the files' bytes in that
order. An entry that does not check out in every respect is a miss, and a
cache folder that cannot be read is an empty one: the cache can only save
time, never change a result or stop a build. Writes go through
``write.write_atomic`` (a killed build never leaves half an entry, and two
builds storing the same key both write whole, identical files); pruning
keeps what the build used and bounds the rest by count and size.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .write import remove_file, stale_temporary, touch_file, write_atomic

log = logging.getLogger(__name__)

CACHE_ROOT = ".cache"
"""Below ``build/``: shared by every edition of the project."""

FORMAT = b"coursegen-tree-cache 1\n"

MAX_HEADER = 16 * 1024 * 1024
"""The JSON line lists every file of a site: thousands of paths at most."""

SITE = "site"
EXPORT = "export"

LIMITS = {SITE: (4, 200 * 1024 * 1024), EXPORT: (50, 50 * 1024 * 1024)}
"""Per kind: entries a build did not use that are kept (newest first), and the
size the folder is brought under by removing unused ones, oldest first. A
website is a few megabytes and every edition has its own."""

_ENTRY = re.compile(r"[0-9a-f]{64}")

Tree = dict[str, bytes]


def encode_tree(key: str, files: Mapping[str, bytes]) -> bytes:
    """One entry's bytes: header, JSON line, then every file, sorted by path."""
    names = sorted(files)
    listing = [[name, len(files[name]), hashlib.sha256(files[name]).hexdigest()] for name in names]
    line = json.dumps({"key": key, "files": listing}).encode() + b"\n"
    return b"".join([FORMAT, line, *(files[name] for name in names)])


def decode_tree(key: str, data: bytes) -> Tree | None:
    """The files stored in ``data``, or None unless every size and digest checks out."""
    if not data.startswith(FORMAT):
        return None
    end = data.find(b"\n", len(FORMAT), len(FORMAT) + MAX_HEADER)
    if end < 0:
        return None
    files: Tree = {}
    try:
        header = json.loads(data[len(FORMAT) : end])
        if header["key"] != key:
            return None
        offset = end + 1
        for name, size, digest in header["files"]:
            if not _safe_path(name) or name in files:
                return None
            if not isinstance(size, int) or not 0 <= size <= len(data) - offset:
                return None
            chunk = data[offset : offset + size]
            if hashlib.sha256(chunk).hexdigest() != digest:
                return None
            files[name] = chunk
            offset += size
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if offset != len(data):
        return None
    return files


def _safe_path(name: object) -> bool:
    if not isinstance(name, str) or not name:
        return False
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts and "\0" not in name


@dataclass
class TreeCache:
    """One kind of tree (``site``, ``export``) in the cache of one project's ``build/``."""

    build: Path
    kind: str
    used: set[str] = field(default_factory=set)
    """Entries this build read or wrote: pruning leaves them alone."""

    @property
    def folder(self) -> Path:
        return self.build / CACHE_ROOT / self.kind

    def load(self, key: str) -> Tree | None:
        """The tree stored under ``key``, or None."""
        path = self.folder / key
        try:
            files = decode_tree(key, path.read_bytes())
        except OSError:
            return None
        if files is None:
            log.debug("%s cache: ignoring the unusable entry %s", self.kind, key)
            return None
        self.used.add(key)
        with contextlib.suppress(OSError):
            touch_file(path)
        return files

    def store(self, key: str, files: Mapping[str, bytes]) -> None:
        """Store a tree just made; a failure only costs time later."""
        relative = f"{CACHE_ROOT}/{self.kind}/{key}"
        try:
            write_atomic(self.build, relative, encode_tree(key, files))
        except OSError as exc:
            log.debug("%s cache: could not store %s: %s", self.kind, key, exc)
            return
        self.used.add(key)

    def prune(self, keep_unused: int | None = None, max_bytes: int | None = None) -> None:
        """Bound the folder (see ``prune_folder``); by default to ``LIMITS``."""
        default_keep, default_bytes = LIMITS.get(self.kind, (0, 0))
        keep = default_keep if keep_unused is None else keep_unused
        prune_folder(
            self.folder, self.used, keep, default_bytes if max_bytes is None else max_bytes
        )


def prune_folder(folder: Path, used: Collection[str], keep_unused: int, max_bytes: int) -> None:
    """Remove entries not in ``used`` beyond the newest ``keep_unused``, then the
    oldest unused while the folder is over ``max_bytes``; and anything else left
    there (junk, temporary files of processes that are gone)."""
    try:
        found = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    entries: list[tuple[float, int, Path]] = []
    total = 0
    for item in found:
        try:
            if not item.is_file(follow_symlinks=False):
                continue
            stat = item.stat(follow_symlinks=False)
            path = Path(item.path)
            if _ENTRY.fullmatch(item.name):
                total += stat.st_size
                if item.name not in used:
                    entries.append((stat.st_mtime, stat.st_size, path))
            elif item.name.endswith(".tmp"):
                if stale_temporary(item.name, now - stat.st_mtime):
                    remove_file(path)
            else:
                remove_file(path)
        except OSError as exc:
            log.debug("cache: could not prune %s: %s", item.name, exc)
    entries.sort(reverse=True)
    kept, dropped = entries[:keep_unused], entries[keep_unused:]
    total -= sum(size for _, size, _ in dropped)
    while kept and total > max_bytes:
        dropped.append(kept.pop())  # the oldest of those kept
        total -= dropped[-1][1]
    for _, _, path in dropped:
        try:
            remove_file(path)
        except OSError as exc:
            log.debug("cache: could not prune %s: %s", path.name, exc)
