"""The ``mkdocs.yml`` written beside each edition's pages.

Plain configuration only (Material's built-in search and offline plugins), so
the generated project also builds with Zensical, which reads ``mkdocs.yml``.
"""

from __future__ import annotations

import html
from typing import Any

import yaml

from ..core.model import Course, NavEntry


def _text(value: str) -> str:
    """Text for a setting Material prints without escaping, some of it inside attributes
    (``site_description`` in ``content="…"``, ``site_name`` in ``aria-label="…"``)."""
    return html.escape(value, quote=True)


GROUP_SIZE = 10
"""Entries per group, at the lowest level, when a navigation section is split."""
MOST_ENTRIES = 20
"""A section with more entries than this is split into groups (see ``_grouped``)."""


def _nav(entries: tuple[NavEntry, ...]) -> list[Any]:
    out: list[Any] = []
    for entry in entries:
        title = html.escape(entry.title, quote=False)
        if entry.children:
            out.append({title: _nav(_grouped(entry.children))})
        else:
            out.append({title: entry.page})
    return out


def _grouped(entries: tuple[NavEntry, ...], first: int = 1) -> tuple[NavEntry, ...]:
    """A long section as numbered groups ("1-10", "11-20"…, with an en dash;
    "1-100" holding "1-10"… for longer ones), at most ``MOST_ENTRIES`` a level.

    With ``navigation.prune`` Material writes into each page only the titles
    of the groups on its way and the entries of its own group, so pages grow
    with the logarithm of the number of modules, not with the number.
    """
    if len(entries) <= MOST_ENTRIES:
        return entries
    size = GROUP_SIZE
    while -(-len(entries) // size) > MOST_ENTRIES:
        size *= GROUP_SIZE
    groups = []
    for start in range(0, len(entries), size):
        group = entries[start : start + size]
        low, high = first + start, first + start + len(group) - 1
        label = f"{low}\u2013{high}" if high > low else str(low)
        groups.append(NavEntry(label, children=_grouped(group, low)))
    return tuple(groups)


def _palette(course: Course) -> list[dict[str, Any]]:
    colour = "custom" if course.edition.palette else "indigo"
    return [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": colour,
            "accent": colour,
            "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": colour,
            "accent": colour,
            "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
        },
    ]


def _copyright(course: Course) -> str | None:
    edition = course.edition
    parts = [edition.footer or edition.brand, edition.licence]
    text = " · ".join(_text(p) for p in parts if p)
    return text or None


def mkdocs_settings(course: Course, css: list[str], js: list[str]) -> dict[str, Any]:
    """The configuration as a mapping (shared with the root ``mkdocs.yml`` hook)."""
    edition = course.edition
    features = [
        "navigation.footer",
        # Only the navigation a page shows is written into it (see ``_grouped``).
        "navigation.prune",
        "navigation.sections",
        "navigation.top",
        "toc.follow",
        "search.highlight",
    ]
    if edition.site_url:
        # Instant loading needs a known address; without one the site stays file:// friendly.
        features.append("navigation.instant")
    theme: dict[str, Any] = {
        "name": "material",
        "language": edition.language,
        # No Google Fonts: the site must work offline.
        "font": False,
        "features": features,
        "palette": _palette(course),
    }
    if edition.logo:
        theme["logo"] = f"assets/brand/{edition.logo.name}"
    if edition.favicon:
        theme["favicon"] = f"assets/brand/{edition.favicon.name}"
    settings: dict[str, Any] = {
        "site_name": _text(course.info.title),
        "site_description": _text(course.info.subtitle),
    }
    if edition.site_url:
        # Checked by ``site_url_problem`` before it gets here: Material writes it raw into
        # <link rel="canonical"> and into a script on 404.html.
        settings["site_url"] = edition.site_url
    copyright_text = _copyright(course)
    if copyright_text:
        settings["copyright"] = copyright_text
    return settings | {
        "docs_dir": "pages",
        # Inside the project folder, as Zensical requires; coursegen itself passes
        # build/<edition>/site/ to MkDocs.
        "site_dir": "site",
        # Relative .html links: the site works from any sub-path and from file://.
        "use_directory_urls": False,
        "theme": theme,
        "plugins": ["search", "offline"],
        "markdown_extensions": ["attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}],
        "extra_css": css,
        "extra_javascript": js,
        # A local copy of the shim that Material's offline plugin would fetch from a CDN.
        "extra": {"generator": False, "polyfills": ["assets/vendor/iframe-worker-shim.js"]},
        "nav": _nav(course.nav),
    }


def render_mkdocs_config(course: Course, css: list[str], js: list[str]) -> bytes:
    """``mkdocs.yml`` text for one edition."""
    header = "# Generated by coursegen from content/ - edit the YAML there, not this file.\n"
    body = yaml.safe_dump(
        mkdocs_settings(course, css, js), sort_keys=False, allow_unicode=True, width=100
    )
    return (header + body).encode("utf-8")
