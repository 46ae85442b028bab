"""Rebuilds of the live preview that redo only what an edit changed.

``coursegen serve`` keeps one ``Preview`` between rebuilds. It holds the parsed
YAML of every content file (a file whose bytes did not change is not parsed
again) and the shape of the site it last built: the generated configuration
(navigation, titles, theme), the set of files and every page's front matter.
While an edit leaves that shape alone, MkDocs rebuilds in its dirty mode, which
renders only the pages whose source is newer than their output, and
``sync_files`` rewrites only the pages whose text changed. Anything else, or a
rebuild after a failed one, gets a full build.

A dirty build leaves two things behind that a full one fills in, and
``PreviewPlugin`` restores both: the front matter of the pages it skipped
(which the navigation of the pages it renders may show), and their entries in
the search index, kept from the build that last rendered them and put back in
the order a full build gives.

MkDocs also makes a new Jinja environment for its theme at every build, which
compiles the theme's templates again and walks its thousands of files to find
the few it copies; the plugin keeps both for the session (``ThemeMemo``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from .build import preview_docs
from .check import Overrides
from .core.load import LoadMemo, remembered_loads
from .render.site import OutputFiles
from .search_plugin import material_search_index
from .write import build_root, sync_files

log = logging.getLogger(__name__)

_CONFIG = "mkdocs.yml"
_DIRTY_NOTICE = "A 'dirty' build is being performed"


def quiet_dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns at every dirty build that the navigation may be wrong; the
    preview builds dirty only when the navigation is what it was."""
    return not record.getMessage().startswith(_DIRTY_NOTICE)


@dataclass(frozen=True)
class _Shape:
    """What a dirty build takes from the last build instead of rebuilding it."""

    config: bytes
    front_matter: tuple[tuple[str, bytes], ...]
    """Every page by name, with its front matter (or b"")."""


def _shape(files: OutputFiles) -> _Shape:
    pages = tuple((name, _front_matter(data)) for name, data in files.items() if name != _CONFIG)
    return _Shape(files.get(_CONFIG, b""), tuple(sorted(pages)))


def _front_matter(data: bytes) -> bytes:
    if not data.startswith(b"---\n"):
        return b""
    end = data.find(b"\n---\n", 3)
    return data[: end + 5] if end >= 0 else data


class Preview:
    """What ``coursegen serve`` keeps from one rebuild to the next."""

    def __init__(self, root: Path, edition: str, overrides: Overrides) -> None:
        self.root, self.edition, self.overrides = root, edition, overrides
        self.docs_dir = build_root(root) / edition / "docs"
        self._loads = LoadMemo()
        self._built: _Shape | None = None
        self._pending: _Shape | None = None
        self._search: dict[str, list[Any]] = {}
        self._theme = ThemeMemo()

    def prepare(self, full: bool = False) -> bool:
        """Regenerate ``build/<edition>/docs``, writing only what changed; True
        when the site may be rebuilt dirty. Call under the edition's build lock.

        ``full`` asks for a full build whatever changed (the root ``mkdocs.yml``
        did, say)."""
        with remembered_loads(self._loads):
            files = preview_docs(self.root, self.edition, self.overrides)
        changed = sync_files(self.docs_dir, files)
        self._pending = _shape(files)
        dirty = not full and self._pending == self._built
        log.debug("%d generated files changed; %s build", changed, "dirty" if dirty else "full")
        return dirty

    def plugin(self, dirty: bool) -> PreviewPlugin:
        """The MkDocs plugin to add to the configuration of the next build."""
        return PreviewPlugin(self._search, self._theme, dirty)

    def finished(self, built: bool) -> None:
        """Say whether the build after ``prepare`` succeeded: a dirty build
        needs a complete site to start from."""
        self._built = self._pending if built else None


# No configuration (type-arg); MkDocs leaves __init_subclass__ unannotated.
class PreviewPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Completes a dirty build so that the pages it renders and the search index
    equal those of a full build (see the module's docstring)."""

    def __init__(self, search: dict[str, list[Any]], theme: ThemeMemo, dirty: bool) -> None:
        super().__init__()
        self._kept = search
        self._theme = theme
        self._dirty = dirty
        self._index: Any = None
        self._seen = 0
        self._pages: list[str] = []

    @event_priority(100)  # before the search plugin asks the theme for its words
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._theme.attach(config.theme)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._theme.attach(config.theme)  # the hook's, which replaced the first
        self._index = material_search_index(config)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        self._pages = [file.src_uri for file in pages]
        if self._dirty:
            for file in pages:
                if isinstance(file.page, Page) and file.page.markdown is None:
                    file.page.read_source(config)  # skipped: its meta, for the navigation
        return env

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context: Any, /, *, page: Page, config: Any, nav: Any) -> Any:
        if self._index is not None:
            entries = self._index.entries
            self._kept[page.file.src_uri] = entries[self._seen :]
            self._seen = len(entries)
        return context

    @event_priority(100)  # before the search plugin writes the index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._dirty and self._index is not None:
            self._index.entries = [e for uri in self._pages for e in self._kept.get(uri, [])]


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory; Jinja checks each against its source."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()


class ThemeMemo:
    """What the MkDocs theme's environments of one session share."""

    def __init__(self) -> None:
        self._bytecode = _MemoryBytecode()
        self._listed: dict[tuple[str, ...], list[str]] = {}

    def attach(self, theme: Any) -> None:
        """Have every environment ``theme`` makes from now on use the memo."""
        make: Callable[[], jinja2.Environment] = theme.get_env
        if getattr(make, "memo", None) is self:
            return
        # The files MkDocs copies from the theme depend on its folders and on
        # the templates it renders itself (``Files.add_files_from_theme``).
        key = (*theme.dirs, "\0", *theme.static_templates)

        def get_env() -> jinja2.Environment:
            env = make()
            env.bytecode_cache = self._bytecode
            walk = env.list_templates

            def list_templates(
                extensions: Any = None, filter_func: Callable[[str], bool] | None = None
            ) -> list[str]:
                if extensions is not None or filter_func is None:
                    return walk(extensions, filter_func)
                if key not in self._listed:
                    self._listed[key] = walk(extensions, filter_func)
                return list(self._listed[key])

            env.list_templates = list_templates  # type: ignore[method-assign]
            return env

        get_env.memo = self  # type: ignore[attr-defined]
        theme.get_env = get_env
