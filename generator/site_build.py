"""Run MkDocs, in-process and strict, on a generated project; or take the
website it made of the same inputs from ``build/.cache/site/``."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .core.errors import CoursegenError
from .logcapture import collected_warnings
from .search_plugin import add_search_compaction
from .tree_cache import TreeCache
from .write import read_tree, write_files

log = logging.getLogger(__name__)

SITE_CONFIG = "mkdocs.yml"
"""The configuration file of a generated project, at the top of its folder."""


class SiteBuildError(CoursegenError):
    """MkDocs reported problems in the generated pages (a coursegen bug)."""


def build_site(config_file: Path, site_dir: Path) -> None:
    """Build the website described by ``config_file`` into ``site_dir``."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with collected_warnings("mkdocs", quiet=True) as messages:
        try:
            config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
            add_search_compaction(config)
            build(config)
        except MkDocsException as exc:
            details = "\n".join(f"  {m}" for m in messages)
            message = f"MkDocs could not build the site: {exc}\n{details}".rstrip()
            raise SiteBuildError(message) from exc


def build_site_cached(docs_dir: Path, key: str, site_dir: Path, cache: TreeCache | None) -> bool:
    """Build the website of the generated project in ``docs_dir`` into
    ``site_dir``, or, when ``cache`` holds the site under ``key`` (the
    project's ``cache_keys.site_key``), write that one instead. True when it
    came from the cache."""
    config = docs_dir / SITE_CONFIG
    if cache is None:
        build_site(config, site_dir)
        return False
    kept = cache.load(key)
    if kept is not None:
        write_files(site_dir, kept)
        return True
    build_site(config, site_dir)
    cache.store(key, read_tree(site_dir))
    return False
