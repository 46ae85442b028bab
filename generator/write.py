"""The only module that writes files: builds go under ``build/``; the one
exception is ``create_file``, which scaffolds a new edition file.

A build is written into a hidden temporary folder beside its destination and
swapped into place only when every step succeeded, so a failed build leaves the
previous one exactly as it was.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .errors import CoursegenError

log = logging.getLogger(__name__)

BUILD_DIR = "build"


class WriteError(CoursegenError):
    """A path tried to leave the build folder, or the disk refused a write."""


def build_root(project: Path) -> Path:
    """The one folder coursegen writes into."""
    return project / BUILD_DIR


def _inside(base: Path, relative: str) -> Path:
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise WriteError(f"refusing to write outside the build folder: {relative}")
    return base.joinpath(*pure.parts)


def write_files(dest: Path, files: Mapping[str, bytes]) -> None:
    """Write ``{relative path: bytes}`` below ``dest``."""
    for relative, data in files.items():
        target = _inside(dest, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def sync_files(dest: Path, files: Mapping[str, bytes]) -> int:
    """Make ``dest`` hold exactly ``files``, touching only what changed.

    Used by live preview: rewriting unchanged files would wake the file
    watcher again and again. Returns how many files were written or removed.
    """
    changed = 0
    wanted = {_inside(dest, rel): data for rel, data in files.items()}
    for target, data in wanted.items():
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed += 1
    if dest.is_dir():
        for path in sorted(dest.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                changed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return changed


@contextmanager
def staged_output(root: Path, slug: str) -> Iterator[Path]:
    """A fresh folder for one edition's build, swapped in on success.

    On any exception the temporary folder is removed and ``build/<slug>`` is
    left untouched.
    """
    _inside(root, slug)
    root.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".tmp", dir=root))
    stage.chmod(0o755)
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    final = root / slug
    retired = None
    if final.exists():
        retired = stage.with_suffix(".old")
        final.rename(retired)
    stage.replace(final)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    log.debug("build swapped into %s", final)


def create_file(root: Path, relative: str, data: bytes) -> Path:
    """Create a new file below ``root`` (never overwriting one); for scaffolding."""
    target = _inside(root, relative)
    if target.exists():
        raise WriteError(f"{target} already exists; choose another name or edit it")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as handle:
        handle.write(data)
    return target


@contextmanager
def scratch_folder(root: Path) -> Iterator[Path]:
    """A hidden folder under ``root`` for intermediate files, removed afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix=".scratch-") as folder:
        yield Path(folder)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` as ``{relative POSIX path: bytes}``, sorted."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
