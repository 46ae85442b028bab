"""A xN copy of the shipped course, for measuring how coursegen scales.

``make_course(root, factor)`` copies ``content/``, ``editions/`` and
``worksheets/`` into ``root`` and adds ``factor - 1`` copies of every module,
with its quiz and coach kit, each id given a ``-xK`` suffix so the copies
stay unique; links between parts (``@id``) keep pointing at the originals.

Run alone (``python benchmarks/scale.py DIR --factor 10``) it writes the
course to ``DIR`` and prints its module count.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_ID = re.compile(r"^((?:  - )?id:\s*)([A-Za-z0-9][\w-]*)\s*$", re.MULTILINE)
"""Ids at the top of a file or of its lists: the ones that must be unique course-wide."""
_MODULE = re.compile(r"^(module:\s*)([\w-]+)\s*$", re.MULTILINE)
_TITLE = re.compile(r"^(title:\s*)(.+)$", re.MULTILINE)


def _suffixed(text: str, copy: int) -> str:
    suffix = f"-x{copy}"
    text = _ID.sub(lambda m: f"{m[1]}{m[2]}{suffix}", text)
    text = _MODULE.sub(lambda m: f"{m[1]}{m[2]}{suffix}", text)
    # A distinct title per copy, so pages and navigation read like a real course.
    return _TITLE.sub(lambda m: f"{m[1]}{_retitled(m[2], copy)}", text, count=1)


def _retitled(title: str, copy: int) -> str:
    if title[:1] in "\"'":
        return f"{title[0]}{title[1:-1]} ({copy}){title[-1]}"
    return f"{title} ({copy})"


def make_course(root: Path, factor: int, source: Path = REPO) -> int:
    """Write a course ``factor`` times the one in ``source`` (the shipped one)
    into ``root``; returns its number of modules."""
    for name in ("content", "editions", "worksheets"):
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name, dirs_exist_ok=True)
    content = root / "content"
    course_file = content / "course.yml"
    course_text = course_file.read_text("utf-8")
    order = re.search(r"^modules:\n((?:  - .+\n)+)", course_text, re.MULTILINE)
    assert order is not None, "content/course.yml: no block list of modules"
    modules = [line.strip()[2:] for line in order[1].splitlines()]
    listed = list(modules)
    for copy in range(2, factor + 1):
        for module in modules:
            new = f"{module}-x{copy}"
            for folder in ("modules", "quizzes", "coach"):
                source = content / folder / f"{module}.yml"
                if source.is_file():
                    target = content / folder / f"{new}.yml"
                    target.write_text(_suffixed(source.read_text("utf-8"), copy), "utf-8")
            listed.append(new)
    block = "".join(f"  - {module}\n" for module in listed)
    course_file.write_text(
        course_text[: order.start(1)] + block + course_text[order.end(1) :], "utf-8"
    )
    return len(listed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    count = make_course(args.folder, args.factor)
    print(f"{args.folder}: {count} modules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
