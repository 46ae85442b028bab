"""The rule for a source's address, and its form in a page."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, urlsplit

MAX_SOURCE_URL = 2000

_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
"""RFC 3986 characters left as they are; anything else is percent-encoded."""


def source_url_problem(url: str) -> str:
    """Why ``url`` cannot be a source's address, or an empty string when it can."""
    if not url.lower().startswith(("http://", "https://")):
        return "a source's url must start with https:// (or http://)"
    if len(url) > MAX_SOURCE_URL:
        return f"the url is longer than {MAX_SOURCE_URL} characters"
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in url):
        return "the url may not contain spaces or control characters; write a space as %20"
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host:
        return "the url has no host name, e.g. https://careers.example.edu/"
    return ""


def encode_url(url: str) -> str:
    """``url`` with every character outside RFC 3986 percent-encoded (quotes and
    angle brackets too); the template escapes it once more for its attribute."""
    return quote(url, safe=_SAFE.replace("'", ""))
