"""Cache keys of the website and the quiz exports (see ``tree_cache``).

A key is the SHA-256 of everything that can change the bytes a step makes, so
a changed input always misses:

- the website (the MkDocs step): the generated ``docs/`` tree, paths and bytes
  (``mkdocs.yml`` is part of it), the source of any hook it names, the
  versions of MkDocs, Material and everything they depend on, Python's
  version, the generator's own code and SOURCE_DATE_EPOCH (the sitemap's date);
- the quiz exports: what the exporters read of the course (every quiz with its
  module's number, heading and page, the edition, the course's title and
  subtitle, the titles of what the items teach), the formats,
  SOURCE_DATE_EPOCH, the generator's code and string tables and the versions
  of the Markdown libraries.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib.metadata
import json
import os
import platform
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

import yaml
from pydantic import BaseModel

from .core.model import Course

GENERATOR_DIR = Path(__file__).resolve().parent

SITE_ENGINES = ("mkdocs", "mkdocs-material")
"""Distributions whose versions, and those of all they require, shape the website."""

EXPORT_LIBRARIES = ("markdown", "markupsafe", "pyyaml")

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _requires(name: str) -> list[str]:
    try:
        found = importlib.metadata.requires(name) or []
    except importlib.metadata.PackageNotFoundError:
        return []
    names = []
    for requirement in found:
        match = _NAME.match(requirement)
        if match:
            names.append(match.group(0))
    return names


@lru_cache(maxsize=8)
def versions(roots: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``(name, version)`` of ``roots`` and every installed distribution they
    require, directly or not (optional extras too, when installed)."""
    seen: dict[str, str] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        version = _version(name)
        seen[key] = version or "-"
        if version is not None:
            todo.extend(_requires(name))
    return tuple(sorted(seen.items()))


@lru_cache(maxsize=1)
def generator_digest() -> str:
    """The generator's own code, templates and string tables (not its caches)."""
    digest = hashlib.sha256()
    for path in sorted(GENERATOR_DIR.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(GENERATOR_DIR).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _tree_digest(files: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}\0{len(files[name])}\0".encode())
        digest.update(files[name])
    return digest.hexdigest()


def _hook_sources(config: bytes, folder: Path) -> dict[str, str]:
    """SHA-256 of each file the ``hooks:`` of a ``mkdocs.yml`` name, relative to it."""
    try:
        settings = yaml.safe_load(config)
    except yaml.YAMLError:
        return {"unreadable mkdocs.yml": hashlib.sha256(config).hexdigest()}
    hooks = settings.get("hooks") if isinstance(settings, dict) else None
    found = {}
    for hook in hooks if isinstance(hooks, list) else []:
        path = folder / str(hook)
        try:
            found[str(hook)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            found[str(hook)] = "missing"
    return found


def _key(parts: Mapping[str, object]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def site_key(docs: Mapping[str, bytes], config: str, docs_dir: Path) -> str:
    """The key of the website MkDocs builds from ``docs`` (the generated project,
    ``{relative path: bytes}``, to be written into ``docs_dir``), whose
    configuration is the file ``config`` among them."""
    return _key(
        {
            "kind": "site",
            "docs": _tree_digest(docs),
            "config": config,
            "hooks": _hook_sources(docs.get(config, b""), docs_dir),
            "engines": versions(SITE_ENGINES),
            "python": platform.python_version(),
            "generator": generator_digest(),
            "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
        }
    )


def export_inputs(course: Course) -> dict[str, object]:
    """What the quiz exporters read of the course."""
    pages = course.quizzes
    teaches = sorted(
        {item.teaches for page in pages if page.quiz is not None for item in page.quiz.items}
    )
    return {
        "quizzes": [(page.number, page.heading, page.page, page.quiz) for page in pages],
        "edition": course.edition,
        "title": course.info.title,
        "subtitle": course.info.subtitle,
        "teaches": [(ident, course.targets.get(ident)) for ident in teaches],
    }


def export_key(course: Course, formats: tuple[str, ...], epoch: int) -> str:
    """The key of the quiz exports of ``formats`` for ``course``."""
    return _key(
        {
            "kind": "export",
            "inputs": hashlib.sha256(canonical(export_inputs(course))).hexdigest(),
            "formats": list(formats),
            "epoch": epoch,
            "libraries": versions(EXPORT_LIBRARIES),
            "generator": generator_digest(),
        }
    )


def canonical(value: object) -> bytes:
    """Bytes that stand for ``value`` alone: equal values give equal bytes, and
    values that differ in any field give different ones. Raises TypeError for a
    type it does not know, rather than guess."""
    return json.dumps(_plain(value), separators=(",", ":")).encode()


def _plain(value: object) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, bytes):
        return ["bytes", value.hex()]
    if isinstance(value, enum.Enum):
        return ["enum", type(value).__qualname__, _plain(value.value)]
    if isinstance(value, PurePath):
        return ["path", PurePosixPath(value).as_posix()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return ["dataclass", type(value).__qualname__, fields]
    if isinstance(value, BaseModel):
        names = [*type(value).model_fields, *(value.__pydantic_extra__ or {})]
        return ["model", type(value).__qualname__, {n: _plain(getattr(value, n)) for n in names}]
    if isinstance(value, Mapping):
        items = [[_plain(k), _plain(v)] for k, v in value.items()]
        return ["map", sorted(items, key=lambda kv: json.dumps(kv[0]))]
    if isinstance(value, list | tuple):
        return ["seq", [_plain(item) for item in value]]
    if isinstance(value, set | frozenset):
        return ["set", sorted((_plain(item) for item in value), key=json.dumps)]
    raise TypeError(f"no canonical form for {type(value).__qualname__}")
