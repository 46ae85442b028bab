"""A lighter search index: each section's opening as prose, then every other
word of the section once.

Material's search plugin puts the whole text of every section into
``search/search_index.json``, paragraph and list tags included. Its search (lunr
in a web worker, ``b(0)``: no length normalisation) matches words, never
phrases: quoted words become "all of these words", every other word is a
prefix query, and positions serve only to mark the match in the teaser. So a
section needs each of its words once to be found by it.

The teaser shows the blocks of ``text`` that hold a match (or all of it when
only the title matched). The rewritten text is one block, ``<p>opening<span
hidden> words</span></p>``, so a match anywhere shows the opening as prose and
the word list stays hidden.

Words are Material's tokens (text between tags split at the index's
``separator``), lowercased as lunr does, with the punctuation at either end
taken off ("time." and "(time" give "time", which a query for "time" finds;
before, a search for "time" found "(time" not at all) and HTML entities read.
For English, lunr's stop words are left out: its ``stopWordFilter`` keeps them
out of the index anyway. Other languages keep every word (lunr-languages
filters with its own lists, not copied here).

No MkDocs here: ``search_plugin`` applies this to Material's entries.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

OPENING = 160
"""Characters of a section's text kept as prose, cut at a sentence end."""

_TAG = re.compile(r"<[^>]*>")
_INLINE = re.compile(r"</?(?:code|sub|sup)>")
# A block that ends with a stop, and a stop inside one; either may be followed by
# closing quotes (straight or curly) or brackets.
_STOPPED = re.compile("[.!?:;\u2026][\"'\u201d\u2019)\\]]*$")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile("[.!?\u2026][\"'\u201d\u2019)\\]]*(?=\\s|$)")
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")

# lunr 2.3.9's English stopWordFilter, which Material's worker applies to the
# index when the language is English and the pipeline names it (SIM905: kept
# as words, easy to compare with lunr.js).
ENGLISH_STOP_WORDS = frozenset(
    """a able about across after all almost also am among an and any are as at be
    because been but by can cannot could dear did do does either else ever every for
    from get got had has have he her hers him his how however i if in into is it its
    just least let like likely may me might most must my neither no nor not of off often
    on only or other our own rather said say says she should since so some than that the
    their them then there these they this tis to too twas us wants was we were what when
    where which while who whom why will with would yet you your""".split()  # noqa: SIM905
)


def stop_words(config: Mapping[str, Any]) -> frozenset[str]:
    """The words lunr leaves out of an index with Material's search ``config``
    (``lang``, ``pipeline``); empty when unsure."""
    english = list(config.get("lang") or []) == ["en"]
    if english and "stopWordFilter" in (config.get("pipeline") or []):
        return ENGLISH_STOP_WORDS
    return frozenset()


def tokens(text: str, separator: re.Pattern[str]) -> list[str]:
    """The tokens Material's worker indexes for ``text``, lowercased."""
    found: list[str] = []
    for part in _TAG.split(text):
        found.extend(token.lower() for token in separator.split(part) if token)
    return found


def words(text: str, separator: re.Pattern[str]) -> list[str]:
    """The words of ``text`` as it reads (entities decoded), without the
    punctuation at their ends, in order, repeats included."""
    found: list[str] = []
    for part in _TAG.split(text):
        for token in separator.split(html.unescape(part)):
            word = _bare(token)
            if word:
                found.append(word)
    return found


@lru_cache(maxsize=65_536)
def _bare(token: str) -> str:
    """``token`` without the punctuation at its ends (tokens repeat: remembered)."""
    return _EDGES.sub("", token)


def plain(text: str) -> str:
    """Material's section text as one line of prose: inline tags removed, and
    paragraphs and list items run together, with a middle dot after one that
    ends without a stop (a label such as "For executives")."""
    blocks = (_SPACE.sub(" ", block).strip() for block in _TAG.split(_INLINE.sub("", text)))
    prose = ""
    for block in filter(None, blocks):
        if prose:
            prose += " " if _STOPPED.search(prose) else " · "
        prose += block
    return prose


def opening(prose: str, size: int = OPENING) -> str:
    """The start of ``prose`` up to the last sentence end within ``size``
    characters (or the first one within half as much again); else up to a
    space, with an ellipsis."""
    if len(prose) <= size:
        return prose
    cut = 0
    for end in _SENTENCE_END.finditer(prose):
        if end.end() > size:
            if not cut and end.end() <= size + size // 2:
                cut = end.end()
            break
        cut = end.end()
    if cut:
        return prose[:cut]
    space = prose.rfind(" ", 0, size)
    return (prose[:space] if space > 0 else prose[:size]) + "…"


@lru_cache(maxsize=4096)
def compact_text(
    text: str, separator: re.Pattern[str], stop: frozenset[str], size: int = OPENING
) -> str:
    """``text`` as its opening, then, hidden, each word of the section that the
    opening does not hold as a token, once (see the module's docstring).

    Remembered: a preview session rebuilds the index after every edit, and
    most sections have not changed.
    """
    prose = plain(text)
    if not prose:
        return ""
    start = opening(prose, size)
    seen = set(tokens(start, separator)) | stop
    rest: list[str] = []
    done: set[str] = set()
    for word in words(prose, separator):
        # A word met again was either kept or left out the first time: skip it.
        if word in done:
            continue
        done.add(word)
        escaped = html.escape(word, quote=False)
        if escaped.lower() not in seen:
            seen.add(escaped.lower())
            rest.append(escaped)
    hidden = f"<span hidden> {' '.join(rest)}</span>" if rest else ""
    return f"<p>{start}{hidden}</p>"


def compact_entries(
    entries: Iterable[Mapping[str, Any]], config: Mapping[str, Any], size: int = OPENING
) -> list[dict[str, Any]]:
    """New entries for Material's search index: the same locations, titles and
    fields, each ``text`` compacted. ``config`` is the index's ``config``."""
    separator = re.compile(str(config.get("separator") or r"[\s\-]+"))
    stop = stop_words(config)
    return [
        {**entry, "text": compact_text(str(entry.get("text", "")), separator, stop, size)}
        for entry in entries
    ]
