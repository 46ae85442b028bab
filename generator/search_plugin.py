"""The MkDocs side of ``search_index``: a plugin that compacts the entries of
Material's search index just before Material writes it.

Every path that builds the website adds it: ``coursegen build`` and ``build
--all`` (``site_build``), ``coursegen serve`` and ``mkdocs build``/``serve`` at
the project root (the hook's ``on_config``). It runs after the preview's plugin
has put back the entries a dirty build skipped, so a dirty preview writes the
index a full build writes; it never changes the entries it was given.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from .search_index import compact_entries

NAME = "coursegen/search"


def material_search_index(config: MkDocsConfig) -> Any:
    """The index Material's search plugin fills, or None without the plugin."""
    # Material ships no type information.
    from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]

    found = (p for p in config.plugins.values() if isinstance(p, SearchPlugin))
    plugin = next(found, None)
    return None if plugin is None else getattr(plugin, "search_index", None)


# No configuration (type-arg); MkDocs leaves __init_subclass__ unannotated.
class SearchCompaction(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Replaces the entries of Material's search index by compacted copies."""

    # After the preview's plugin (100), before Material writes the index (0)
    # and its offline plugin copies it into search_index.js (-100).
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = material_search_index(config)
        if index is None:
            return
        settings = {key: index.config.get(key) for key in ("lang", "separator", "pipeline")}
        index.entries = compact_entries(index.entries, settings)


def add_search_compaction(config: MkDocsConfig) -> None:
    """Have the build of ``config`` write the compacted search index."""
    config.plugins[NAME] = SearchCompaction()
