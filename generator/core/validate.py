"""Check loaded YAML against the schema, reporting problems where they are.

pydantic does the type checking; this module maps each of its errors back to the
file, line and column of the offending value, and rewrites it in plain language.
"""

from __future__ import annotations

import difflib
import logging
import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .errors import Problem, YamlPath
from .messages import explain, suggest
from .source import Loaded

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

MOVED_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("analysis", "subtext"): (
        "'subtext' no longer belongs to one version of an example pair",
        "move `subtext` up to the pair; it is the same for both versions",
    ),
}
"""Keys that older files put somewhere else: (parent key, key) -> (message, fix)."""


def validate_document(
    loaded: Loaded, model: type[M], prefix: YamlPath = ()
) -> tuple[M | None, list[Problem]]:
    """Validate one loaded document (or the part of it at ``prefix``)."""
    data = loaded.data
    for part in prefix:
        data = data[part]
    try:
        value = model.model_validate(data)
    except ValidationError as exc:
        errors = _without_misspelled(model, exc.errors(include_url=False))
        return None, [_problem(loaded, model, prefix, error) for error in errors]
    empty = _empty_text(loaded, model, prefix)
    return (None, empty) if empty else (value, [])


def _empty_text(loaded: Loaded, model: type[BaseModel], prefix: YamlPath) -> list[Problem]:
    """``subtitle:`` with nothing after it, where text is optional: YAML reads it as
    "no value", so the key would be silently ignored. Usually a value went missing
    (or started with '#', which the loader reports as such)."""
    problems = []
    for path, scalar in loaded.source.scalars.items():
        if path[: len(prefix)] != prefix or scalar.raw or scalar.quoted or scalar.comment:
            continue
        relative = path[len(prefix) :]
        if not relative or not isinstance(relative[-1], str):
            continue
        owner = _model_at(model, relative[:-1])
        field = owner.model_fields.get(relative[-1]) if owner else None
        if field is None or not _optional_text(field.annotation):
            continue
        key = relative[-1]
        problems.append(
            Problem(
                loaded.source.locate(path),
                f"'{key}' has no value",
                path,
                f"write the text after '{key}:' (in quotes if it starts with '#'), "
                "or remove the key",
            )
        )
    return problems


def _optional_text(tp: Any) -> bool:
    """True for ``str | None`` (also inside Annotated): text that may be left out."""
    while get_origin(tp) is typing.Annotated:
        tp = get_args(tp)[0]
    if get_origin(tp) not in (Union, types.UnionType):
        return False
    options = list(get_args(tp))
    texts = [
        o
        for o in options
        if o is str or (get_origin(o) is typing.Annotated and get_args(o)[0] is str)
    ]
    return type(None) in options and bool(texts)


def _without_misspelled(model: type[BaseModel], errors: list[Any]) -> list[Any]:
    """Drop "missing 'summary'" when the same mapping has an unknown 'summry'.

    The unknown-key message already says "did you mean 'summary'?"; one typo
    should read as one problem.
    """
    typos: set[tuple[Any, ...]] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden" and loc[-2:] == ("analysis", "subtext"):
            typos.add((*loc[:-3], "subtext"))  # reported once, as a key to move up
        if error["type"] == "extra_forbidden":
            parent = tuple(error["loc"][:-1])
            owner = _model_at(model, parent)
            if owner is not None:
                close = difflib.get_close_matches(str(error["loc"][-1]), owner.model_fields, 1, 0.6)
                typos.update((*parent, name) for name in close)
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in typos)]


def _problem(loaded: Loaded, model: type[BaseModel], prefix: YamlPath, error: Any) -> Problem:
    source = loaded.source
    loc = _data_path(loaded.data, prefix, tuple(error["loc"]))
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        moved = MOVED_KEYS.get((str(loc[-2]) if len(loc) > 1 else "", key))
        if moved is not None:
            return Problem(source.locate_key(loc), moved[0], loc, moved[1])
        owner = _model_at(model, error["loc"][:-1])
        fields = sorted(owner.model_fields) if owner else []
        hint = suggest(key, fields) or (f"allowed keys: {', '.join(fields)}" if fields else "")
        return Problem(source.locate_key(loc), f"unknown key '{key}'", loc, hint)
    if kind == "missing":
        field = str(loc[-1])
        return Problem(
            source.locate(loc[:-1]),
            f"the required key '{field}' is missing",
            loc[:-1],
            f"add '{field}:' here (see `coursegen schema` for what it holds)",
        )
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        ctx = {**ctx, "tags": _tags_at(model, tuple(error["loc"]))}
        if kind == "union_tag_invalid":
            loc = (*loc, "type")
    message, hint = explain(kind, value, ctx, source.scalars.get(loc), error["msg"])
    return Problem(source.locate(loc), message, loc, hint)


def _data_path(data: Any, prefix: YamlPath, loc: tuple[Any, ...]) -> YamlPath:
    """Keep the parts of a pydantic ``loc`` that exist in the YAML data.

    pydantic inserts union tags and ``[key]`` markers; they name no YAML value.
    """
    path: list[str | int] = list(prefix)
    node = data
    for part in prefix:
        node = node[part]
    for part in loc:
        if _has(node, part):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part.startswith("["):
            continue
        elif isinstance(node, dict) and node.get("type") == part:
            continue  # the tag pydantic adds for the member of a discriminated union
        elif isinstance(node, dict) and part not in node and not _is_tag(part):
            path.append(part)  # a missing key: name it, the parent holds the position
            node = None
        else:
            continue
    return tuple(path)


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _is_tag(part: Any) -> bool:
    return isinstance(part, str) and ("-" in part or "[" in part) and part.islower()


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """Follow field annotations along ``loc`` to the model that owns the last key."""
    current: Any = model
    for part in loc:
        current = _unwrap(current, part)
        if current is None:
            return None
    current = _unwrap(current, None)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any, part: Any) -> Any:
    """Step into ``tp`` by one loc part (field name, list index or union tag)."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(get_args(tp)[0], part)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        for option in options:
            if isinstance(option, type) and issubclass(option, BaseModel):
                tag = _tag_of(option)
                if part is None or tag == part:
                    return option if tag == part else _unwrap(option, part)
                if isinstance(part, str) and part in option.model_fields:
                    return _unwrap(option, part)
        return _unwrap(options[0], part) if len(options) == 1 else None
    if origin in (list, tuple):
        return get_args(tp)[0] if isinstance(part, int) else tp
    if origin is dict:
        return get_args(tp)[1] if part is not None else tp
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if part is None:
            return tp
        field = tp.model_fields.get(str(part))
        return field.annotation if field else None
    return None if part is not None else tp


def _tags_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The ``type:`` values a discriminated union at ``loc`` accepts."""
    current: Any = model
    for part in loc:
        current = _unwrap(current, part)
    while get_origin(current) is typing.Annotated:
        current = get_args(current)[0]
    if get_origin(current) not in (Union, types.UnionType):
        return []
    options = [a for a in get_args(current) if isinstance(a, type) and issubclass(a, BaseModel)]
    return [tag for tag in map(_tag_of, options) if tag]


def _tag_of(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("type")
    if field is None or field.default is None:
        return None
    return str(field.default)
