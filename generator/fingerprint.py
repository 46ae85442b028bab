"""Digests of what lies outside the course yet shapes a build: folders of
files, the installed Python distributions, the system's text libraries and
fonts. Standard library only, so that the up-to-date check stays quick."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SYSTEM_LIBRARIES = ("pango", "harfbuzz", "fontconfig", "freetype", "cairo", "gdk_pixbuf")
LIBRARY_DIRS = (Path("/usr/lib"), Path("/usr/lib/x86_64-linux-gnu"), Path("/usr/local/lib"))
FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".fonts",
    Path.home() / ".local/share/fonts",
)


def digest_folder(digest: hashlib._Hash, folder: Path, pattern: str, content: bool) -> None:
    """Feed every file below ``folder`` matching ``pattern`` into ``digest``, by
    relative name and either its bytes or its size and modification time."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob(pattern)):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if content:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        else:
            stat = path.stat()
            digest.update(f"{stat.st_size} {stat.st_mtime_ns}".encode())


def system_digest(digest: hashlib._Hash) -> None:
    """Feed the system's text libraries (by file name and link target) and its
    fonts (by name, size and date) into ``digest``."""
    for folder in LIBRARY_DIRS:
        if folder.is_dir():
            for name in SYSTEM_LIBRARIES:
                for path in sorted(folder.glob(f"lib{name}*.so*")):
                    digest.update(f"{path.name}->{path.resolve().name}\0".encode())
    for folder in FONT_DIRS:
        digest_folder(digest, folder, "*", content=False)


def distributions_digest(digest: hashlib._Hash) -> None:
    """Feed the interpreter's version and every installed distribution's
    metadata folder name (which carries its version) into ``digest``; not the
    folders' own names, so a project copied elsewhere keeps its digest."""
    digest.update(f"{sys.implementation.name} {sys.version}\0".encode())
    for entry in sys.path:
        folder = Path(entry or ".")
        try:
            names = sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info", ".pth")):
                digest.update(name.encode() + b"\0")
