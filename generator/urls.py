"""The one rule for a site address, shared by ``edition.yml`` and ``--site-url``.

Material writes ``site_url`` unescaped into ``<link rel="canonical" href="…">`` and
into a script on ``404.html``, so an address is accepted only when it is an http(s)
URL made of characters that cannot leave an attribute or a string.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000
SITE_URL_PATTERN = r"^https?://[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+$"
"""RFC 3986 characters, less the apostrophe (it ends a quoted string in a script);
also given to editors through the JSON Schema."""


def site_url_problem(url: str) -> str:
    """Why ``url`` cannot be the site address, or an empty string when it can."""
    if not url.startswith(("http://", "https://")):
        return "the site address must start with https:// (or http://)"
    if len(url) > MAX_URL_LENGTH:
        return f"the site address is longer than {MAX_URL_LENGTH} characters"
    if not re.fullmatch(SITE_URL_PATTERN, url):
        return (
            "the site address may not contain spaces, quotes, angle brackets, backslashes "
            "or control characters; write them percent-encoded (a space is %20)"
        )
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host:
        return "the site address has no host name, e.g. https://courses.example.org/"
    return ""
