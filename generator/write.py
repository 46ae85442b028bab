"""The only module that writes files: builds (and the PDF cache in
``build/.cache/``) go under ``build/``; the exceptions are ``create_file``,
which scaffolds a new edition file, and ``preview_folder``, the temporary
folder live preview serves from.

A build is written into a hidden temporary folder beside its destination and
swapped into place only when every step succeeded, so a failed build leaves the
previous one exactly as it was.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .core.errors import CoursegenError

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


def write_atomic(dest: Path, relative: str, data: bytes) -> Path:
    """Write one file below ``dest`` so that it appears whole or not at all.

    The bytes go to a hidden temporary file in the same folder, named after this
    process (``.<pid>.<random>.tmp``, see ``stale_temporary``), then renamed
    over the final name: a killed process never leaves a partial file there.
    """
    target = _inside(dest, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{os.getpid()}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        temporary.chmod(0o644)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


_TEMPORARY = re.compile(r"\.([0-9]+)\.[A-Za-z0-9_]+\.tmp")


def stale_temporary(name: str, age: float, max_age: float = 3600.0) -> bool:
    """True for a temporary file of ``write_atomic`` whose writer is gone (or which
    is older than ``max_age`` seconds, in case its process id was reused)."""
    match = _TEMPORARY.fullmatch(name)
    if match is None:
        return False
    if age > max_age:
        return True
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


def touch_file(path: Path) -> None:
    """Mark a file as used now (its modification time), for oldest-first pruning."""
    os.utime(path)


def remove_file(path: Path) -> None:
    """Remove one file; one already gone is fine."""
    path.unlink(missing_ok=True)


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


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where unsupported."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _leftover(slug: str) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(slug)}\.[A-Za-z0-9_]+\.(?:tmp|old)")


def remove_leftovers(root: Path, slug: str) -> list[Path]:
    """Delete what a killed build of ``slug`` left behind (call under its lock)."""
    pattern = _leftover(slug)
    removed = []
    if root.is_dir():
        for path in sorted(root.iterdir()):
            if pattern.fullmatch(path.name) and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


@contextmanager
def build_lock(root: Path, slug: str) -> Iterator[None]:
    """Only one build of ``slug`` at a time: a second one stops with a message.

    An ``flock`` on ``build/.<slug>.lock``, released by the kernel however the
    process ends; the file is removed on the way out.
    """
    _inside(root, slug)
    root.mkdir(parents=True, exist_ok=True)
    path = root / f".{slug}.lock"
    while True:
        handle = path.open("a+b")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise WriteError(
                f"another build of '{slug}' is running in {root}; "
                "wait for it to finish, then build again"
            ) from None
        try:
            same = path.stat().st_ino == os.fstat(handle.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        # The holder before us removed the file after we opened it: lock the new one.
        handle.close()
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()


@contextmanager
def staged_output(root: Path, slug: str) -> Iterator[Path]:
    """A fresh folder for one edition's build, swapped in on success.

    Call it under ``build_lock``. On any exception the temporary folder is
    removed and ``build/<slug>`` is left untouched. The swap is one atomic
    exchange of the two folders, so there is no moment without a complete
    build; what a killed build leaves is removed by the next one.
    """
    _inside(root, slug)
    root.mkdir(parents=True, exist_ok=True)
    remove_leftovers(root, slug)
    stage = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".tmp", dir=root))
    stage.chmod(0o755)
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    final = root / slug
    if not os.path.lexists(final):
        stage.rename(final)
    elif _exchange(stage, final):
        shutil.rmtree(stage, ignore_errors=True)  # now the previous build
    else:
        # No atomic exchange on this system: two renames, with a short gap between.
        retired = stage.with_suffix(".old")
        final.rename(retired)
        stage.rename(final)
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
def scratch_folder(root: Path, slug: str) -> Iterator[Path]:
    """A hidden folder under ``root`` for one edition's intermediate files,
    removed afterwards. Call it under ``build_lock``: it is named like a staged
    build, so what a killed run leaves is removed by the next one."""
    _inside(root, slug)
    root.mkdir(parents=True, exist_ok=True)
    remove_leftovers(root, slug)
    with tempfile.TemporaryDirectory(dir=root, prefix=f".{slug}.", suffix=".tmp") as folder:
        yield Path(folder)


@contextmanager
def preview_folder() -> Iterator[Path]:
    """A temporary folder outside the project where live preview has MkDocs
    write the site it serves (as ``mkdocs serve`` does), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="coursegen-serve-") as folder:
        yield Path(folder)


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` as ``{relative POSIX path: bytes}``, sorted."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
