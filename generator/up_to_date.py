"""A build that would change nothing is not run: the up-to-date stamp.

After a build succeeds, ``build/.cache/stamps/<edition>.json`` records the
digest of everything that build read (the request, the project's sources and
templates, the generator's code, the interpreter and installed distributions,
the system's text libraries and fonts, SOURCE_DATE_EPOCH), the warnings it
gave, and the size and SHA-256 of every file under ``build/<edition>/``.

A later build whose inputs have the same digest, and whose output folder still
holds exactly those files with exactly those bytes, would write what is
already there: it is done without loading, rendering or writing anything. A
changed byte anywhere, a file added or removed (in the sources or the output),
an unreadable or foreign stamp: the build runs as usual.

Standard library only (and ``write``'s lock), so the check takes a few
hundredths of a second where importing the pipeline alone takes half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .core.errors import Location, Problem, Severity
from .fingerprint import digest_folder, distributions_digest, system_digest
from .write import BUILD_DIR, WriteError, build_lock, remove_leftovers

FORMAT = "coursegen-stamp 1"
STAMPS = ".cache/stamps"
"""Below ``build/``: one stamp per edition."""

SOURCE_DIRS = ("content", "editions", "templates")
"""Project folders a build reads (every file below them counts, read or not)."""

GENERATOR_DIR = Path(__file__).resolve().parent

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_HOOK = re.compile(r"^\s*-\s*['\"]?([^'\"#\s]+\.py)['\"]?\s*(?:#.*)?$", re.MULTILINE)


@dataclass(frozen=True)
class Request:
    """What was asked of a build, as far as it shapes the output."""

    edition: str
    strict: bool = False
    pdf: bool = True
    language: str | None = None
    site_url: str | None = None
    paper: str | None = None


@dataclass(frozen=True)
class Fresh:
    """An edition whose last build is still what a build would make."""

    edition: str
    output: Path
    warnings: tuple[Problem, ...]
    """The warnings of that build."""


def stamp_path(root: Path, edition: str) -> Path | None:
    """Where the stamp of ``edition`` lives, or None for a name no build has."""
    if not _SLUG.fullmatch(edition):
        return None
    return root / BUILD_DIR / STAMPS / f"{edition}.json"


def _project_files(root: Path, digest: hashlib._Hash) -> None:
    config = root / "mkdocs.yml"
    text = config.read_bytes() if config.is_file() else b""
    digest.update(b"mkdocs.yml\0" + hashlib.sha256(text).digest())
    # Hooks may live anywhere the configuration points: hash each one named.
    for hook in sorted(set(_HOOK.findall(text.decode("utf-8", "replace")))):
        path = root / hook
        data = path.read_bytes() if path.is_file() else b"missing"
        digest.update(f"hook {hook}\0".encode() + hashlib.sha256(data).digest())
    for name in SOURCE_DIRS:
        digest.update(f"folder {name}\0".encode())
        digest_folder(digest, root / name, "*", content=True)


def inputs_digest(root: Path, request: Request) -> str:
    """The digest of everything a build of ``request`` in ``root`` reads."""
    digest = hashlib.sha256(FORMAT.encode() + b"\0")
    digest.update(json.dumps(asdict(request), sort_keys=True).encode())
    digest.update(f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    _project_files(root, digest)
    digest.update(b"generator\0")
    digest_folder(digest, GENERATOR_DIR, "*", content=True)
    distributions_digest(digest)
    system_digest(digest)
    return digest.hexdigest()


def output_manifest(folder: Path) -> dict[str, list[object]] | None:
    """``{relative path: [size, sha256]}`` of every file below ``folder``; None
    when it is missing or holds anything but folders and plain files."""
    if not folder.is_dir() or folder.is_symlink():
        return None
    found: dict[str, list[object]] = {}
    for top, dirs, files in os.walk(folder):
        base = Path(top)
        dirs.sort()
        if any((base / name).is_symlink() for name in dirs):
            return None
        for name in sorted(files):
            path = base / name
            if path.is_symlink() or not path.is_file():
                return None
            data = path.read_bytes()
            found[path.relative_to(folder).as_posix()] = [
                len(data),
                hashlib.sha256(data).hexdigest(),
            ]
    return found


def _problem_json(problem: Problem) -> dict[str, object]:
    where = problem.location
    return {
        "file": where.file,
        "line": where.line,
        "column": where.column,
        "message": problem.message,
        "path": list(problem.path),
        "hint": problem.hint,
        "severity": problem.severity.value,
    }


def _problem(data: object) -> Problem:
    """A warning read back from a stamp; ValueError (or TypeError) if it is not one."""
    if not isinstance(data, dict):
        raise ValueError("not a problem")
    texts = [data["file"], data["message"], data["hint"], data["severity"]]
    numbers = [data["line"], data["column"]]
    path = data["path"]
    if not all(isinstance(t, str) for t in texts) or not all(type(n) is int for n in numbers):
        raise ValueError("not a problem")
    if not isinstance(path, list) or not all(type(p) in (str, int) for p in path):
        raise ValueError("not a problem")
    return Problem(
        Location(data["file"], data["line"], data["column"]),
        data["message"],
        tuple(path),
        data["hint"],
        Severity(data["severity"]),
    )


def stamp_bytes(inputs: str, output: Path, warnings: Sequence[Problem]) -> bytes | None:
    """The stamp of a build just swapped into ``output``; None if it cannot be read back."""
    manifest = output_manifest(output)
    if manifest is None:
        return None
    stamp = {
        "format": FORMAT,
        "inputs": inputs,
        "warnings": [_problem_json(problem) for problem in warnings],
        "files": manifest,
    }
    return json.dumps(stamp, sort_keys=True, separators=(",", ":")).encode()


def _read_stamp(path: Path) -> tuple[Mapping[str, object], tuple[Problem, ...]] | None:
    try:
        stamp = json.loads(path.read_bytes())
        if not isinstance(stamp, dict) or stamp.get("format") != FORMAT:
            return None
        warnings = stamp.get("warnings")
        if not isinstance(warnings, list):
            return None
        return stamp, tuple(_problem(item) for item in warnings)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def fresh(root: Path, request: Request) -> Fresh | None:
    """The last build of ``request``'s edition, when it is still what a build
    would make; None whenever there is any doubt (then build)."""
    path = stamp_path(root, request.edition)
    if path is None or not path.is_file():
        return None
    try:
        with build_lock(root / BUILD_DIR, request.edition):
            read = _read_stamp(path)
            if read is None or read[0].get("inputs") != inputs_digest(root, request):
                return None
            output = root / BUILD_DIR / request.edition
            if output_manifest(output) != read[0].get("files"):
                return None
            # What a killed build left goes now, as the next real build would remove it.
            remove_leftovers(root / BUILD_DIR, request.edition)
    except (OSError, WriteError):
        return None  # another build runs, or the disk says no: the build will tell
    return Fresh(request.edition, output, read[1])
