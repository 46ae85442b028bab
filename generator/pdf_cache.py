"""A content-addressed cache of laid-out PDFs in ``build/.cache/pdf/``.

Laying out a PDF is most of a build's time, and most builds change few
documents. Each layout job is stored under the SHA-256 of everything that
makes its bytes: the job's HTML (self-contained: stylesheets, fonts, logo and
images are inlined, and nothing else is fetched), whether it has a fillable
file, SOURCE_DATE_EPOCH, the versions of the PDF libraries, the system's
text libraries and fonts, and the generator's own code and worksheet
templates. A hit gives the stored bytes and no layout happens.

An entry is one file named by its key: a header line, a JSON line naming the
key, the size and SHA-256 of each PDF and WeasyPrint's warnings, then the
PDFs' bytes. An entry that does not check out in every respect is a miss, and
a cache folder that cannot be read is an empty one: the cache can only save
time, never change a result or stop a build. Writes go through
``write.write_atomic``; pruning keeps what the build used.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .fingerprint import digest_folder, system_digest
from .tree_cache import prune_folder
from .worksheet.pdf import PRINTABLE_VARIANT, PdfJob, PdfPair
from .worksheet.render import TEMPLATES_DIR
from .write import touch_file, write_atomic

log = logging.getLogger(__name__)

CACHE_DIR = ".cache/pdf"
"""Below ``build/``: shared by every edition of the project."""

KEEP_UNUSED = 200
"""Entries a build did not use that are kept, newest first."""

MAX_BYTES = 200 * 1024 * 1024
"""Entries a build did not use go, oldest first, while the cache is larger."""

FORMAT = b"coursegen-pdf-cache 1\n"

MAX_HEADER = 64 * 1024

LIBRARIES = (
    "weasyprint",
    "pydyf",
    "pypdf",
    "pikepdf",
    "fonttools",
    "tinycss2",
    "tinyhtml5",
    "cssselect2",
    "pyphen",
    "pillow",
    "cffi",
)
"""Python distributions whose versions can change a PDF's bytes."""


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def toolchain_digest() -> str:
    """What shapes every PDF besides its HTML: the generator's code and templates,
    library versions, the system's text libraries and fonts (by name, size, date)."""
    digest = hashlib.sha256(FORMAT)
    digest_folder(digest, Path(__file__).resolve().parent, "*.py", content=True)
    digest_folder(digest, TEMPLATES_DIR, "*", content=True)
    for name in LIBRARIES:
        digest.update(f"{name}={_version(name)}\0".encode())
    system_digest(digest)
    return digest.hexdigest()


def job_key(job: PdfJob, toolchain: str) -> str:
    """The cache key of one layout job."""
    parts = {
        "html": hashlib.sha256(job.html.encode()).hexdigest(),
        "fillable": job.fillable,
        "variant": PRINTABLE_VARIANT,
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "toolchain": toolchain,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _part(data: bytes) -> dict[str, object]:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def encode_entry(key: str, pair: PdfPair) -> bytes:
    """One entry's bytes: header, JSON line, printable PDF, fillable PDF."""
    header = {
        "key": key,
        "printable": _part(pair.printable),
        "fillable": _part(pair.fillable) if pair.fillable is not None else None,
        "warnings": list(pair.warnings),
    }
    line = json.dumps(header, sort_keys=True).encode() + b"\n"
    return FORMAT + line + pair.printable + (pair.fillable or b"")


def decode_entry(key: str, data: bytes) -> PdfPair | None:
    """The pair stored in ``data``, or None unless every size and digest checks out."""
    if not data.startswith(FORMAT):
        return None
    end = data.find(b"\n", len(FORMAT), len(FORMAT) + MAX_HEADER)
    if end < 0:
        return None
    try:
        header = json.loads(data[len(FORMAT) : end])
        if header["key"] != key:
            return None
        body = data[end + 1 :]
        printable, rest = _take(body, header["printable"])
        fillable = None
        if header["fillable"] is not None:
            fillable, rest = _take(rest, header["fillable"])
        warnings = tuple(str(message) for message in header["warnings"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if rest:
        return None
    return PdfPair(printable, fillable, warnings)


def _take(data: bytes, part: Mapping[str, object]) -> tuple[bytes, bytes]:
    size = part["size"]
    if not isinstance(size, int) or not 0 < size <= len(data):
        raise ValueError("size")
    chunk = data[:size]
    if hashlib.sha256(chunk).hexdigest() != part["sha256"]:
        raise ValueError("digest")
    return chunk, data[size:]


@dataclass
class PdfCache:
    """The PDF cache below one project's ``build/`` folder, for one build."""

    build: Path
    toolchain: str = field(default_factory=toolchain_digest)
    used: set[str] = field(default_factory=set)
    """Entries this build read or wrote: pruning leaves them alone."""

    @property
    def folder(self) -> Path:
        return self.build / CACHE_DIR

    def load(self, jobs: Sequence[PdfJob]) -> dict[str, PdfPair]:
        """The stored pairs of those ``jobs`` that are in the cache, by job key."""
        found = {}
        for job in jobs:
            key = job_key(job, self.toolchain)
            path = self.folder / key
            try:
                pair = decode_entry(key, path.read_bytes())
            except OSError:
                continue
            if pair is None or (pair.fillable is not None) != job.fillable:
                log.debug("PDF cache: ignoring the unusable entry %s", key)
                continue
            found[job.key] = pair
            self.used.add(key)
            with contextlib.suppress(OSError):
                touch_file(path)
        return found

    def store(self, jobs: Sequence[PdfJob], pairs: Mapping[str, PdfPair]) -> None:
        """Store the pairs just laid out (by job key); a failure only costs time later."""
        for job in jobs:
            if job.key not in pairs:
                continue
            key = job_key(job, self.toolchain)
            try:
                write_atomic(self.build, f"{CACHE_DIR}/{key}", encode_entry(key, pairs[job.key]))
            except OSError as exc:
                log.debug("PDF cache: could not store %s: %s", key, exc)
                continue
            self.used.add(key)

    def prune(self, keep_unused: int = KEEP_UNUSED, max_bytes: int = MAX_BYTES) -> None:
        """Remove unused entries beyond the newest ``keep_unused``, then the oldest
        unused while the cache is over ``max_bytes``; and anything else left there
        (junk, temporary files of processes that are gone)."""
        prune_folder(self.folder, self.used, keep_unused, max_bytes)
