"""The commented ``edition.yml`` that ``coursegen new-edition`` writes."""

from __future__ import annotations

import json
import re

import jinja2

from ..core.errors import shown
from ..core.schema import ID_PATTERN

RESERVED = ("default",)
MAX_SLUG_LENGTH = 60


def slug_problem(slug: str) -> str:
    """An empty string when ``slug`` has the form of an edition name, else the reason.

    The one rule for every command that takes an edition: a folder name directly
    under ``editions/``, never a path.
    """
    if len(slug) > MAX_SLUG_LENGTH:
        return f"an edition name has at most {MAX_SLUG_LENGTH} characters, not {len(slug)}"
    if not re.fullmatch(ID_PATTERN, slug):
        return (
            f"{shown(slug)} cannot name an edition: use lowercase letters, digits and "
            "single hyphens, e.g. 'jane-doe'"
        )
    return ""


def check_slug(slug: str) -> str:
    """An empty string when ``slug`` can name a new edition, else the reason."""
    why = slug_problem(slug)
    if why:
        return why
    if slug in RESERVED:
        return f"'{slug}' is the name of the base course's own build; choose another"
    return ""


def render_scaffold(slug: str, name: str) -> bytes:
    """The text of a new, commented edition file that builds as it is."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # YAML, not HTML; the name is quoted below
    )
    # JSON strings are valid YAML double-quoted strings: any name stays one value.
    env.filters["q"] = json.dumps
    clean = " ".join(name.split())
    return env.get_template("scaffold/edition.yml.j2").render(slug=slug, name=clean).encode()
