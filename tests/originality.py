"""Runs of words that the course shares with the article it is built from.

The course may quote the article's two example dialogues (and their Tone,
Content, Outcome and Subtext labels); every other sentence must be its own.
``shared_runs`` finds every run of ``RUN`` words that a text shares with the
rest of the article. Run it as a script to list them by file:

    .venv/bin/python -m tests.originality [FILE ...]
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_bfb95eb9c1e336f1.txt"
RUN = 8

# The two dialogues run from the first heading to the second "Subtext" line.
_DIALOGUES = re.compile(r"This Is Not an Informational Interview.*?Subtext:.*?Subtext:[^\n]*", re.S)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lowercase words, with accents, curly apostrophes and dashes made plain."""
    plain = unicodedata.normalize("NFKD", re.sub("[\u2018\u2019]", "'", text))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return _WORD.findall(re.sub("[\u2013\u2014]", " ", plain))


def runs(text: str, size: int = RUN) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + size]) for i in range(len(w) - size + 1)}


def seed_runs(seed: Path = SEED) -> set[tuple[str, ...]]:
    """Runs of the article outside its two example dialogues."""
    text = seed.read_text("utf-8")
    return set().union(*(runs(part) for part in _DIALOGUES.split(text)))


def strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, f"{path}[{i}]")


def shared_runs(
    files: list[Path], seed: Path = SEED, root: Path = ROOT
) -> list[tuple[str, str, str]]:
    """(file, YAML path, run) for every run a text shares with the article."""
    article = seed_runs(seed)
    found = []
    for file in files:
        data = yaml.safe_load(file.read_text("utf-8"))
        for path, text in strings(data):
            for run in sorted(runs(text) & article):
                found.append((str(file.relative_to(root)), path, " ".join(run)))
    return found


def course_files() -> list[Path]:
    return sorted([*ROOT.glob("content/**/*.yml"), *ROOT.glob("editions/*/edition.yml")])


if __name__ == "__main__":
    chosen = [Path(a).resolve() for a in sys.argv[1:]] or course_files()
    hits = shared_runs(chosen)
    for file, path, run in hits:
        print(f"{file}: {path}: {run}")
    print(f"{len(hits)} shared runs of {RUN} words")
    sys.exit(1 if hits else 0)
