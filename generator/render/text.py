"""Markdown from YAML, rendered to HTML that can never run a script.

Course text is converted here, not by MkDocs, with raw HTML switched off: a
``<script>`` typed by a coach comes out as visible text. Links are checked too:
``[text](@id)`` becomes a relative link to the thing with that id, and only web,
mail and relative addresses survive.
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_SAFE_SCHEMES = ("http://", "https://", "mailto:", "#")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")

Resolver = Callable[[str], str | None]


class _LinkGuard(Treeprocessor):
    """Resolve ``@id`` links; drop unsafe ones; turn images into their alt text."""

    def __init__(self, md: markdown.Markdown, resolve: Resolver) -> None:
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    index = list(parent).index(child)
                    alt = etree.Element("span")
                    alt.text = child.get("alt", "")
                    alt.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, alt)
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith("@"):
                resolved = self.resolve(href[1:])
                if resolved is None:
                    # Left out of this edition (its audience choice): the words stay,
                    # as plain text, not a link that goes nowhere.
                    link.tag = "span"
                    link.attrib.clear()
                    continue
                href = resolved
            elif _SCHEME.match(href) and not href.lower().startswith(_SAFE_SCHEMES):
                href = ""
            if href:
                link.set("href", href)
            else:
                link.attrib.pop("href", None)
            if href.startswith(("http://", "https://")):
                link.set("rel", "noopener")


def _no_links(_: str) -> str | None:
    return None


Answers = tuple[tuple[str, str | None], ...]
"""The ids a conversion asked its resolver about, with the answers, in order."""

Variants = list[tuple[Answers, str]]
"""The conversions of one text, newest first: what its resolver answered, the HTML."""

MEMO_TEXTS = 50_000
"""Distinct texts remembered per process (a long preview session starts over past it)."""

MEMO_VARIANTS = 8
"""Conversions remembered per text: the same text links differently from each page."""


class _Converter:
    """The process's one Markdown converter, and the HTML of each text it converted.

    Setting up Markdown and its extensions costs more than converting a short
    text, and the same quiz text is converted for the page, the answer key and
    every export. The HTML of a text depends only on the text and on what the
    resolver answered for the ``@ids`` it asked about, so a remembered result
    is reused when the current resolver gives the same answers for those ids.
    """

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["sane_lists", "tables", "smarty"], output_format="html"
        )
        # Raw HTML is the one way a script could reach the page: switch it off.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._guard = _LinkGuard(self._md, _no_links)
        self._md.treeprocessors.register(self._guard, "coursegen-links", 0)
        self._lock = threading.Lock()
        self._memo: dict[str, Variants] = {}
        self._used: set[str] = set()

    def remember(self, found: Mapping[str, Sequence[tuple[Answers, str]]]) -> None:
        """Take conversions made by an earlier process (see ``text_cache``); what
        this process has converted itself stays."""
        with self._lock:
            for text, variants in found.items():
                if text not in self._memo and len(self._memo) < MEMO_TEXTS:
                    self._memo[text] = list(variants)[:MEMO_VARIANTS]

    def take_used(self) -> dict[str, Variants]:
        """The conversions of every text converted or reused since the last call."""
        with self._lock:
            used = {text: list(self._memo[text]) for text in self._used if text in self._memo}
            self._used.clear()
            return used

    def convert(self, text: str, resolve: Resolver) -> str:
        with self._lock:
            self._used.add(text)
            variants = self._memo.get(text, [])
            for answers, out in variants:
                if all(resolve(ident) == found for ident, found in answers):
                    return out
            asked: list[tuple[str, str | None]] = []

            def recording(ident: str) -> str | None:
                found = resolve(ident)
                asked.append((ident, found))
                return found

            self._guard.resolve = recording
            try:
                self._md.reset()
                out = self._md.convert(text)
            finally:
                self._guard.resolve = _no_links
            if len(self._memo) >= MEMO_TEXTS:
                self._memo.clear()
                self._used = {text}
            self._memo[text] = [(tuple(asked), out), *variants][:MEMO_VARIANTS]
            return out


@lru_cache(maxsize=1)
def _converter() -> _Converter:
    return _Converter()


def remember_conversions(found: Mapping[str, Sequence[tuple[Answers, str]]]) -> None:
    """Reuse conversions an earlier process made with this same converter."""
    _converter().remember(found)


def used_conversions() -> dict[str, Variants]:
    """The conversions of the texts this process converted or reused since the
    last call, by text, for an earlier-process cache to keep."""
    return _converter().take_used()


class TextRenderer:
    """Render course text for one page (links resolve relative to it)."""

    def __init__(self, resolve: Resolver) -> None:
        self._resolve = resolve

    def block(self, text: str) -> Markup:
        """Render Markdown paragraphs, lists and tables."""
        return Markup(_converter().convert(text, self._resolve))

    def inline(self, text: str) -> Markup:
        """Render a one-line text (emphasis and links) without a paragraph."""
        out = str(self.block(text))
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return Markup(out)

    def message(self, text: str) -> Markup:
        """Render a message template with its ``{placeholders}`` marked."""
        return Markup(_PLACEHOLDER.sub(_mark, str(self.block(text))))


def _mark(match: re.Match[str]) -> str:
    return f'<mark class="cg-ph">{{{match.group(1)}}}</mark>'


def mark_placeholders(text: str) -> Markup:
    """Plain one-line text (a subject line) with placeholders marked."""
    return Markup(_PLACEHOLDER.sub(_mark, html.escape(text)))


def heading(text: str) -> Markup:
    """Text safe to put in a Markdown heading or list item as literal text."""
    escaped = html.escape(text, quote=False)
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped))
