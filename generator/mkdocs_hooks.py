"""MkDocs hooks so that ``mkdocs build`` and ``mkdocs serve`` at the project root
work on the default edition (or on ``COURSEGEN_EDITION``).

MkDocs loads this file by path, not as part of the package, so imports are
absolute. The hook regenerates the edition's pages before every build (under
``coursegen serve``, which regenerates them itself, it does not), then takes the
generated configuration (site name, theme, navigation) in place of the root
``mkdocs.yml`` placeholders, and has the search index compacted as
``coursegen build`` does (``generator/search_plugin.py``). Serving watches
content/, editions/, worksheets/ and the templates.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from generator.build import prepare_docs
from generator.check import Overrides
from generator.core.errors import ContentError
from generator.edition import DEFAULT_EDITION
from generator.search_plugin import add_search_compaction
from generator.write import WriteError, build_lock, build_root

_TAKEN = (
    "site_name",
    "site_description",
    "docs_dir",
    "use_directory_urls",
    "theme",
    "nav",
    "markdown_extensions",
    "mdx_configs",
    "extra_css",
    "extra_javascript",
    "extra",
)
_WATCHED = ("content", "editions", "worksheets", "templates")


def _root(config: Any) -> Path:
    return Path(config.config_file_path).resolve().parent


def _edition() -> str:
    return os.environ.get("COURSEGEN_EDITION", DEFAULT_EDITION)


def _overrides() -> Overrides:
    """Settings passed on by `coursegen serve --language/--site-url/--paper`."""
    return Overrides(
        os.environ.get("COURSEGEN_LANGUAGE") or None,
        os.environ.get("COURSEGEN_SITE_URL") or None,
        os.environ.get("COURSEGEN_PAPER") or None,
    )


_LOCK = ExitStack()
"""The edition's build lock, held from ``on_config`` until the build ends: the
pages are regenerated in ``build/<edition>/docs`` and ``mkdocs build`` writes
``build/<edition>/site``, which a ``coursegen build`` running at the same time
would swap away."""


def on_config(config: Any) -> Any:
    root = _root(config)
    edition = _edition()
    if os.environ.get("COURSEGEN_PREVIEW"):
        # `coursegen serve` has regenerated the pages itself, under the lock
        # (only those that changed: see generator/preview_build.py).
        docs_dir = build_root(root) / edition / "docs"
    else:
        docs_dir = _prepare(root, edition)
    generated = load_config(str(docs_dir / "mkdocs.yml"))
    for key in _TAKEN:
        config[key] = generated[key]
    add_search_compaction(config)
    # `mkdocs serve` and `mkdocs build -d` choose their own site_dir: keep it.
    default_site = build_root(root) / DEFAULT_EDITION / "site"
    if Path(config["site_dir"]).resolve() == default_site.resolve():
        config["site_dir"] = str(build_root(root) / edition / "site")
    return config


def _prepare(root: Path, edition: str) -> Path:
    _LOCK.close()
    try:
        _LOCK.enter_context(build_lock(build_root(root), edition))
        return prepare_docs(root, edition, _overrides())
    except (WriteError, ContentError) as exc:
        _LOCK.close()
        if isinstance(exc, ContentError):
            raise PluginError("coursegen found problems in the course:\n" + exc.report()) from exc
        raise PluginError(str(exc)) from exc
    except BaseException:
        _LOCK.close()
        raise


def on_post_build(config: Any) -> None:
    _LOCK.close()


def on_build_error(error: Exception) -> None:
    _LOCK.close()


def on_shutdown() -> None:
    _LOCK.close()


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    root = _root(config)
    for name in _WATCHED:
        if (root / name).is_dir():
            server.watch(str(root / name))
    server.watch(str(Path(__file__).parent / "templates"))
    server.watch(str(Path(__file__).parent / "assets"))
    return server
