"""Plain-language wording for schema errors.

pydantic reports ``string_type`` or ``extra_forbidden``; a coach needs "expected
text, found the number 2024; put it in quotes". The table below is the one place
that wording lives.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from .schema import AUDIENCES, SchemaProblem
from .source import Scalar, looks_like_bool_word


def describe(value: Any) -> str:
    """Name a found value in a message: ``the number 3``, ``a list``…"""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    return type(value).__name__


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "did you mean" hint, or an empty string when nothing is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return ""


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping (key: value pairs)",
    "model_type": "a mapping (key: value pairs)",
    "model_attributes_type": "a mapping (key: value pairs)",
    "float_type": "a number",
    "float_parsing": "a number",
}


def explain(
    kind: str, value: Any, ctx: dict[str, Any], scalar: Scalar | None, fallback: str
) -> tuple[str, str]:
    """Turn one pydantic error into (message, hint)."""
    if kind == "string_type" and looks_like_bool_word(scalar):
        assert scalar is not None
        return (
            f"expected text, found '{scalar.raw}', which YAML reads as the yes/no value "
            f"{str(value).lower()}",
            f'put it in quotes: "{scalar.raw}"',
        )
    if kind in _EXPECTED:
        hint = ""
        if kind == "string_type" and isinstance(value, int | float):
            hint = f'put it in quotes: "{scalar.raw if scalar else value}"'
        elif kind == "list_type" and isinstance(value, str):
            hint = "start each item on its own line with '- '"
        return f"expected {_EXPECTED[kind]}, found {describe(value)}", hint
    if kind == "missing":
        return "a required key is missing", "add it (see `coursegen schema` for what it holds)"
    if kind in ("string_too_short", "too_short"):
        least = ctx.get("min_length", 1)
        if kind == "string_too_short":
            return "this text is empty", "write something here or remove the key"
        return f"needs at least {least} item{'s' if least != 1 else ''}", ""
    if kind == "string_too_long":
        return f"this text is longer than {ctx.get('max_length')} characters", "shorten it"
    if kind == "too_long":
        return f"has more than {ctx.get('max_length')} items", ""
    if kind in ("greater_than_equal", "greater_than"):
        least = ctx.get("ge", ctx.get("gt"))
        word = "at least" if kind == "greater_than_equal" else "more than"
        return f"{describe(value)} is too small; it must be {word} {least}", ""
    if kind in ("less_than_equal", "less_than"):
        most = ctx.get("le", ctx.get("lt"))
        word = "at most" if kind == "less_than_equal" else "less than"
        return f"{describe(value)} is too large; it must be {word} {most}", ""
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "a-z0-9" in pattern and "-" in pattern:
            return (
                f"'{value}' is not a valid id",
                "use lowercase letters, digits and single hyphens, e.g. 'secure-meeting'",
            )
        if pattern.startswith("^[a-z]{2}"):
            return f"'{value}' is not a language code", "use a code such as 'en', 'es' or 'fr'"
        return f"'{value}' does not have the expected form", ""
    if kind == "literal_error":
        message = f"expected one of {ctx.get('expected')}, found {describe(value)}"
        if isinstance(value, str) and _is_audience_choice(str(ctx.get("expected", ""))):
            fix = suggest(value, AUDIENCES) or f"use one of: {', '.join(AUDIENCES)}"
            return message, f"{fix} (leave the key out for everyone)"
        return message, ""
    if kind == "enum":
        return f"expected one of {ctx.get('expected')}, found {describe(value)}", ""
    if kind == "value_error":
        error = ctx.get("error")
        return str(error or fallback), error.hint if isinstance(error, SchemaProblem) else ""
    tags = ", ".join(ctx.get("tags") or []) or str(ctx.get("expected_tags", ""))
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        return f"unknown type '{tag}'", suggest(tag, ctx.get("tags") or []) or f"use one of: {tags}"
    if kind == "union_tag_not_found":
        return "this item has no 'type'", f"add 'type:' with one of: {tags}"
    return fallback, ""


def _is_audience_choice(expected: str) -> bool:
    """True when pydantic's list of allowed values is the list of audiences."""
    return all(f"'{name}'" in expected for name in AUDIENCES)
