"""Live preview: MkDocs' server on the root ``mkdocs.yml`` with our hooks."""

from __future__ import annotations

import os
from pathlib import Path

from .build import Overrides
from .errors import UsageError


def serve(root: Path, edition: str, dev_addr: str, overrides: Overrides) -> None:
    """Serve ``edition`` and rebuild when a YAML file or template changes."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise UsageError(f"{config} is missing; it ships with coursegen")
    # The MkDocs hook runs inside MkDocs: it learns the edition from the environment.
    os.environ["COURSEGEN_EDITION"] = edition
    os.environ["COURSEGEN_LANGUAGE"] = overrides.language or ""
    os.environ["COURSEGEN_SITE_URL"] = overrides.site_url or ""
    os.environ["COURSEGEN_PAPER"] = overrides.paper or ""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(config_file=str(config), dev_addr=dev_addr, livereload=True)
