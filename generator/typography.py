"""Typographic quotes and apostrophes for one-line texts.

Markdown blocks get them from Python-Markdown's ``smarty`` extension; plain
lines (labels, hints, checklist items, questions) that never pass through
Markdown get them here, by the same rules: a quote that opens after a space,
an opening bracket or a dash is an opening quote, any other is a closing one,
and an apostrophe is always the closing single quote.
"""

from __future__ import annotations

import re

_OPENS_AFTER = r"\s(\[{/\u2014\u2013\-"
"""What an opening quote follows (or the start of the text): a space, a bracket, a slash, a dash."""
_OPEN_DOUBLE = re.compile(rf'(?<![^{_OPENS_AFTER}\u2018])"')
_OPEN_SINGLE = re.compile(rf"(?<![^{_OPENS_AFTER}\u201c])'(?=[^\W\d])")


def typographic(text: str) -> str:
    """``text`` with straight quotes (``"`` and ``'``) turned into typographic ones."""
    if '"' not in text and "'" not in text:
        return text
    text = _OPEN_DOUBLE.sub("\u201c", text).replace('"', "\u201d")
    return _OPEN_SINGLE.sub("\u2018", text).replace("'", "\u2019")
