"""Files an edition names must stay inside the edition's folder."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

MAX_ASSET_BYTES = 2_000_000


def resolve_inside(folder: Path, relative: str, shown: str) -> tuple[Path | None, str]:
    """The file ``relative`` names inside ``folder``, or None and the reason.

    Refuses absolute paths, ``..``, backslashes and links that point outside.
    ``shown`` is the folder as messages name it.
    """
    pure = PurePosixPath(relative)
    if "\\" in relative or "\x00" in relative or pure.is_absolute() or ".." in pure.parts:
        return None, (
            f"'{relative}' points outside the edition folder; "
            "files must sit in the edition's own folder"
        )
    base = folder.resolve()
    target = (folder / Path(*pure.parts)).resolve()
    if not target.is_relative_to(base):
        return None, f"'{relative}' is a link that leads outside the edition folder"
    if not target.is_file():
        return None, f"'{relative}' does not exist in {shown}/"
    return target, ""
