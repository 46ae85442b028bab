"""Interface strings: the words of the page furniture, per language.

Course text comes from YAML; these are the labels around it (buttons, headings
such as "Key points"). English is complete; other languages fall back to it
key by key.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

import yaml
from markupsafe import Markup

DEFAULT_LANGUAGE = "en"


def available_languages() -> tuple[str, ...]:
    """Languages with a shipped string table."""
    folder = resources.files("generator") / "locales"
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".yml")))


@lru_cache(maxsize=16)
def load_strings(language: str) -> Mapping[str, str]:
    """The string table for ``language``, completed from English.

    Parsed once per process and language (the tables ship with the code); the
    mapping is read-only, as every caller shares it.
    """
    folder = resources.files("generator") / "locales"
    base: dict[str, str] = yaml.safe_load((folder / f"{DEFAULT_LANGUAGE}.yml").read_text("utf-8"))
    if language != DEFAULT_LANGUAGE:
        extra = folder / f"{language}.yml"
        if extra.is_file():
            base = {**base, **yaml.safe_load(extra.read_text("utf-8"))}
    return MappingProxyType(base)


def lang_attribute(interface: str, document: str) -> Markup:
    """`` lang="…"`` for an element of interface words in a document written in
    ``document``'s language, when that is not the interface language; else nothing."""
    if document.split("-")[0] == interface:
        return Markup("")
    return Markup(' lang="{}"').format(interface)
