"""Compiled templates kept between builds, in ``build/.cache/jinja/``.

Compiling the site's and the paper's Jinja templates is a fixed cost of every
process. Each environment (``render.site``, ``worksheet.render``) is given a
store of its own kind (``render.bytecode``): Jinja asks it for a template's code by
template name and file, and checks the SHA-1 of the template's source stored
with the code, so a changed template compiles again. This module fills the
stores from the cache when a build starts and writes them back once when it
ends, if a template was compiled.

One entry per kind, named by the SHA-256 of the kind, Jinja's version,
Python's version and the code that sets the environment's options (which
shape the compiled code), kept in ``tree_cache``'s format: every compiled
template is checked by size and SHA-256, and an entry that does not check out
is a miss (the templates compile, and a good entry is stored).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .render.bytecode import PAPER, SITE, MemoryBytecode
from .tree_cache import CACHE_ROOT, decode_tree, encode_tree, prune_folder
from .write import touch_file, write_atomic

log = logging.getLogger(__name__)

KIND = "jinja"

KEEP_UNUSED = 4
MAX_BYTES = 16 * 1024 * 1024


@dataclass
class TemplateCache:
    """The compiled templates below one project's ``build/`` folder, for one build."""

    build: Path
    stores: tuple[MemoryBytecode, ...] = (SITE, PAPER)
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.build / CACHE_ROOT / KIND

    def load(self) -> None:
        """Fill the stores with what the cache holds for them."""
        for store in self.stores:
            key = self.keys[store.kind] = store.key()
            path = self.folder / key
            try:
                found = decode_tree(key, path.read_bytes())
            except OSError:
                found = {}
            if found is None:
                log.debug("template cache: ignoring the unusable entry %s", key)
                found = {}
            elif found:
                with contextlib.suppress(OSError):
                    touch_file(path)
            store.code = {**found, **store.code}
            store.compiled = False

    def store(self) -> None:
        """Write back the stores in which a template was compiled."""
        for store in self.stores:
            key = self.keys.setdefault(store.kind, store.key())
            if not store.compiled:
                continue
            try:
                write_atomic(self.build, f"{CACHE_ROOT}/{KIND}/{key}", encode_tree(key, store.code))
            except OSError as exc:
                log.debug("template cache: could not store %s: %s", key, exc)
                continue
            store.compiled = False
        prune_folder(self.folder, set(self.keys.values()), KEEP_UNUSED, MAX_BYTES)
